"""A local date and time typed in a named zone, read into UTC with the DST traps refused. Pure."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from flask_babel import gettext as _

MIN_MINUTES, MAX_MINUTES = 15, 120


class TimeError(ValueError):
    """A time that can't be used, with the sentence to show."""


def zone_or_error(name: str) -> ZoneInfo:
    """The IANA zone, or TimeError for an unknown name."""
    if not name or name not in _zones():
        raise TimeError(f"“{name}” is not a time zone we know; pick one from the list (e.g. Europe/Berlin).")
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise TimeError(f"“{name}” is not a time zone we know.") from error


_ZONES: set[str] = set()


def _zones() -> set[str]:
    if not _ZONES:
        _ZONES.update(available_timezones())
        _ZONES.add("UTC")
    return _ZONES


def local_to_utc(day: date, at: time, zone_name: str) -> datetime:
    """UTC for a wall-clock time in the zone; TimeError if that time is skipped or happens twice (DST)."""
    zone = zone_or_error(zone_name)
    first = datetime.combine(day, at, zone).replace(fold=0)
    second = first.replace(fold=1)
    if first.utcoffset() != second.utcoffset():
        back_0 = first.astimezone(UTC).astimezone(zone)
        back_1 = second.astimezone(UTC).astimezone(zone)
        if back_0.replace(tzinfo=None) != first.replace(tzinfo=None) or back_1.replace(tzinfo=None) != second.replace(
            tzinfo=None
        ):
            raise TimeError(
                f"{at:%H:%M} on {day:%d %B} does not exist in {zone_name}: the clocks jump forward that night. "
                "Pick another time."
            )
        raise TimeError(
            f"{at:%H:%M} on {day:%d %B} happens twice in {zone_name}: the clocks go back that night. "
            "Pick a time outside that hour."
        )
    return first.astimezone(UTC)


def check_span(starts_at: datetime, minutes: int | None, now: datetime, ends_at: datetime | None = None) -> int:
    """The duration in minutes, after refusing a past start, an end before the start or a length out of bounds."""
    if ends_at is not None:
        if ends_at <= starts_at:
            raise TimeError(_("The end must come after the start."))
        minutes = int((ends_at - starts_at) / timedelta(minutes=1))
    if minutes is None:
        raise TimeError(_("Say how long the session lasts (15 to 120 minutes)."))
    if starts_at <= now:
        raise TimeError(_("That time is in the past; pick a time to come."))
    if minutes < MIN_MINUTES:
        raise TimeError(f"A session lasts at least {MIN_MINUTES} minutes.")
    if minutes > MAX_MINUTES:
        raise TimeError(f"A session lasts at most {MAX_MINUTES} minutes; plan two sessions for more.")
    return minutes
