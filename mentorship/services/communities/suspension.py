"""Suspension: a member of a community who may read but not write there until a date."""

from typing import Protocol

from mentorship.dates import in_zone
from mentorship.extensions import db
from mentorship.models import Community, Membership, User
from mentorship.permissions.communities import membership_in


class Suspended(Protocol):
    suspended_until: object


def suspension_text(community: Community, suspended: Suspended | None, zone_name: str | None) -> str:
    """What a suspended member is told wherever they try to write (the date in their own zone)."""
    until = suspended.suspended_until if suspended is not None else None
    when = in_zone(until, zone_name) if until else "further notice"
    return (
        f"You are suspended in {community.name} until {when}: "
        "you can read, but not post, message or sign up until then."
    )


def active_suspension(community_id: int, user_id: int) -> Membership | None:
    """The person's membership when it is suspended right now, else None."""
    membership = membership_in(community_id, user_id)
    return membership if membership is not None and membership.is_suspended else None


def refusal_if_suspended(community: Community, user_id: int) -> str | None:
    """The sentence refusing a write by this person in this community, or None when they are not suspended."""
    suspended = active_suspension(community.id, user_id)
    if suspended is None:
        return None
    person = db.session.get(User, user_id)
    return suspension_text(community, suspended, person.timezone if person else None)
