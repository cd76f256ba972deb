"""In-app notifications and the transactional e-mail outbox."""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mentorship.extensions import db
from mentorship.models.base import UTCDateTime, utcnow
from mentorship.models.user import User


class Notification(db.Model):
    """Something a person should know, with a link to it. bundle_key merges repeats."""

    __tablename__ = "notifications"
    __table_args__ = (
        # A person's list, newest first (keyset: "load more" asks for ids below the last one shown).
        Index("ix_notifications_user_id_id", "user_id", "id"),
        # The bell's unread count and "mark all read": only the unread rows, a small part of the table.
        Index(
            "ix_notifications_unread",
            "user_id",
            "id",
            postgresql_where=text("read_at IS NULL"),
            sqlite_where=text("read_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    # Whose words or name the text carries: a block of that person hides it, their erasure scrubs it.
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL", name="fk_notifications_author_id_users"), index=True
    )
    kind: Mapped[str] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(Text)
    link: Mapped[str] = mapped_column(String(300), default="")
    bundle_key: Mapped[str | None] = mapped_column(String(80))
    count: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(foreign_keys=[user_id])


class EmailOutbox(db.Model):
    """A mail to send. Written in the same transaction as what caused it; sent by a job."""

    __tablename__ = "email_outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    to_addr: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(200))
    text_body: Mapped[str] = mapped_column(Text)
    html_body: Mapped[str] = mapped_column(Text, default="")
    kind: Mapped[str] = mapped_column(String(32), default="")
    # Whose words or name it carries (a notification's twin): their account's erasure scrubs the copy.
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL", name="fk_email_outbox_author_id_users"), index=True
    )
    # A unique key makes writing the same mail twice a no-op.
    dedupe_key: Mapped[str | None] = mapped_column(String(120), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")
    # A sender claims the row before talking to SMTP, so two workers never send it at once;
    # a claim older than MAIL_CLAIM_LEASE_SECONDS belongs to a dead worker and may be taken over.
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    claim_token: Mapped[str | None] = mapped_column(String(32))
    # An RFC 5545 invitation sent with the mail (text/calendar; method=REQUEST or CANCEL), if any.
    calendar_ics: Mapped[str] = mapped_column(Text, default="")
