"""A member's sessions in their own data export: every session of their mentorships, agenda and note included
(they are a member, and the export goes to them alone). Connected to `signals.person_exported`."""

from sqlalchemy import select

from mentorship.extensions import db
from mentorship.models import CallSession, MentorshipMember, User
from mentorship.services.sessions.calendar import session_title
from mentorship.signals import person_exported


def export_sessions(user: User) -> list[dict]:
    """The member's sessions, soonest first: when, where, status, agenda and shared note."""
    sessions = db.session.scalars(
        select(CallSession)
        .join(MentorshipMember, MentorshipMember.mentorship_id == CallSession.mentorship_id)
        .where(MentorshipMember.user_id == user.id)
        .order_by(CallSession.starts_at)
    )
    return [
        {
            "mentorship_id": s.mentorship_id,
            "title": session_title(s, user.id),
            "starts_at": s.starts_at,
            "minutes": s.minutes,
            "zone": s.zone,
            "status": s.status,
            "place_kind": s.place_kind,
            "place": s.place,
            "agenda": s.agenda,
            "note": s.note,
            "proposed_by_me": s.proposer_id == user.id,
        }
        for s in sessions
    ]


@person_exported.connect
def _export_section(user: User) -> tuple[str, list]:
    return "mentoring_sessions", export_sessions(user)
