"""A community's own settings: its name, description, code of conduct and whether it is private."""

from flask_babel import gettext as _

from mentorship.extensions import db
from mentorship.models import Community, User
from mentorship.services.communities import audit
from mentorship.services.communities.membership import CommunityError


def update_community(
    admin: User, community: Community, name: str, description: str | None, code_of_conduct: str, is_private: bool
) -> list[str]:
    """Save the settings; the address (slug) stays so no link breaks. Returns the names of the changed fields;
    commits."""
    name, code_of_conduct = (name or "").strip(), (code_of_conduct or "").strip()
    if len(name) < 3:
        raise CommunityError(_("Use 3 to 80 characters."))
    if not code_of_conduct:
        raise CommunityError(_("A community needs a code of conduct: every member accepts it when joining."))
    wanted = {
        "name": name,
        "description": (description or "").strip(),
        "code_of_conduct": code_of_conduct,
        "is_private": bool(is_private),
    }
    changed = [key for key, value in wanted.items() if getattr(community, key) != value]
    for key in changed:
        setattr(community, key, wanted[key])
    if changed:
        audit.log(community.id, admin.id, "community_settings_changed", "community", community.id, fields=changed)
    db.session.commit()
    return changed
