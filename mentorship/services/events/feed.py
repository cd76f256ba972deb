"""A member's events in their private calendar feed: the ones they hold a seat for or might attend.

Titles, times and places only: no description, no organiser or attendee addresses.
"""

from datetime import datetime, timedelta

from icalendar import Event
from sqlalchemy import select

from mentorship.extensions import db
from mentorship.models import CommunityEvent, EventRsvp
from mentorship.models.events import EventStatus, RsvpAnswer
from mentorship.services.events.calendar import event_component

PAST_DAYS = 60
STATES = {RsvpAnswer.GOING: "CONFIRMED", RsvpAnswer.MAYBE: "TENTATIVE"}


def feed_events(user_id: int, now: datetime) -> list[Event]:
    """The VEVENTs of the member's events from 60 days back (going: confirmed; maybe: tentative)."""
    rows = db.session.execute(
        select(CommunityEvent, EventRsvp.answer)
        .join(EventRsvp, EventRsvp.event_id == CommunityEvent.id)
        .where(
            EventRsvp.user_id == user_id,
            EventRsvp.answer.in_(list(STATES)),
            CommunityEvent.status == EventStatus.SCHEDULED,
            CommunityEvent.starts_at >= now - timedelta(days=PAST_DAYS),
        )
        .order_by(CommunityEvent.starts_at)
    )
    return [event_component(event, now, STATES[answer], organizer=False, feed=True) for event, answer in rows]
