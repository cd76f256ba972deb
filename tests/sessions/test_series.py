"""Repeating sessions: weekly or two-weekly until the program ends (at most 26), DST-proof wall times, one
occurrence moved or cancelled on its own (RECURRENCE-ID / EXDATE), reminders per occurrence, the feed."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events
import vobject
from sqlalchemy import func, select

from mentorship.extensions import db
from mentorship.models import CallSession, EmailOutbox, NoticeDelivery
from mentorship.services.sessions.feed import reset_feed
from mentorship.services.sessions.reminders import send_session_reminders
from mentorship.services.sessions.series import all_occurrences
from tests.sessions.test_sessions import FORM

# Tuesdays 18:00 in Paris from 18 March 2031: the clocks go forward on 30 March.
SERIES = {**FORM, "day": "2031-03-18", "at": "18:00", "repeat": "1", "occurrences": "4", "agenda": "Weekly"}


def _session() -> CallSession:
    session = db.session.scalar(select(CallSession))
    db.session.refresh(session)
    return session


def _latest_ics(user) -> str:
    mail = db.session.scalars(
        select(EmailOutbox).where(EmailOutbox.user_id == user.id).order_by(EmailOutbox.id.desc())
    ).first()
    vobject.readOne(mail.calendar_ics)
    return mail.calendar_ics


def _expanded(ics: str) -> list[datetime]:
    calendar = icalendar.Calendar.from_ical(ics)
    events = recurring_ical_events.of(calendar).between(
        datetime(2030, 1, 1, tzinfo=UTC), datetime(2033, 1, 1, tzinfo=UTC)
    )
    return sorted(e.decoded("DTSTART").astimezone(UTC) for e in events)


@pytest.fixture
def long_program(pair):
    pair.mentorship.started_at = datetime(2031, 3, 1, tzinfo=UTC)
    pair.mentorship.weeks = 12
    db.session.commit()
    return pair


def test_a_weekly_series_keeps_its_wall_time_across_dst(long_program, login_as):
    pair = long_program
    assert login_as(pair.mentor).post(f"/m/{pair.mentorship.id}/sessions", data=SERIES).status_code == 303
    session = _session()
    assert (session.repeat_weeks, session.repeat_count) == (1, 4)
    starts = [o.starts_at for o in all_occurrences(session)]
    paris = [s.astimezone(ZoneInfo("Europe/Paris")) for s in starts]
    assert [p.hour for p in paris] == [18, 18, 18, 18]
    assert [s.hour for s in starts] == [17, 17, 16, 16]  # UTC moves with the clocks
    ics = _latest_ics(pair.mentee)
    vevent = icalendar.Calendar.from_ical(ics).walk("VEVENT")[0]
    assert vevent["RRULE"]["FREQ"] == ["WEEKLY"] and vevent["RRULE"]["COUNT"] == [4]
    assert _expanded(ics) == starts  # every calendar program expands the same four times
    assert "VTIMEZONE" in ics


def test_until_the_program_ends_and_at_most_26(long_program, login_as):
    pair = long_program
    data = {**SERIES, "occurrences": "", "repeat": "2"}
    assert login_as(pair.mentor).post(f"/m/{pair.mentorship.id}/sessions", data=data).status_code == 303
    session = _session()
    # 1 March + 12 weeks = 24 May; every two weeks from 18 March: 18/3, 1/4, 15/4, 29/4, 13/5.
    assert (session.repeat_weeks, session.repeat_count) == (2, 5)


@pytest.mark.parametrize(("count", "message"), [("27", "2 to 26 sessions"), ("1", "2 to 26 sessions")])
def test_more_than_26_occurrences_is_refused_and_nothing_stored(long_program, login_as, count, message):
    pair = long_program
    response = login_as(pair.mentor).post(f"/m/{pair.mentorship.id}/sessions", data={**SERIES, "occurrences": count})
    assert response.status_code == 422 and message in response.get_data(as_text=True)
    assert "Weekly" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(CallSession)) == 0


def test_one_occurrence_cancelled_and_another_moved_on_its_own(long_program, login_as):
    pair = long_program
    mentor = login_as(pair.mentor)
    mentor.post(f"/m/{pair.mentorship.id}/sessions", data=SERIES)
    session = _session()
    first_ics = _latest_ics(pair.mentee)
    second, third = all_occurrences(session)[1:3]
    base = f"/m/{pair.mentorship.id}/sessions/{session.id}/occurrences"
    assert mentor.post(f"{base}/{second.stamp}/cancel").status_code == 303
    assert mentor.get(f"{base}/{third.stamp}/move").status_code == 200
    moved = mentor.post(f"{base}/{third.stamp}/move", data={**FORM, "day": "2031-04-03", "at": "09:00"})
    assert moved.status_code == 303
    session = _session()
    ics = _latest_ics(pair.mentee)
    events = icalendar.Calendar.from_ical(ics).walk("VEVENT")
    assert {str(e["UID"]) for e in events} == {session.uid}
    assert all(
        int(e["SEQUENCE"]) > int(icalendar.Calendar.from_ical(first_ics).walk("VEVENT")[0]["SEQUENCE"]) for e in events
    )
    master = next(e for e in events if "RECURRENCE-ID" not in e)
    assert master.get("EXDATE") is not None
    override = next(e for e in events if "RECURRENCE-ID" in e)
    assert override.decoded("RECURRENCE-ID").astimezone(UTC) == third.original_start
    expanded = _expanded(ics)
    assert second.starts_at not in expanded and third.starts_at not in expanded
    assert datetime(2031, 4, 3, 7, 0, tzinfo=UTC) in expanded and len(expanded) == 3
    page = login_as(pair.mentee).get(f"/m/{pair.mentorship.id}/sessions").get_data(as_text=True)
    assert "Every week: 4 sessions" in page and "(moved)" in page
    assert mentor.post(f"{base}/{second.stamp}/cancel").status_code == 303  # gone: refused, flashed
    assert mentor.get(f"{base}/{second.stamp}/move").status_code == 404


def test_each_occurrence_is_reminded_once(long_program, login_as):
    pair = long_program
    login_as(pair.mentor).post(f"/m/{pair.mentorship.id}/sessions", data=SERIES)
    session = _session()
    session.status = "accepted"
    db.session.commit()
    first, second = all_occurrences(session)[:2]
    assert send_session_reminders(first.starts_at - timedelta(hours=2)) == 2
    assert send_session_reminders(first.starts_at - timedelta(hours=2)) == 0
    assert send_session_reminders(second.starts_at - timedelta(hours=2)) == 2
    keys = db.session.scalars(select(NoticeDelivery.key)).all()
    assert len(set(keys)) == 4


def test_the_feed_carries_the_series_as_one_rrule(long_program, login_as, client):
    pair = long_program
    login_as(pair.mentor).post(f"/m/{pair.mentorship.id}/sessions", data=SERIES)
    feed = reset_feed(pair.mentee)
    body = client.get(f"/calendar/{feed.token}.ics")
    vobject.readOne(body.get_data(as_text=True))
    assert len(_expanded(body.get_data(as_text=True))) == 4
    assert b"Weekly" not in body.data and b"VALARM" not in body.data


def test_the_held_count_agrees_with_the_expansion(long_program, login_as):
    from mentorship.services.sessions.held import started_count
    from mentorship.services.sessions.series import occurrences

    pair = long_program
    mentor = login_as(pair.mentor)
    mentor.post(f"/m/{pair.mentorship.id}/sessions", data=SERIES)
    session = _session()
    second, third = all_occurrences(session)[1:3]
    base = f"/m/{pair.mentorship.id}/sessions/{session.id}/occurrences"
    mentor.post(f"{base}/{second.stamp}/cancel")
    mentor.post(f"{base}/{third.stamp}/move", data={**FORM, "day": "2031-04-03", "at": "09:00"})
    session = _session()
    for days in range(-1, 40, 3):
        now = session.starts_at + timedelta(days=days, minutes=1)
        expanded = len(occurrences(session, session.starts_at - timedelta(days=1), now))
        assert started_count(session, now) == expanded, days
