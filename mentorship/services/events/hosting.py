"""Create, change and cancel a community's events; the community's setting that lets members create them.

Services take explicit arguments and own the commit. A change of time, length or place raises the SEQUENCE
and mails everyone going a new METHOD:REQUEST; a cancellation mails them a CANCEL.
"""

import secrets
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from flask_babel import gettext as _
from sqlalchemy import select

from mentorship.extensions import db
from mentorship.models import CommunityEvent, EventRsvp, EventSettings, Membership, Mentorship, User, utcnow
from mentorship.models.events import EventPlaceKind, EventStatus, RsvpAnswer
from mentorship.permissions.events import can_edit_event, create_refusal
from mentorship.services.board.posting import BoardError, create_topic
from mentorship.services.events.notices import tell_going, tell_people
from mentorship.services.events.seats import promote_waitlist
from mentorship.services.sessions.times import MAX_MINUTES, MIN_MINUTES

MAX_TITLE, MAX_DESCRIPTION, MAX_PLACE, MAX_CAPACITY = 120, 8000, 500, 10000


class EventError(ValueError):
    """An event action refused, with the sentence to show (and the form field it is about, if any)."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


@dataclass
class Draft:
    """What the organiser typed: the start already read into UTC from their zone."""

    title: str
    starts_at: datetime
    minutes: int
    zone: str
    place_kind: str
    place: str
    description: str = ""
    capacity: int | None = None
    with_topic: bool = False


def _clean(draft: Draft, now: datetime) -> Draft:
    title = (draft.title or "").strip()
    if not title:
        raise EventError(_("Give the event a title."), "title")
    if len(title) > MAX_TITLE:
        raise EventError(_("Keep the title under %(n)d characters.", n=MAX_TITLE), "title")
    description = (draft.description or "").strip()
    if len(description) > MAX_DESCRIPTION:
        raise EventError(_("Keep the description under %(n)d characters.", n=MAX_DESCRIPTION), "description")
    if draft.starts_at <= now:
        raise EventError(_("That time is in the past; pick a time to come."), "day")
    if draft.minutes is None or not MIN_MINUTES <= draft.minutes <= MAX_MINUTES:
        raise EventError(_("An event lasts %(a)d to %(b)d minutes.", a=MIN_MINUTES, b=MAX_MINUTES), "minutes")
    if draft.capacity is not None and not 1 <= draft.capacity <= MAX_CAPACITY:
        raise EventError(_("Capacity is 1 to %(n)d people, or empty for no limit.", n=MAX_CAPACITY), "capacity")
    return Draft(**{**draft.__dict__, "title": title, "description": description, "place": clean_place(draft)})


def clean_place(draft: Draft) -> str:
    """An http(s) link for an online event, an address for one in a room; EventError otherwise."""
    place = (draft.place or "").strip()
    if draft.place_kind not in EventPlaceKind.__members__.values():
        raise EventError(_("Choose an online link or an address."), "place_kind")
    if len(place) > MAX_PLACE:
        raise EventError(_("The place is too long (%(n)d characters at most).", n=MAX_PLACE), "place")
    if draft.place_kind == EventPlaceKind.LINK:
        parts = urlsplit(place)
        if parts.scheme not in ("http", "https") or not parts.netloc or any(c.isspace() for c in place):
            raise EventError(_("Paste a link that starts with https:// (or http://)."), "place")
    elif not place:
        raise EventError(_("Give the address where people meet."), "place")
    return place


def create_event(
    membership: Membership, organizer: User, draft: Draft, circle: Mentorship | None = None, now: datetime | None = None
) -> CommunityEvent:
    """A new event of the community (or of one circle), with its board topic if asked. Commits."""
    refusal = create_refusal(membership, circle)
    if refusal:
        raise EventError(refusal)
    draft = _clean(draft, now or utcnow())
    event = CommunityEvent(
        community_id=membership.community_id,
        mentorship_id=circle.id if circle else None,
        organizer_id=organizer.id,
        title=draft.title,
        description=draft.description,
        starts_at=draft.starts_at,
        minutes=draft.minutes,
        zone=draft.zone,
        place_kind=draft.place_kind,
        place=draft.place,
        capacity=draft.capacity,
        uid=f"event-{secrets.token_hex(12)}@mentorship",
    )
    event.organizer = organizer
    db.session.add(event)
    db.session.flush()
    if circle is not None:
        others = [m.user_id for m in circle.members if m.user_id != organizer.id]
        text = _("%(name)s opened an event to your circle: %(title)s", name=organizer.display_name, title=event.title)
        tell_people(event, others, text)
    if draft.with_topic and circle is None:
        _open_topic(event, membership, organizer)  # commits with the event
    db.session.commit()
    return event


def _open_topic(event: CommunityEvent, membership: Membership, organizer: User) -> None:
    body = event.description or _("Talk about the event here: questions, notes, what to bring.")
    try:
        topic = create_topic(
            membership.community, organizer, membership, kind="discussion", title=event.title, body=body
        )
    except BoardError as error:
        db.session.rollback()
        raise EventError(str(error)) from error
    event.topic_id = topic.id


def edit_event(event: CommunityEvent, membership: Membership, draft: Draft, now: datetime | None = None) -> bool:
    """Change an event; everyone going gets the update for their calendar. Returns whether it changed. Commits."""
    if not can_edit_event(membership, event):
        raise EventError(_("Only the organiser or an admin can change this event."))
    if event.status == EventStatus.CANCELLED:
        raise EventError(_("This event was cancelled."))
    draft = _clean(draft, now or utcnow())
    if draft.capacity is not None and draft.capacity < event.going_count:
        message = _("%(n)d people are already going: the capacity can't be lower than that.", n=event.going_count)
        raise EventError(message, "capacity")
    moved = (draft.starts_at, draft.minutes, draft.place_kind, draft.place, draft.title) != (
        event.starts_at,
        event.minutes,
        event.place_kind,
        event.place,
        event.title,
    )
    event.title, event.description, event.capacity = draft.title, draft.description, draft.capacity
    event.starts_at, event.minutes, event.zone = draft.starts_at, draft.minutes, draft.zone
    event.place_kind, event.place = draft.place_kind, draft.place
    if moved:
        event.sequence += 1
        db.session.flush()
        tell_going(event, _("Event changed"), "REQUEST")
    promote_waitlist(event)  # a higher capacity seats the waitlist
    db.session.commit()
    return moved


def cancel_event(event: CommunityEvent, membership: Membership) -> None:
    """Call the event off: everyone going gets a CANCEL, everyone who answered a notice. Commits."""
    if not can_edit_event(membership, event):
        raise EventError(_("Only the organiser or an admin can cancel this event."))
    if event.status == EventStatus.CANCELLED:
        raise EventError(_("This event was already cancelled."))
    event.status = EventStatus.CANCELLED
    event.sequence += 1
    db.session.flush()
    tell_going(event, _("Event cancelled"), "CANCEL")
    waiting = db.session.scalars(
        select(EventRsvp.user_id).where(
            EventRsvp.event_id == event.id, EventRsvp.answer.in_([RsvpAnswer.WAITLIST, RsvpAnswer.MAYBE])
        )
    )
    tell_people(event, list(waiting), _("This event was cancelled: %(title)s", title=event.title))
    db.session.commit()


def set_members_create(community_id: int, allowed: bool) -> None:
    """The admins' setting: members may (or may not) create events. Commits."""
    settings = db.session.get(EventSettings, community_id) or EventSettings(community_id=community_id)
    settings.members_create = allowed
    db.session.add(settings)
    db.session.commit()
