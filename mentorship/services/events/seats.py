"""Seats of an event, race-safe: conditional UPDATEs take and give back seats, and move the waitlist up.

`going_count` moves only through `take_seat` / `release_seat`, whose WHERE clause re-checks the capacity in the
database, so two people answering "going" at once can never both get the last seat; a waitlisted answer becomes
"going" only through a conditional UPDATE from "waitlist", so two cancellations at once never seat one person
twice. SQLite serialises writers (IMMEDIATE transactions); PostgreSQL re-checks the WHERE after the row lock.
"""

from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import or_, select, update

from mentorship.extensions import db
from mentorship.models import CommunityEvent, EventRsvp, User, utcnow
from mentorship.models.events import EventStatus, RsvpAnswer
from mentorship.services.events.notices import mail_calendar, tell_people


def take_seat(event: CommunityEvent) -> bool:
    """One seat for someone, if one is free (the SEQUENCE rises: that person's calendar gets the event)."""
    result = db.session.execute(
        update(CommunityEvent)
        .where(
            CommunityEvent.id == event.id,
            or_(CommunityEvent.capacity.is_(None), CommunityEvent.going_count < CommunityEvent.capacity),
        )
        .values(going_count=CommunityEvent.going_count + 1, sequence=CommunityEvent.sequence + 1)
        .execution_options(synchronize_session=False)
    )
    db.session.expire(event, ["going_count", "sequence"])
    return result.rowcount == 1


def release_seat(event: CommunityEvent) -> None:
    """Give a seat back (the SEQUENCE rises: the leaver's calendar gets the CANCEL)."""
    db.session.execute(
        update(CommunityEvent)
        .where(CommunityEvent.id == event.id, CommunityEvent.going_count > 0)
        .values(going_count=CommunityEvent.going_count - 1, sequence=CommunityEvent.sequence + 1)
        .execution_options(synchronize_session=False)
    )
    db.session.expire(event, ["going_count", "sequence"])


def switch_answer(rsvp: EventRsvp, old: str, new: str, now: datetime) -> bool:
    """Change one answer only if it is still `old` (another tab or request may have changed it)."""
    values = {"answer": new}
    if new == RsvpAnswer.WAITLIST:
        values["answered_at"] = now  # the waitlist's order: when each person joined it
    result = db.session.execute(
        update(EventRsvp)
        .where(EventRsvp.id == rsvp.id, EventRsvp.answer == old)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    db.session.expire(rsvp)
    return result.rowcount == 1


def promote_waitlist(event: CommunityEvent, now: datetime | None = None) -> list[User]:
    """Seat the waitlist in order while seats are free; each promoted person gets a notice and the .ics."""
    if event.status == EventStatus.CANCELLED:
        return []
    promoted = []
    while True:
        waiting = db.session.scalars(
            select(EventRsvp)
            .where(EventRsvp.event_id == event.id, EventRsvp.answer == RsvpAnswer.WAITLIST)
            .order_by(EventRsvp.answered_at, EventRsvp.id)
            .limit(5)
        ).all()
        if not waiting or not take_seat(event):
            return promoted
        seated = next(
            (r for r in waiting if switch_answer(r, RsvpAnswer.WAITLIST, RsvpAnswer.GOING, now or utcnow())), None
        )
        if seated is None:
            release_seat(event)  # they were all seated (or left) by another request meanwhile: look again
            continue
        user = db.session.get(User, seated.user_id)
        promoted.append(user)
        tell_people(event, [user.id], _("A seat opened up: you're going to %(title)s.", title=event.title))
        mail_calendar(event, user, _("You're going"))
