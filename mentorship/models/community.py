"""Communities and who belongs to them."""

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mentorship.extensions import db
from mentorship.models.base import UTCDateTime, check_in, utcnow
from mentorship.models.user import User


class MembershipRole(enum.StrEnum):
    MEMBER = "member"
    MODERATOR = "moderator"
    ADMIN = "admin"


class MembershipStatus(enum.StrEnum):
    """A suspended membership says until when in suspended_until."""

    ACTIVE = "active"
    SUSPENDED = "suspended"


class JoinRequestStatus(enum.StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    DECLINED = "declined"


DEFAULT_CODE_OF_CONDUCT = """- Be kind and assume good intent.
- No harassment, hate or discrimination of any kind.
- Keep what people share in private spaces private.
- No spam or self-promotion.
- Report anything that worries you; moderators will look at it."""


class Community(db.Model):
    """A group of people with its own board, programs and moderators."""

    __tablename__ = "communities"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(80))
    description: Mapped[str] = mapped_column(Text, default="")
    is_private: Mapped[bool] = mapped_column(default=False)
    code_of_conduct: Mapped[str] = mapped_column(Text, default=DEFAULT_CODE_OF_CONDUCT)
    # Moderation settings: hide a post once this many distinct members report it.
    report_hide_threshold: Mapped[int] = mapped_column(default=3)
    slow_mode_enabled: Mapped[bool] = mapped_column(default=True)
    # The language new members and visitors read the community in, until they choose their own (None: English).
    default_locale: Mapped[str | None] = mapped_column(String(8))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    memberships: Mapped[list["Membership"]] = relationship(back_populates="community", cascade="all, delete-orphan")

    @staticmethod
    def select_visible():
        """Communities listed to visitors: public ones, newest first."""
        return select(Community).where(Community.is_private.is_(False)).order_by(Community.created_at.desc())

    @staticmethod
    def select_shared(a_id: int, b_id: int):
        """Communities both people are members of, by name."""
        theirs = select(Membership.community_id).where(Membership.user_id == b_id)
        return (
            select(Community)
            .join(Membership, Membership.community_id == Community.id)
            .where(Membership.user_id == a_id, Community.id.in_(theirs))
            .order_by(Community.name)
        )


class Membership(db.Model):
    """A person's place in a community: role, status and when they accepted the code of conduct."""

    __tablename__ = "memberships"
    __table_args__ = (
        UniqueConstraint("community_id", "user_id"),
        check_in("role", MembershipRole),
        check_in("status", MembershipStatus),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(16), default=MembershipRole.MEMBER)
    status: Mapped[str] = mapped_column(String(16), default=MembershipStatus.ACTIVE)
    suspended_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    coc_accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    community: Mapped[Community] = relationship(back_populates="memberships")
    user: Mapped[User] = relationship()

    @property
    def is_admin(self) -> bool:
        return self.role == MembershipRole.ADMIN

    @property
    def is_moderator(self) -> bool:
        return self.role in (MembershipRole.MODERATOR, MembershipRole.ADMIN)

    @property
    def is_suspended(self) -> bool:
        return self.suspended_until is not None and self.suspended_until > utcnow()


class JoinRequest(db.Model):
    """A request to join a private community, decided by one of its admins."""

    __tablename__ = "join_requests"
    __table_args__ = (UniqueConstraint("community_id", "user_id"), check_in("status", JoinRequestStatus))

    id: Mapped[int] = mapped_column(primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    message: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default=JoinRequestStatus.PENDING)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    community: Mapped[Community] = relationship()
    user: Mapped[User] = relationship()


class InvitationKind(enum.StrEnum):
    """A shareable link anyone holding it may use (up to its uses), or one mailed to one address, used once."""

    LINK = "link"
    EMAIL = "email"


class Invitation(db.Model):
    """An admin's invitation into a community; its token is the key in the link."""

    __tablename__ = "invitations"
    __table_args__ = (
        # Each address is invited once per community (a resend sends the same invitation again).
        UniqueConstraint("community_id", "email"),
        check_in("kind", InvitationKind),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16), default=InvitationKind.LINK)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    email: Mapped[str | None] = mapped_column(String(254))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    max_uses: Mapped[int | None] = mapped_column()
    uses: Mapped[int] = mapped_column(default=0)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sends: Mapped[int] = mapped_column(default=0)

    community: Mapped[Community] = relationship()

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= utcnow()

    @property
    def is_used_up(self) -> bool:
        return self.max_uses is not None and self.uses >= self.max_uses

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and not self.is_expired and not self.is_used_up

    @property
    def uses_left(self) -> int | None:
        return None if self.max_uses is None else max(self.max_uses - self.uses, 0)
