"""The guided program inside a mentorship: this week's step, marking weeks done, progress over all weeks."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, bindparam, exists, select
from sqlalchemy.orm import joinedload

from mentorship.database import one_row
from mentorship.extensions import db
from mentorship.models import Mentorship, ProgramStep, User, utcnow
from mentorship.models.space import CheckIn, StepProgress
from mentorship.permissions.space import step_refusal, undo_step_refusal
from mentorship.services.space.thread import SpaceError, week_of

MAX_NOTE_LENGTH = 2000


@dataclass
class WeekView:
    week: int
    step: ProgramStep | None
    progress: StepProgress | None
    state: str  # past | current | upcoming

    @property
    def done(self) -> bool:
        return self.progress is not None


def _this_week_statement():
    """this_week_summary()'s one query, built once (binds mentorship_id, user_id, week)."""
    mentorship_id, week = bindparam("mentorship_id"), bindparam("week")
    checked_in = exists().where(
        CheckIn.mentorship_id == mentorship_id, CheckIn.user_id == bindparam("user_id"), CheckIn.week == week
    )
    return (
        select(checked_in.label("checked_in"), ProgramStep, StepProgress)
        .select_from(Mentorship)
        .outerjoin(ProgramStep, and_(ProgramStep.program_id == Mentorship.program_id, ProgramStep.week == week))
        .outerjoin(StepProgress, and_(StepProgress.mentorship_id == Mentorship.id, StepProgress.week == week))
        .where(Mentorship.id == mentorship_id)
    )


THIS_WEEK = _this_week_statement()


def this_week_summary(mentorship: Mentorship, user_id: int, now: datetime | None = None) -> dict:
    """For the thread's side panel, in one query: this week's step, whether it is done, whether I checked in."""
    week = week_of(mentorship, now)
    params = {"mentorship_id": mentorship.id, "user_id": user_id, "week": week}
    row = db.session.execute(THIS_WEEK, params).one()
    return {
        "week": week,
        "in_plan": 1 <= week <= mentorship.weeks,
        "step": row[1],
        "progress": row[2],
        "checked_in": bool(row[0]),
    }


def weeks_overview(mentorship: Mentorship, now: datetime | None = None) -> list[WeekView]:
    """Every planned week with its step (if the program has one), its progress and past/current/upcoming."""
    current = week_of(mentorship, now)
    steps = {}
    if mentorship.program_id is not None:
        steps = {
            s.week: s
            for s in db.session.scalars(select(ProgramStep).where(ProgramStep.program_id == mentorship.program_id))
        }
    progress = {
        p.week: p
        for p in db.session.scalars(
            select(StepProgress)
            .where(StepProgress.mentorship_id == mentorship.id)
            .options(joinedload(StepProgress.done_by))
        )
    }
    views = []
    for week in range(1, mentorship.weeks + 1):
        state = "past" if week < current else "current" if week == current else "upcoming"
        views.append(WeekView(week, steps.get(week), progress.get(week), state))
    return views


def mark_done(mentorship: Mentorship, user: User, week: int, note: str, now: datetime | None = None) -> StepProgress:
    """Mark this week (or a past one) done with an optional note; commits."""
    refusal = step_refusal(mentorship, user.id, week, week_of(mentorship, now))
    if refusal is not None:
        raise SpaceError(refusal)
    note = (note or "").strip()
    if len(note) > MAX_NOTE_LENGTH:
        raise SpaceError(f"Keep the note under {MAX_NOTE_LENGTH:,} characters.")
    done_at = now or utcnow()
    defaults = {"done_by_id": user.id, "note": note, "done_at": done_at}
    progress = one_row(db.session, StepProgress, defaults, mentorship_id=mentorship.id, week=week)
    progress.done_by_id = user.id
    progress.note = note
    progress.done_at = done_at
    db.session.commit()
    return progress


def mark_not_done(mentorship: Mentorship, user: User, week: int) -> None:
    """Undo "done" for a week; commits."""
    refusal = undo_step_refusal(mentorship, user.id)
    if refusal is not None:
        raise SpaceError(refusal)
    progress = db.session.scalar(
        select(StepProgress).where(StepProgress.mentorship_id == mentorship.id, StepProgress.week == week)
    )
    if progress is not None:
        db.session.delete(progress)
        db.session.commit()
