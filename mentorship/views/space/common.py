"""Helpers shared by the views of the mentorship space (no blueprint here: see views/space/thread.py)."""

from flask import abort
from flask_login import current_user

from mentorship.models import Mentorship, MentorshipMember
from mentorship.services.space import thread as space


def space_or_404(mentorship_id: int) -> tuple[Mentorship, MentorshipMember]:
    """The mentorship and my place in it; a 404 to everyone else (admins and moderators included)."""
    mentorship = space.load_space(mentorship_id)
    member = mentorship.member_for(current_user.id) if mentorship is not None else None
    if member is None:
        abort(404)
    return mentorship, member


def space_title(mentorship: Mentorship, viewer_id: int) -> str:
    """What the viewer calls this mentorship: "Mentoring Sam", "Mentored by Lin", "Your circle"."""
    me = mentorship.member_for(viewer_id)
    mentors = " & ".join(m.user.display_name for m in mentorship.mentors) or "no mentor"
    mentees = [m.user.display_name for m in mentorship.mentees]
    if mentorship.kind == "circle":
        if me is not None and me.role == "mentor":
            return f"Your circle ({len(mentees)} mentees)"
        return f"Circle with {mentors}"
    if me is not None and me.role == "mentor":
        return "Mentoring " + (" & ".join(mentees) or "nobody yet")
    return f"Mentored by {mentors}"


def no_store(response):
    """Private pages must not be kept by browsers or proxies."""
    response.headers["Cache-Control"] = "no-store"
    response.headers["Pragma"] = "no-cache"
    return response
