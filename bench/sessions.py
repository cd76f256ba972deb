"""Speed of sessions: three mutual times, and a member's calendar feed built with icalendar.

    /work/main/.venv/bin/python bench/sessions.py [--repeat 50]

- mutual_ms: three mutual times for a pair 13 hours apart (Asia/Tokyo, America/New_York), 21 slots each,
  200 existing sessions in the next two weeks (the pure function, in-process; median of --repeat runs);
- feed_ms: 500 sessions written into one .ics with the feed's own code (mentorship.services.sessions.calendar),
  made from plain objects (no database; median of --repeat runs).
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

from mentorship.services.sessions.calendar import _event, new_calendar  # noqa: E402
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


def _fake_sessions(now: datetime, count: int):
    users = [SimpleNamespace(display_name=f"Person {i}", email=f"p{i}@example.com") for i in range(2)]
    members = [SimpleNamespace(user_id=i, user=user) for i, user in enumerate(users)]
    mentorship = SimpleNamespace(members=members)
    return [
        SimpleNamespace(
            uid=f"session-{i}@bench",
            sequence=i % 3,
            starts_at=now + timedelta(hours=5 * i),
            ends_at=now + timedelta(hours=5 * i, minutes=45),
            place_kind="jitsi",
            place=f"https://meet.jit.si/mentorship-{i}",
            status="accepted",
            mentorship=mentorship,
        )
        for i in range(count)
    ]


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
    sessions = _fake_sessions(now, 500)

    def feed():
        calendar = new_calendar(None)
        for session in sessions:
            calendar.add_component(_event(session, 0, None, now))
        return calendar.to_ical()

    feed_ms = _median_ms(feed, max(5, args.repeat // 5))
    print(f"mutual times: {mutual_ms:.2f} ms (200 busy sessions); feed of 500: {feed_ms:.1f} ms")
    print(f"RESULT mutual_ms={mutual_ms:.2f} feed_ms={feed_ms:.1f}")


if __name__ == "__main__":
    main()
