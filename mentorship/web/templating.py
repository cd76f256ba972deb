"""Jinja filters and globals: dates in the viewer's timezone, Markdown, relative times."""

from datetime import datetime, timedelta
from functools import lru_cache
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from babel.dates import format_timedelta
from flask import Flask, request
from flask_login import current_user

from mentorship.dates import DEFAULT_FORMAT, in_zone, zone_of
from mentorship.forms.once import new_submission_token
from mentorship.models.base import utcnow
from mentorship.text import render_markdown


def viewer_zone() -> ZoneInfo:
    """The logged-in person's zone (UTC for visitors)."""
    return zone_of(getattr(current_user, "timezone", None))


def localtime(value: datetime | None, fmt: str = DEFAULT_FORMAT) -> str:
    """A UTC datetime shown in the viewer's own timezone."""
    return in_zone(value, getattr(current_user, "timezone", None), fmt)


def timeago(value: datetime | None, locale: str = "en") -> str:
    """'3 minutes ago', '2 days ago' (Babel's words); 'just now' under a minute, the date after 30 days."""
    if value is None:
        return ""
    seconds = int((utcnow() - value).total_seconds())
    if seconds < 60:
        return "just now"
    if seconds > 30 * 86400:
        return localtime(value, "%d %b %Y")
    return _minutes_ago(seconds // 60, locale)


@lru_cache(maxsize=8192)
def _minutes_ago(minutes: int, locale: str) -> str:
    # Babel's answer depends only on the whole minutes here (granularity "minute"), so it is computed once each.
    return format_timedelta(timedelta(minutes=-minutes), granularity="minute", add_direction=True, locale=locale)


def page_url(number: int) -> str:
    """This page's address with ?page=<number>, keeping the other query arguments (for pagination links)."""
    args = [(key, value) for key, value in request.args.items(multi=True) if key != "page"]
    return f"{request.script_root}{request.path}?{urlencode([*args, ('page', number)])}"


BROWSERS = (("Edg/", "Edge"), ("OPR/", "Opera"), ("Firefox/", "Firefox"), ("Chrome/", "Chrome"), ("Safari/", "Safari"))
SYSTEMS = (
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Android", "Android"),
    ("Windows", "Windows"),
    ("Mac OS X", "macOS"),
    ("CrOS", "ChromeOS"),
    ("Linux", "Linux"),
)


def browser_name(user_agent: str | None) -> str:
    """'Firefox on Windows' from a User-Agent header, for the list of signed-in browsers."""
    agent = user_agent or ""
    browser = next((name for marker, name in BROWSERS if marker in agent), "A browser")
    system = next((name for marker, name in SYSTEMS if marker in agent), "")
    return f"{browser} on {system}" if system else browser


AVATAR_COLOURS = 10  # .avatar-c0 ... .avatar-c9 in site.css, each dark enough for white initials (WCAG AA)


def initials(name: str | None) -> str:
    """Up to two initials of a display name ("Ada Lovelace" -> "AL"); "?" when it has no letter."""
    words = [word for word in (name or "").split() if word[:1].isalnum()]
    if not words:
        return "?"
    letters = words[0][0] + (words[-1][0] if len(words) > 1 else "")
    return letters.upper()


def avatar_colour(user_id: int) -> int:
    """The same colour for a person everywhere, spread across the palette (Knuth's multiplicative hash)."""
    return (int(user_id) * 2654435761 >> 8) % AVATAR_COLOURS


def register(app: Flask) -> None:
    app.jinja_env.filters.update(
        localtime=localtime, timeago=timeago, markdown=render_markdown, browser_name=browser_name
    )
    app.jinja_env.globals.update(now=utcnow, page_url=page_url, initials=initials, avatar_colour=avatar_colour)
    # A one-time token for a create form a template writes by hand (several on one page: web/once.py).
    app.jinja_env.globals["submission_token"] = new_submission_token
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
