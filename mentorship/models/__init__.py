"""All models, imported here so Alembic and the app see one metadata."""

from .base import UTCDateTime, utcnow
from .community import Community, JoinRequest, Membership
from .mentorship import Mentorship, MentorshipMember
from .notify import EmailOutbox, Notification
from .program import Enrollment, Program, ProgramStep
from .reminders import CheckinMoment, NoticeDelivery, ReminderDelivery
from .safety import AuditLog, Block
from .user import MIN_AGE_YEARS, User, UserSession, UserSkill

__all__ = [
    "MIN_AGE_YEARS",
    "AuditLog",
    "Block",
    "CheckinMoment",
    "Community",
    "EmailOutbox",
    "Enrollment",
    "JoinRequest",
    "Membership",
    "Mentorship",
    "MentorshipMember",
    "NoticeDelivery",
    "Notification",
    "Program",
    "ProgramStep",
    "ReminderDelivery",
    "UTCDateTime",
    "User",
    "UserSession",
    "UserSkill",
    "utcnow",
]
