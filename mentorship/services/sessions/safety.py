"""A block between two members cancels the future sessions they share, and mails the cancellation without a reason.

Connected to `signals.block_made` (sent by services/moderation/blocking.py inside the block's transaction), so the
moderation area needs to import nothing of this one. Neither the thread's line nor the mail says who blocked whom,
or that anyone did: "Upcoming sessions were cancelled."
"""

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from mentorship.dates import in_zone
from mentorship.extensions import db
from mentorship.models import CallSession, MentorshipMember, utcnow
from mentorship.models.sessions import SessionStatus
from mentorship.permissions.sessions import OPEN_STATUSES
from mentorship.services.notify.mail import queue_mail
from mentorship.services.sessions.calendar import session_ics, session_title
from mentorship.services.space.thread import post_system_message
from mentorship.signals import block_made


def cancel_sessions_between(a: int, b: int) -> list[CallSession]:
    """Cancel every future open session of the mentorships both belong to (in the caller's transaction)."""
    now = utcnow()
    with_a = select(MentorshipMember.mentorship_id).where(MentorshipMember.user_id == a)
    with_b = select(MentorshipMember.mentorship_id).where(MentorshipMember.user_id == b)
    sessions = list(
        db.session.scalars(
            select(CallSession).where(
                CallSession.mentorship_id.in_(with_a),
                CallSession.mentorship_id.in_(with_b),
                CallSession.status.in_(list(OPEN_STATUSES)),
                CallSession.starts_at > now,
            )
        )
    )
    told = set()
    for session in sessions:
        session.status = SessionStatus.CANCELLED
        session.sequence += 1
        mentorship = session.mentorship
        if mentorship.id not in told:
            told.add(mentorship.id)
            post_system_message(mentorship, _("Upcoming sessions were cancelled."), commit=False)
        for member in mentorship.members:
            if member.user.is_deleted:
                continue
            queue_mail(
                member.user,
                "session",
                _("Session cancelled") + f": {session_title(session, member.user_id)}",
                "session_invite",
                calendar_ics=session_ics(session, member.user_id, now, "CANCEL"),
                session=session,
                when=in_zone(session.starts_at, member.user.timezone, "%a %d %b, %H:%M") + f" ({member.user.timezone})",
                actor=None,
                subject_line=_("this session was cancelled"),
                accept_url=None,
                space_url=current_app.config["BASE_URL"].rstrip("/") + f"/m/{mentorship.id}/sessions",
            )
    return sessions


@block_made.connect
def _on_block(blocker_id: int, blocked_id: int) -> None:
    cancel_sessions_between(blocker_id, blocked_id)
