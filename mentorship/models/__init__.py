"""All models, imported here so Alembic and the app see one metadata."""

from .base import UTCDateTime, utcnow
from .board import HelpInvite, Post, Reaction, Topic, TopicTag
from .community import Community, JoinRequest, Membership
from .matching import MatchRun, MatchSuggestion, MentorRequest, PairDecision
from .mentorship import Mentorship, MentorshipMember
from .notify import EmailOutbox, Notification
from .program import Enrollment, Program, ProgramStep
from .reminders import CheckinMoment, NoticeDelivery, ReminderDelivery
from .safety import AuditLog, Block
from .space import (
    AdminAlert,
    CheckIn,
    LifecycleEvent,
    MentorshipFeedback,
    Message,
    StepProgress,
    ThreadRead,
    UneasyNote,
)
from .user import MIN_AGE_YEARS, User, UserSession, UserSkill

__all__ = [
    "AdminAlert",
    "CheckIn",
    "LifecycleEvent",
    "Message",
    "MentorshipFeedback",
    "StepProgress",
    "ThreadRead",
    "UneasyNote",
    "MIN_AGE_YEARS",
    "AuditLog",
    "Block",
    "CheckinMoment",
    "Community",
    "EmailOutbox",
    "Enrollment",
    "HelpInvite",
    "JoinRequest",
    "MatchRun",
    "MatchSuggestion",
    "Membership",
    "MentorRequest",
    "Mentorship",
    "MentorshipMember",
    "NoticeDelivery",
    "Notification",
    "PairDecision",
    "Post",
    "Program",
    "ProgramStep",
    "Reaction",
    "Topic",
    "TopicTag",
    "ReminderDelivery",
    "UTCDateTime",
    "User",
    "UserSession",
    "UserSkill",
    "utcnow",
]
