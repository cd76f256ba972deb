"""The private mentorship space: messages, weekly steps, check-ins, feedback and concerns.

Everything here belongs to one Mentorship and is shown to its members alone.
"""

import enum
from datetime import datetime, timedelta

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mentorship.extensions import db
from mentorship.models.base import UTCDateTime, check_in, utcnow
from mentorship.models.mentorship import MentorshipStatus
from mentorship.models.user import User

MAIN_THREAD = "main"
EDIT_WINDOW = timedelta(minutes=15)
MAX_MESSAGE_LENGTH = 5000


class AlertReason(enum.StrEnum):
    """Why the admins were alerted: nobody checked in lately, or the members' ratings diverge."""

    QUIET = "quiet"
    DIVERGE = "diverge"


class LifecycleAction(enum.StrEnum):
    PAUSE = "pause"
    RESUME = "resume"
    COMPLETE = "complete"
    END = "end"
    EXTEND = "extend"
    SWAP = "swap"


def side_thread_key(mentee_id: int) -> str:
    """The key of a circle's private thread between one mentee and the mentor."""
    return f"side-{mentee_id}"


class Message(db.Model):
    """One message in a mentorship thread. Body and its sanitised HTML are stored together.

    A system message (is_system) has no author: introductions and lifecycle events.
    """

    __tablename__ = "space_messages"
    __table_args__ = (
        Index("ix_space_messages_thread", "mentorship_id", "thread_key", "id"),
        Index("ix_space_messages_changed", "mentorship_id", "thread_key", "changed_at"),
        # Program health: "anything written lately?" per mentorship.
        Index("ix_space_messages_recent", "mentorship_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    mentorship_id: Mapped[int] = mapped_column(ForeignKey("mentorships.id", ondelete="CASCADE"))
    # "main" for the pair's or circle's thread, "side-<mentee id>" for a circle's private side thread.
    thread_key: Mapped[str] = mapped_column(String(24), default=MAIN_THREAD)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    is_system: Mapped[bool] = mapped_column(default=False)
    body: Mapped[str] = mapped_column(Text, default="")
    body_html: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Set on edit and delete so open pages can pick the change up while polling.
    changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    author: Mapped[User | None] = relationship()

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def editable_until(self) -> datetime:
        return self.created_at + EDIT_WINDOW

    def can_edit(self, user_id: int, now: datetime | None = None) -> bool:
        """Its author may edit it for 15 minutes after sending."""
        return (
            not self.is_system
            and not self.is_deleted
            and self.author_id == user_id
            and (now or utcnow()) < self.editable_until
        )

    def can_delete(self, user_id: int) -> bool:
        return not self.is_system and not self.is_deleted and self.author_id == user_id


class ThreadRead(db.Model):
    """How far a person has read a circle's side thread (the main thread uses MentorshipMember)."""

    __tablename__ = "space_thread_reads"

    mentorship_id: Mapped[int] = mapped_column(ForeignKey("mentorships.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    thread_key: Mapped[str] = mapped_column(String(24), primary_key=True)
    last_read_id: Mapped[int] = mapped_column(default=0)


class StepProgress(db.Model):
    """A week of the guided program marked done, with a note, by one of the members."""

    __tablename__ = "space_step_progress"
    __table_args__ = (UniqueConstraint("mentorship_id", "week"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    mentorship_id: Mapped[int] = mapped_column(ForeignKey("mentorships.id", ondelete="CASCADE"), index=True)
    week: Mapped[int]
    done_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    note: Mapped[str] = mapped_column(Text, default="")
    done_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    done_by: Mapped[User | None] = relationship()


class CheckIn(db.Model):
    """A member's weekly check-in: how it is going (1-5), a note and the next goal."""

    __tablename__ = "space_checkins"
    __table_args__ = (
        UniqueConstraint("mentorship_id", "user_id", "week"),
        CheckConstraint("rating BETWEEN 1 AND 5", name="rating_range"),
        # Program health: the latest week's ratings per mentorship, read from the index alone.
        Index("ix_space_checkins_mentorship_week", "mentorship_id", "week", "rating"),
        # Program health's "quiet" test: a check-in written or edited lately, per mentorship.
        Index("ix_space_checkins_mentorship_updated", "mentorship_id", "updated_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    mentorship_id: Mapped[int] = mapped_column(ForeignKey("mentorships.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    week: Mapped[int]
    rating: Mapped[int]
    note: Mapped[str] = mapped_column(Text, default="")
    next_goal: Mapped[str] = mapped_column(Text, default="")
    # "Did you meet this week?" (None: not answered).
    met: Mapped[bool | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    user: Mapped[User] = relationship()


class AdminAlert(db.Model):
    """An alert sent to the program admins; the unique key sends each one once."""

    __tablename__ = "space_admin_alerts"
    __table_args__ = (UniqueConstraint("mentorship_id", "week", "reason"), check_in("reason", AlertReason))

    id: Mapped[int] = mapped_column(primary_key=True)
    mentorship_id: Mapped[int] = mapped_column(ForeignKey("mentorships.id", ondelete="CASCADE"), index=True)
    week: Mapped[int]
    reason: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class MentorshipFeedback(db.Model):
    """A member's short feedback at the end; admins only ever see it as an aggregate."""

    __tablename__ = "space_feedback"
    __table_args__ = (
        UniqueConstraint("mentorship_id", "user_id"),
        CheckConstraint("helpful BETWEEN 1 AND 5", name="helpful_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    mentorship_id: Mapped[int] = mapped_column(ForeignKey("mentorships.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    helpful: Mapped[int]
    would_recommend: Mapped[bool]
    comment: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class UneasyNote(db.Model):
    """A private "I'm uneasy about this mentorship" note to the admins, never shown to the partner."""

    __tablename__ = "space_uneasy_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    mentorship_id: Mapped[int] = mapped_column(ForeignKey("mentorships.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # For the admins' program health page: when someone looked at it.
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    author: Mapped[User | None] = relationship()


class LifecycleEvent(db.Model):
    """A change of a mentorship's course: paused, resumed, completed, ended, extended, roles swapped."""

    __tablename__ = "space_lifecycle_events"
    __table_args__ = (
        check_in("action", LifecycleAction),
        check_in("from_status", MentorshipStatus),
        check_in("to_status", MentorshipStatus),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    mentorship_id: Mapped[int] = mapped_column(ForeignKey("mentorships.id", ondelete="CASCADE"), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(16))
    from_status: Mapped[str] = mapped_column(String(16))
    to_status: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    actor: Mapped[User | None] = relationship()
