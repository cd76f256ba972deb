"""Mutual times: when two members' usual free slots meet, in UTC, away from their other sessions. Pure."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
# The local hours a slot name means (the sign-up form's "morning", "afternoon", "evening").
PART_HOURS = {"morning": (9, 12), "afternoon": (12, 17), "evening": (17, 21)}
STEP = timedelta(minutes=30)
HORIZON_DAYS = 14
MIN_NOTICE = timedelta(hours=12)


@dataclass(frozen=True)
class Person:
    slots: tuple[str, ...]
    zone: str


def _free_intervals(person: Person, first_day: date, days: int) -> list[tuple[datetime, datetime]]:
    """The person's slots over `days` local days from first_day, as UTC intervals in time order."""
    zone = ZoneInfo(person.zone)
    wanted = {}
    for slot in person.slots:
        day, _, part = slot.partition("-")
        if day in DAYS and part in PART_HOURS:
            wanted.setdefault(DAYS.index(day), []).append(PART_HOURS[part])
    intervals = []
    for offset in range(-1, days + 1):
        local_day = first_day + timedelta(days=offset)
        for start_hour, end_hour in sorted(wanted.get(local_day.weekday(), ())):
            start = datetime.combine(local_day, time(start_hour), zone).astimezone(UTC)
            end = datetime.combine(local_day, time(end_hour), zone).astimezone(UTC)
            intervals.append((start, end))
    intervals.sort()
    return intervals


def _intersect(a: list, b: list) -> list[tuple[datetime, datetime]]:
    """The overlaps of two sorted interval lists (a two-pointer walk)."""
    out, i, j = [], 0, 0
    while i < len(a) and j < len(b):
        start, end = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if start < end:
            out.append((start, end))
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return out


def mutual_times(
    people: list[Person],
    busy: list[tuple[datetime, datetime]],
    now: datetime,
    minutes: int = 45,
    count: int = 3,
) -> list[datetime]:
    """Up to `count` UTC starts inside everyone's slots in the next two weeks, one per day, clear of `busy`."""
    if not people:
        return []
    first_day = now.astimezone(UTC).date()
    shared = _free_intervals(people[0], first_day, HORIZON_DAYS)
    for person in people[1:]:
        shared = _intersect(shared, _free_intervals(person, first_day, HORIZON_DAYS))
    busy = sorted(busy)
    length, earliest = timedelta(minutes=minutes), now + MIN_NOTICE
    picked: list[datetime] = []
    days_taken: set[date] = set()
    for start, end in shared:
        candidate = max(start, _round_up(earliest))
        while candidate + length <= end and len(picked) < count:
            clash = next((b for b in busy if b[0] < candidate + length and candidate < b[1]), None)
            if clash is None:
                if candidate.date() not in days_taken:
                    picked.append(candidate)
                    days_taken.add(candidate.date())
                break
            candidate = _round_up(clash[1])
        if len(picked) >= count:
            break
    return picked


def _round_up(moment: datetime) -> datetime:
    """The next whole half hour at or after `moment`."""
    moment = moment.astimezone(UTC)
    floor = moment.replace(minute=(moment.minute // 30) * 30, second=0, microsecond=0)
    return floor if floor == moment else floor + STEP
