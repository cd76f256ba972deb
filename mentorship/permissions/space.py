"""Who may see a mentorship's private space: its own members, never admins or moderators."""

from flask import abort
from flask_login import current_user
from sqlalchemy import select

from mentorship.extensions import db
from mentorship.models import Mentorship, MentorshipMember, User


def can_view_mentorship(user, mentorship: Mentorship) -> bool:
    """Only the mentorship's own members, never admins or moderators."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return mentorship.member_for(user.id) is not None


def get_mentorship_or_404(mentorship_id: int) -> Mentorship:
    """A mentorship its member may open; to anyone else it does not exist."""
    mentorship = db.session.get(Mentorship, mentorship_id)
    if mentorship is None or not can_view_mentorship(current_user, mentorship):
        abort(404)
    return mentorship


def is_mentorship_member(user: User, mentorship_id: int) -> bool:
    return (
        db.session.scalar(
            select(MentorshipMember.id).where(
                MentorshipMember.mentorship_id == mentorship_id, MentorshipMember.user_id == user.id
            )
        )
        is not None
    )


TEMPLATE_PREDICATES = {"can_view_mentorship": can_view_mentorship}
