"""All models, imported here so Alembic and the app see one metadata."""

from mentorship.models.base import UTCDateTime, utcnow
from mentorship.models.board import HelpInvite, Post, Reaction, Topic, TopicTag
from mentorship.models.community import Community, JoinRequest, Membership
from mentorship.models.matching import MatchRun, MatchSuggestion, MentorRequest, PairDecision
from mentorship.models.mentorship import Mentorship, MentorshipMember
from mentorship.models.moderation import MemberWarning, Report
from mentorship.models.notify import EmailOutbox, Notification
from mentorship.models.program import Enrollment, Program, ProgramStep
from mentorship.models.push import PushOutbox, PushSettings, PushStatus, PushSubscription
from mentorship.models.reminders import CheckinMoment, NoticeDelivery, ReminderDelivery
from mentorship.models.safety import AuditLog, Block
from mentorship.models.space import (
    AdminAlert,
    CheckIn,
    LifecycleEvent,
    MentorshipFeedback,
    Message,
    StepProgress,
    ThreadRead,
    UneasyNote,
)
from mentorship.models.user import MIN_AGE_YEARS, User, UserSession, UserSkill

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
    "MemberWarning",
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
    "PushOutbox",
    "PushSettings",
    "PushStatus",
    "PushSubscription",
    "Reaction",
    "Report",
    "Topic",
    "TopicTag",
    "ReminderDelivery",
    "UTCDateTime",
    "User",
    "UserSession",
    "UserSkill",
    "utcnow",
]
