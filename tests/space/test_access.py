"""Nobody but the mentorship's own members sees any of the space: admins and moderators get 404 too."""

import pytest

from mentorship.extensions import db
from mentorship.models import Mentorship
from mentorship.models.space import CheckIn, Message, UneasyNote
from tests.space.conftest import client_for, make_cast, make_circle, refresh, say

SECRET = "our-private-plan-42"

# name, method, path (m = mentorship id, msg = a message by the mentor), form data, status for the mentor
ROUTES = [
    ("thread", "GET", "/m/{m}", None, 200),
    ("thread-older", "GET", "/m/{m}?before={msg}", None, 200),
    ("poll", "GET", "/m/{m}/t/main/poll?after=0", None, 200),
    ("post", "POST", "/m/{m}/t/main/messages", {"body": "hello"}, 303),
    ("message", "GET", "/m/{m}/messages/{msg}", None, 302),
    ("edit-form", "GET", "/m/{m}/messages/{msg}/edit", None, 200),
    ("edit", "POST", "/m/{m}/messages/{msg}/edit", {"body": "changed"}, 303),
    ("delete", "POST", "/m/{m}/messages/{msg}/delete", {}, 303),
    ("program", "GET", "/m/{m}/program", None, 200),
    ("step-done", "POST", "/m/{m}/program/1/done", {"note": "did it"}, 303),
    ("step-undo", "POST", "/m/{m}/program/1/undo", {}, 303),
    ("checkin-page", "GET", "/m/{m}/checkin", None, 200),
    ("checkin", "POST", "/m/{m}/checkin", {"rating": "4", "note": "fine", "next_goal": "more"}, 303),
    ("manage", "GET", "/m/{m}/manage", None, 200),
    ("pause", "POST", "/m/{m}/pause", {}, 303),
    ("resume", "POST", "/m/{m}/resume", {}, 303),
    ("swap", "POST", "/m/{m}/swap", {}, 303),
    ("extend", "POST", "/m/{m}/extend", {"weeks": "2"}, 303),
    ("complete-form", "GET", "/m/{m}/complete", None, 200),
    ("complete", "POST", "/m/{m}/complete", {"helpful": "4", "would_recommend": "yes"}, 303),
    ("end-form", "GET", "/m/{m}/end", None, 200),
    ("end", "POST", "/m/{m}/end", {"reason": "we drifted apart"}, 303),
    ("feedback-form", "GET", "/m/{m}/feedback", None, 200),
    ("uneasy-form", "GET", "/m/{m}/uneasy", None, 200),
    ("uneasy", "POST", "/m/{m}/uneasy", {"text": "Something about this worries me."}, 303),
]
# The mentee is in the pair but did not write the mentor's message.
MENTEE_DIFFERS = {"edit-form": 403, "edit": 403, "delete": 403}
OUTSIDERS = ["member", "outsider", "other_mentor", "other_mentee", "moderator", "admin"]


def _request(client, method, path, data):
    return client.get(path) if method == "GET" else client.post(path, data=data)


@pytest.fixture
def scene(app):
    cast = make_cast()
    message = say(cast.mentorship, cast.mentor, f"Hello, {SECRET}")
    return cast, message


@pytest.mark.parametrize("person", OUTSIDERS + ["visitor", "mentor", "mentee"])
@pytest.mark.parametrize(("name", "method", "path", "data", "ok"), ROUTES, ids=[r[0] for r in ROUTES])
def test_every_route_is_private_to_the_pair(app, scene, person, name, method, path, data, ok):
    cast, message = scene
    url = path.format(m=cast.mentorship.id, msg=message.id)
    client = client_for(app, cast.person(person))
    response = _request(client, method, url, data)
    body = response.get_data(as_text=True)
    if person == "visitor":
        assert response.status_code == 302 and "/login" in response.headers["Location"]
    elif person in OUTSIDERS:
        assert response.status_code == 404, body[:500]
        assert SECRET not in body and "Lin Mentor" not in body
    else:
        expected = MENTEE_DIFFERS.get(name, ok) if person == "mentee" else ok
        assert response.status_code == expected, body[:800]
    assert response.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize("person", OUTSIDERS)
def test_outsiders_get_404_on_an_unknown_mentorship_too(app, scene, person):
    cast, _message = scene
    response = client_for(app, cast.person(person)).get("/m/999999")
    assert response.status_code == 404


def test_outsiders_change_nothing(app, scene):
    cast, message = scene
    for person in OUTSIDERS:
        client = client_for(app, cast.person(person))
        for _name, method, path, data, _ok in ROUTES:
            if method == "POST":
                _request(client, method, path.format(m=cast.mentorship.id, msg=message.id), data)
    refresh()
    mentorship = db.session.get(Mentorship, cast.mentorship.id)
    assert mentorship.status == "active" and mentorship.weeks == 6
    assert [m.body for m in db.session.query(Message).all()] == [f"Hello, {SECRET}"]
    assert db.session.query(CheckIn).count() == 0 and db.session.query(UneasyNote).count() == 0
    assert {m.role for m in mentorship.members if m.user_id == cast.mentor.id} == {"mentor"}


def test_visitor_htmx_requests_get_a_login_redirect_header(app, scene):
    cast, _message = scene
    client = client_for(app, None, htmx=True)
    for url in (f"/m/{cast.mentorship.id}", f"/m/{cast.mentorship.id}/t/main/poll?after=0"):
        response = client.get(url)
        assert response.status_code == 401 and "/login" in response.headers["HX-Redirect"]


def test_index_lists_only_my_mentorships(app, scene):
    cast, _message = scene
    mine = client_for(app, cast.mentee).get("/m/").get_data(as_text=True)
    assert f'href="/m/{cast.mentorship.id}#now"' in mine and f'href="/m/{cast.other_mentorship.id}' not in mine
    admin = client_for(app, cast.admin).get("/m/").get_data(as_text=True)
    assert f'href="/m/{cast.mentorship.id}' not in admin and "You have no mentorship right now" in admin


def test_pages_are_kept_out_of_the_htmx_history_cache(app, scene):
    cast, _message = scene
    client = client_for(app, cast.mentor)
    for url in (
        "/m/",
        f"/m/{cast.mentorship.id}",
        f"/m/{cast.mentorship.id}/program",
        f"/m/{cast.mentorship.id}/checkin",
    ):
        body = client.get(url).get_data(as_text=True)
        assert 'hx-history="false"' in body.split("<body", 1)[1].split(">", 1)[0], url


def test_a_circles_side_thread_is_hidden_from_the_other_mentees(app):
    cast = make_cast()
    circle, mentor, mentees = make_circle(cast.community, size=3)
    first, second = mentees[0], mentees[1]
    side = f"side-{first.id}"
    say(circle, first, "only for my mentor", side)
    assert client_for(app, first).get(f"/m/{circle.id}/t/{side}").status_code == 200
    assert client_for(app, mentor).get(f"/m/{circle.id}/t/{side}").status_code == 200
    other = client_for(app, second)
    assert other.get(f"/m/{circle.id}").status_code == 200
    for url in (
        f"/m/{circle.id}/t/{side}",
        f"/m/{circle.id}/t/{side}/poll?after=0",
        f"/m/{circle.id}/messages/1",
        f"/m/{circle.id}/messages/1/edit",
    ):
        assert other.get(url).status_code == 404, url
    assert other.post(f"/m/{circle.id}/t/{side}/messages", data={"body": "sneaky"}).status_code == 404
    # The other mentee's own side thread works, and an unknown key is a 404 for everyone.
    assert other.get(f"/m/{circle.id}/t/side-{second.id}").status_code == 200
    assert client_for(app, mentor).get(f"/m/{circle.id}/t/side-999").status_code == 404
    assert client_for(app, mentor).get(f"/m/{circle.id}/t/nonsense").status_code == 404


def test_a_pair_has_no_side_threads(app, scene):
    cast, _message = scene
    client = client_for(app, cast.mentor)
    assert client.get(f"/m/{cast.mentorship.id}/t/side-{cast.mentee.id}").status_code == 404
    assert client.get(f"/m/{cast.mentorship.id}/t/side-{cast.mentee.id}/poll?after=0").status_code == 404
