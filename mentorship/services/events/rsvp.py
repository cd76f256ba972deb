"""A member's answer to an event: going (a seat, or the waitlist when it is full), maybe, or can't go.

Leaving a seat gives it to the first person on the waitlist at once (services/events/seats.py keeps it
race-safe). Whoever holds a seat has the event in their calendar: a REQUEST when they get it, a CANCEL when
they give it up.
"""

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from mentorship.extensions import db
from mentorship.models import CommunityEvent, EventRsvp, Membership, User, utcnow
from mentorship.models.events import RsvpAnswer
from mentorship.permissions.events import answer_refusal
from mentorship.services.events.hosting import EventError
from mentorship.services.events.notices import mail_calendar, tell_people
from mentorship.services.events.seats import promote_waitlist, release_seat, switch_answer, take_seat

CHOICES = (RsvpAnswer.GOING, RsvpAnswer.MAYBE, RsvpAnswer.CANT)


@dataclass
class Standing:
    """Where a person stands for an event: their answer and, when waiting, their place in the line."""

    answer: str | None
    position: int | None = None


def _row(event: CommunityEvent, user: User) -> EventRsvp:
    """The person's answer row; a new one (holding no seat) inserted in a savepoint, race-safe."""
    statement = select(EventRsvp).where(EventRsvp.event_id == event.id, EventRsvp.user_id == user.id)
    row = db.session.scalar(statement)
    if row is not None:
        return row
    try:
        with db.session.begin_nested():
            row = EventRsvp(event_id=event.id, user_id=user.id, answer=RsvpAnswer.CANT)
            db.session.add(row)
    except IntegrityError:
        row = db.session.scalar(statement)
    return row


def answer_event(
    event: CommunityEvent, user: User, membership: Membership | None, answer: str, now: datetime | None = None
) -> Standing:
    """Record the answer; a full event puts "going" on the waitlist. Returns where they stand. Commits."""
    now = now or utcnow()
    refusal = answer_refusal(event, membership, now)
    if refusal:
        raise EventError(refusal)
    if answer not in CHOICES:
        raise EventError(_("Choose going, maybe or can't go."), "answer")
    rsvp = _row(event, user)
    old = rsvp.answer
    if answer == old or (answer == RsvpAnswer.GOING and old == RsvpAnswer.WAITLIST):
        db.session.commit()
        return standing_of(event, user.id)
    new = answer
    if answer == RsvpAnswer.GOING:
        new = RsvpAnswer.GOING if take_seat(event) else RsvpAnswer.WAITLIST
    if not switch_answer(rsvp, old, new, now):
        db.session.rollback()
        raise EventError(_("Your answer changed in another window; please answer again."))
    if new == RsvpAnswer.GOING:
        mail_calendar(event, user, _("You're going"))
    elif new == RsvpAnswer.WAITLIST:
        tell_people(event, [user.id], _("%(title)s is full: you're on the waitlist.", title=event.title))
    if old == RsvpAnswer.GOING:
        release_seat(event)
        mail_calendar(event, user, _("You're not going"), "CANCEL")
        promote_waitlist(event, now)
    db.session.commit()
    return standing_of(event, user.id)


def standing_of(event: CommunityEvent, user_id: int) -> Standing:
    """The person's answer, and their place on the waitlist (1 is next)."""
    rsvp = db.session.scalar(select(EventRsvp).where(EventRsvp.event_id == event.id, EventRsvp.user_id == user_id))
    if rsvp is None:
        return Standing(None)
    if rsvp.answer != RsvpAnswer.WAITLIST:
        return Standing(rsvp.answer)
    ahead = db.session.scalar(
        select(func.count())
        .select_from(EventRsvp)
        .where(
            EventRsvp.event_id == event.id,
            EventRsvp.answer == RsvpAnswer.WAITLIST,
            (EventRsvp.answered_at < rsvp.answered_at)
            | ((EventRsvp.answered_at == rsvp.answered_at) & (EventRsvp.id < rsvp.id)),
        )
    )
    return Standing(rsvp.answer, ahead + 1)


def attendees(event: CommunityEvent) -> dict[str, list[User]]:
    """Who answered what (going and waitlist in order), for the people allowed to see it."""
    rows = db.session.execute(
        select(EventRsvp.answer, User)
        .join(User, User.id == EventRsvp.user_id)
        .where(EventRsvp.event_id == event.id, EventRsvp.answer != RsvpAnswer.CANT)
        .order_by(EventRsvp.answered_at, EventRsvp.id)
    )
    out: dict[str, list[User]] = {RsvpAnswer.GOING: [], RsvpAnswer.WAITLIST: [], RsvpAnswer.MAYBE: []}
    for answer, user in rows:
        out[answer].append(user)
    return out
