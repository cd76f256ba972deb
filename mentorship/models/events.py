"""A community's events (webinars, monthly strategy sessions, AMAs, circle meetups) and who answered them."""

import enum
from datetime import datetime, timedelta

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mentorship.extensions import db
from mentorship.models.base import UTCDateTime, check_in, utcnow
from mentorship.models.community import Community
from mentorship.models.mentorship import Mentorship
from mentorship.models.user import User


class EventStatus(enum.StrEnum):
    SCHEDULED = "scheduled"
    CANCELLED = "cancelled"


class EventPlaceKind(enum.StrEnum):
    LINK = "link"
    ADDRESS = "address"


class RsvpAnswer(enum.StrEnum):
    """going holds a seat; waitlist waits for one (first come, first moved up); maybe and cant hold none."""

    GOING = "going"
    WAITLIST = "waitlist"
    MAYBE = "maybe"
    CANT = "cant"


class CommunityEvent(db.Model):
    """One event of a community, open to all its members or (mentorship_id) to one circle.

    Its uid never changes; sequence rises on every change (RFC 5545). going_count is the number of seats
    taken, moved only by conditional UPDATEs so two answers at once can never take one last seat twice.
    """

    __tablename__ = "community_events"
    __table_args__ = (
        check_in("status", EventStatus),
        check_in("place_kind", EventPlaceKind),
        Index("ix_community_events_community_starts", "community_id", "starts_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id", ondelete="CASCADE"))
    # A circle meetup: only the circle's members see and answer it.
    mentorship_id: Mapped[int | None] = mapped_column(ForeignKey("mentorships.id", ondelete="CASCADE"), index=True)
    organizer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    minutes: Mapped[int] = mapped_column(default=60)
    zone: Mapped[str] = mapped_column(String(64), default="UTC")
    place_kind: Mapped[str] = mapped_column(String(16), default=EventPlaceKind.LINK)
    place: Mapped[str] = mapped_column(String(500), default="")
    # None: no limit.
    capacity: Mapped[int | None] = mapped_column()
    going_count: Mapped[int] = mapped_column(default=0)
    status: Mapped[str] = mapped_column(String(16), default=EventStatus.SCHEDULED, index=True)
    topic_id: Mapped[int | None] = mapped_column(ForeignKey("board_topics.id", ondelete="SET NULL"))
    uid: Mapped[str] = mapped_column(String(80), unique=True)
    sequence: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    community: Mapped[Community] = relationship()
    mentorship: Mapped[Mentorship | None] = relationship()
    organizer: Mapped[User | None] = relationship()

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.minutes)

    @property
    def is_full(self) -> bool:
        return self.capacity is not None and self.going_count >= self.capacity


class EventRsvp(db.Model):
    """One member's answer to one event; answered_at orders the waitlist."""

    __tablename__ = "event_rsvps"
    __table_args__ = (UniqueConstraint("event_id", "user_id"), check_in("answer", RsvpAnswer))

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("community_events.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    answer: Mapped[str] = mapped_column(String(16))
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    event: Mapped[CommunityEvent] = relationship()
    user: Mapped[User] = relationship()


class EventSettings(db.Model):
    """A community's event settings (a row only once an admin changed them): may members create events?"""

    __tablename__ = "event_settings"

    community_id: Mapped[int] = mapped_column(
        ForeignKey("communities.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    members_create: Mapped[bool] = mapped_column(default=False)
