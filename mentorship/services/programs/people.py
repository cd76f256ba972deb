"""What a profile says of a member's mentoring: the programs they take part in, in each program's own words."""

from sqlalchemy import select

from mentorship.extensions import db
from mentorship.models import Enrollment, Program
from mentorship.models.program import EnrollmentStatus, ProgramStatus
from mentorship.services.programs.setup import role_labels

VISIBLE_ENROLLMENTS = (EnrollmentStatus.APPROVED, EnrollmentStatus.WAITLISTED)


def mentoring_roles(community_id: int, user_id: int) -> list[tuple[Program, str]]:
    """(program, the role's name in it) for each program of this community the member was accepted into."""
    query = (
        select(Enrollment, Program)
        .join(Program, Program.id == Enrollment.program_id)
        .where(
            Program.community_id == community_id,
            Program.status != ProgramStatus.DRAFT,
            Enrollment.user_id == user_id,
            Enrollment.status.in_(VISIBLE_ENROLLMENTS),
        )
        .order_by(Program.title)
    )
    return [(program, _role_name(program, e.role)) for e, program in db.session.execute(query)]


def _role_name(program: Program, role: str) -> str:
    return role_labels(program)[role]["label"]
