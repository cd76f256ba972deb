"""A pair's or circle's calls (sessions) and their calendar: what was agreed, where, and who said yes."""

import enum
from datetime import datetime, timedelta

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mentorship.extensions import db
from mentorship.models.base import UTCDateTime, check_in, utcnow
from mentorship.models.mentorship import Mentorship
from mentorship.models.user import User


class SessionStatus(enum.StrEnum):
    """proposed -> accepted, declined or cancelled; a move puts an accepted session back to proposed."""

    PROPOSED = "proposed"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    CANCELLED = "cancelled"


class PlaceKind(enum.StrEnum):
    LINK = "link"
    JITSI = "jitsi"
    PHONE = "phone"
    IN_PERSON = "in_person"


class CallSession(db.Model):
    """One call of a mentorship. Its uid never changes; sequence rises on every change (RFC 5545)."""

    __tablename__ = "call_sessions"
    __table_args__ = (check_in("status", SessionStatus), check_in("place_kind", PlaceKind))

    id: Mapped[int] = mapped_column(primary_key=True)
    mentorship_id: Mapped[int] = mapped_column(ForeignKey("mentorships.id", ondelete="CASCADE"), index=True)
    proposer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    minutes: Mapped[int] = mapped_column(default=45)
    # The zone the proposer typed the time in (shown beside the viewer's own).
    zone: Mapped[str] = mapped_column(String(64), default="UTC")
    place_kind: Mapped[str] = mapped_column(String(16), default=PlaceKind.JITSI)
    place: Mapped[str] = mapped_column(String(500), default="")
    agenda: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default=SessionStatus.PROPOSED, index=True)
    uid: Mapped[str] = mapped_column(String(80), unique=True)
    sequence: Mapped[int] = mapped_column(default=0)
    # A series (RRULE FREQ=WEEKLY;INTERVAL=repeat_weeks;COUNT=repeat_count): 0 weeks is a single session.
    repeat_weeks: Mapped[int] = mapped_column(default=0, server_default="0")
    repeat_count: Mapped[int] = mapped_column(default=1, server_default="1")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    mentorship: Mapped[Mentorship] = relationship()
    proposer: Mapped[User | None] = relationship()
    exceptions: Mapped[list["SessionException"]] = relationship(
        back_populates="session", cascade="all, delete-orphan", order_by="SessionException.original_start"
    )

    @property
    def is_series(self) -> bool:
        return self.repeat_weeks > 0 and self.repeat_count > 1

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.minutes)


class SessionException(db.Model):
    """One occurrence of a series moved or cancelled on its own (RECURRENCE-ID, or EXDATE when cancelled)."""

    __tablename__ = "session_exceptions"
    __table_args__ = (UniqueConstraint("session_id", "original_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("call_sessions.id", ondelete="CASCADE"), index=True)
    # The occurrence's start as the series defines it: its RECURRENCE-ID.
    original_start: Mapped[datetime] = mapped_column(UTCDateTime)
    cancelled: Mapped[bool] = mapped_column(default=False)
    starts_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    minutes: Mapped[int | None] = mapped_column()

    session: Mapped[CallSession] = relationship(back_populates="exceptions")


class CalendarFeed(db.Model):
    """A member's private calendar feed: a secret token in the URL, replaced when revoked."""

    __tablename__ = "calendar_feeds"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
