"""Who may schedule a mentorship's sessions: its members, while it is active and no block stands between them.

A session's agenda and note are the space's content: `get_session_or_404` is a 404 to anyone but a member.
"""

from flask import abort
from flask_babel import gettext as _

from mentorship.extensions import db
from mentorship.models import CallSession, Mentorship
from mentorship.models.sessions import SessionStatus

SCHEDULING_STATUSES = ("active",)
OPEN_STATUSES = (SessionStatus.PROPOSED, SessionStatus.ACCEPTED)


def schedule_refusal(mentorship: Mentorship, user_id: int, blocked: bool) -> str | None:
    """Why this member may not propose, accept or move a session now (None when they may)."""
    if mentorship.member_for(user_id) is None:
        return _("Only the members of this mentorship can schedule its sessions.")
    if blocked:
        return _("Sessions can't be scheduled here because a block is in place.")
    if mentorship.status == "paused":
        return _("This mentorship is paused: resume it on the Manage tab to schedule sessions.")
    if mentorship.status not in SCHEDULING_STATUSES:
        return _("Sessions can be scheduled only while the mentorship is active.")
    return None


def answer_refusal(session: CallSession, user_id: int) -> str | None:
    """Why this member may not accept or decline the proposal (the proposer waits for the others)."""
    if session.status != SessionStatus.PROPOSED:
        return _("This session is no longer waiting for an answer.")
    if session.proposer_id == user_id:
        return _("You proposed this time; the others accept or decline it.")
    return None


def change_refusal(session: CallSession) -> str | None:
    """Why a session can no longer be moved or cancelled."""
    if session.status not in OPEN_STATUSES:
        return _("This session was already declined or cancelled.")
    return None


def get_session_or_404(mentorship: Mentorship, session_id: int) -> CallSession:
    """A session of this mentorship (the caller has loaded the mentorship through its members-only loader)."""
    session = db.session.get(CallSession, session_id)
    if session is None or session.mentorship_id != mentorship.id:
        abort(404)
    return session
