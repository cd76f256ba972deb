"""Loaders and template helpers shared by the member and admin program views."""

from flask import abort
from flask_login import current_user
from sqlalchemy import case, func, select
from sqlalchemy.orm import selectinload

from mentorship.extensions import db
from mentorship.models import Community, Enrollment, Membership, Mentorship, MentorshipMember, Program
from mentorship.models.matching import MentorRequest
from mentorship.permissions.communities import get_admin_community_or_404, get_member_community_or_404
from mentorship.services.programs.enrollments import DAY_NAMES, PARTS
from mentorship.services.programs.pairing import mentorship_url
from mentorship.services.programs.setup import role_labels

STATUS_WORDS = {"draft": "Draft", "open": "Open for sign-up", "running": "Running", "closed": "Closed"}
FORMAT_WORDS = {"one_to_one": "One-to-one", "group": "Group circles", "reverse": "Reverse mentorship"}
MODE_WORDS = {"admin": "Paired by admins", "suggested": "Suggested pairs", "mentee_choice": "Mentees choose"}
ENROLLMENT_WORDS = {
    "pending": "Waiting for approval",
    "approved": "Approved",
    "waitlisted": "On the waiting list",
    "declined": "Not accepted",
    "withdrawn": "Withdrawn",
}


def _program_in(community: Community, program_id: int) -> Program:
    program = db.session.scalar(
        select(Program)
        .where(Program.id == program_id, Program.community_id == community.id)
        .options(selectinload(Program.steps))
    )
    if program is None:
        abort(404)
    return program


def load_program(slug: str, program_id: int) -> tuple[Community, Membership, Program]:
    """A program a member may see: drafts exist only for the community's admins."""
    community, membership = get_member_community_or_404(slug)
    program = _program_in(community, program_id)
    if program.status == "draft" and not membership.is_admin:
        abort(404)
    return community, membership, program


def load_admin_program(slug: str, program_id: int) -> tuple[Community, Membership, Program]:
    """A program of a community the person administers."""
    community, membership = get_admin_community_or_404(slug)
    return community, membership, _program_in(community, program_id)


def program_counts(program_ids: list[int]) -> dict[int, dict[str, int]]:
    """Approved mentors and mentees, and pending sign-ups, per program, in one query."""
    if not program_ids:
        return {}
    rows = db.session.execute(
        select(
            Enrollment.program_id,
            func.sum(case(((Enrollment.status == "approved") & (Enrollment.role == "mentor"), 1), else_=0)),
            func.sum(case(((Enrollment.status == "approved") & (Enrollment.role == "mentee"), 1), else_=0)),
            func.sum(case((Enrollment.status == "pending", 1), else_=0)),
        )
        .where(Enrollment.program_id.in_(program_ids))
        .group_by(Enrollment.program_id)
    )
    counts = {pid: {"mentors": 0, "mentees": 0, "pending": 0} for pid in program_ids}
    for pid, mentors, mentees, pending in rows:
        counts[pid] = {"mentors": int(mentors or 0), "mentees": int(mentees or 0), "pending": int(pending or 0)}
    return counts


def my_enrollments(user_id: int, program_ids: list[int]) -> dict[int, Enrollment]:
    if not program_ids:
        return {}
    rows = db.session.scalars(
        select(Enrollment).where(Enrollment.user_id == user_id, Enrollment.program_id.in_(program_ids))
    )
    return {e.program_id: e for e in rows}


def open_programs(community: Community) -> list[Program]:
    """Programs of a community members can sign up to or follow (for its front page)."""
    return list(
        db.session.scalars(
            select(Program)
            .where(Program.community_id == community.id, Program.status.in_(("open", "running")))
            .order_by(case((Program.status == "open", 0), else_=1), Program.created_at.desc())
            .limit(5)
        )
    )


def program_dashboard() -> dict:
    """The logged-in person's mentorships, sign-ups and waiting requests, for the home page."""
    if not current_user.is_authenticated:
        return {"mentorships": [], "signups": [], "requests_waiting": []}
    mentorships = db.session.scalars(
        Mentorship.select_for_user(current_user.id)
        .where(Mentorship.status.in_(("proposed", "active", "paused")))
        .options(
            selectinload(Mentorship.members).selectinload(MentorshipMember.user),
            selectinload(Mentorship.program).selectinload(Program.community),
        )
        .limit(20)
    ).all()
    signups = db.session.scalars(
        select(Enrollment)
        .join(Program)
        .where(
            Enrollment.user_id == current_user.id,
            Enrollment.status.in_(("pending", "waitlisted", "approved")),
            Program.status != "closed",
        )
        .options(selectinload(Enrollment.program).selectinload(Program.community))
        .order_by(Enrollment.created_at.desc())
        .limit(20)
    ).all()
    paired_programs = {m.program_id for m in mentorships}
    signups = [e for e in signups if e.status != "approved" or e.program_id not in paired_programs]
    waiting = db.session.execute(
        select(Program, func.count(MentorRequest.id))
        .join(MentorRequest, MentorRequest.program_id == Program.id)
        .join(Enrollment, Enrollment.id == MentorRequest.mentor_enrollment_id)
        .where(Enrollment.user_id == current_user.id, MentorRequest.status == "open")
        .group_by(Program.id)
        .options(selectinload(Program.community))
    ).all()
    return {"mentorships": mentorships, "signups": signups, "requests_waiting": waiting}


def slot_label(slot: str) -> str:
    day, part = slot.split("-", 1)
    return f"{DAY_NAMES.get(day, day)} {part}"


# Template globals of the program pages, the dashboard and the community page.
TEMPLATE_GLOBALS = {
    **{func_.__name__: func_ for func_ in (mentorship_url, role_labels, slot_label)},
    "program_status_words": STATUS_WORDS,
    "program_format_words": FORMAT_WORDS,
    "program_mode_words": MODE_WORDS,
    "enrollment_words": ENROLLMENT_WORDS,
    "day_names": DAY_NAMES,
    "day_parts": PARTS,
}
