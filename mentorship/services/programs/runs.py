"""The admin's matching work: run the matcher from the database, review, accept, reject, lock, forbid."""

from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from mentorship.database import one_row
from mentorship.extensions import db
from mentorship.models import Enrollment, Mentorship, Program, User, utcnow
from mentorship.models.matching import MatchRun, MatchSuggestion, PairDecision
from mentorship.permissions.programs import uses_mentor_directory
from mentorship.services.communities import audit
from mentorship.services.matching import suggest as matching
from mentorship.services.matching.suggest import MatchingError
from mentorship.services.programs.pairing import (
    PairingError,
    blocked_user_pairs,
    create_mentorship,
    decided_user_pairs,
    people_in_live_mentorships,
    tried_user_pairs,
)
from mentorship.services.programs.setup import must_of, weights_of


def to_person(enrollment: Enrollment, free_places: int | None = None) -> matching.Person:
    """An Enrollment as the matcher sees it."""
    return matching.Person(
        id=enrollment.id,
        user_id=enrollment.user_id,
        role=enrollment.role,
        topics=frozenset(enrollment.topics or []),
        goals=enrollment.goals or "",
        timezone=enrollment.timezone or "UTC",
        availability=frozenset(enrollment.availability or []),
        experience_years=enrollment.experience_years or 0,
        capacity=enrollment.capacity if free_places is None else free_places,
        languages=frozenset(enrollment.languages or []),
        priority=enrollment.unmatched_rounds or 0,
    )


def approved_enrollments(program: Program) -> list[Enrollment]:
    return list(
        db.session.scalars(
            select(Enrollment)
            .where(Enrollment.program_id == program.id, Enrollment.status == "approved")
            .options(selectinload(Enrollment.user))
            .order_by(Enrollment.created_at, Enrollment.id)
        )
    )


def set_weights(program: Program, actor: User, weights: dict[str, int], must: list[str]) -> None:
    """Save the admin's weights and must rules (a must field needs some weight); commits."""
    unknown = set(weights) - set(matching.DEFAULT_WEIGHTS) or set(must) - set(matching.DEFAULT_WEIGHTS)
    if unknown:
        raise MatchingError("Unknown field: " + ", ".join(sorted(unknown)))
    if any(not 0 <= v <= 100 for v in weights.values()):
        raise MatchingError("Weights go from 0 to 100.")
    if not any(weights.values()):
        raise MatchingError("Give at least one field some weight.")
    weightless = [f for f in must if not weights.get(f)]
    if weightless:
        raise MatchingError("A must rule needs some weight on its field: " + ", ".join(weightless) + ".")
    program.match_weights = {**matching.DEFAULT_WEIGHTS, **weights}
    program.match_rules = {**(program.match_rules or {}), "must": sorted(set(must))}
    db.session.commit()


def run_matching(program: Program, actor: User) -> MatchRun:
    """Suggest pairs (or circles) for everyone approved and not yet paired; commits."""
    if program.status not in ("open", "running"):
        raise MatchingError("Matching runs while the program is open or running.")
    if uses_mentor_directory(program):
        raise MatchingError("In this program mentees choose their mentor; you can still pair people by hand.")
    for old in db.session.scalars(
        select(MatchSuggestion).where(MatchSuggestion.program_id == program.id, MatchSuggestion.status == "pending")
    ):
        old.status = "superseded"
    enrollments = approved_enrollments(program)
    live = people_in_live_mentorships(program.id)
    # A mentor's free places: pairs (or circles, in a group program) they can still take on.
    mentors = [
        to_person(e, e.capacity - live.get(e.user_id, 0))
        for e in enrollments
        if e.role == "mentor" and not e.paused and e.capacity > live.get(e.user_id, 0)
    ]
    mentees = [to_person(e) for e in enrollments if e.role == "mentee" and e.user_id not in live]
    user_ids = {e.user_id for e in enrollments}
    forbidden = (
        blocked_user_pairs(user_ids)
        | tried_user_pairs(program.id)
        | decided_user_pairs(program.id, ("forbidden", "rejected"))
    )
    by_id = {e.id: e for e in enrollments}
    locked = _locked_pairs(program, {p.id: p.capacity for p in mentors}, {p.id for p in mentees}, by_id)
    kwargs = dict(weights=weights_of(program), must=must_of(program), forbidden=forbidden, locked=locked)
    if program.format == "group":
        result = matching.solve_circles(mentors, mentees, circle_size=program.circle_size, **kwargs)
    else:
        result = matching.solve(mentors, mentees, **kwargs)
    run = MatchRun(
        program_id=program.id,
        created_by_id=actor.id,
        unmatched={str(k): v for k, v in result.unmatched.items()},
        total_score=result.total_score,
        weights=kwargs["weights"],
    )
    db.session.add(run)
    db.session.flush()
    locked_set = set(locked)
    for s in result.suggestions:
        db.session.add(
            MatchSuggestion(
                program_id=program.id,
                run_id=run.id,
                mentor_enrollment_id=s.mentor_id,
                mentee_enrollment_ids=list(s.mentee_ids),
                score=s.score,
                reasons=[{"field": r.field, "points": r.points, "text": r.text} for r in s.reasons],
                locked=any((s.mentor_id, m) in locked_set for m in s.mentee_ids),
            )
        )
    for mentee_id in result.unmatched:
        by_id[mentee_id].unmatched_rounds = (by_id[mentee_id].unmatched_rounds or 0) + 1
    audit.log(
        program.community_id,
        actor.id,
        "matching_run",
        "program",
        program.id,
        suggestions=len(result.suggestions),
        unmatched=len(result.unmatched),
    )
    db.session.commit()
    return run


def _places(program: Program, capacity: int) -> int:
    """How many mentees a mentor's capacity holds: pairs, or circles of circle_size in a group program."""
    return capacity * (program.circle_size if program.format == "group" else 1)


def _locked_pairs(
    program: Program, free_places: dict[int, int], mentee_ids: set[int], by_id: dict[int, Enrollment]
) -> list[tuple[int, int]]:
    """The locks the run keeps (mentor with room, mentee unpaired); a lock the solver can't keep is refused here,
    naming the people (locks stored before the rules below were checked when adding them)."""
    rows = db.session.execute(
        select(PairDecision.mentor_enrollment_id, PairDecision.mentee_enrollment_id)
        .where(PairDecision.program_id == program.id, PairDecision.decision == "locked")
        .order_by(PairDecision.id)
    )
    locked = [(a, b) for a, b in rows if a in free_places and b in mentee_ids]
    mentors_of: dict[int, list[int]] = {}
    for mentor_id, mentee_id in locked:
        mentors_of.setdefault(mentee_id, []).append(mentor_id)
    for mentee_id, mentor_ids in mentors_of.items():
        if len(mentor_ids) > 1:
            names = " and ".join(by_id[m].user.display_name for m in mentor_ids)
            raise MatchingError(
                f"{by_id[mentee_id].user.display_name} is locked to two mentors ({names}): "
                "remove one of the locks, then run matching again."
            )
    for mentor_id, places in free_places.items():
        count = sum(1 for m, _ in locked if m == mentor_id)
        if count > _places(program, places):
            raise MatchingError(
                f"{by_id[mentor_id].user.display_name} has {count} locked mentees but room for "
                f"{_places(program, places)}: remove a lock, then run matching again."
            )
    return locked


def lock_problem(program: Program, mentor: Enrollment, mentee: Enrollment) -> str | None:
    """Why this pair can't be locked, or None: a lock the matcher could never keep is refused when it is added."""
    if (mentor.user_id, mentee.user_id) in blocked_user_pairs({mentor.user_id, mentee.user_id}):
        return "These two can't be paired (one has blocked the other)."
    locks = db.session.scalars(
        select(PairDecision)
        .where(
            PairDecision.program_id == program.id,
            PairDecision.decision == "locked",
            or_(PairDecision.mentee_enrollment_id == mentee.id, PairDecision.mentor_enrollment_id == mentor.id),
        )
        .options(selectinload(PairDecision.mentor).selectinload(Enrollment.user))
    ).all()
    mine = [d for d in locks if d.mentee_enrollment_id == mentee.id and d.mentor_enrollment_id != mentor.id]
    other = mine[0] if mine else None
    if other is not None:
        return (
            f"{mentee.user.display_name} is already locked to {other.mentor.user.display_name}: a mentee can be "
            "locked to one mentor. Remove that lock first."
        )
    others = [d for d in locks if d.mentor_enrollment_id == mentor.id and d.mentee_enrollment_id != mentee.id]
    if len(others) >= _places(program, mentor.capacity):
        return (
            f"{mentor.user.display_name} has room for {_places(program, mentor.capacity)} and already has "
            f"{len(others)} locked mentees: remove a lock or raise their capacity first."
        )
    return None


def _suggestion_people(suggestion: MatchSuggestion) -> tuple[Enrollment, list[Enrollment]]:
    mentees = db.session.scalars(
        select(Enrollment).where(Enrollment.id.in_(suggestion.mentee_enrollment_ids or []))
    ).all()
    order = {eid: i for i, eid in enumerate(suggestion.mentee_enrollment_ids or [])}
    return suggestion.mentor, sorted(mentees, key=lambda e: order[e.id])


def accept_suggestion(suggestion: MatchSuggestion, actor: User) -> Mentorship:
    """Turn a suggestion into an active mentorship and introduce its members; commits."""
    if suggestion.status != "pending":
        raise MatchingError("This suggestion was already decided or replaced by a newer run.")
    mentor, mentees = _suggestion_people(suggestion)
    try:
        mentorship = create_mentorship(
            suggestion.program, mentor, mentees, score=suggestion.score, reasons=suggestion.reasons
        )
    except PairingError as error:
        db.session.rollback()
        raise MatchingError(str(error))
    suggestion.status, suggestion.decided_at, suggestion.mentorship_id = "accepted", utcnow(), mentorship.id
    audit.log(
        suggestion.program.community_id,
        actor.id,
        "match_accepted",
        "program",
        suggestion.program.id,
        mentorship=mentorship.id,
    )
    db.session.commit()
    return mentorship


def accept_all(program: Program, actor: User) -> tuple[int, list[str]]:
    """Accept every pending suggestion that still holds; returns (how many, why the others were skipped)."""
    pending = db.session.scalars(
        select(MatchSuggestion)
        .where(MatchSuggestion.program_id == program.id, MatchSuggestion.status == "pending")
        .order_by(MatchSuggestion.score.desc())
    ).all()
    accepted, skipped = 0, []
    for suggestion_id in [s.id for s in pending]:
        suggestion = db.session.get(MatchSuggestion, suggestion_id)
        if suggestion.status != "pending":
            continue
        try:
            accept_suggestion(suggestion, actor)
            accepted += 1
        except MatchingError as error:
            skipped.append(str(error))
    return accepted, skipped


def reject_suggestion(suggestion: MatchSuggestion, actor: User) -> None:
    """Reject a suggestion: the matcher won't suggest these people together again; commits."""
    if suggestion.status != "pending":
        raise MatchingError("This suggestion was already decided or replaced by a newer run.")
    suggestion.status, suggestion.decided_at = "rejected", utcnow()
    for mentee_id in suggestion.mentee_enrollment_ids or []:
        _upsert_decision(suggestion.program_id, suggestion.mentor_enrollment_id, mentee_id, "rejected", actor)
    db.session.commit()


def _upsert_decision(program_id: int, mentor_id: int, mentee_id: int, decision: str, actor: User) -> PairDecision:
    # Two admins (or one double click) setting the same rule at once: the unique key keeps one row.
    keys = {"program_id": program_id, "mentor_enrollment_id": mentor_id, "mentee_enrollment_id": mentee_id}
    defaults = {"decision": decision, "created_by_id": actor.id, "created_at": utcnow()}
    row = one_row(db.session, PairDecision, defaults, **keys)
    row.decision, row.created_by_id, row.created_at = decision, actor.id, utcnow()
    db.session.add(row)
    return row


def set_pair_decision(program: Program, mentor: Enrollment, mentee: Enrollment, decision: str, actor: User) -> None:
    """Lock a pair (kept at every re-run) or forbid it (never suggested); commits."""
    if decision not in ("locked", "forbidden"):
        raise MatchingError("Choose lock or forbid.")
    if mentor.program_id != program.id or mentee.program_id != program.id:
        raise MatchingError("Both people must have signed up to this program.")
    if mentor.role != "mentor" or mentee.role != "mentee" or mentor.user_id == mentee.user_id:
        raise MatchingError("A rule is about one mentor and one mentee.")
    if decision == "locked" and (problem := lock_problem(program, mentor, mentee)):
        raise MatchingError(problem)
    _upsert_decision(program.id, mentor.id, mentee.id, decision, actor)
    for suggestion in db.session.scalars(
        select(MatchSuggestion).where(
            MatchSuggestion.program_id == program.id,
            MatchSuggestion.status == "pending",
            MatchSuggestion.mentor_enrollment_id == mentor.id,
        )
    ):
        if mentee.id in (suggestion.mentee_enrollment_ids or []):
            if decision == "forbidden":
                suggestion.status, suggestion.decided_at = "rejected", utcnow()
            else:
                suggestion.locked = True
    db.session.commit()


def remove_pair_decision(decision: PairDecision) -> None:
    """Undo a lock, forbid or rejection; commits."""
    db.session.delete(decision)
    db.session.commit()


def pair_by_hand(program: Program, mentor: Enrollment, mentees: list[Enrollment], actor: User) -> Mentorship:
    """The admin pairs people themselves (every hard rule still applies); commits."""
    try:
        mentorship = create_mentorship(program, mentor, mentees, by_hand=True)
    except PairingError as error:
        db.session.rollback()
        raise MatchingError(str(error))
    audit.log(program.community_id, actor.id, "pair_by_hand", "program", program.id, mentorship=mentorship.id)
    db.session.commit()
    return mentorship
