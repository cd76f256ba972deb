"""Communities: create, join (with the code of conduct), leave, roles and join requests."""

import re
import unicodedata

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from mentorship.database import one_row
from mentorship.extensions import db
from mentorship.models import Community, JoinRequest, Membership, User, utcnow
from mentorship.permissions.communities import membership_in
from mentorship.services.communities import audit
from mentorship.services.notify.links import site_path
from mentorship.services.notify.notifications import notify_many

SLUG_ATTEMPTS = 5


class CommunityError(ValueError):
    """An action refused, with a message for the person."""


def slugify(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    return slug[:50] or "community"


def unique_slug(name: str) -> str:
    base = slugify(name)
    taken = set(db.session.scalars(select(Community.slug).where(Community.slug.like(f"{base}%"))))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def create_community(
    creator: User, name: str, description: str | None, is_private: bool, code_of_conduct: str | None = None
) -> Community:
    """Create a community whose creator is its first admin; commits."""
    fields = {"name": name.strip(), "description": (description or "").strip(), "is_private": is_private}
    if code_of_conduct and code_of_conduct.strip():
        fields["code_of_conduct"] = code_of_conduct.strip()
    for _attempt in range(SLUG_ATTEMPTS):
        community = Community(slug=unique_slug(name), created_by_id=creator.id, **fields)
        try:
            with db.session.begin_nested():
                db.session.add(community)
        except IntegrityError:  # another request took this address a moment ago: take the next one
            continue
        break
    else:
        raise CommunityError("Many communities with this name were created just now. Please try again.")
    db.session.add(Membership(community_id=community.id, user_id=creator.id, role="admin", coc_accepted_at=utcnow()))
    db.session.commit()
    return community


def join_community(user: User, community: Community) -> Membership:
    """Join a public community, accepting its code of conduct; commits."""
    if community.is_private:
        raise CommunityError("This community is private: ask to join and an admin will decide.")
    membership = membership_in(community.id, user.id)
    if membership is None:  # joined twice at once: the second request takes the first one's membership
        keys = {"community_id": community.id, "user_id": user.id}
        membership = one_row(db.session, Membership, {"coc_accepted_at": utcnow()}, **keys)
        db.session.commit()
    return membership


def request_to_join(user: User, community: Community, message: str) -> JoinRequest:
    """Ask to join a private community (accepting its code of conduct); commits."""
    join_request = db.session.scalar(
        select(JoinRequest).where(JoinRequest.community_id == community.id, JoinRequest.user_id == user.id)
    )
    if join_request is None:
        join_request = JoinRequest(community_id=community.id, user_id=user.id)
        db.session.add(join_request)
    elif join_request.status == "pending":
        return join_request
    join_request.message = message.strip()
    join_request.status = "pending"
    join_request.created_at = utcnow()
    join_request.decided_at = None
    db.session.flush()
    _notify_admins_of_request(community, user)
    db.session.commit()
    return join_request


def _notify_admins_of_request(community: Community, user: User) -> None:
    admin_ids = db.session.scalars(
        select(Membership.user_id).where(Membership.community_id == community.id, Membership.role == "admin")
    )
    link = site_path("communities.join_requests", slug=community.slug)
    notify_many(admin_ids, "join_request", f"{user.display_name} asks to join {community.name}.", link, author=user)


def decide_join_request(admin: User, join_request: JoinRequest, approve: bool) -> None:
    """Approve (making them a member) or decline a pending request; commits."""
    if join_request.status != "pending":
        raise CommunityError("This request was already decided.")
    join_request.status = "approved" if approve else "declined"
    join_request.decided_at = utcnow()
    if approve:
        db.session.add(
            Membership(community_id=join_request.community_id, user_id=join_request.user_id, coc_accepted_at=utcnow())
        )
    audit.log(
        join_request.community_id,
        admin.id,
        "join_request_approved" if approve else "join_request_declined",
        "user",
        join_request.user_id,
    )
    db.session.commit()


def admin_count(community_id: int) -> int:
    return db.session.scalar(
        select(func.count()).where(Membership.community_id == community_id, Membership.role == "admin")
    )


def leave_community(membership: Membership) -> None:
    """Leave; the last admin must hand over first so no community is orphaned; commits."""
    if membership.is_admin and admin_count(membership.community_id) <= 1:
        raise CommunityError("You are the only admin. Make someone else an admin before you leave.")
    db.session.delete(membership)
    db.session.commit()


def change_role(admin: User, membership: Membership, role: str) -> None:
    """Make a member a moderator, admin or plain member again; commits."""
    if role not in ("member", "moderator", "admin"):
        raise CommunityError("Unknown role.")
    if membership.is_admin and role != "admin" and admin_count(membership.community_id) <= 1:
        raise CommunityError("A community needs at least one admin.")
    old = membership.role
    membership.role = role
    audit.log(
        membership.community_id, admin.id, "role_changed", "user", membership.user_id, **{"from": old, "to": role}
    )
    db.session.commit()


def remove_member(admin: User, membership: Membership, reason: str = "") -> None:
    """Remove someone from the community; commits."""
    if membership.user_id == admin.id:
        raise CommunityError("To leave, use “Leave community”.")
    if membership.is_admin and admin_count(membership.community_id) <= 1:
        raise CommunityError("A community needs at least one admin.")
    audit.log(membership.community_id, admin.id, "member_removed", "user", membership.user_id, reason)
    db.session.delete(membership)
    db.session.commit()
