"""Surveys arrive the way check-in reminders do: a sweep finds what is due and enqueues one job per (survey,
member, occasion, kind) with an id derived from them; the job writes the SurveyDelivery, the notification and
(by the member's check-in mail preference) the mail in one transaction, under a unique key, so a second run
is a no-op. One reminder follows after REMIND_AFTER when the member has not answered.

Due: a start survey in week 1 or 2, a midpoint survey in the middle week or the next, an end survey in the
last week or the one after, or within FRESH of the mentorship's completion; an after-session survey within
FRESH of a session's end."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from mentorship.database import read_only
from mentorship.extensions import db
from mentorship.languages import DEFAULT_LANGUAGE, supported
from mentorship.models import Mentorship, MentorshipMember, User, utcnow
from mentorship.models.outcomes import Survey, SurveyDelivery, SurveyResponse
from mentorship.models.sessions import CallSession
from mentorship.queue import EnqueueCounts, enqueue_unique_many
from mentorship.services.notify.links import site_path
from mentorship.services.notify.notifications import notify
from mentorship.services.space.thread import week_of

SURVEY_JOB = "jobs.outcomes.send_survey"
SURVEY_RETRY = (5, [5, 30, 120, 600, 1800])
REMIND_AFTER = timedelta(days=3)
FRESH = timedelta(days=7)


@dataclass(frozen=True)
class DueSurvey:
    survey_id: int
    mentorship_id: int
    user_id: int
    occasion: int
    kind: str

    @property
    def job_id(self) -> str:
        return f"survey-{self.survey_id}-{self.user_id}-{self.occasion}-{self.kind}"

    @property
    def key(self) -> tuple:
        return (self.survey_id, self.user_id, self.occasion, self.kind)


def target_week(moment: str, weeks: int) -> int:
    """The program week a survey belongs to."""
    return {"start": 1, "midpoint": max(1, (weeks + 1) // 2)}.get(moment, max(1, weeks))


def week_survey_due(moment: str, mentorship, now: datetime) -> bool:
    """Whether a week survey is due for this mentorship now (see the module's docstring)."""
    if mentorship.status == "completed":
        return moment == "end" and mentorship.ended_at is not None and now - mentorship.ended_at <= FRESH
    if mentorship.status != "active" or mentorship.started_at is None:
        return False
    week, target = week_of(mentorship, now), target_week(moment, mentorship.weeks)
    return target <= week <= target + 1


def _members(mentorship_ids: list[int]) -> dict[int, list[int]]:
    rows = db.session.execute(
        select(MentorshipMember.mentorship_id, MentorshipMember.user_id)
        .join(User, User.id == MentorshipMember.user_id)
        .where(MentorshipMember.mentorship_id.in_(mentorship_ids), User.deleted_at.is_(None))
    ).all()
    result: dict[int, list[int]] = {}
    for mentorship_id, user_id in rows:
        result.setdefault(mentorship_id, []).append(user_id)
    return result


def _candidates(now: datetime) -> list[DueSurvey]:
    surveys = db.session.execute(select(Survey.id, Survey.program_id, Survey.moment)).all()
    by_program: dict[int, list] = {}
    for survey_id, program_id, moment in surveys:
        by_program.setdefault(program_id, []).append((survey_id, moment))
    if not by_program:
        return []
    mentorships = db.session.execute(
        select(
            Mentorship.id,
            Mentorship.program_id,
            Mentorship.status,
            Mentorship.started_at,
            Mentorship.ended_at,
            Mentorship.weeks,
        )
        .where(Mentorship.program_id.in_(by_program), Mentorship.status.in_(("active", "completed")))
        .where((Mentorship.status == "active") | (Mentorship.ended_at >= now - FRESH))
    ).all()
    sessions = db.session.execute(
        select(CallSession.id, CallSession.mentorship_id, CallSession.starts_at, CallSession.minutes)
        .join(Mentorship, Mentorship.id == CallSession.mentorship_id)
        .where(
            Mentorship.program_id.in_(by_program),
            CallSession.status == "accepted",
            CallSession.starts_at >= now - FRESH - timedelta(days=1),
            CallSession.starts_at <= now,
        )
    ).all()
    members = _members(list({m.id for m in mentorships} | {s.mentorship_id for s in sessions}))
    programs = {m.id: m.program_id for m in mentorships}
    due = []
    for m in mentorships:
        for survey_id, moment in by_program[m.program_id]:
            if moment != "after_session" and week_survey_due(moment, m, now):
                due += [DueSurvey(survey_id, m.id, u, 0, "invite") for u in members.get(m.id, [])]
    for s in sessions:
        program_id = programs.get(s.mentorship_id)
        if program_id is None or not now - FRESH <= s.starts_at + timedelta(minutes=s.minutes) <= now:
            continue
        for survey_id, moment in by_program[program_id]:
            if moment == "after_session":
                due += [
                    DueSurvey(survey_id, s.mentorship_id, u, s.id, "invite") for u in members.get(s.mentorship_id, [])
                ]
    return due


def find_due_surveys(now: datetime | None = None) -> list[DueSurvey]:
    """Invitations due and not yet delivered, and the one reminder of those unanswered after REMIND_AFTER."""
    now = now or utcnow()
    with read_only(db.session):
        candidates = _candidates(now)
        delivered = {
            (d.survey_id, d.user_id, d.occasion, d.kind): d
            for d in db.session.scalars(select(SurveyDelivery).where(SurveyDelivery.created_at >= now - 4 * FRESH))
        }
        answered = set(
            db.session.execute(
                select(SurveyResponse.survey_id, SurveyResponse.user_id, SurveyResponse.occasion).where(
                    SurveyResponse.created_at >= now - 5 * FRESH
                )
            ).all()
        )
    due = [c for c in candidates if c.key not in delivered]
    for (survey_id, user_id, occasion, kind), invite in delivered.items():
        if (
            kind == "invite"
            and now - invite.created_at >= REMIND_AFTER
            and now - invite.created_at <= FRESH + REMIND_AFTER
            and (survey_id, user_id, occasion) not in answered
            and (survey_id, user_id, occasion, "reminder") not in delivered
        ):
            due.append(DueSurvey(survey_id, invite.mentorship_id, user_id, occasion, "reminder"))
    return due


def sweep_surveys(now: datetime | None = None) -> EnqueueCounts:
    """Enqueue one job per due survey invitation or reminder."""
    due = find_due_surveys(now)
    if not due:
        return EnqueueCounts()
    jobs = ((d.job_id, (d.survey_id, d.mentorship_id, d.user_id, d.occasion, d.kind)) for d in due)
    return enqueue_unique_many(SURVEY_JOB, jobs, queue="reminders", retry=SURVEY_RETRY)


def survey_link(mentorship_id: int, survey_id: int, occasion: int) -> str:
    values = {"mentorship_id": mentorship_id, "survey_id": survey_id}
    if occasion:
        values["occasion"] = occasion
    return site_path("outcomes.answer", **values)


def deliver_survey(survey_id: int, mentorship_id: int, user_id: int, occasion: int, kind: str) -> str:
    """Write one invitation or reminder (delivery + notification + mail by preference) once; commits.

    Returns "delivered", "already" (a previous run did it) or "skipped" (gone, left, or already answered)."""
    keys = {"survey_id": survey_id, "user_id": user_id, "occasion": occasion, "kind": kind}
    if db.session.scalar(select(SurveyDelivery.id).filter_by(**keys)) is not None:
        db.session.rollback()
        return "already"
    survey = db.session.get(Survey, survey_id)
    member = db.session.scalar(
        select(MentorshipMember).where(
            MentorshipMember.mentorship_id == mentorship_id, MentorshipMember.user_id == user_id
        )
    )
    answered = db.session.scalar(
        select(SurveyResponse.id).where(
            SurveyResponse.survey_id == survey_id,
            SurveyResponse.user_id == user_id,
            SurveyResponse.occasion == occasion,
        )
    )
    if survey is None or member is None or member.user.is_deleted or (kind == "reminder" and answered):
        db.session.rollback()
        return "skipped"
    db.session.add(SurveyDelivery(mentorship_id=mentorship_id, **keys))
    # A job has no request: the words are the member's language (once members choose one), else the default.
    with force_locale(supported(getattr(member.user, "locale", None)) or DEFAULT_LANGUAGE):
        if kind == "reminder":
            text = _("A reminder: a short survey is waiting for you: %(title)s", title=survey.title)
        else:
            text = _("A short survey for you: %(title)s. It takes a minute.", title=survey.title)
        notify(user_id, "survey", text, survey_link(mentorship_id, survey_id, occasion), user=member.user)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return "already"
    return "delivered"
