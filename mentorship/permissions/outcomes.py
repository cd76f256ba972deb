"""Who may see and change a mentorship's goals, answer a survey, and open a shared summary.

Goals, milestones and progress are the mentorship's content: its members alone (everyone else, admins
included, gets the space's 404 from `get_mentorship_or_404`). In a circle, shared goals are everyone's; a
mentee's own goals are seen and moved by that mentee and the mentor(s), as check-ins are.
"""

from flask import abort
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from mentorship.extensions import db
from mentorship.models import Mentorship
from mentorship.models.outcomes import Achievement, Goal, Survey
from mentorship.models.sessions import CallSession

GOAL_STATUSES = ("active", "paused")


def can_see_goal(mentorship: Mentorship, user_id: int, goal: Goal) -> bool:
    """A shared goal: every member; a mentee's own goal in a circle: that mentee and the mentor(s)."""
    member = mentorship.member_for(user_id)
    if member is None or goal.mentorship_id != mentorship.id:
        return False
    return goal.owner_id is None or goal.owner_id == user_id or member.role == "mentor"


def goals_refusal(mentorship: Mentorship, user_id: int) -> str | None:
    """Why this person can't change the goals now, or None: members, while the mentorship runs or is paused."""
    if mentorship.member_for(user_id) is None:
        return _("Only the members of this mentorship can change its goals.")
    if mentorship.status not in GOAL_STATUSES:
        return _(
            "Goals can be changed while the mentorship is active or paused; it is %(status)s.", status=mentorship.status
        )
    return None


def progress_refusal(mentorship: Mentorship, user_id: int, week: int) -> str | None:
    """Why this person can't move a goal's progress this week, or None: with the weekly check-in."""
    if mentorship.member_for(user_id) is None:
        return _("Only the members of this mentorship can move its goals.")
    if mentorship.status != "active":
        return _("Progress moves with the weekly check-in while the mentorship is active.")
    if week < 1:
        return _("Progress can be moved once the mentorship has started.")
    return None


def can_change_goals(user, mentorship: Mentorship) -> bool:
    return user is not None and user.is_authenticated and goals_refusal(mentorship, user.id) is None


def owner_choices(mentorship: Mentorship, user_id: int) -> list[int | None]:
    """Whose goal a member may write: shared (None); in a circle also a mentee's own (the mentor: any mentee's)."""
    if mentorship.kind != "circle":
        return [None]
    member = mentorship.member_for(user_id)
    if member is None:
        return []
    if member.role == "mentor":
        return [None, *(m.user_id for m in mentorship.mentees)]
    return [None, user_id]


def get_goal_or_404(mentorship: Mentorship, goal_id: int) -> Goal:
    """A goal of this mentorship the person may see (the mentorship from get_mentorship_or_404); else 404."""
    goal = db.session.scalar(
        select(Goal)
        .where(Goal.id == goal_id, Goal.mentorship_id == mentorship.id)
        .options(selectinload(Goal.milestones))
    )
    if goal is None or not can_see_goal(mentorship, current_user.id, goal):
        abort(404)
    return goal


def survey_occasion_ok(mentorship: Mentorship, survey: Survey, occasion: int) -> bool:
    """A week survey has occasion 0; an after-session survey the id of one of this mentorship's sessions."""
    if survey.moment != "after_session":
        return occasion == 0
    if occasion <= 0:
        return False
    found = db.session.scalar(
        select(CallSession.id).where(CallSession.id == occasion, CallSession.mentorship_id == mentorship.id)
    )
    return found is not None


def get_member_survey_or_404(mentorship: Mentorship, survey_id: int, occasion: int) -> Survey:
    """A survey of this mentorship's program, on an occasion of this mentorship; else 404."""
    survey = db.session.scalar(select(Survey).where(Survey.id == survey_id).options(selectinload(Survey.questions)))
    if (
        survey is None
        or mentorship.program_id is None
        or survey.program_id != mentorship.program_id
        or not survey_occasion_ok(mentorship, survey, occasion)
    ):
        abort(404)
    return survey


def get_admin_survey_or_404(program, survey_id: int) -> Survey:
    """A survey of this program (the program from get_admin_program_or_404); else 404."""
    survey = db.session.scalar(
        select(Survey)
        .where(Survey.id == survey_id, Survey.program_id == program.id)
        .options(selectinload(Survey.questions))
    )
    if survey is None:
        abort(404)
    return survey


def get_shared_achievement_or_404(token: str) -> Achievement:
    """A summary shared by one of its members through a link (no log-in); a revoked or unknown link is a 404."""
    if not token or len(token) > 64:
        abort(404)
    achievement = db.session.scalar(
        select(Achievement).where(Achievement.share_token == token).options(selectinload(Achievement.words))
    )
    if achievement is None:
        abort(404)
    return achievement


TEMPLATE_PREDICATES = {"can_change_goals": can_change_goals}
