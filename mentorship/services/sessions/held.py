"""Sessions that took place: this week's (for the check-in's "Did you meet this week?") and, as counts, a
program's (for program health, where admins see numbers, never times, places or agendas)."""

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from mentorship.extensions import db
from mentorship.models import CallSession, Mentorship, utcnow
from mentorship.models.sessions import SessionStatus
from mentorship.services.sessions.series import Occurrence, occurrences


def held_between(mentorship_id: int, start: datetime, end: datetime) -> list[Occurrence]:
    """Occurrences of the mentorship's accepted sessions that started in [start, end) and before now."""
    end = min(end, utcnow())
    sessions = db.session.scalars(
        select(CallSession)
        .where(
            CallSession.mentorship_id == mentorship_id,
            CallSession.status == SessionStatus.ACCEPTED,
            CallSession.starts_at < end,
        )
        .options(selectinload(CallSession.exceptions))
    )
    return [o for s in sessions for o in occurrences(s, start, end) if start <= o.starts_at < end]


def held_this_week(mentorship: Mentorship, week_ends_at: datetime) -> list[Occurrence]:
    """The sessions held in the check-in week ending at `week_ends_at`."""
    return held_between(mentorship.id, week_ends_at - timedelta(days=7), week_ends_at)


def held_in_program(program_id: int, now: datetime | None = None) -> tuple[int, int]:
    """(sessions held, mentorships that held at least one) in a program: counts only."""
    now = now or utcnow()
    in_program = select(Mentorship.id).where(Mentorship.program_id == program_id)
    sessions = db.session.scalars(
        select(CallSession)
        .where(
            CallSession.mentorship_id.in_(in_program),
            CallSession.status == SessionStatus.ACCEPTED,
            CallSession.starts_at <= now,
        )
        .options(selectinload(CallSession.exceptions))
    )
    held, pairs = 0, set()
    for session in sessions:
        n = started_count(session, now)
        held += n
        if n:
            pairs.add(session.mentorship_id)
    return held, len(pairs)


def started_count(session: CallSession, now: datetime) -> int:
    """How many of the session's occurrences have started, by arithmetic (a count for a page of figures: no
    expansion; the series' UTC time drifts by a DST hour, which matters only within that hour of now)."""
    if not session.is_series:
        return int(session.starts_at <= now)
    step = timedelta(weeks=session.repeat_weeks)
    started = min(session.repeat_count, max(0, (now - session.starts_at) // step + 1))
    for change in session.exceptions:
        was = change.original_start <= now
        now_started = not change.cancelled and change.starts_at is not None and change.starts_at <= now
        started += int(now_started) - int(was)
    return started
