"""What an event tells people: in-app notices, and mails that carry the event's .ics for their calendars.

No notice or mail holds the description: a subject and a notice name the event's title only.
"""

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from mentorship.dates import in_zone
from mentorship.extensions import db
from mentorship.models import CommunityEvent, EventRsvp, User, utcnow
from mentorship.models.events import RsvpAnswer
from mentorship.services.events.calendar import event_ics
from mentorship.services.notify.mail import queue_mail
from mentorship.services.notify.notifications import notify_many


def event_path(event: CommunityEvent) -> str:
    return f"/c/{event.community.slug}/events/{event.id}"


def when_for(event: CommunityEvent, user: User) -> str:
    zone = user.timezone or "UTC"
    return in_zone(event.starts_at, zone, "%a %d %b %Y, %H:%M") + f" ({zone})"


def mail_calendar(event: CommunityEvent, user: User, subject: str, method: str = "REQUEST") -> None:
    """One person's mail with the event's .ics (REQUEST to add or update it, CANCEL to take it off)."""
    if user.is_deleted:
        return
    queue_mail(
        user,
        "event",
        f"{subject}: {event.title}",
        "event_invite",
        calendar_ics=event_ics(event, utcnow(), method),
        event=event,
        subject_line=subject,
        when=when_for(event, user),
        event_url=current_app.config["BASE_URL"].rstrip("/") + event_path(event),
    )


def tell_people(event: CommunityEvent, user_ids: list[int], text: str) -> None:
    """An in-app notice (kind `event`) to these people, in the caller's transaction."""
    if user_ids:
        notify_many(user_ids, "event", text, event_path(event))


def tell_going(event: CommunityEvent, subject: str, method: str) -> None:
    """Everyone holding a seat gets the update (or the cancellation) for their calendar, and a notice."""
    going = list(
        db.session.scalars(
            select(User)
            .join(EventRsvp, EventRsvp.user_id == User.id)
            .where(EventRsvp.event_id == event.id, EventRsvp.answer == RsvpAnswer.GOING)
        )
    )
    for user in going:
        mail_calendar(event, user, subject, method)
    tell_people(event, [u.id for u in going], _("%(what)s: %(title)s", what=subject, title=event.title))
