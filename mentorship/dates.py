"""Dates shown to a person: a UTC datetime in their own time zone (services, mails and templates alike)."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel.dates import format_datetime
from flask_babel import get_locale

DEFAULT_FORMAT = "%d %b %Y, %H:%M"
# The site's date formats, written the CLDR way so Babel gives each language its own month and day names.
CLDR_PATTERNS = {
    "%d %b %Y, %H:%M": "dd MMM y, HH:mm",
    "%d %b %Y": "dd MMM y",
    "%A %d %b, %H:%M": "EEEE dd MMM, HH:mm",
    "%B %Y": "LLLL y",
    "%H:%M": "HH:mm",
    "%a %d %b %Y, %H:%M": "EEE dd MMM y, HH:mm",
    "%a %d %b, %H:%M": "EEE dd MMM, HH:mm",
    "%A %d %B %Y, %H:%M": "EEEE dd MMMM y, HH:mm",
    "%a %d %b": "EEE dd MMM",
    "%d %b": "dd MMM",
}


def zone_of(name: str | None) -> ZoneInfo:
    """The named IANA zone, or UTC for an empty or unknown name."""
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def in_zone(value: datetime | None, zone_name: str | None, fmt: str = DEFAULT_FORMAT) -> str:
    """A UTC datetime written in the given zone ("" for None)."""
    if value is None:
        return ""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    local = value.astimezone(zone_of(zone_name))
    pattern = CLDR_PATTERNS.get(fmt)
    if pattern is None:
        return local.strftime(fmt)
    return format_datetime(local, pattern, tzinfo=local.tzinfo, locale=str(get_locale() or "en"))
