"""Matching records: suggested pairs, the admin's pair rules, matching runs and mentees' requests."""

import enum
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mentorship.extensions import db
from mentorship.models.base import UTCDateTime, check_in, utcnow
from mentorship.models.program import Enrollment, Program


class SuggestionStatus(enum.StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    SUPERSEDED = "superseded"


class PairRule(enum.StrEnum):
    """The admin's rule about a pair: kept at every re-run, never suggested, or rejected once."""

    LOCKED = "locked"
    FORBIDDEN = "forbidden"
    REJECTED = "rejected"


class RequestStatus(enum.StrEnum):
    OPEN = "open"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"
    EXPIRED = "expired"
    CLOSED = "closed"


# A mentor request gets a reminder to the mentor after this many days, and closes after the second.
REQUEST_REMIND_DAYS = 7
REQUEST_EXPIRE_DAYS = 14
MAX_OPEN_REQUESTS = 2


class MatchRun(db.Model):
    """One run of the matcher over a program: why each mentee left out was left out."""

    __tablename__ = "match_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id", ondelete="CASCADE"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # {mentee enrollment id (as text): reason in words}
    unmatched: Mapped[dict] = mapped_column(JSON, default=dict)
    total_score: Mapped[float] = mapped_column(default=0.0)
    weights: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class MatchSuggestion(db.Model):
    """A pair (or circle) the matcher proposes, waiting for the admin to accept or reject it."""

    __tablename__ = "match_suggestions"
    __table_args__ = (
        Index("ix_match_suggestions_program_status", "program_id", "status"),
        check_in("status", SuggestionStatus),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id", ondelete="CASCADE"))
    run_id: Mapped[int | None] = mapped_column(ForeignKey("match_runs.id", ondelete="SET NULL"))
    mentor_enrollment_id: Mapped[int] = mapped_column(ForeignKey("enrollments.id", ondelete="CASCADE"), index=True)
    mentee_enrollment_ids: Mapped[list] = mapped_column(JSON, default=list)
    score: Mapped[float] = mapped_column(default=0.0)
    # [{"field": "topics", "points": 40.0, "text": "2 shared topics: python, sql"}, ...]
    reasons: Mapped[list] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(12), default=SuggestionStatus.PENDING)
    locked: Mapped[bool] = mapped_column(default=False)
    mentorship_id: Mapped[int | None] = mapped_column(ForeignKey("mentorships.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    program: Mapped[Program] = relationship()
    mentor: Mapped[Enrollment] = relationship()


class PairDecision(db.Model):
    """The admin's rule about one mentor–mentee pair in a program: locked, forbidden or rejected."""

    __tablename__ = "pair_decisions"
    __table_args__ = (
        UniqueConstraint("program_id", "mentor_enrollment_id", "mentee_enrollment_id"),
        check_in("decision", PairRule),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id", ondelete="CASCADE"), index=True)
    mentor_enrollment_id: Mapped[int] = mapped_column(ForeignKey("enrollments.id", ondelete="CASCADE"))
    mentee_enrollment_id: Mapped[int] = mapped_column(ForeignKey("enrollments.id", ondelete="CASCADE"))
    decision: Mapped[str] = mapped_column(String(12))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    mentor: Mapped[Enrollment] = relationship(foreign_keys=[mentor_enrollment_id])
    mentee: Mapped[Enrollment] = relationship(foreign_keys=[mentee_enrollment_id])


class MentorRequest(db.Model):
    """In a mentee-choice program: a mentee asks a mentor, who accepts or declines."""

    __tablename__ = "mentor_requests"
    __table_args__ = (
        Index("ix_mentor_requests_status_created", "status", "created_at"),
        check_in("status", RequestStatus),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id", ondelete="CASCADE"), index=True)
    mentee_enrollment_id: Mapped[int] = mapped_column(ForeignKey("enrollments.id", ondelete="CASCADE"), index=True)
    mentor_enrollment_id: Mapped[int] = mapped_column(ForeignKey("enrollments.id", ondelete="CASCADE"), index=True)
    message: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(12), default=RequestStatus.OPEN)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    mentorship_id: Mapped[int | None] = mapped_column(ForeignKey("mentorships.id", ondelete="SET NULL"))

    program: Mapped[Program] = relationship()
    mentee: Mapped[Enrollment] = relationship(foreign_keys=[mentee_enrollment_id])
    mentor: Mapped[Enrollment] = relationship(foreign_keys=[mentor_enrollment_id])
