"""Reports of topics, posts, members and private messages, and warnings given by moderators.

A report keeps a snapshot of what was reported (text, author, when it was written), copied at
report time: editing or deleting the original later changes nothing the moderators see, and for
a private message the snapshot is all they ever see of the thread.
"""

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mentorship.extensions import db
from mentorship.models.base import UTCDateTime, check_in, utcnow
from mentorship.models.community import Community
from mentorship.models.user import User


class ReportTarget(enum.StrEnum):
    TOPIC = "topic"
    POST = "post"
    MEMBER = "member"
    MESSAGE = "message"


class ReportReason(enum.StrEnum):
    HARASSMENT = "harassment"
    SPAM = "spam"
    OFF_TOPIC = "off_topic"
    INAPPROPRIATE = "inappropriate"
    SAFETY = "safety"
    OTHER = "other"


class ReportStatus(enum.StrEnum):
    OPEN = "open"
    DISMISSED = "dismissed"
    ACTIONED = "actioned"


TARGET_TYPES = tuple(ReportTarget)
REASONS = {
    ReportReason.HARASSMENT: _l("Harassment or bullying"),
    ReportReason.SPAM: _l("Spam or advertising"),
    ReportReason.OFF_TOPIC: _l("Off-topic"),
    ReportReason.INAPPROPRIATE: _l("Inappropriate content"),
    ReportReason.SAFETY: _l("Safety concern"),
    ReportReason.OTHER: _l("Something else"),
}


class Report(db.Model):
    """One member's report of one thing, with a snapshot of it, until a moderator resolves it."""

    __tablename__ = "reports"
    __table_args__ = (
        # One open report per reporter and target; after it is resolved they may report it again.
        Index(
            "uq_reports_open_per_reporter",
            "reporter_id",
            "target_type",
            "target_id",
            unique=True,
            sqlite_where=text("status = 'open'"),
            postgresql_where=text("status = 'open'"),
        ),
        Index("ix_reports_community_status", "community_id", "status", "created_at"),
        Index("ix_reports_target", "target_type", "target_id", "status"),
        check_in("target_type", ReportTarget),
        check_in("reason", ReportReason),
        check_in("status", ReportStatus),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id", ondelete="CASCADE"))
    reporter_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    target_type: Mapped[str] = mapped_column(String(12))
    target_id: Mapped[int]
    reason: Mapped[str] = mapped_column(String(16))
    details: Mapped[str] = mapped_column(Text, default="")
    # Copied when the report is made; never read back from the original.
    snapshot_title: Mapped[str] = mapped_column(String(200), default="")
    snapshot_text: Mapped[str] = mapped_column(Text, default="")
    snapshot_author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    snapshot_created_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # For board posts: the topic it belongs to (the queue links to it). Never set for messages.
    context_topic_id: Mapped[int | None] = mapped_column(ForeignKey("board_topics.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(12), default=ReportStatus.OPEN)
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # What the reporter is told ("The moderators hid the post.").
    outcome: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    community: Mapped[Community] = relationship()
    reporter: Mapped[User | None] = relationship(foreign_keys=[reporter_id])
    snapshot_author: Mapped[User | None] = relationship(foreign_keys=[snapshot_author_id])
    resolved_by: Mapped[User | None] = relationship(foreign_keys=[resolved_by_id])

    @property
    def is_open(self) -> bool:
        return self.status == ReportStatus.OPEN

    @property
    def reason_label(self) -> str:
        return REASONS.get(self.reason, self.reason)


class MemberWarning(db.Model):
    """A formal warning a moderator gave a member, with the reason they were told."""

    __tablename__ = "member_warnings"

    id: Mapped[int] = mapped_column(primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    moderator_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    report_id: Mapped[int | None] = mapped_column(ForeignKey("reports.id", ondelete="SET NULL"))
    reason: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    community: Mapped[Community] = relationship()
