"""When a weekly check-in reminder is due: each member's own 09:00, across timezones and DST changes."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from mentorship.extensions import db
from mentorship.services.space.reminders import checkin_week, deliver_checkin, find_due_checkins, latest_checkin_moment
from tests.factories import make_checkin_program, make_community, make_mentorship, make_user

MONDAY = 0
# UTC-10 (UTC-9 from 8 March 2026), UTC, UTC+13 (UTC+12 from 5 April 2026).
ZONES = {"adak": "America/Adak", "utc": "UTC", "auckland": "Pacific/Auckland"}


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def due_now(now):
    return [due for batch in find_due_checkins(now) for due in batch]


def started_pair(started_at, mentor_tz="UTC", mentee_tz="UTC", weekday=MONDAY, weeks=8, program=True, **kw):
    mentor, mentee = make_user(timezone=mentor_tz), make_user(timezone=mentee_tz)
    community = make_community(admin=make_user(), members=[mentor, mentee])
    program_row = make_checkin_program(community, weekday=weekday, weeks=weeks) if program else None
    mentorship = make_mentorship(community, mentor, mentee, program=program_row, **kw)
    mentorship.started_at = started_at
    mentorship.weeks = weeks
    db.session.commit()
    return mentorship, mentor, mentee


@pytest.mark.parametrize(
    "tz_name, now, expected_local",
    [
        ("UTC", "2026-03-09T09:00:00", "2026-03-09T09:00"),
        ("UTC", "2026-03-09T08:59:59", "2026-03-02T09:00"),
        ("America/Adak", "2026-03-02T19:00:00", "2026-03-02T09:00"),  # HST, UTC-10
        ("America/Adak", "2026-03-09T17:59:00", "2026-03-02T09:00"),
        ("America/Adak", "2026-03-09T18:00:00", "2026-03-09T09:00"),  # HDT, UTC-9 after 8 March
        ("Pacific/Auckland", "2026-03-29T20:00:00", "2026-03-30T09:00"),  # NZDT, UTC+13
        ("Pacific/Auckland", "2026-04-05T20:59:00", "2026-03-30T09:00"),
        ("Pacific/Auckland", "2026-04-05T21:00:00", "2026-04-06T09:00"),  # NZST, UTC+12 after 5 April
        ("Not/A_Zone", "2026-03-09T09:00:00", "2026-03-09T09:00"),  # unknown zones count as UTC
    ],
)
def test_latest_checkin_moment_is_nine_local_on_the_weekday(tz_name, now, expected_local):
    moment = latest_checkin_moment(tz_name, MONDAY, at(now))
    assert moment.strftime("%Y-%m-%dT%H:%M") == expected_local
    assert moment.weekday() == MONDAY and moment.hour == 9


def test_week_index_counts_local_dates_from_the_start():
    started = at("2026-03-04T12:00:00")  # a Wednesday
    assert checkin_week(started, datetime(2026, 3, 2).date(), "UTC", 8) is None  # before the start
    assert checkin_week(started, datetime(2026, 3, 9).date(), "UTC", 8) == 1
    assert checkin_week(started, datetime(2026, 3, 16).date(), "UTC", 8) == 2
    assert checkin_week(started, datetime(2026, 4, 27).date(), "UTC", 8) == 8
    assert checkin_week(started, datetime(2026, 5, 4).date(), "UTC", 8) is None  # after the last week
    # 12:00 UTC on 4 March is already 5 March in Auckland: week 1 still holds Monday 9 March.
    assert checkin_week(started, datetime(2026, 3, 9).date(), "Pacific/Auckland", 8) == 1


def test_members_in_three_timezones_get_each_week_at_their_own_nine_across_dst(app):
    """Five weeks of sweeps: each member is reminded once a week, at 09:00 local on Monday.

    Sweeps run hourly from Sunday to Tuesday (UTC), when Monday 09:00 happens somewhere
    between UTC+13 and UTC-10, and every four hours on other days (nothing may be due then).
    """
    mentor, adak, auckland = (make_user(timezone=ZONES[k]) for k in ("utc", "adak", "auckland"))
    community = make_community(admin=make_user(), members=[mentor, adak, auckland])
    program = make_checkin_program(community, weekday=MONDAY, weeks=8)
    circle = make_mentorship(community, mentor, [adak, auckland], program=program)
    circle.started_at = at("2026-03-04T12:00:00")
    db.session.commit()

    sent = {}  # (user, week) -> the sweep time it was delivered at
    now = at("2026-03-04T12:00:00")
    while now < at("2026-04-10T00:00:00"):
        for due in due_now(now):
            assert (due.user_id, due.week) not in sent
            assert deliver_checkin(due.mentorship_id, due.user_id, due.week, due.due_at, now=now) == "delivered"
            sent[(due.user_id, due.week)] = now
        now += timedelta(hours=1 if now.weekday() in (6, 0) else 4)

    for user in (mentor, adak, auckland):
        weeks = sorted(week for (user_id, week) in sent if user_id == user.id)
        assert weeks == [1, 2, 3, 4, 5]
        for week in weeks:
            local = sent[(user.id, week)].astimezone(ZoneInfo(user.timezone))
            assert (local.weekday(), local.hour, local.minute) == (MONDAY, 9, 0), (user.timezone, week, local)
    # The DST changes: Adak moved from UTC-10 to UTC-9, Auckland from UTC+13 to UTC+12.
    assert sent[(adak.id, 1)] == at("2026-03-09T18:00:00")
    assert sent[(auckland.id, 4)] == at("2026-03-29T20:00:00")
    assert sent[(auckland.id, 5)] == at("2026-04-05T21:00:00")
    assert sent[(mentor.id, 5)] == at("2026-04-06T09:00:00")


def test_started_after_nine_on_the_checkin_day_is_due_at_once_for_week_one(app):
    mentorship, mentor, mentee = started_pair(at("2026-03-09T14:00:00"))  # a Monday afternoon
    due = due_now(at("2026-03-09T14:15:00"))
    assert {(d.user_id, d.week) for d in due} == {(mentor.id, 1), (mentee.id, 1)}
    assert all(d.due_at == at("2026-03-09T09:00:00") for d in due)


def test_nothing_is_due_before_the_first_checkin_day(app):
    started_pair(at("2026-03-10T10:00:00"))  # a Tuesday
    assert due_now(at("2026-03-15T23:00:00")) == []
    assert len(due_now(at("2026-03-16T09:00:00"))) == 2


def test_a_mentorship_without_a_program_uses_monday(app):
    started_pair(at("2026-03-04T12:00:00"), program=False)
    assert due_now(at("2026-03-08T09:00:00")) == []  # Sunday
    assert {d.week for d in due_now(at("2026-03-09T09:00:00"))} == {1}


def test_the_programs_checkin_weekday_is_used(app):
    started_pair(at("2026-03-04T12:00:00"), weekday=4)  # Friday
    assert due_now(at("2026-03-05T09:00:00")) == []
    assert {d.week for d in due_now(at("2026-03-06T09:00:00"))} == {1}


@pytest.mark.parametrize("status", ["proposed", "paused", "completed", "ended"])
def test_only_active_mentorships_are_reminded(app, status):
    mentorship, _, _ = started_pair(at("2026-03-04T12:00:00"))
    mentorship.status = status
    db.session.commit()
    assert due_now(at("2026-03-09T10:00:00")) == []


def test_deleted_accounts_are_not_reminded(app):
    _, mentor, mentee = started_pair(at("2026-03-04T12:00:00"))
    mentee.deleted_at = at("2026-03-05T00:00:00")
    db.session.commit()
    assert [d.user_id for d in due_now(at("2026-03-09T10:00:00"))] == [mentor.id]


def test_no_reminders_after_the_last_week(app):
    mentorship, _, _ = started_pair(at("2026-03-04T12:00:00"), weeks=2)
    now = at("2026-03-16T09:00:00")
    for due in due_now(now):
        assert due.week == 2
        deliver_checkin(due.mentorship_id, due.user_id, due.week, due.due_at, now=now)
    assert due_now(at("2026-03-23T09:00:00")) == []
    assert due_now(at("2026-06-01T09:00:00")) == []


def test_a_delivered_reminder_is_not_due_again_that_week_but_next_week_is(app):
    started_pair(at("2026-03-04T12:00:00"))
    now = at("2026-03-09T09:30:00")
    for due in due_now(now):
        deliver_checkin(due.mentorship_id, due.user_id, due.week, due.due_at, now=now)
    assert due_now(at("2026-03-12T12:00:00")) == []
    assert {d.week for d in due_now(at("2026-03-16T09:00:00"))} == {2}


def test_a_missed_week_is_skipped_rather_than_sent_late(app):
    """After a long outage only the current week's reminder goes out."""
    started_pair(at("2026-03-04T12:00:00"))
    assert {d.week for d in due_now(at("2026-03-24T09:00:00"))} == {3}


def test_sweep_pages_through_many_members(app):
    for _ in range(3):
        started_pair(at("2026-03-04T12:00:00"))
    batches = list(find_due_checkins(at("2026-03-09T10:00:00"), page_size=2))  # mentorships per page
    assert [len(b) for b in batches] == [4, 2]
    assert len({(d.mentorship_id, d.user_id) for b in batches for d in b}) == 6
