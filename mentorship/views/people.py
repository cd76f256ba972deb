"""People: a member's profile inside a community, and the pictures that stand for them everywhere."""

from flask import Blueprint, abort, make_response
from flask_login import current_user, login_required

from mentorship.extensions import db
from mentorship.models import Community
from mentorship.permissions.communities import is_moderator
from mentorship.permissions.moderation import is_blocked
from mentorship.permissions.people import get_profile_or_404, get_visible_person_or_404
from mentorship.services.accounts.pictures import picture_bytes
from mentorship.services.board.profile import posts_on_profile
from mentorship.services.programs.people import mentoring_roles
from mentorship.web.htmx import render

bp = Blueprint("people", __name__)
BLUEPRINTS = (bp,)
TEMPLATE_GLOBALS: dict = {}
YEAR = 365 * 24 * 3600


@bp.get("/c/<slug>/people/<int:user_id>")
def profile(slug: str, user_id: int):
    """A member as the community sees them: name, picture, bio, skills, roles, shared communities, posts."""
    community, mine, theirs = get_profile_or_404(slug, user_id)
    person = theirs.user
    is_self = person.id == current_user.id
    return render(
        "people/profile.html",
        community=community,
        membership=mine,
        person=person,
        person_membership=theirs,
        is_self=is_self,
        blocked=not is_self and is_blocked(current_user.id, person.id),
        shared=db.session.scalars(Community.select_shared(current_user.id, person.id)).all(),
        roles=mentoring_roles(community.id, person.id),
        posts=posts_on_profile(community.id, person.id),
        can_moderate=is_moderator(current_user, community),
    )


@bp.get("/people/<int:user_id>/picture/<int:version>/<int:size>.jpg")
@login_required
def picture(user_id: int, version: int, size: int):
    """A member's picture, to the people who may see them; the version in the address makes it cacheable."""
    person = get_visible_person_or_404(user_id)
    data = picture_bytes(person.id, version, size) if person.picture_version == version else None
    if data is None:
        abort(404)
    response = make_response(data)
    response.headers["Content-Type"] = "image/jpeg"
    response.headers["Cache-Control"] = f"private, max-age={YEAR}, immutable"
    response.headers["Content-Disposition"] = "inline"
    return response
