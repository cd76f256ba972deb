"""Who may create, change, see and answer a community's events.

Admins always create events; members when the admins allow it (EventSettings); a circle's mentor opens an
event to the whole circle. A circle's event is the circle's: a 404 to anyone outside it, admins included.
"""

from flask import abort
from flask_babel import gettext as _
from sqlalchemy import select

from mentorship.extensions import db
from mentorship.models import CommunityEvent, EventSettings, Membership, Mentorship, MentorshipMember
from mentorship.models.events import EventStatus, RsvpAnswer
from mentorship.models.mentorship import MentorshipKind

# The answers that let a person see who is going (they are coming, may come or wait for a seat).
ATTENDING = (RsvpAnswer.GOING, RsvpAnswer.WAITLIST, RsvpAnswer.MAYBE)


def members_may_create(community_id: int) -> bool:
    """The community's setting: may members (not only admins) create events?"""
    settings = db.session.get(EventSettings, community_id)
    return bool(settings and settings.members_create)


def create_refusal(membership: Membership | None, circle: Mentorship | None = None) -> str | None:
    """Why this person may not create an event here (None when they may)."""
    if membership is None:
        return _("Join this community to create events.")
    if membership.is_suspended:
        return _("You can't create events while your membership is suspended.")
    if circle is not None:
        member = circle.member_for(membership.user_id)
        if circle.kind != MentorshipKind.CIRCLE or member is None or member.role != "mentor":
            return _("Only the circle's mentor can open an event to the circle.")
        if circle.status != "active":
            return _("Events can be opened to a circle only while it is active.")
        return None
    if membership.is_admin or members_may_create(membership.community_id):
        return None
    return _("Only this community's admins create events here.")


def can_create_event(membership: Membership | None) -> bool:
    return create_refusal(membership) is None


def can_edit_event(membership: Membership | None, event: CommunityEvent) -> bool:
    """The organiser and the community's admins change or cancel an event."""
    if membership is None:
        return False
    return event.organizer_id == membership.user_id or (membership.is_admin and event.mentorship_id is None)


def answer_refusal(event: CommunityEvent, membership: Membership | None, now) -> str | None:
    """Why this member may not answer the event now."""
    if membership is None:
        return _("Join this community to answer its events.")
    if event.status == EventStatus.CANCELLED:
        return _("This event was cancelled.")
    if event.ends_at <= now:
        return _("This event is over.")
    return None


def can_see_attendees(membership: Membership | None, event: CommunityEvent, answer: str | None) -> bool:
    """Attendees (going, maybe, waitlisted), the organiser and the admins see who is going; others see counts."""
    return answer in ATTENDING or can_edit_event(membership, event) or bool(membership and membership.is_admin)


def circle_ids_of(user_id: int) -> list[int]:
    """The circles (and pairs) a person belongs to: the circle events they may see."""

    return list(db.session.scalars(select(MentorshipMember.mentorship_id).where(MentorshipMember.user_id == user_id)))


def get_event_or_404(community_id: int, event_id: int, user_id: int) -> CommunityEvent:
    """An event of this community the person may see (a circle's event only for its members)."""
    event = db.session.get(CommunityEvent, event_id)
    if event is None or event.community_id != community_id:
        abort(404)
    if event.mentorship_id is not None and event.mentorship_id not in circle_ids_of(user_id):
        abort(404)
    return event


def get_circle_or_404(community_id: int, mentorship_id: int | None, user_id: int) -> Mentorship | None:
    """The circle an event is opened to (its member asks), or None for a community event."""
    if mentorship_id is None:
        return None
    circle = db.session.get(Mentorship, mentorship_id)
    if circle is None or circle.community_id != community_id or circle.member_for(user_id) is None:
        abort(404)
    return circle


TEMPLATE_PREDICATES = {"can_edit_event": can_edit_event}
