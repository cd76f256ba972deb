"""Mutual times and reading a typed time: pure functions, no database."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from mentorship.services.sessions.mutual import Person, mutual_times
from mentorship.services.sessions.times import TimeError, check_span, local_to_utc

NOW = datetime(2026, 6, 1, 8, 0, tzinfo=UTC)  # a Monday


def test_thirteen_hours_apart_meet_where_one_evening_is_the_others_morning():
    # Tokyo (UTC+9) 09:00-12:00 Tuesday is New York (UTC-4 in June) 20:00-23:00 Monday: one shared hour.
    tokyo = Person(("tue-morning", "wed-morning"), "Asia/Tokyo")
    new_york = Person(("mon-evening", "tue-evening"), "America/New_York")
    times = mutual_times([tokyo, new_york], [], NOW)
    assert len(times) == 3  # Tue, Wed, next Tue
    for start in times:
        local_a = start.astimezone(ZoneInfo("Asia/Tokyo"))
        local_b = start.astimezone(ZoneInfo("America/New_York"))
        assert local_a.hour == 9 and local_a.weekday() in (1, 2)
        assert local_b.hour == 20 and local_b.weekday() == local_a.weekday() - 1
        assert start > NOW + timedelta(hours=12)
    assert len({t.date() for t in times}) == len(times)  # one per day


def test_three_times_and_none_inside_a_busy_session():
    a = Person(("mon-evening", "tue-evening", "wed-evening", "thu-evening"), "UTC")
    b = Person(("mon-evening", "tue-evening", "wed-evening", "thu-evening"), "UTC")
    busy_start = datetime(2026, 6, 2, 17, 0, tzinfo=UTC)
    times = mutual_times([a, b], [(busy_start, busy_start + timedelta(hours=4))], NOW)
    assert len(times) == 3
    assert all(not (busy_start <= t < busy_start + timedelta(hours=4)) for t in times)
    assert times == sorted(times)


def test_no_shared_slot_gives_no_time():
    assert mutual_times([Person(("mon-morning",), "UTC"), Person(("fri-evening",), "UTC")], [], NOW) == []


def test_a_skipped_local_time_is_refused():
    with pytest.raises(TimeError, match="does not exist"):
        local_to_utc(date(2026, 3, 29), time(2, 30), "Europe/Berlin")


def test_a_repeated_local_time_is_refused():
    with pytest.raises(TimeError, match="happens twice"):
        local_to_utc(date(2026, 10, 25), time(2, 30), "Europe/Berlin")


def test_an_unknown_zone_is_refused():
    with pytest.raises(TimeError, match="not a time zone"):
        local_to_utc(date(2026, 6, 1), time(10, 0), "Mars/Olympus")


@pytest.mark.parametrize("zone", ["Pacific/Honolulu", "UTC", "Pacific/Tongatapu"])
def test_a_local_time_reads_into_utc_and_back(zone):
    moment = local_to_utc(date(2026, 11, 1), time(9, 30), zone)
    assert moment.tzinfo == UTC
    assert moment.astimezone(ZoneInfo(zone)).time() == time(9, 30)


@pytest.mark.parametrize(
    ("minutes", "start", "message"),
    [
        (45, NOW - timedelta(minutes=1), "in the past"),
        (121, NOW + timedelta(days=1), "at most 120"),
        (10, NOW + timedelta(days=1), "at least 15"),
    ],
)
def test_span_rules(minutes, start, message):
    with pytest.raises(TimeError, match=message):
        check_span(start, minutes, NOW)


def test_end_before_start_is_refused():
    start = NOW + timedelta(days=1)
    with pytest.raises(TimeError, match="end must come after"):
        check_span(start, None, NOW, ends_at=start - timedelta(minutes=5))
