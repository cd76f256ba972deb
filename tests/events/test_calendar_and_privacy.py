"""Events in calendars (DST round trips, the private feed), reminders once, circle events for the circle alone."""

from datetime import UTC, date, datetime, time, timedelta

import icalendar
import pytest
import vobject
from sqlalchemy import func, select

from mentorship.extensions import db
from mentorship.models import CommunityEvent, NoticeDelivery, Notification, utcnow
from mentorship.services.events.calendar import event_ics
from mentorship.services.events.reminders import send_event_reminders
from mentorship.services.sessions.feed import reset_feed
from mentorship.services.sessions.times import local_to_utc
from tests.events.conftest import FORM, create_event
from tests.factories import make_mentorship, make_user


def _event() -> CommunityEvent:
    return db.session.scalar(select(CommunityEvent).order_by(CommunityEvent.id.desc()))


@pytest.mark.parametrize("zone", ["Pacific/Honolulu", "UTC", "Pacific/Tongatapu", "Pacific/Auckland"])
@pytest.mark.parametrize("day", [date(2031, 4, 6), date(2031, 9, 28), date(2031, 3, 30), date(2031, 10, 26)])
def test_times_survive_a_round_trip_across_dst_in_utc_minus_10_utc_and_utc_plus_13(club, login_as, zone, day):
    """Typed in a zone, stored in UTC, written to the .ics and read back by two parsers: the same instant."""
    response = create_event(login_as(club.admin), club, day=day.isoformat(), at="09:30", zone=zone)
    assert response.status_code == 303
    event = _event()
    assert event.starts_at == local_to_utc(day, time(9, 30), zone)
    ics = event_ics(event, utcnow())
    parsed = icalendar.Calendar.from_ical(ics).walk("VEVENT")[0].decoded("DTSTART")
    second = vobject.readOne(ics).vevent.dtstart.value
    assert parsed == second == event.starts_at
    from zoneinfo import ZoneInfo

    local = parsed.astimezone(ZoneInfo(zone))
    assert (local.date(), local.time()) == (day, time(9, 30))


def test_the_feed_lists_the_events_a_member_goes_to_without_the_description(club, login_as, client):
    create_event(login_as(club.admin), club, description="Secret plans for the quarter")
    event = _event()
    ann = login_as(club.ann)
    ann.post(f"/c/{club.community.slug}/events/{event.id}/answer", data={"answer": "maybe"})
    feed = reset_feed(club.ann)
    body = client.get(f"/calendar/{feed.token}.ics")
    assert body.status_code == 200
    vobject.readOne(body.get_data(as_text=True))
    [vevent] = icalendar.Calendar.from_ical(body.data).walk("VEVENT")
    assert str(vevent["SUMMARY"]) == "Monthly strategy session" and str(vevent["STATUS"]) == "TENTATIVE"
    assert b"Secret plans" not in body.data and b"MAILTO" not in body.data.upper()
    ann.post(f"/c/{club.community.slug}/events/{event.id}/answer", data={"answer": "cant"})
    assert icalendar.Calendar.from_ical(client.get(f"/calendar/{feed.token}.ics").data).walk("VEVENT") == []


def test_reminders_go_to_everyone_going_once(club, login_as):
    create_event(login_as(club.admin), club)
    event = _event()
    login_as(club.ann).post(f"/c/{club.community.slug}/events/{event.id}/answer", data={"answer": "going"})
    login_as(club.bo).post(f"/c/{club.community.slug}/events/{event.id}/answer", data={"answer": "maybe"})
    before = event.starts_at - timedelta(hours=20)
    assert send_event_reminders(before) == 1
    assert send_event_reminders(before) == 0  # a second sweep writes nothing
    assert send_event_reminders(event.starts_at - timedelta(minutes=10)) == 1
    texts = db.session.scalars(select(Notification.text).where(Notification.kind == "event_reminder")).all()
    assert texts == ["Monthly strategy session starts in 24 hours.", "Monthly strategy session starts in 15 minutes."]
    assert db.session.scalar(select(func.count()).select_from(NoticeDelivery)) == 2


def test_a_circle_mentor_opens_an_event_to_the_circle_alone(club, login_as):
    mentee = make_user("Mae Mentee")
    from tests.factories import add_member

    add_member(club.community, mentee)
    circle = make_mentorship(club.community, club.ann, [club.bo, mentee], kind="circle")
    path = f"/c/{club.community.slug}/events/new?circle={circle.id}"
    assert login_as(club.bo).post(path, data=FORM).status_code == 403  # a mentee can't
    assert login_as(club.cy).get(path).status_code == 404  # not in the circle
    assert login_as(club.ann).post(path, data=FORM).status_code == 303
    event = _event()
    assert event.mentorship_id == circle.id
    notices = db.session.scalars(select(Notification.user_id).where(Notification.kind == "event")).all()
    assert sorted(notices) == sorted([club.bo.id, mentee.id])
    show = f"/c/{club.community.slug}/events/{event.id}"
    assert login_as(club.bo).get(show).status_code == 200
    for person in (club.cy, club.admin, club.moderator):
        assert login_as(person).get(show).status_code == 404
        listing = login_as(person).get(f"/c/{club.community.slug}/events").get_data(as_text=True)
        assert "Monthly strategy session" not in listing
    assert "Monthly strategy session" in login_as(club.bo).get(f"/c/{club.community.slug}/events").get_data(
        as_text=True
    )


def test_lists_are_paginated_upcoming_and_past(club, login_as):
    now = utcnow()
    for i in range(25):
        db.session.add(
            CommunityEvent(
                community_id=club.community.id,
                title=f"Past talk {i:02d}" if i < 3 else f"Talk {i:02d}",
                starts_at=now - timedelta(days=10 - i) if i < 3 else now + timedelta(days=i),
                minutes=60,
                place="https://example.org/x",
                uid=f"event-test-{i}@mentorship",
            )
        )
    db.session.commit()
    ann = login_as(club.ann)
    first = ann.get(f"/c/{club.community.slug}/events").get_data(as_text=True)
    assert "Talk 03" in first and "Past talk" not in first and "Page 1 of 2" in first
    second = ann.get(f"/c/{club.community.slug}/events?page=2").get_data(as_text=True)
    assert "Talk 24" in second
    past = ann.get(f"/c/{club.community.slug}/events?when=past").get_data(as_text=True)
    assert past.index("Past talk 02") < past.index("Past talk 00")


def test_the_list_loads_in_a_constant_number_of_queries(club, login_as, queries):
    ann = login_as(club.ann)
    counts = []
    for n in (1, 6):
        for i in range(n):
            db.session.add(
                CommunityEvent(
                    community_id=club.community.id,
                    title="Talk",
                    starts_at=datetime(2031, 1, 1, 12, tzinfo=UTC) + timedelta(days=i),
                    minutes=60,
                    place="https://example.org/x",
                    uid=f"event-q-{n}-{i}@mentorship",
                )
            )
        db.session.commit()
        with queries() as q:
            assert ann.get(f"/c/{club.community.slug}/events").status_code == 200
        counts.append(q.count)
    assert counts[0] == counts[1]


def test_the_members_own_export_holds_their_events_and_sessions(club, login_as):
    import json

    from mentorship.models import CallSession

    create_event(login_as(club.admin), club)
    event = _event()
    login_as(club.ann).post(f"/c/{club.community.slug}/events/{event.id}/answer", data={"answer": "going"})
    pair = make_mentorship(club.community, club.ann, club.bo)
    db.session.add(
        CallSession(
            mentorship_id=pair.id,
            proposer_id=club.ann.id,
            starts_at=utcnow() + timedelta(days=2),
            agenda="Our private agenda",
            note="Our shared note",
            uid="session-export@mentorship",
        )
    )
    db.session.commit()
    data = json.loads(login_as(club.ann).get("/settings/account/export").get_data(as_text=True))
    assert data["events"]["answers"][0]["event"] == "Monthly strategy session"
    assert data["events"]["answers"][0]["answer"] == "going"
    [session] = data["mentoring_sessions"]
    assert session["agenda"] == "Our private agenda" and session["note"] == "Our shared note"
    admin_data = json.loads(login_as(club.admin).get("/settings/account/export").get_data(as_text=True))
    assert admin_data["mentoring_sessions"] == [] and "Our private agenda" not in json.dumps(admin_data)
    assert admin_data["events"]["organised"][0]["description"] == "We plan the quarter together."


def test_leaving_the_site_gives_a_held_seat_to_the_waitlist(club, login_as):
    from mentorship.models import EventRsvp
    from mentorship.services.accounts.data import delete_account
    from tests.factories import PASSWORD

    create_event(login_as(club.admin), club, capacity="1")
    event = _event()
    login_as(club.ann).post(f"/c/{club.community.slug}/events/{event.id}/answer", data={"answer": "going"})
    login_as(club.bo).post(f"/c/{club.community.slug}/events/{event.id}/answer", data={"answer": "going"})
    delete_account(club.ann, PASSWORD, erase_written=False)
    answers = {u: a for u, a in db.session.execute(select(EventRsvp.user_id, EventRsvp.answer))}
    assert answers == {club.bo.id: "going"}
    db.session.refresh(event)
    assert event.going_count == 1


def test_the_reminder_job_wraps_the_service_and_runs_every_five_minutes(club, login_as):
    from pathlib import Path

    from jobs.events import sweep_event_reminders

    create_event(login_as(club.admin), club)
    assert sweep_event_reminders() == 0  # nothing due years ahead
    cron = Path(__file__).resolve().parents[2] / "jobs" / "cron_config.py"
    assert 'cron.register(sweep_event_reminders, queue_name="default", cron="*/5 * * * *"' in cron.read_text()
