"""Session reminders, 24 hours and 15 minutes before, each delivered once per (session, occurrence, kind, member).

The NoticeDelivery key names all four, so a retried or duplicated sweep writes nothing twice: the delivery, its
notification and its mail are one transaction, and the unique key refuses a second. A moved session is a new
occurrence (its start is in the key), so it is reminded again at its new time.
"""

from datetime import datetime, timedelta

from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from mentorship.extensions import db
from mentorship.models import CallSession, Mentorship, MentorshipMember, NoticeDelivery, utcnow
from mentorship.models.sessions import SessionStatus
from mentorship.services.notify.notifications import notify
from mentorship.services.sessions.calendar import session_title
from mentorship.services.sessions.series import occurrences

LEADS = {"24h": timedelta(hours=24), "15m": timedelta(minutes=15)}


def reminder_key(session: CallSession, kind: str, user_id: int, start: datetime | None = None) -> str:
    """The delivery's unique key: session, occurrence (its start), kind and member."""
    return f"session-{session.id}-{start or session.starts_at:%Y%m%dT%H%M}-{kind}-{user_id}"


def due_reminders(now: datetime) -> list[tuple[CallSession, datetime, str]]:
    """Occurrences of accepted sessions whose 24-hour or 15-minute reminder time has come, not yet started."""
    sessions = db.session.scalars(
        select(CallSession)
        .where(
            CallSession.status == SessionStatus.ACCEPTED,
            CallSession.starts_at <= now + LEADS["24h"],
            or_(CallSession.starts_at > now, CallSession.repeat_weeks > 0),
        )
        .options(joinedload(CallSession.mentorship).joinedload(Mentorship.members).joinedload(MentorshipMember.user))
    ).unique()
    due = []
    for session in sessions:
        for occurrence in occurrences(session, now, now + LEADS["24h"]):
            start = occurrence.starts_at
            if now < start <= now + LEADS["24h"]:
                # An occurrence first seen within 15 minutes of its start gets the 15-minute reminder alone.
                due.append((session, start, "15m" if start - LEADS["15m"] <= now else "24h"))
    return due


def send_session_reminders(now: datetime | None = None) -> int:
    """Deliver every due reminder not yet delivered; returns how many were written. Commits each."""
    now = now or utcnow()
    sent = 0
    for session, start, kind in due_reminders(now):
        for member in session.mentorship.members:
            if member.user.is_deleted:
                continue
            key = reminder_key(session, kind, member.user_id, start)
            text = (
                f"{session_title(session, member.user_id)} starts in {'24 hours' if kind == '24h' else '15 minutes'}."
            )
            try:
                db.session.add(NoticeDelivery(key=key, kind="session_reminder", user_id=member.user_id))
                db.session.flush()
                notify(
                    member.user_id, "session_reminder", text, f"/m/{session.mentorship_id}/sessions", user=member.user
                )
                db.session.commit()
                sent += 1
            except IntegrityError:
                db.session.rollback()
    return sent
