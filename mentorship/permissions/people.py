"""Who may see a member's profile and picture; the profile loader.

A profile lives inside a community: its members see one another (a private community's is a 404 to everyone
else, visitors included; a public one's asks visitors to log in and other people to join). A picture is served
to the member and to the people who share a community with them; to anyone else it does not exist.
"""

from flask import abort, current_app
from flask_login import current_user
from sqlalchemy import exists, select
from sqlalchemy.orm import aliased

from mentorship.extensions import db
from mentorship.models import Community, Membership, User
from mentorship.permissions.communities import get_community_or_404, membership_in, membership_of, refuse_outsider


def shares_a_community(viewer_id: int, person_id: int) -> bool:
    """Whether two people are members of one community (one query)."""
    mine, theirs = aliased(Membership), aliased(Membership)
    query = select(
        exists().where(mine.user_id == viewer_id, theirs.user_id == person_id, mine.community_id == theirs.community_id)
    )
    return bool(db.session.scalar(query))


def can_see_person(viewer, person: User) -> bool:
    """A member's picture and name are for themselves and the people they share a community with."""
    if viewer is None or not getattr(viewer, "is_authenticated", False) or person.is_deleted:
        return False
    return viewer.id == person.id or shares_a_community(viewer.id, person.id)


def get_profile_or_404(slug: str, user_id: int) -> tuple[Community, Membership, Membership]:
    """(community, the viewer's membership, the person's membership) for a profile page."""
    community = get_community_or_404(slug)
    if not current_user.is_authenticated:
        abort(current_app.login_manager.unauthorized())
    mine = membership_of(current_user, community)
    if mine is None:
        refuse_outsider(community, current_user)
    theirs = membership_in(community.id, user_id)
    if theirs is None or theirs.user.is_deleted:
        abort(404)
    return community, mine, theirs


def get_visible_person_or_404(user_id: int) -> User:
    """A person whose picture the viewer may see; anyone else's is a 404."""
    person = db.session.get(User, user_id)
    if person is None or not can_see_person(current_user, person):
        abort(404)
    return person


TEMPLATE_PREDICATES: dict = {}  # the picture rule runs a query: views ask it, templates get the answer
