"""Outcomes: a mentorship's goals, milestones and weekly progress, its "what we achieved" summary, and the
program's surveys with their answers.

Goals, milestones, progress and summaries are the mentorship's content (its members alone). Survey answers
belong to the person who gave them; admins only ever see them pooled (services/outcomes/report.py).
"""

import enum
from datetime import date, datetime

from sqlalchemy import JSON, CheckConstraint, Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mentorship.extensions import db
from mentorship.models.base import UTCDateTime, check_in, utcnow
from mentorship.models.user import User

MAX_GOALS = 5
MAX_MILESTONES = 10
# Progress of a goal in one week: not started, some, most, done.
PROGRESS_LEVELS = (0, 1, 2, 3)


class GoalStatus(enum.StrEnum):
    """draft (from the sign-up, not yet agreed) -> confirmed -> done (and back to confirmed)."""

    DRAFT = "draft"
    CONFIRMED = "confirmed"
    DONE = "done"


class SurveyMoment(enum.StrEnum):
    """When a survey arrives: a week of the program (first, middle, last) or after each session."""

    START = "start"
    MIDPOINT = "midpoint"
    END = "end"
    AFTER_SESSION = "after_session"


class QuestionKind(enum.StrEnum):
    RATING = "rating"  # 1-5
    SINGLE = "single"  # one of the choices
    MULTIPLE = "multiple"  # any of the choices
    TEXT = "text"  # a short text
    NPS = "nps"  # how likely are you to recommend, 0-10


class DeliveryKind(enum.StrEnum):
    INVITE = "invite"
    REMINDER = "reminder"


class Goal(db.Model):
    """A goal of a mentorship: shared by its members (owner None) or, in a circle, one mentee's own."""

    __tablename__ = "outcome_goals"
    __table_args__ = (check_in("status", GoalStatus),)

    id: Mapped[int] = mapped_column(primary_key=True)
    mentorship_id: Mapped[int] = mapped_column(ForeignKey("mentorships.id", ondelete="CASCADE"), index=True)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    success: Mapped[str] = mapped_column(Text, default="")
    target_date: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default=GoalStatus.DRAFT)
    position: Mapped[int] = mapped_column(default=0)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    milestones: Mapped[list["Milestone"]] = relationship(
        back_populates="goal", cascade="all, delete-orphan", order_by="Milestone.position, Milestone.id"
    )
    owner: Mapped[User | None] = relationship(foreign_keys=[owner_id])


class Milestone(db.Model):
    """A step on the way to a goal, marked done when reached."""

    __tablename__ = "outcome_milestones"

    id: Mapped[int] = mapped_column(primary_key=True)
    goal_id: Mapped[int] = mapped_column(ForeignKey("outcome_goals.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    goal: Mapped[Goal] = relationship(back_populates="milestones")


class GoalProgress(db.Model):
    """How far a goal got in one week, as one member saw it (one row per goal, member and week)."""

    __tablename__ = "outcome_goal_progress"
    __table_args__ = (
        UniqueConstraint("goal_id", "user_id", "week"),
        CheckConstraint("level BETWEEN 0 AND 3", name="level_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    goal_id: Mapped[int] = mapped_column(ForeignKey("outcome_goals.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    week: Mapped[int]
    level: Mapped[int]
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class Achievement(db.Model):
    """ "What we achieved": written once when a mentorship completes; its members keep it and may share it."""

    __tablename__ = "outcome_achievements"

    id: Mapped[int] = mapped_column(primary_key=True)
    mentorship_id: Mapped[int] = mapped_column(ForeignKey("mentorships.id", ondelete="CASCADE"), unique=True)
    written_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    weeks: Mapped[int] = mapped_column(default=0)
    weeks_completed: Mapped[int] = mapped_column(default=0)
    sessions_held: Mapped[int] = mapped_column(default=0)
    # [{"title", "success", "level", "done", "milestones_done", "milestones"}], as they stood at completion.
    goals: Mapped[list] = mapped_column(JSON, default=list)
    share_token: Mapped[str | None] = mapped_column(String(64), unique=True)
    shared_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    shared_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    words: Mapped[list["AchievementWords"]] = relationship(
        back_populates="achievement", cascade="all, delete-orphan", order_by="AchievementWords.user_id"
    )


class AchievementWords(db.Model):
    """A mentee's own words in the summary; on a shared link only if they said so."""

    __tablename__ = "outcome_achievement_words"

    achievement_id: Mapped[int] = mapped_column(
        ForeignKey("outcome_achievements.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    text: Mapped[str] = mapped_column(Text, default="")
    on_link: Mapped[bool] = mapped_column(default=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    achievement: Mapped[Achievement] = relationship(back_populates="words")
    user: Mapped[User] = relationship()


class Survey(db.Model):
    """A short survey of a program, sent to every member of its mentorships at one moment."""

    __tablename__ = "outcome_surveys"
    __table_args__ = (check_in("moment", SurveyMoment),)

    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(120))
    intro: Mapped[str] = mapped_column(Text, default="")
    moment: Mapped[str] = mapped_column(String(16), default=SurveyMoment.START)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    questions: Mapped[list["SurveyQuestion"]] = relationship(
        back_populates="survey", cascade="all, delete-orphan", order_by="SurveyQuestion.position, SurveyQuestion.id"
    )


class SurveyQuestion(db.Model):
    """One question. `measure` names a self-rating asked the same way at the start and the end."""

    __tablename__ = "outcome_survey_questions"
    __table_args__ = (check_in("kind", QuestionKind),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("outcome_surveys.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    kind: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(String(300))
    choices: Mapped[list] = mapped_column(JSON, default=list)
    measure: Mapped[str] = mapped_column(String(40), default="")
    # A short text answer reaches the admins only when the survey says so above the question.
    admins_read: Mapped[bool] = mapped_column(default=False)

    survey: Mapped[Survey] = relationship(back_populates="questions")


class SurveyDelivery(db.Model):
    """A survey's invitation or its one reminder, delivered once per (survey, member, occasion, kind).

    The occasion is 0 for a survey at a program week, or the session's id for a survey after a session.
    """

    __tablename__ = "outcome_survey_deliveries"
    __table_args__ = (UniqueConstraint("survey_id", "user_id", "occasion", "kind"), check_in("kind", DeliveryKind))

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("outcome_surveys.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    mentorship_id: Mapped[int] = mapped_column(ForeignKey("mentorships.id", ondelete="CASCADE"), index=True)
    occasion: Mapped[int] = mapped_column(default=0)
    kind: Mapped[str] = mapped_column(String(16), default=DeliveryKind.INVITE)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class SurveyResponse(db.Model):
    """A member's answers to one survey on one occasion; answering again changes them."""

    __tablename__ = "outcome_survey_responses"
    __table_args__ = (UniqueConstraint("survey_id", "user_id", "occasion"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("outcome_surveys.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    mentorship_id: Mapped[int] = mapped_column(ForeignKey("mentorships.id", ondelete="CASCADE"), index=True)
    occasion: Mapped[int] = mapped_column(default=0)
    show_name: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    answers: Mapped[list["SurveyAnswer"]] = relationship(back_populates="response", cascade="all, delete-orphan")


class SurveyAnswer(db.Model):
    """One answer: a number (rating, NPS, the chosen index, or a bit mask of chosen indexes) or a text."""

    __tablename__ = "outcome_survey_answers"
    __table_args__ = (
        UniqueConstraint("response_id", "question_id"),
        # The report groups answers by question and value.
        Index("ix_outcome_survey_answers_question", "question_id", "number"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("outcome_survey_responses.id", ondelete="CASCADE"))
    question_id: Mapped[int] = mapped_column(ForeignKey("outcome_survey_questions.id", ondelete="CASCADE"))
    number: Mapped[int | None]
    text: Mapped[str] = mapped_column(Text, default="")

    response: Mapped[SurveyResponse] = relationship(back_populates="answers")
