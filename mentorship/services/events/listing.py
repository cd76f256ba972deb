"""The events a member sees: the community's own and their circles', upcoming or past, a page at a time."""

from datetime import datetime, timedelta

from sqlalchemy import or_, select

from mentorship.extensions import db
from mentorship.models import CommunityEvent, EventRsvp
from mentorship.models.events import EventStatus
from mentorship.permissions.events import circle_ids_of
from mentorship.services.sessions.times import MAX_MINUTES

PER_PAGE = 20
# An event stays "upcoming" until the longest event could have ended, so one in progress is still listed.
RUNNING = timedelta(minutes=MAX_MINUTES)


def visible_events(community_id: int, user_id: int):
    """A select of the community's events this person may see (a circle's only for its members)."""
    return select(CommunityEvent).where(
        CommunityEvent.community_id == community_id,
        or_(CommunityEvent.mentorship_id.is_(None), CommunityEvent.mentorship_id.in_(circle_ids_of(user_id))),
    )


def events_page(community_id: int, user_id: int, past: bool, page: int, now: datetime):
    """Upcoming events soonest first, or past ones latest first (a db.paginate page)."""
    query = visible_events(community_id, user_id)
    if past:
        query = query.where(CommunityEvent.starts_at < now - RUNNING).order_by(CommunityEvent.starts_at.desc())
    else:
        query = query.where(CommunityEvent.starts_at >= now - RUNNING).order_by(CommunityEvent.starts_at)
    return db.paginate(query.order_by(CommunityEvent.id), page=page, per_page=PER_PAGE, error_out=False)


def next_events(community_id: int, user_id: int, now: datetime, limit: int = 3) -> list[CommunityEvent]:
    """The next few scheduled events, for the community's front page."""
    query = visible_events(community_id, user_id).where(
        CommunityEvent.starts_at >= now - RUNNING, CommunityEvent.status == EventStatus.SCHEDULED
    )
    return list(db.session.scalars(query.order_by(CommunityEvent.starts_at).limit(limit)))


def answers_for(events: list[CommunityEvent], user_id: int) -> dict[int, str]:
    """The person's answer to each of these events (one query)."""
    if not events:
        return {}
    rows = db.session.execute(
        select(EventRsvp.event_id, EventRsvp.answer).where(
            EventRsvp.user_id == user_id, EventRsvp.event_id.in_([e.id for e in events])
        )
    )
    return {event_id: answer for event_id, answer in rows}
