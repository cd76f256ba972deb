"""Speed of sessions: three mutual times, and a member's calendar feed built with icalendar.

    /work/main/.venv/bin/python bench/sessions.py [--repeat 50]

- mutual_ms: three mutual times for a pair 13 hours apart (Asia/Tokyo, America/New_York), 21 slots each,
  200 existing sessions in the next two weeks (the pure function, in-process; median of --repeat runs);
- feed_ms: a member's feed of 500 sessions and events over a year, recurrences expanded: 10 weekly series of 26
  (in Europe/Paris, America/New_York and Asia/Tokyo, one occurrence moved and one cancelled in each), 160 single
  sessions and 80 community events, written into one .ics with the feed's own code (feed_ics, event_component),
  made from plain objects (no database; median of --repeat runs). The file is checked once, outside the timing:
  recurring-ical-events expands it to the 500 occurrences.
Last line: RESULT mutual_ms=.. feed_ms=..
"""

import argparse
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import icalendar  # noqa: E402
import recurring_ical_events  # noqa: E402

from mentorship.services.events.calendar import event_component  # noqa: E402
from mentorship.services.sessions.calendar import feed_ics  # noqa: E402
from mentorship.services.sessions.mutual import DAYS, PART_HOURS, Person, mutual_times  # noqa: E402

SLOTS = tuple(f"{day}-{part}" for day in DAYS for part in PART_HOURS)  # 21 slots


def _busy(now: datetime) -> list[tuple[datetime, datetime]]:
    """200 sessions every 75 minutes, filling the pair's one shared hour (00:00-01:00 UTC) on the first days."""
    busy, start = [], now + timedelta(hours=1)
    while len(busy) < 200:
        clear_day = start.date() >= (now + timedelta(days=4)).date() and start.hour in (23, 0)
        if not clear_day:
            busy.append((start, start + timedelta(minutes=45)))
        start += timedelta(minutes=75)
    return busy


ZONES = ("Europe/Paris", "America/New_York", "Asia/Tokyo")


def _fake_session(i: int, start: datetime, mentorship, weeks: int = 0, count: int = 1) -> SimpleNamespace:
    session = SimpleNamespace(
        uid=f"session-{i}@bench",
        sequence=i % 3,
        starts_at=start,
        minutes=45,
        ends_at=start + timedelta(minutes=45),
        zone=ZONES[i % 3],
        place_kind="jitsi",
        place=f"https://meet.jit.si/mentorship-{i}",
        status="accepted",
        mentorship=mentorship,
        repeat_weeks=weeks,
        repeat_count=count,
        is_series=weeks > 0,
        exceptions=[],
    )
    if weeks:  # one occurrence moved by a day, one cancelled: a series has 26 - 1 = 25 on the calendar
        moved, gone = start + timedelta(weeks=3), start + timedelta(weeks=5)
        session.exceptions = [
            SimpleNamespace(original_start=moved, cancelled=False, starts_at=moved + timedelta(days=1), minutes=None),
            SimpleNamespace(original_start=gone, cancelled=True, starts_at=None, minutes=None),
        ]
    return session


def _fake_feed(now: datetime):
    """10 series of 26 (25 on the calendar each), 170 single sessions and 80 events: 500 occurrences in a year."""
    users = [SimpleNamespace(display_name=f"Person {i}", email=f"p{i}@example.com") for i in range(2)]
    members = [SimpleNamespace(user_id=i, user=user) for i, user in enumerate(users)]
    mentorship = SimpleNamespace(members=members, mentors=[])
    sessions = [_fake_session(i, now + timedelta(days=i, hours=3), mentorship, 1, 26) for i in range(10)]
    sessions += [_fake_session(i, now + timedelta(hours=40 * i + 7), mentorship) for i in range(10, 180)]
    events = [
        SimpleNamespace(
            uid=f"event-{i}@bench",
            sequence=i % 4,
            title=f"Monthly strategy session {i}",
            starts_at=now + timedelta(days=4 * i, hours=17),
            ends_at=now + timedelta(days=4 * i, hours=18),
            place_kind="link",
            place=f"https://meet.example.org/event-{i}",
            status="scheduled",
            organizer=None,
        )
        for i in range(80)
    ]
    return sessions, events


def _median_ms(func, repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        runs.append((time.perf_counter() - start) * 1000)
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()
    now = datetime(2026, 6, 1, 8, 0, tzinfo=UTC)
    people = [Person(SLOTS, "Asia/Tokyo"), Person(SLOTS, "America/New_York")]
    busy = _busy(now)
    assert len(mutual_times(people, busy, now)) == 3
    mutual_ms = _median_ms(lambda: mutual_times(people, busy, now), args.repeat)
    sessions, events = _fake_feed(now)

    def feed():
        more = [event_component(event, now, "CONFIRMED", organizer=False, feed=True) for event in events]
        return feed_ics(sessions, 0, now, more)

    body = feed()
    expanded = recurring_ical_events.of(icalendar.Calendar.from_ical(body)).between(now, now + timedelta(days=366))
    assert len(expanded) == 500, len(expanded)
    feed_ms = _median_ms(feed, max(5, args.repeat // 5))
    print(f"mutual times: {mutual_ms:.2f} ms (200 busy sessions); feed of 500 occurrences: {feed_ms:.1f} ms")
    print(f"RESULT mutual_ms={mutual_ms:.2f} feed_ms={feed_ms:.1f}")


if __name__ == "__main__":
    main()
