"""A person's words in programs, for their data export: the notes of their mentor requests and the programs
they created (a draft is theirs alone until it opens). Sign-up answers and goals are the accounts area's."""

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from mentorship.extensions import db
from mentorship.models import Enrollment, Program, User
from mentorship.models.matching import MentorRequest
from mentorship.signals import person_erased, person_exported


def _iso(moment):
    return moment.isoformat() if moment else None


def export_program_data(user: User) -> dict:
    """Mentor requests the person sent (with their note) and the programs they created, steps included."""
    mine = select(Enrollment.id).where(Enrollment.user_id == user.id)
    requests = db.session.scalars(
        select(MentorRequest).where(MentorRequest.mentee_enrollment_id.in_(mine)).order_by(MentorRequest.id)
    )
    programs = db.session.scalars(
        select(Program)
        .where(Program.created_by_id == user.id)
        .options(selectinload(Program.steps))
        .order_by(Program.id)
    )
    return {
        "mentor_requests": [
            {"program_id": r.program_id, "note": r.message, "status": r.status, "at": _iso(r.created_at)}
            for r in requests
        ],
        "programs_created": [
            {
                "id": p.id,
                "title": p.title,
                "description": p.description,
                "status": p.status,
                "steps": [
                    {"week": s.week, "title": s.title, "guidance": s.guidance, "activity": s.activity} for s in p.steps
                ],
            }
            for p in programs
        ],
    }


def _erase_request_notes(user: User, erase_written: bool) -> None:
    if erase_written:
        mine = select(Enrollment.id).where(Enrollment.user_id == user.id)
        db.session.execute(
            MentorRequest.__table__.update().where(MentorRequest.mentee_enrollment_id.in_(mine)).values(message="")
        )


@person_exported.connect
def _export_section(user: User) -> tuple[str, dict]:
    return "programs", export_program_data(user)


person_erased.connect(_erase_request_notes)
