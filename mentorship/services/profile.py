"""A person's own profile and preferences."""

from ..extensions import db
from ..models import User, UserSkill
from .text import parse_tags


def update_profile(user: User, display_name: str, timezone: str, skills: str, bio: str) -> None:
    """Save profile fields and replace the skill tags; commits."""
    user.display_name = display_name.strip()
    user.timezone = timezone
    user.bio = bio.strip()
    tags, _ = parse_tags(skills)
    user.skills = [UserSkill(tag=tag) for tag in tags]
    db.session.commit()
