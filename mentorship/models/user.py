"""People: accounts, their login sessions and the skills they offer."""

import secrets
from datetime import date, datetime

from flask_login import UserMixin
from sqlalchemy import JSON, ForeignKey, Index, String, Text, func, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mentorship.extensions import db
from mentorship.models.base import UTCDateTime, utcnow

MIN_AGE_YEARS = 18
DEFAULT_REMINDER_PREFS = {
    "email_checkin": True,
    "email_messages": True,
    "email_help": True,
    "email_admin": True,
    "email_mentorship": True,
    "email_reports": True,
}


def new_token() -> str:
    """A random URL-safe token for sessions and links."""
    return secrets.token_urlsafe(32)


class User(UserMixin, db.Model):
    """A person with an account. Email is unique without regard to case."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254))
    display_name: Mapped[str] = mapped_column(String(60))
    password_hash: Mapped[str] = mapped_column(String(255))
    date_of_birth: Mapped[date]
    adult_confirmed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    email_verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    # The member's language (mentorship/languages.py); None until chosen: the browser's Accept-Language decides.
    locale: Mapped[str | None] = mapped_column(String(8))
    bio: Mapped[str] = mapped_column(Text, default="")
    reminder_prefs: Mapped[dict] = mapped_column(JSON, default=lambda: dict(DEFAULT_REMINDER_PREFS))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The uploaded profile picture's version (None: initials on a colour); in each picture's file name and URL.
    picture_version: Mapped[int | None]

    skills: Mapped[list["UserSkill"]] = relationship(
        back_populates="user", cascade="all, delete-orphan", order_by="UserSkill.tag"
    )

    # Flask-Login keys the session on the UserSession token, not the user id,
    # so a logout or password change can revoke it on the server.
    current_session_token = None
    current_session_remember = False

    def get_id(self) -> str | None:
        return self.current_session_token

    @property
    def skill_tags(self) -> list[str]:
        return [skill.tag for skill in self.skills]

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    def wants_email(self, kind: str) -> bool:
        """Whether this person keeps e-mail of the given preference key on."""
        prefs = {**DEFAULT_REMINDER_PREFS, **(self.reminder_prefs or {})}
        return bool(prefs.get(kind, True)) and not self.is_deleted

    @staticmethod
    def select_by_email(email: str):
        return select(User).where(func.lower(User.email) == email.strip().lower())

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email}>"


# E-mail is unique without regard to case. (Declared after the class: `func.lower("email")`
# inside __table_args__ would index the constant string 'email' and allow one user only.)
Index("uq_users_email_lower", func.lower(User.email), unique=True)


class UserSession(db.Model):
    """One signed-in browser. Deleting the row signs that browser out everywhere."""

    __tablename__ = "user_sessions"

    token: Mapped[str] = mapped_column(String(64), primary_key=True, default=new_token)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    remember: Mapped[bool] = mapped_column(default=False)
    user_agent: Mapped[str] = mapped_column(String(200), default="")

    user: Mapped[User] = relationship()


class UserSkill(db.Model):
    """A skill or interest tag a person lists (used for help-request alerts and matching)."""

    __tablename__ = "user_skills"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    tag: Mapped[str] = mapped_column(String(40), primary_key=True, index=True)

    user: Mapped[User] = relationship(back_populates="skills")
