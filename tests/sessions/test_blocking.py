"""A block cancels the future sessions of the mentorship it stands in, mailing a CANCEL that gives no reason;
a blocked or paused mentorship can neither propose nor accept."""

from datetime import timedelta

import icalendar
import pytest
import vobject
from sqlalchemy import select

from mentorship.extensions import db
from mentorship.models import Block, CallSession, EmailOutbox, Message, utcnow
from mentorship.services.moderation.blocking import block
from tests.sessions.test_sessions import FORM


def _session(pair, status: str, days: int) -> CallSession:
    session = CallSession(
        mentorship_id=pair.mentorship.id,
        proposer_id=pair.mentor.id,
        starts_at=utcnow() + timedelta(days=days),
        minutes=45,
        place_kind="jitsi",
        place="https://meet.jit.si/mentorship-x",
        agenda="Talk about the block",
        status=status,
        uid=f"session-{status}-{days}@mentorship",
    )
    db.session.add(session)
    db.session.commit()
    return session


def test_a_block_cancels_future_sessions_and_mails_a_cancel_without_a_reason(pair):
    future, proposed = _session(pair, "accepted", 3), _session(pair, "proposed", 5)
    past = _session(pair, "accepted", -2)
    block(pair.mentee, pair.mentor)
    for session in (future, proposed, past):
        db.session.refresh(session)
    assert future.status == proposed.status == "cancelled" and past.status == "accepted"
    assert future.sequence == 1
    mails = db.session.scalars(select(EmailOutbox).where(EmailOutbox.kind == "session")).all()
    assert sorted(m.user_id for m in mails) == sorted([pair.mentor.id, pair.mentee.id] * 2)
    for mail in mails:
        assert icalendar.Calendar.from_ical(mail.calendar_ics)["METHOD"] == "CANCEL"
        vobject.readOne(mail.calendar_ics)
        for text in (mail.subject, mail.text_body, mail.calendar_ics):
            assert "block" not in text.lower()
            assert "Talk about" not in text
    lines = db.session.scalars(select(Message.body).where(Message.is_system.is_(True))).all()
    assert "Upcoming sessions were cancelled." in lines
    assert not any("block" in line.lower() for line in lines)


@pytest.mark.parametrize("state", ["paused", "blocked"])
def test_a_paused_or_blocked_mentorship_cannot_accept(pair, login_as, state):
    _propose = login_as(pair.mentor).post(f"/m/{pair.mentorship.id}/sessions", data=FORM)
    assert _propose.status_code == 303
    session = db.session.scalar(select(CallSession))
    if state == "paused":
        pair.mentorship.status = "paused"
    else:
        db.session.add(Block(blocker_id=pair.mentor.id, blocked_id=pair.mentee.id))
    db.session.commit()
    response = login_as(pair.mentee).post(f"/m/{pair.mentorship.id}/sessions/{session.id}/accept")
    assert response.status_code == 303
    db.session.refresh(session)
    assert session.status == "proposed"
