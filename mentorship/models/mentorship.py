"""A mentorship: one pair or one circle, with its members. Private work hangs off it."""

import enum
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mentorship.extensions import db
from mentorship.models.base import UTCDateTime, check_in, utcnow
from mentorship.models.community import Community
from mentorship.models.program import MentoringRole, Program
from mentorship.models.user import User


class MentorshipKind(enum.StrEnum):
    PAIR = "pair"
    CIRCLE = "circle"


class MentorshipStatus(enum.StrEnum):
    """active <-> paused, then completed or ended (the table in docs/SPACE.md); proposed is not started yet."""

    PROPOSED = "proposed"
    ACTIVE = "active"
    PAUSED = "paused"
    COMPLETED = "completed"
    ENDED = "ended"


class MentorshipOrigin(enum.StrEnum):
    PROGRAM = "program"
    HELP_REQUEST = "help_request"


class Mentorship(db.Model):
    """A pair or a circle. 1:1 and group work the same way: members with roles."""

    __tablename__ = "mentorships"
    __table_args__ = (
        check_in("kind", MentorshipKind),
        check_in("status", MentorshipStatus),
        check_in("origin", MentorshipOrigin),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id", ondelete="CASCADE"), index=True)
    # None for a mentorship that grew out of a solved help request.
    program_id: Mapped[int | None] = mapped_column(ForeignKey("programs.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(8), default=MentorshipKind.PAIR)
    status: Mapped[str] = mapped_column(String(16), default=MentorshipStatus.PROPOSED, index=True)
    origin: Mapped[str] = mapped_column(String(16), default=MentorshipOrigin.PROGRAM)
    score: Mapped[float | None]
    reasons: Mapped[list] = mapped_column(JSON, default=list)
    weeks: Mapped[int] = mapped_column(default=8)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    end_reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    community: Mapped[Community] = relationship()
    program: Mapped[Program | None] = relationship()
    members: Mapped[list["MentorshipMember"]] = relationship(
        back_populates="mentorship", cascade="all, delete-orphan", order_by="MentorshipMember.id"
    )

    def member_for(self, user_id: int) -> "MentorshipMember | None":
        return next((m for m in self.members if m.user_id == user_id), None)

    @property
    def mentors(self) -> list["MentorshipMember"]:
        return [m for m in self.members if m.role == MentoringRole.MENTOR]

    @property
    def mentees(self) -> list["MentorshipMember"]:
        return [m for m in self.members if m.role == MentoringRole.MENTEE]

    @staticmethod
    def select_for_user(user_id: int):
        """The mentorships a person belongs to, newest first."""
        return (
            select(Mentorship)
            .join(MentorshipMember)
            .where(MentorshipMember.user_id == user_id)
            .order_by(Mentorship.created_at.desc())
        )


class MentorshipMember(db.Model):
    """A person in a mentorship, with their role in it."""

    __tablename__ = "mentorship_members"
    __table_args__ = (UniqueConstraint("mentorship_id", "user_id"), check_in("role", MentoringRole))

    id: Mapped[int] = mapped_column(primary_key=True)
    mentorship_id: Mapped[int] = mapped_column(ForeignKey("mentorships.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(8))
    goals: Mapped[str] = mapped_column(Text, default="")
    topics: Mapped[list] = mapped_column(JSON, default=list)
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_read_message_id: Mapped[int] = mapped_column(default=0)

    mentorship: Mapped[Mentorship] = relationship(back_populates="members")
    user: Mapped[User] = relationship()
