"""What waits for a community's moderators and admins: reports to review, join requests, sign-ups, pairs needing
attention and unanswered mentor requests, for every community they run, in one query.

Moderators see their reports only; admins see everything. The home page lists it; the header shows the total.
"""

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import String, case, cast, func, literal, select

from mentorship.extensions import db
from mentorship.models import (
    AdminAlert,
    Community,
    Enrollment,
    JoinRequest,
    Membership,
    MentorRequest,
    Mentorship,
    Program,
    Report,
    utcnow,
)
from mentorship.permissions.moderation import reviewable_by

ATTENTION_WINDOW = timedelta(days=14)


@dataclass(frozen=True)
class CommunityTodo:
    """One community's waiting work for one person (zero for what their role does not do)."""

    community_id: int
    slug: str
    name: str
    role: str
    reports: int
    join_requests: int
    signups: int
    attention: int
    mentor_requests: int

    @property
    def total(self) -> int:
        return self.reports + self.join_requests + self.signups + self.attention + self.mentor_requests


def todo_query(user_id: int):
    """The one query: a row per community this person moderates or runs, each count a correlated subquery."""
    is_admin = Membership.role == "admin"
    here = Membership.community_id
    target = Report.target_type.concat(":").concat(cast(Report.target_id, String))
    reports = (
        select(func.count(func.distinct(target)))
        .where(Report.community_id == here, Report.status == "open", reviewable_by(user_id))
        .scalar_subquery()
    )
    join_requests = (
        select(func.count()).where(JoinRequest.community_id == here, JoinRequest.status == "pending").scalar_subquery()
    )
    signups = (
        select(func.count())
        .select_from(Enrollment)
        .join(Program, Program.id == Enrollment.program_id)
        .where(Program.community_id == here, Enrollment.status == "pending")
        .scalar_subquery()
    )
    attention = (
        select(func.count(func.distinct(AdminAlert.mentorship_id)))
        .join(Mentorship, Mentorship.id == AdminAlert.mentorship_id)
        .where(
            Mentorship.community_id == here,
            Mentorship.status.in_(("active", "paused")),
            AdminAlert.created_at >= literal(utcnow() - ATTENTION_WINDOW),
        )
        .scalar_subquery()
    )
    mentor_requests = (
        select(func.count())
        .select_from(MentorRequest)
        .join(Program, Program.id == MentorRequest.program_id)
        .where(Program.community_id == here, MentorRequest.status == "open")
        .scalar_subquery()
    )

    def admin_only(column):
        return case((is_admin, column), else_=0)

    return (
        select(
            Community.id,
            Community.slug,
            Community.name,
            Membership.role,
            reports,
            admin_only(join_requests),
            admin_only(signups),
            admin_only(attention),
            admin_only(mentor_requests),
        )
        .join(Community, Community.id == Membership.community_id)
        .where(Membership.user_id == user_id, Membership.role.in_(("moderator", "admin")))
        .order_by(Community.name)
    )


def todo_for(user_id: int) -> list[CommunityTodo]:
    """Every community this person moderates or runs, with what waits there (one query)."""
    return [CommunityTodo(*row) for row in db.session.execute(todo_query(user_id))]
