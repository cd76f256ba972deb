"""A person's push choices: which kinds (the same groups as e-mail), quiet hours in their time zone, names."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from mentorship.extensions import db
from mentorship.models import PushSettings, User
from mentorship.models.push import QUIET_END_MINUTES, QUIET_START_MINUTES

MINUTES_A_DAY = 24 * 60


def group_of(pref: str | None) -> str | None:
    """The push group of an e-mail preference key ("email_messages" -> "messages"); None for none."""
    return pref.removeprefix("email_") if pref else None


def default_settings(user_id: int) -> PushSettings:
    """The settings of someone who never saved any (not added to the session)."""
    return PushSettings(
        user_id=user_id,
        kinds={},
        quiet_hours=True,
        quiet_start=QUIET_START_MINUTES,
        quiet_end=QUIET_END_MINUTES,
        show_sender=False,
    )


def settings_of(user_id: int) -> PushSettings:
    """The person's push settings, or the defaults (not stored) if they never saved any."""
    return db.session.get(PushSettings, user_id) or default_settings(user_id)


def wants(settings: PushSettings, group: str | None) -> bool:
    """Whether this kind of notification is pushed (a kind without an e-mail group is not: like mail)."""
    return group is not None and bool((settings.kinds or {}).get(group, True))


def save_settings(
    user: User, kinds: dict[str, bool], quiet_hours: bool, quiet_start: int, quiet_end: int, show_sender: bool
) -> PushSettings:
    """Store the person's push choices; commits."""
    settings = db.session.get(PushSettings, user.id) or PushSettings(user_id=user.id)
    settings.kinds = {group: bool(on) for group, on in kinds.items()}
    settings.quiet_hours = bool(quiet_hours)
    settings.quiet_start = quiet_start % MINUTES_A_DAY
    settings.quiet_end = quiet_end % MINUTES_A_DAY
    settings.show_sender = bool(show_sender)
    db.session.add(settings)
    db.session.commit()
    return settings


def _zone(name: str | None) -> ZoneInfo:
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def hold_until(settings: PushSettings, timezone: str | None, now: datetime) -> datetime | None:
    """When quiet hours end, if `now` falls in them in the person's own time zone; None if it does not."""
    start, end = settings.quiet_start, settings.quiet_end
    if not settings.quiet_hours or start == end:
        return None
    zone = _zone(timezone)
    local = now.astimezone(zone)
    minute = local.hour * 60 + local.minute
    overnight = start > end
    quiet = (minute >= start or minute < end) if overnight else (start <= minute < end)
    if not quiet:
        return None
    day = local.date() + timedelta(days=1) if overnight and minute >= start else local.date()
    ends = datetime.combine(day, time(end // 60, end % 60), tzinfo=zone)
    return ends.astimezone(now.tzinfo)


def minutes_to_text(minutes: int) -> str:
    """540 -> "09:00" (for <input type="time">)."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"
