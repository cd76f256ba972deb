"""Who may do what in a community: membership, roles, writing; the community loaders."""

from flask import abort, g
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from mentorship.extensions import db
from mentorship.models import Community, Membership

JOIN_TO_SEE = _l("Join this community to see that.")
ADMINS_ONLY = _l("Only this community's admins can do that.")
MODERATORS_ONLY = _l("Only this community's moderators can do that.")


def membership_in(community_id: int, user_id: int) -> Membership | None:
    """The one membership query: a person's membership of a community, or None (never cached)."""
    return db.session.scalar(
        select(Membership).where(Membership.community_id == community_id, Membership.user_id == user_id)
    )


def membership_of(user, community: Community) -> Membership | None:
    """The person's membership in a community (cached for the request), or None."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    cache = g.setdefault("_memberships", {})
    key = (user.id, community.id)
    if key not in cache:
        cache[key] = membership_in(community.id, user.id)
    return cache[key]


def is_member(user, community: Community) -> bool:
    return membership_of(user, community) is not None


def is_moderator(user, community: Community) -> bool:
    membership = membership_of(user, community)
    return membership is not None and membership.is_moderator


def is_admin(user, community: Community) -> bool:
    membership = membership_of(user, community)
    return membership is not None and membership.is_admin


def can_post(user, community: Community) -> bool:
    """Members who are not suspended may write."""
    return may_write(membership_of(user, community))


def may_write(membership: Membership | None) -> bool:
    """can_post() for a membership already in hand."""
    return membership is not None and not membership.is_suspended


def can_view_community(user, community: Community) -> bool:
    """Public communities are listed to all; a private one only to its members."""
    return not community.is_private or is_member(user, community)


def get_community_or_404(slug: str, user=None) -> Community:
    """Load a community the person may see; a private one is a 404 to outsiders."""
    community = db.session.scalar(select(Community).where(Community.slug == slug))
    if community is None or not can_view_community(user or current_user, community):
        abort(404)
    g.community_locale = community.default_locale  # a visitor reads its pages in it (web/languages.py)
    return community


def refuse_outsider(community: Community, user) -> None:
    """The 403 for a page of a public community the person isn't a member of: a logged-in person is offered the
    join step on the refusal page, and comes back to the page after joining."""
    if user is not None and getattr(user, "is_authenticated", False):
        g.join_offer = community
    abort(403, description=JOIN_TO_SEE)


def get_community_front_or_404(slug: str) -> Community:
    """Any community's front page (name, description, code of conduct) opens from its address.

    A private community is never listed, so its address works as an invitation to ask to join;
    everything inside it stays members-only (get_member_community_or_404).
    """
    community = db.session.scalar(select(Community).where(Community.slug == slug))
    if community is None:
        abort(404)
    g.community_locale = community.default_locale  # a visitor reads its pages in it (web/languages.py)
    return community


def get_member_community_or_404(slug: str) -> tuple[Community, Membership]:
    """A community page for members only: outsiders of a public one get 403."""
    community = get_community_or_404(slug)
    membership = membership_of(current_user, community)
    if membership is None:
        refuse_outsider(community, current_user)
    return community, membership


def get_admin_community_or_404(slug: str) -> tuple[Community, Membership]:
    """A community page for its admins: other members get 403 with the sentence."""
    community, membership = get_member_community_or_404(slug)
    if not membership.is_admin:
        abort(403, description=ADMINS_ONLY)
    return community, membership


def get_moderator_community_or_404(slug: str) -> tuple[Community, Membership]:
    """A community page for its moderators (admins moderate too): other members get 403 with the sentence."""
    community, membership = get_member_community_or_404(slug)
    if not membership.is_moderator:
        abort(403, description=MODERATORS_ONLY)
    return community, membership


def get_membership_or_404(community: Community, user_id: int) -> Membership:
    """Someone's membership of this community (for acting on a member); not a member here is a 404."""
    membership = membership_in(community.id, user_id)
    if membership is None:
        abort(404)
    return membership


TEMPLATE_PREDICATES = {
    "is_member": is_member,
    "is_moderator": is_moderator,
    "is_admin": is_admin,
    "can_post": can_post,
    "membership_of": membership_of,
}
