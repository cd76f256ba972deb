"""Unique-violation races against a real threaded server: four identical requests at the same moment.

Two requests that both find no row both insert; the database's unique key refuses the second. Each such
race must end in the normal answer (the row the first request stored, or the next free address), never a
500. On SQLite the writes are serialised (IMMEDIATE); on PostgreSQL the requests really overlap.
"""

import threading

import pytest
import requests
from sqlalchemy import func, select
from werkzeug.serving import make_server

from mentorship.extensions import db
from mentorship.models import CheckIn, Community, Membership, StepProgress
from tests.conftest import login_client
from tests.factories import make_community, make_mentorship, make_space_program, make_user

AT_ONCE = 4


@pytest.fixture
def server(app):
    """The test app on 127.0.0.1:<free port>, threaded (CSRF stays off as in every non-browser test)."""
    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, name="race-server", daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    thread.join(timeout=5)
    httpd.server_close()


def cookie_of(app, user) -> dict:
    client = login_client(app, user)
    name = app.config["SESSION_COOKIE_NAME"]
    return {name: client.get_cookie(name).value}


def at_once(url: str, cookies: dict, data: dict) -> list[int]:
    """POST the same form AT_ONCE times, all released together; the statuses."""
    db.session.commit()  # the test's own transaction must not hold SQLite's lock against the server
    barrier, statuses = threading.Barrier(AT_ONCE), []

    def post():
        barrier.wait()
        response = requests.post(url, data=data, cookies=cookies, allow_redirects=False, timeout=30)
        statuses.append(response.status_code)

    threads = [threading.Thread(target=post) for _ in range(AT_ONCE)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    db.session.rollback()  # see what the server committed
    return statuses


def count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_four_joins_at_once_make_one_membership(app, server):
    person, community = make_user(), make_community(admin=make_user())
    statuses = at_once(f"{server}/c/{community.slug}/join", cookie_of(app, person), {"accept": "y"})
    assert 303 in statuses and set(statuses) <= {302, 303}  # 302: a later one finds "you are a member" already
    assert count(Membership, Membership.community_id == community.id, Membership.user_id == person.id) == 1


def test_four_creates_with_one_name_never_answer_500(app, server):
    creator = make_user()
    statuses = at_once(f"{server}/c/new", cookie_of(app, creator), {"name": "Race Place"})
    assert statuses == [303] * AT_ONCE
    slugs = db.session.scalars(select(Community.slug).where(Community.created_by_id == creator.id)).all()
    assert len(set(slugs)) == len(slugs) >= 1 and all(slug.startswith("race-place") for slug in slugs)


@pytest.fixture
def pair(app):
    mentor, mentee = make_user("Mentor"), make_user("Mentee")
    community = make_community(admin=make_user(), members=[mentor, mentee])
    mentorship = make_mentorship(community, mentor, mentee, program=make_space_program(community))
    return mentorship, mentor


def test_four_first_checkins_of_a_week_store_one(app, server, pair):
    mentorship, mentor = pair
    data = {"rating": "4", "note": "Fine", "next_goal": "More"}
    statuses = at_once(f"{server}/m/{mentorship.id}/checkin", cookie_of(app, mentor), data)
    assert statuses == [303] * AT_ONCE
    assert count(CheckIn, CheckIn.mentorship_id == mentorship.id) == 1


def test_four_week_done_at_once_store_one(app, server, pair):
    mentorship, mentor = pair
    statuses = at_once(f"{server}/m/{mentorship.id}/program/1/done", cookie_of(app, mentor), {"note": "Done"})
    assert statuses == [303] * AT_ONCE
    assert count(StepProgress, StepProgress.mentorship_id == mentorship.id) == 1
