"""Mentorship programs, their weekly steps and the people who sign up to them."""

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mentorship.extensions import db
from mentorship.models.base import UTCDateTime, check_in, utcnow
from mentorship.models.community import Community
from mentorship.models.user import User


class ProgramFormat(enum.StrEnum):
    ONE_TO_ONE = "one_to_one"
    GROUP = "group"
    REVERSE = "reverse"


class ProgramStatus(enum.StrEnum):
    """draft -> open -> running -> closed (or open -> closed)."""

    DRAFT = "draft"
    OPEN = "open"
    RUNNING = "running"
    CLOSED = "closed"


class MatchingMode(enum.StrEnum):
    ADMIN = "admin"
    SUGGESTED = "suggested"
    MENTEE_CHOICE = "mentee_choice"


class MentoringRole(enum.StrEnum):
    """A person's side in mentoring: of a sign-up (Enrollment) and of a mentorship (MentorshipMember)."""

    MENTOR = "mentor"
    MENTEE = "mentee"


class EnrollmentStatus(enum.StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    WAITLISTED = "waitlisted"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"


FORMATS = tuple(ProgramFormat)
MATCHING_MODES = tuple(MatchingMode)
WEEKDAYS = (_l("Monday"), _l("Tuesday"), _l("Wednesday"), _l("Thursday"), _l("Friday"), _l("Saturday"), _l("Sunday"))


class Program(db.Model):
    """A community's mentorship program, created from a template and then edited freely."""

    __tablename__ = "programs"
    __table_args__ = (
        check_in("format", ProgramFormat),
        check_in("status", ProgramStatus),
        check_in("matching_mode", MatchingMode),
        CheckConstraint("checkin_weekday BETWEEN 0 AND 6", name="checkin_weekday_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id", ondelete="CASCADE"), index=True)
    template_key: Mapped[str] = mapped_column(String(40), default="")
    title: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")
    format: Mapped[str] = mapped_column(String(16), default=ProgramFormat.ONE_TO_ONE)
    weeks: Mapped[int] = mapped_column(default=8)
    status: Mapped[str] = mapped_column(String(16), default=ProgramStatus.DRAFT)
    matching_mode: Mapped[str] = mapped_column(String(16), default=MatchingMode.SUGGESTED)
    default_capacity: Mapped[int] = mapped_column(default=1)
    circle_size: Mapped[int] = mapped_column(default=5)
    checkin_weekday: Mapped[int] = mapped_column(default=0)  # 0 = Monday
    signup_questions: Mapped[list] = mapped_column(JSON, default=list)
    # How the template words the two roles: {"mentor": {"label": ..., "help": ...}, "mentee": {...}}.
    role_labels: Mapped[dict] = mapped_column(JSON, default=dict)
    match_weights: Mapped[dict] = mapped_column(JSON, default=dict)
    match_rules: Mapped[dict] = mapped_column(JSON, default=dict)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    community: Mapped[Community] = relationship()
    steps: Mapped[list["ProgramStep"]] = relationship(
        back_populates="program", cascade="all, delete-orphan", order_by="ProgramStep.week"
    )

    @property
    def checkin_weekday_name(self) -> str:
        return WEEKDAYS[self.checkin_weekday]


class ProgramStep(db.Model):
    """One week of a program: what to do and why."""

    __tablename__ = "program_steps"
    __table_args__ = (UniqueConstraint("program_id", "week"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id", ondelete="CASCADE"), index=True)
    week: Mapped[int]
    title: Mapped[str] = mapped_column(String(120))
    guidance: Mapped[str] = mapped_column(Text, default="")
    activity: Mapped[str] = mapped_column(Text, default="")

    program: Mapped[Program] = relationship(back_populates="steps")


class Enrollment(db.Model):
    """A person's sign-up to a program as mentor or mentee."""

    __tablename__ = "enrollments"
    __table_args__ = (
        UniqueConstraint("program_id", "user_id"),
        check_in("role", MentoringRole),
        check_in("status", EnrollmentStatus),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(8))
    goals: Mapped[str] = mapped_column(Text, default="")
    topics: Mapped[list] = mapped_column(JSON, default=list)
    experience_years: Mapped[int] = mapped_column(default=0)
    availability: Mapped[list] = mapped_column(JSON, default=list)
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    languages: Mapped[list] = mapped_column(JSON, default=list)
    capacity: Mapped[int] = mapped_column(default=1)
    answers: Mapped[dict] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(16), default=EnrollmentStatus.PENDING)
    paused: Mapped[bool] = mapped_column(default=False)
    # Set when a matching round left this person out; they come first next round.
    unmatched_rounds: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    program: Mapped[Program] = relationship()
    user: Mapped[User] = relationship()
