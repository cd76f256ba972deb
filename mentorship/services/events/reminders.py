"""Event reminders, 24 hours and 15 minutes before, to everyone going; each once per (event, start, kind, member).

The same guarantees as the sessions' reminders: a NoticeDelivery with a unique key is written in one
transaction with its notification (and mail), so a retried or duplicated sweep writes nothing twice. A moved
event is a new start (in the key), so it is reminded again.
"""

from datetime import datetime, timedelta

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from mentorship.extensions import db
from mentorship.languages import DEFAULT_LANGUAGE, supported
from mentorship.models import CommunityEvent, EventRsvp, NoticeDelivery, utcnow
from mentorship.models.events import EventStatus, RsvpAnswer
from mentorship.services.events.notices import event_path
from mentorship.services.notify.notifications import notify

LEADS = {"24h": timedelta(hours=24), "15m": timedelta(minutes=15)}


def reminder_key(event: CommunityEvent, kind: str, user_id: int) -> str:
    return f"event-{event.id}-{event.starts_at:%Y%m%dT%H%M}-{kind}-{user_id}"


def due_reminders(now: datetime) -> list[tuple[EventRsvp, str]]:
    """Seats of scheduled events starting within 24 hours: the 15-minute one when that close, else the 24-hour."""
    rows = db.session.scalars(
        select(EventRsvp)
        .join(CommunityEvent, CommunityEvent.id == EventRsvp.event_id)
        .where(
            EventRsvp.answer == RsvpAnswer.GOING,
            CommunityEvent.status == EventStatus.SCHEDULED,
            CommunityEvent.starts_at > now,
            CommunityEvent.starts_at <= now + LEADS["24h"],
        )
        .options(joinedload(EventRsvp.event).joinedload(CommunityEvent.community), joinedload(EventRsvp.user))
    )
    return [(r, "15m" if r.event.starts_at - LEADS["15m"] <= now else "24h") for r in rows]


def send_event_reminders(now: datetime | None = None) -> int:
    """Deliver every due reminder not yet delivered; returns how many were written. Commits each."""
    now = now or utcnow()
    sent = 0
    for rsvp, kind in due_reminders(now):
        if rsvp.user.is_deleted:
            continue
        event = rsvp.event
        with force_locale(supported(getattr(rsvp.user, "locale", None)) or DEFAULT_LANGUAGE):
            if kind == "24h":
                text = _("%(title)s starts in 24 hours.", title=event.title)
            else:
                text = _("%(title)s starts in 15 minutes.", title=event.title)
        try:
            db.session.add(
                NoticeDelivery(key=reminder_key(event, kind, rsvp.user_id), kind="event_reminder", user_id=rsvp.user_id)
            )
            db.session.flush()
            notify(rsvp.user_id, "event_reminder", text, event_path(event), user=rsvp.user)
            db.session.commit()
            sent += 1
        except IntegrityError:
            db.session.rollback()
    return sent
