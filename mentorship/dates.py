"""Dates shown to a person: a UTC datetime in their own time zone (services, mails and templates alike)."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEFAULT_FORMAT = "%d %b %Y, %H:%M"


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
    return value.astimezone(zone_of(zone_name)).strftime(fmt)
