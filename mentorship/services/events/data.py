"""A member's events in their data export (their answers, and the events they organised), and what leaving the
site does to them: their answers go, a seat they held goes to the waitlist. Connected to the person signals."""

from sqlalchemy import select

from mentorship.extensions import db
from mentorship.models import CommunityEvent, EventRsvp, User, utcnow
from mentorship.models.events import RsvpAnswer
from mentorship.services.events.seats import promote_waitlist, release_seat
from mentorship.signals import person_erased, person_exported


def export_events(user: User) -> dict:
    """The member's answers to events, and the events they organised (with the descriptions they wrote)."""
    answers = db.session.execute(
        select(EventRsvp, CommunityEvent)
        .join(CommunityEvent, CommunityEvent.id == EventRsvp.event_id)
        .where(EventRsvp.user_id == user.id)
        .order_by(CommunityEvent.starts_at)
    )
    organised = db.session.scalars(
        select(CommunityEvent).where(CommunityEvent.organizer_id == user.id).order_by(CommunityEvent.starts_at)
    )
    return {
        "answers": [
            {"event": e.title, "starts_at": e.starts_at, "answer": r.answer, "answered_at": r.answered_at}
            for r, e in answers
        ],
        "organised": [
            {
                "title": e.title,
                "description": e.description,
                "starts_at": e.starts_at,
                "minutes": e.minutes,
                "place": e.place,
                "capacity": e.capacity,
                "status": e.status,
            }
            for e in organised
        ],
    }


def _on_account_deletion(user: User, erase_written: bool) -> None:
    """Their answers go; a seat they held at an event to come moves the waitlist up (no commit: the caller's)."""
    rows = db.session.scalars(select(EventRsvp).where(EventRsvp.user_id == user.id)).all()
    now = utcnow()
    for rsvp in rows:
        event = db.session.get(CommunityEvent, rsvp.event_id)
        db.session.delete(rsvp)
        db.session.flush()
        if rsvp.answer == RsvpAnswer.GOING:
            release_seat(event)
            if event.starts_at > now:
                promote_waitlist(event, now)
    if erase_written:
        for event in db.session.scalars(select(CommunityEvent).where(CommunityEvent.organizer_id == user.id)):
            event.description = ""


@person_exported.connect
def _export_section(user: User) -> tuple[str, dict]:
    return "events", export_events(user)


person_erased.connect(_on_account_deletion)
