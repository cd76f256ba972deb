"""What the program pages list: a person's programs, a community's, their counts, and the home page's dashboard.

Each is a fixed number of queries whatever the number of programs (tests/programs/test_htmx.py counts them).
"""

from sqlalchemy import Select, case, func, select
from sqlalchemy.orm import selectinload

from mentorship.extensions import db
from mentorship.models import Community, Enrollment, Membership, Mentorship, MentorshipMember, Program
from mentorship.models.matching import MentorRequest
from mentorship.services.programs.enrollments import LIVE_STATUSES

# Open programs first, then running ones, then drafts (only their admins see those), then closed.
STATUS_ORDER = case({"open": 0, "running": 1, "draft": 2}, value=Program.status, else_=3)
DASHBOARD_LISTED = 20


def member_programs(user_id: int) -> list[Program]:
    """Programs in all the person's communities, open ones first (drafts where they are an admin)."""
    rows = db.session.execute(
        select(Program, Membership.role)
        .join(Membership, (Membership.community_id == Program.community_id) & (Membership.user_id == user_id))
        .where((Program.status != "draft") | (Membership.role == "admin"))
        .options(selectinload(Program.community))
        .order_by(STATUS_ORDER, Program.created_at.desc())
    ).all()
    return [program for program, _ in rows]


def community_programs(community: Community, *, with_drafts: bool) -> Select:
    """A community's programs, open ones first, as a statement to paginate."""
    query = select(Program).where(Program.community_id == community.id)
    if not with_drafts:
        query = query.where(Program.status != "draft")
    return query.order_by(STATUS_ORDER, Program.created_at.desc())


def open_programs(community: Community, limit: int = 5) -> list[Program]:
    """Programs of a community members can sign up to or follow (for its front page)."""
    return list(
        db.session.scalars(
            select(Program)
            .where(Program.community_id == community.id, Program.status.in_(("open", "running")))
            .order_by(case((Program.status == "open", 0), else_=1), Program.created_at.desc())
            .limit(limit)
        )
    )


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
    """The person's sign-up to each of these programs that they signed up to, in one query."""
    if not program_ids:
        return {}
    rows = db.session.scalars(
        select(Enrollment).where(Enrollment.user_id == user_id, Enrollment.program_id.in_(program_ids))
    )
    return {e.program_id: e for e in rows}


def my_live_mentorship(program: Program, user_id: int) -> Mentorship | None:
    """The person's pair or circle in this program that is not over, if any."""
    return db.session.scalar(
        Mentorship.select_for_user(user_id)
        .where(Mentorship.program_id == program.id, Mentorship.status.in_(LIVE_STATUSES))
        .limit(1)
    )


def dashboard(user_id: int) -> dict:
    """The person's mentorships, sign-ups still waiting and mentor requests to answer, for the home page."""
    mentorships = db.session.scalars(
        Mentorship.select_for_user(user_id)
        .where(Mentorship.status.in_(LIVE_STATUSES))
        .options(
            selectinload(Mentorship.members).selectinload(MentorshipMember.user),
            selectinload(Mentorship.program).selectinload(Program.community),
        )
        .limit(DASHBOARD_LISTED)
    ).all()
    signups = db.session.scalars(
        select(Enrollment)
        .join(Program)
        .where(
            Enrollment.user_id == user_id,
            Enrollment.status.in_(("pending", "waitlisted", "approved")),
            Program.status != "closed",
        )
        .options(selectinload(Enrollment.program).selectinload(Program.community))
        .order_by(Enrollment.created_at.desc())
        .limit(DASHBOARD_LISTED)
    ).all()
    paired_programs = {m.program_id for m in mentorships}
    signups = [e for e in signups if e.status != "approved" or e.program_id not in paired_programs]
    waiting = db.session.execute(
        select(Program, func.count(MentorRequest.id))
        .join(MentorRequest, MentorRequest.program_id == Program.id)
        .join(Enrollment, Enrollment.id == MentorRequest.mentor_enrollment_id)
        .where(Enrollment.user_id == user_id, MentorRequest.status == "open")
        .group_by(Program.id)
        .options(selectinload(Program.community))
    ).all()
    return {"mentorships": mentorships, "signups": signups, "requests_waiting": waiting}
