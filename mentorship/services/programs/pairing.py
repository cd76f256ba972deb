"""Pairing people in a program: hard rules, creating mentorships, introductions and role swaps.

The matcher itself is pure (services/matching/suggest.py); this module feeds it from the database
(services/programs/runs.py) and turns accepted suggestions, hand pairs and accepted mentor
requests into Mentorship records through `create_mentorship`, which checks every hard rule.
"""

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import aliased

from mentorship.extensions import db
from mentorship.models import Block, Enrollment, Mentorship, MentorshipMember, Program, User, utcnow
from mentorship.models.matching import MatchSuggestion, PairDecision
from mentorship.services.notify.links import site_path
from mentorship.services.notify.notifications import notify
from mentorship.services.outcomes.goals import draft_from_signup
from mentorship.services.programs.enrollments import LIVE_STATUSES, live_mentorship_count
from mentorship.services.programs.setup import role_labels
from mentorship.services.space.thread import post_system_message


class PairingError(ValueError):
    """A pair that may not be made, with the reason in words."""


def blocked_user_pairs(user_ids: set[int]) -> set[tuple[int, int]]:
    """Every (a, b) among these people with a block between them, in both orders."""
    if not user_ids:
        return set()
    rows = db.session.execute(
        select(Block.blocker_id, Block.blocked_id).where(Block.blocker_id.in_(user_ids), Block.blocked_id.in_(user_ids))
    )
    pairs = set()
    for a, b in rows:
        pairs.update({(a, b), (b, a)})
    return pairs


def tried_user_pairs(program_id: int) -> set[tuple[int, int]]:
    """(mentor user, mentee user) of every mentorship this program ever made, whatever its status."""
    rows = db.session.execute(
        select(MentorshipMember.mentorship_id, MentorshipMember.user_id, MentorshipMember.role)
        .join(Mentorship)
        .where(Mentorship.program_id == program_id)
    )
    by_mentorship: dict[int, list[tuple[int, str]]] = {}
    for mentorship_id, user_id, role in rows:
        by_mentorship.setdefault(mentorship_id, []).append((user_id, role))
    pairs = set()
    for members in by_mentorship.values():
        for a, _ in members:
            for b, _ in members:
                if a != b:
                    pairs.add((a, b))  # roles may have been swapped since, so both orders count
    return pairs


def decided_user_pairs(program_id: int, decisions: tuple[str, ...]) -> set[tuple[int, int]]:
    """(mentor user, mentee user) pairs the admin gave one of these decisions."""
    mentor, mentee = aliased(Enrollment), aliased(Enrollment)
    rows = db.session.execute(
        select(mentor.user_id, mentee.user_id)
        .select_from(PairDecision)
        .join(mentor, mentor.id == PairDecision.mentor_enrollment_id)
        .join(mentee, mentee.id == PairDecision.mentee_enrollment_id)
        .where(PairDecision.program_id == program_id, PairDecision.decision.in_(decisions))
    )
    return {(a, b) for a, b in rows}


def pair_problem(
    program: Program, mentor: Enrollment, mentees: list[Enrollment], *, by_hand: bool = False
) -> str | None:
    """Why this mentor and these mentees can't be paired now, or None. Checks every hard rule."""
    if program.status not in ("open", "running"):
        return "People can only be paired while the program is open or running."
    if not mentees:
        return "Choose at least one mentee."
    if mentor.program_id != program.id or any(m.program_id != program.id for m in mentees):
        return "Both people must have signed up to this program."
    if mentor.role != "mentor" or any(m.role != "mentee" for m in mentees):
        return "Pair a mentor with mentees."
    if any(m.user_id == mentor.user_id for m in mentees) or len({m.user_id for m in mentees}) != len(mentees):
        return "Nobody can be paired with themselves."
    if mentor.status != "approved" or any(m.status != "approved" for m in mentees):
        return "Both sign-ups must be approved first."
    if mentor.paused:
        return f"{mentor.user.display_name} has paused their availability."
    if len(mentees) > 1 and program.format != "group":
        return "Only group programs make circles; pair one mentee at a time."
    if len(mentees) > program.circle_size:
        return f"A circle has at most {program.circle_size} mentees."
    user_ids = {mentor.user_id} | {m.user_id for m in mentees}
    blocked = blocked_user_pairs(user_ids)
    tried = tried_user_pairs(program.id)
    forbidden = decided_user_pairs(program.id, ("forbidden",) if by_hand else ("forbidden", "rejected"))
    for mentee in mentees:
        name = mentee.user.display_name
        pair = (mentor.user_id, mentee.user_id)
        if pair in blocked:
            return f"{mentor.user.display_name} and {name} can't be paired (one has blocked the other)."
        if pair in tried:
            return f"{mentor.user.display_name} and {name} were already paired in this program."
        if pair in forbidden:
            return f"You ruled out pairing {mentor.user.display_name} with {name}; remove that rule first."
        if _in_live_mentorship(program.id, mentee.user_id):
            return f"{name} is already in a mentorship in this program."
    if program.format == "group" and len(mentees) > 1:
        circle_members = set(blocked)  # mentees who blocked each other should not share a circle either
        if any((a.user_id, b.user_id) in circle_members for a in mentees for b in mentees):
            return "Two of these mentees have blocked each other; put them in different circles."
    if _live_as_mentor(program.id, mentor.user_id) >= mentor.capacity:
        return f"{mentor.user.display_name} has no free place (capacity {mentor.capacity})."
    return None


def _in_live_mentorship(program_id: int, user_id: int) -> bool:
    return (
        db.session.scalar(
            select(Mentorship.id)
            .join(MentorshipMember)
            .where(
                Mentorship.program_id == program_id,
                Mentorship.status.in_(LIVE_STATUSES),
                MentorshipMember.user_id == user_id,
                MentorshipMember.role == "mentee",
            )
            .limit(1)
        )
        is not None
    )


def _live_as_mentor(program_id: int, user_id: int) -> int:
    return live_mentorship_count(program_id, user_id, "mentor")


def create_mentorship(
    program: Program,
    mentor: Enrollment,
    mentees: list[Enrollment],
    *,
    score: float | None = None,
    reasons: list | None = None,
    by_hand: bool = False,
) -> Mentorship:
    """An active pair or circle with goals and topics copied from the sign-ups, introduced to each other.

    Raises PairingError when a hard rule forbids it. The caller commits.
    """
    problem = pair_problem(program, mentor, mentees, by_hand=by_hand)
    if problem:
        raise PairingError(problem)
    mentorship = Mentorship(
        community_id=program.community_id,
        program_id=program.id,
        kind="circle" if program.format == "group" else "pair",
        status="active",
        origin="program",
        score=score,
        reasons=reasons or [],
        weeks=program.weeks,
        started_at=utcnow(),
    )
    mentorship.members = [
        MentorshipMember(user_id=e.user_id, role=e.role, goals=e.goals, topics=list(e.topics or []))
        for e in [mentor, *mentees]
    ]
    for mentee in mentees:
        mentee.unmatched_rounds = 0
    db.session.add(mentorship)
    db.session.flush()
    _supersede_suggestions_for(program, mentor, mentees)
    introduce(mentorship)
    return mentorship


def _supersede_suggestions_for(program: Program, mentor: Enrollment, mentees: list[Enrollment]) -> None:
    """Pending suggestions for people now paired (or a mentor now full) are out of date."""
    mentee_ids = {m.id for m in mentees}
    mentor_full = _live_as_mentor(program.id, mentor.user_id) >= mentor.capacity
    for suggestion in db.session.scalars(
        select(MatchSuggestion).where(MatchSuggestion.program_id == program.id, MatchSuggestion.status == "pending")
    ):
        if mentee_ids & set(suggestion.mentee_enrollment_ids or []) or (
            mentor_full and suggestion.mentor_enrollment_id == mentor.id
        ):
            suggestion.status = "superseded"


def introduction_text(mentorship: Mentorship) -> str:
    """The first message of a new mentorship: who is who, their goals and topics, and week 1."""
    program = mentorship.program
    names = [m.user.display_name for m in mentorship.members]
    together = " and ".join([", ".join(names[:-1]), names[-1]]) if len(names) > 1 else names[0]
    lines = [f"Welcome, {together}! You've been paired in {program.title} ({program.weeks} weeks)."]
    labels = role_labels(program)
    for member in mentorship.members:
        lines.append("")
        lines.append(f"**{member.user.display_name}** ({labels[member.role]['label']})")
        lines.append(f"- Goals: {member.goals.strip() or 'not written yet'}")
        lines.append(f"- Topics: {', '.join(member.topics) if member.topics else 'none listed'}")
    first = program.steps[0] if program.steps else None
    if first is not None:
        lines += ["", f"**Week 1: {first.title}**", first.guidance]
        if first.activity:
            lines += ["", f"Suggested activity: {first.activity}"]
    lines += ["", "Say hello and agree on a time for your first conversation."]
    return "\n".join(lines)


def introduce(mentorship: Mentorship) -> str:
    """Introduce a new mentorship's members: the first message of their thread and a notification each."""
    text = introduction_text(mentorship)
    post_system_message(mentorship, text, commit=False)
    draft_from_signup(mentorship)
    for member in mentorship.members:
        others = [m.user.display_name for m in mentorship.members if m.user_id != member.user_id]
        notify(
            member.user_id,
            "introduced",
            f"Meet {', '.join(others)}: you're paired in {mentorship.program.title}.",
            site_path("mentorships.show", mentorship_id=mentorship.id),
        )
    return text


def swap_roles(mentorship: Mentorship, actor: User | None = None) -> None:
    """Swap who mentors whom in an active pair (reverse mentorship, or just for a while); commits."""
    if mentorship.kind != "pair" or len(mentorship.members) != 2:
        raise PairingError("Only a pair can swap roles; a circle keeps its mentor.")
    if mentorship.status != "active":
        raise PairingError("Roles can only be swapped in an active mentorship.")
    for member in mentorship.members:
        member.role = "mentee" if member.role == "mentor" else "mentor"
    mentor = mentorship.mentors[0]
    for member in mentorship.members:
        if actor is None or member.user_id != actor.id:
            who = "You now mentor" if member.role == "mentor" else f"{mentor.user.display_name} now mentors"
            notify(
                member.user_id,
                "roles_swapped",
                f"Roles swapped: {who} {'them' if member.role == 'mentor' else 'you'}.",
                site_path("mentorships.show", mentorship_id=mentorship.id),
            )
    db.session.commit()


def people_in_live_mentorships(program_id: int) -> dict[int, int]:
    """user id -> number of live mentorships they mentor in this program (mentees map to 0)."""
    rows = db.session.execute(
        select(MentorshipMember.user_id, MentorshipMember.role)
        .join(Mentorship)
        .where(Mentorship.program_id == program_id, Mentorship.status.in_(LIVE_STATUSES))
    )
    counts: dict[int, int] = {}
    for user_id, role in rows:
        counts[user_id] = counts.get(user_id, 0) + (1 if role == "mentor" else 0)
    return counts


def block_filter(user_id: int):
    """SQL condition: no block between `user_id` and Enrollment.user_id in either direction."""
    return (
        ~select(Block.blocker_id)
        .where(
            or_(
                and_(Block.blocker_id == user_id, Block.blocked_id == Enrollment.user_id),
                and_(Block.blocker_id == Enrollment.user_id, Block.blocked_id == user_id),
            )
        )
        .exists()
    )
