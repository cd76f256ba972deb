"""The safety notes a program's admins are the audience of, on the program's health page (issue 20, finding 8).

Mentorships outside programs (begun from a help request) have theirs on the community's health page.

- "I'm uneasy" notes, in full and with the author's name: the form tells the member that this community's
  admins read it with their name, so they can follow up; nobody else (the partner never) sees it.
- The reasons given for ending a mentorship early: the end form says only the program admins read them.
- Completion feedback comments, pooled: the form promises they are never shown next to a name, so they are
  listed without names, mentorships or dates, in alphabetical order, and only once POOL_MIN people have given
  feedback (fewer would let an admin guess who wrote what).
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from mentorship.extensions import db
from mentorship.models import LifecycleEvent, Mentorship, MentorshipFeedback, UneasyNote, User

POOL_MIN = 5


@dataclass(frozen=True)
class Concern:
    mentorship_id: int
    author: str
    text: str
    at: datetime


@dataclass(frozen=True)
class EndReason:
    mentorship_id: int
    reason: str
    at: datetime | None


def _of(community_id: int, program_id: int | None):
    """The mentorships of a program, or (None) the community's mentorships outside programs (from the board)."""
    program = Mentorship.program_id == program_id if program_id is not None else Mentorship.program_id.is_(None)
    return (Mentorship.community_id == community_id, program)


def concerns(community_id: int, program_id: int | None) -> list[Concern]:
    """Open concerns of the program's mentorships, newest first, with who raised them."""
    rows = db.session.execute(
        select(UneasyNote.mentorship_id, User.display_name, UneasyNote.text, UneasyNote.created_at)
        .join(Mentorship, Mentorship.id == UneasyNote.mentorship_id)
        .outerjoin(User, User.id == UneasyNote.author_id)
        .where(*_of(community_id, program_id), UneasyNote.resolved_at.is_(None))
        .order_by(UneasyNote.created_at.desc())
    ).all()
    return [Concern(m, name or "Deleted member", text, at) for m, name, text, at in rows]


def end_reasons(community_id: int, program_id: int | None) -> list[EndReason]:
    """Mentorships a member ended early, with the reason they gave, newest first."""
    ended_early = select(LifecycleEvent.mentorship_id).where(LifecycleEvent.action == "end")
    rows = db.session.execute(
        select(Mentorship.id, Mentorship.end_reason, Mentorship.ended_at)
        .where(*_of(community_id, program_id), Mentorship.id.in_(ended_early), Mentorship.end_reason != "")
        .order_by(Mentorship.ended_at.desc())
    ).all()
    return [EndReason(m, reason, at) for m, reason, at in rows]


def pooled_comments(community_id: int, program_id: int | None) -> list[str] | None:
    """The feedback comments, pooled (no names, in alphabetical order), or None while fewer than POOL_MIN
    people have given feedback."""
    in_program = select(Mentorship.id).where(*_of(community_id, program_id))
    where = MentorshipFeedback.mentorship_id.in_(in_program)
    people = db.session.scalar(select(func.count(func.distinct(MentorshipFeedback.user_id))).where(where))
    if people < POOL_MIN:
        return None
    comments = db.session.scalars(select(MentorshipFeedback.comment).where(where, MentorshipFeedback.comment != ""))
    return sorted(comments, key=str.casefold)
