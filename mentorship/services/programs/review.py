"""The admin's matching review page: suggestions with their people, the unmatched with why, free mentors, rules."""

from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from mentorship.extensions import db
from mentorship.models import Enrollment, Mentorship, MentorshipMember, Program
from mentorship.models.matching import MatchRun, MatchSuggestion, PairDecision
from mentorship.services.programs.enrollments import LIVE_STATUSES
from mentorship.services.programs.pairing import people_in_live_mentorships
from mentorship.services.programs.runs import approved_enrollments


@dataclass
class Review:
    """Everything the review page shows, loaded with a fixed number of queries."""

    enrollments: dict[int, Enrollment]
    suggestions: list[tuple[MatchSuggestion, Enrollment, list[Enrollment]]]
    unmatched: list[tuple[Enrollment, str]]
    free_mentors: list[tuple[Enrollment, int]]
    decisions: list[PairDecision]
    mentorships: list[Mentorship]
    last_run: MatchRun | None
    mentees_for_hand: list[Enrollment] = field(default_factory=list)


def enrollments_by_id(program: Program) -> dict[int, Enrollment]:
    """Every sign-up of the program by id (a suggestion's row names its people from these)."""
    return {e.id: e for e in db.session.scalars(select(Enrollment).where(Enrollment.program_id == program.id))}


def review(program: Program) -> Review:
    """The state of matching in a program, for the admin's review page."""
    enrollments = {e.id: e for e in approved_enrollments(program)}
    pending = db.session.scalars(
        select(MatchSuggestion)
        .where(MatchSuggestion.program_id == program.id, MatchSuggestion.status == "pending")
        .order_by(MatchSuggestion.score.desc(), MatchSuggestion.id)
    ).all()
    suggestions = [
        (s, enrollments[s.mentor_enrollment_id], [enrollments[i] for i in s.mentee_enrollment_ids])
        for s in pending
        if s.mentor_enrollment_id in enrollments and all(i in enrollments for i in s.mentee_enrollment_ids)
    ]
    mentorships = db.session.scalars(
        select(Mentorship)
        .where(Mentorship.program_id == program.id, Mentorship.status.in_(LIVE_STATUSES))
        .options(selectinload(Mentorship.members).selectinload(MentorshipMember.user))
        .order_by(Mentorship.created_at.desc())
    ).all()
    live = people_in_live_mentorships(program.id)
    last_run = db.session.scalar(
        select(MatchRun).where(MatchRun.program_id == program.id).order_by(MatchRun.id.desc()).limit(1)
    )
    suggested = {i for s, _, _ in suggestions for i in s.mentee_enrollment_ids}
    unpaired = [e for e in enrollments.values() if e.role == "mentee" and e.user_id not in live]
    unmatched = [(e, _unmatched_reason(e, last_run)) for e in unpaired if e.id not in suggested]
    unmatched.sort(key=lambda pair: (-(pair[0].unmatched_rounds or 0), pair[0].created_at))
    free_mentors = [
        (e, e.capacity - live.get(e.user_id, 0))
        for e in enrollments.values()
        if e.role == "mentor" and e.capacity > live.get(e.user_id, 0)
    ]
    decisions = db.session.scalars(
        select(PairDecision)
        .where(PairDecision.program_id == program.id)
        .options(
            selectinload(PairDecision.mentor).selectinload(Enrollment.user),
            selectinload(PairDecision.mentee).selectinload(Enrollment.user),
        )
        .order_by(PairDecision.created_at.desc())
    ).all()
    return Review(enrollments, suggestions, unmatched, free_mentors, decisions, mentorships, last_run, unpaired)


def _unmatched_reason(enrollment: Enrollment, last_run: MatchRun | None) -> str:
    if last_run is None:
        return _("Matching hasn't run yet.")
    reason = (last_run.unmatched or {}).get(str(enrollment.id))
    if reason:
        return reason[0].upper() + reason[1:].rstrip(".") + "."
    if enrollment.updated_at and enrollment.updated_at > last_run.created_at:
        return _("Approved or changed after the last run; run matching again.")
    return _("Their suggestion was rejected or replaced; run matching again.")
