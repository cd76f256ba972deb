"""One-time submission tokens: a create form sent twice (a double click, a retry, a resent form) stores once."""

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from mentorship.extensions import db
from mentorship.models.base import UTCDateTime, utcnow


class Submission(db.Model):
    """A create form's token, claimed by the first request that carries it (the primary key refuses the rest);
    `location` is the page of what that request created, where every later copy is sent."""

    __tablename__ = "submissions"

    token: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    location: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
