"""Push notifications: a person's devices (Web Push subscriptions), their push settings, and the push outbox.

Nothing here holds private text: a subscription is an address at a push service and two public keys; an
outbox row names a notification and a device, and the payload is built from the notification's kind and count
when it is sent (docs/PUSH.md).
"""

import enum
from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mentorship.extensions import db
from mentorship.models.base import UTCDateTime, utcnow
from mentorship.models.notify import Notification
from mentorship.models.user import User

QUIET_START_MINUTES = 22 * 60  # 22:00 in the member's own time zone
QUIET_END_MINUTES = 8 * 60  # 08:00


class PushStatus(enum.StrEnum):
    PENDING = "pending"  # to send (perhaps held until quiet hours end)
    SENT = "sent"  # the push service accepted it
    SKIPPED = "skipped"  # its notification was read (or deleted) before it could go
    FAILED = "failed"  # the push service refused it for good (400, 401, 403, 413)


class PushSubscription(db.Model):
    """One browser or phone that receives a person's pushes: the push service's address and its keys."""

    __tablename__ = "push_subscriptions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    # The push service's address for this browser (a capability URL: whoever holds it can push to it).
    endpoint: Mapped[str] = mapped_column(String(1000), unique=True)
    p256dh: Mapped[str] = mapped_column(String(100))  # the browser's public key, base64url (RFC 8291)
    auth: Mapped[str] = mapped_column(String(32))  # the browser's auth secret, base64url
    user_agent: Mapped[str] = mapped_column(String(200), default="")  # shown as "Chrome on Android"
    # A hash of the login session that added it: logging out of that browser removes it.
    session_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()


class PushSettings(db.Model):
    """A person's push choices: which kinds, quiet hours (minutes after local midnight), the sender's name."""

    __tablename__ = "push_settings"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    # The same groups as e-mail (notify.prefs' keys without "email_"), each on or off; a missing key is on.
    kinds: Mapped[dict] = mapped_column(JSON, default=dict)
    quiet_hours: Mapped[bool] = mapped_column(default=True)
    quiet_start: Mapped[int] = mapped_column(default=QUIET_START_MINUTES)
    quiet_end: Mapped[int] = mapped_column(default=QUIET_END_MINUTES)
    show_sender: Mapped[bool] = mapped_column(default=False)


class PushOutbox(db.Model):
    """One push of one notification to one device. Written with the notification; sent by a job, once."""

    __tablename__ = "push_outbox"
    __table_args__ = (
        UniqueConstraint("notification_id", "subscription_id"),
        CheckConstraint(
            "status IN ('pending', 'sent', 'skipped', 'failed')",
            name="status_known",
        ),
        Index("ix_push_outbox_status_not_before", "status", "not_before"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    subscription_id: Mapped[int] = mapped_column(ForeignKey("push_subscriptions.id", ondelete="CASCADE"), index=True)
    notification_id: Mapped[int] = mapped_column(ForeignKey("notifications.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(16), default=PushStatus.PENDING)
    # Held by quiet hours until then (None: at once).
    not_before: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The display name of the person who caused it, shown only if the member chose "show the sender's name".
    sender_name: Mapped[str | None] = mapped_column(String(60))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str] = mapped_column(String(500), default="")
    # A sender claims the row before talking to the push service (as for mail, docs/JOBS.md).
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    claim_token: Mapped[str | None] = mapped_column(String(32))

    subscription: Mapped[PushSubscription] = relationship()
    notification: Mapped[Notification] = relationship()
