"""Seats under a real threaded server: four members answer "Going" at the same moment for the last two seats,
and two members holding seats say "Can't go" at once while two wait. Never a 500, never more seats than the
capacity, never one person seated twice. On SQLite writers are serialised; on PostgreSQL they really overlap."""

import threading

import requests
from sqlalchemy import select

from mentorship.extensions import db
from mentorship.models import CommunityEvent, EventRsvp
from tests.events.conftest import create_event
from tests.factories import add_member, make_user
from tests.security.test_races import cookie_of, server  # noqa: F401  (the threaded server fixture)


def _all_at_once(calls: list[tuple[str, dict, dict]]) -> list[int]:
    db.session.commit()
    barrier, statuses = threading.Barrier(len(calls)), []

    def post(url, cookies, data):
        barrier.wait()
        response = requests.post(url, data=data, cookies=cookies, allow_redirects=False, timeout=30)
        statuses.append(response.status_code)

    threads = [threading.Thread(target=post, args=call) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    db.session.rollback()
    return statuses


def _answers(event_id: int) -> dict[int, str]:
    return {
        u: a
        for u, a in db.session.execute(
            select(EventRsvp.user_id, EventRsvp.answer).where(EventRsvp.event_id == event_id)
        )
    }


def test_two_seats_four_answers_at_once_and_two_cancellations_at_once(app, club, login_as, server):  # noqa: F811
    create_event(login_as(club.admin), club, capacity="2")
    event = db.session.scalar(select(CommunityEvent))
    people = [make_user(f"Racer {i}") for i in range(4)]
    for person in people:
        add_member(club.community, person)
    url = f"{server}/c/{club.community.slug}/events/{event.id}/answer"
    cookies = [cookie_of(app, person) for person in people]
    statuses = _all_at_once([(url, c, {"answer": "going"}) for c in cookies])
    assert sorted(statuses) == [303] * 4
    answers = _answers(event.id)
    assert sorted(answers.values()) == ["going", "going", "waitlist", "waitlist"]
    going = [p for p, person in enumerate(people) if answers[person.id] == "going"]
    statuses = _all_at_once([(url, cookies[p], {"answer": "cant"}) for p in going])
    assert sorted(statuses) == [303, 303]
    answers = _answers(event.id)
    assert sorted(answers.values()) == ["cant", "cant", "going", "going"]
    db.session.expire_all()
    assert db.session.get(CommunityEvent, event.id).going_count == 2
