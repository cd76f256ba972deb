"""Session reminders: 24 hours and 15 minutes before, each once, for every member."""

from datetime import timedelta

from sqlalchemy import func, select

from mentorship.extensions import db
from mentorship.models import CallSession, Notification, utcnow
from mentorship.services.sessions.reminders import send_session_reminders


def _session(pair, starts_at, status="accepted"):
    session = CallSession(
        mentorship_id=pair.mentorship.id,
        proposer_id=pair.mentor.id,
        starts_at=starts_at,
        minutes=45,
        place_kind="phone",
        agenda="Private agenda",
        status=status,
        uid=f"session-r-{starts_at:%H%M%S}@test",
    )
    db.session.add(session)
    db.session.commit()
    return session


def _reminders() -> list[str]:
    return db.session.scalars(select(Notification.text).where(Notification.kind == "session_reminder")).all()


def test_each_reminder_is_sent_once_to_each_member(pair):
    now = utcnow()
    _session(pair, now + timedelta(hours=20))
    assert send_session_reminders(now) == 2
    assert send_session_reminders(now) == 0  # a second sweep writes nothing
    texts = _reminders()
    assert sorted(texts) == sorted(
        [
            "Mentoring session with Lin Mentee starts in 24 hours.",
            "Mentoring session with Sam Mentor starts in 24 hours.",
        ]
    )
    assert all("Private agenda" not in t for t in texts)
    assert send_session_reminders(now + timedelta(hours=19, minutes=50)) == 2  # the 15-minute ones
    assert send_session_reminders(now + timedelta(hours=19, minutes=55)) == 0
    assert len(_reminders()) == 4


def test_proposed_and_far_sessions_get_none(pair):
    now = utcnow()
    _session(pair, now + timedelta(hours=2), status="proposed")
    _session(pair, now + timedelta(days=3))
    assert send_session_reminders(now) == 0
    assert db.session.scalar(select(func.count()).select_from(Notification)) == 0
