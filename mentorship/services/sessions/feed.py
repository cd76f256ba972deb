"""A member's private calendar feed: a secret token in its URL, replaced or revoked from settings."""

import secrets
from collections.abc import Callable
from datetime import datetime, timedelta

from icalendar import Event
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from mentorship.extensions import db
from mentorship.models import CalendarFeed, CallSession, Mentorship, MentorshipMember, User
from mentorship.permissions.sessions import OPEN_STATUSES
from mentorship.services.sessions.calendar import feed_ics

PAST_DAYS = 60


def feed_of(user: User) -> CalendarFeed | None:
    """The member's feed, if they made one."""
    return db.session.scalar(select(CalendarFeed).where(CalendarFeed.user_id == user.id))


def reset_feed(user: User) -> CalendarFeed:
    """Make a new secret address (the old one stops working at once). Commits."""
    feed = feed_of(user) or CalendarFeed(user_id=user.id)
    feed.token = secrets.token_urlsafe(32)
    db.session.add(feed)
    db.session.commit()
    return feed


def revoke_feed(user: User) -> None:
    """No feed any more: its address answers 404. Commits."""
    feed = feed_of(user)
    if feed is not None:
        db.session.delete(feed)
        db.session.commit()


def feed_body(token: str, now: datetime, more: Callable[[int, datetime], list[Event]] | None = None) -> str | None:
    """The feed's .ics for a token, or None for an unknown (revoked, guessed) token.

    `more` adds the member's other calendar entries (the events area's, which sits above this one)."""
    feed = db.session.scalar(select(CalendarFeed).where(CalendarFeed.token == token)) if token else None
    if feed is None:
        return None
    sessions = db.session.scalars(
        select(CallSession)
        .join(MentorshipMember, MentorshipMember.mentorship_id == CallSession.mentorship_id)
        .where(
            MentorshipMember.user_id == feed.user_id,
            CallSession.status.in_(list(OPEN_STATUSES)),
            CallSession.starts_at >= now - timedelta(days=PAST_DAYS),
        )
        .options(joinedload(CallSession.mentorship).joinedload(Mentorship.members).joinedload(MentorshipMember.user))
        .order_by(CallSession.starts_at)
    ).unique()
    return feed_ics(list(sessions), feed.user_id, now, more(feed.user_id, now) if more else [])
