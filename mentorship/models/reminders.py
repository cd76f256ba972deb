"""What the background jobs have already delivered, so a second run of a job is a no-op."""

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from mentorship.extensions import db
from mentorship.models.base import UTCDateTime, utcnow


class ReminderDelivery(db.Model):
    """One weekly check-in reminder, delivered once per (mentorship, member, week).

    Written in the same transaction as its Notification and EmailOutbox row; the unique
    key turns a retried or duplicated job into a no-op.
    """

    __tablename__ = "reminder_deliveries"
    __table_args__ = (UniqueConstraint("mentorship_id", "user_id", "week"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    mentorship_id: Mapped[int] = mapped_column(ForeignKey("mentorships.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    week: Mapped[int]
    # The check-in moment (09:00 local) this reminder was for; the sweep's anti-join looks at it.
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class NoticeDelivery(db.Model):
    """A nudge or digest delivered once: its key names the person and the period it covers."""

    __tablename__ = "notice_deliveries"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(120), unique=True)
    kind: Mapped[str] = mapped_column(String(32))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class CheckinMoment(db.Model):
    """The sweep's working table: for each (timezone, check-in weekday) in use, the latest 09:00 local.

    Rewritten by every sweep (a few hundred rows at most), so the database can look the
    moment up per member by primary key instead of converting timezones row by row.
    """

    __tablename__ = "checkin_moments"

    tz: Mapped[str] = mapped_column(String(64), primary_key=True)
    weekday: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # A delivery due after this is this week's (moments are 7 days ± a DST hour apart).
    window_start: Mapped[datetime] = mapped_column(UTCDateTime)
