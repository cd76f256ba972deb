"""A mentorship's goals and milestones: drafted from the mentee's sign-up at the introduction, confirmed or
rewritten by the pair in week 1 (at most 5, each with what success looks like and an optional target date),
marked done. In a circle, shared goals and each mentee's own (at most 5 of each)."""

import re
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from mentorship.extensions import db
from mentorship.models import Mentorship, User, utcnow
from mentorship.models.outcomes import MAX_GOALS, MAX_MILESTONES, Goal, GoalStatus, Milestone
from mentorship.permissions.outcomes import can_see_goal, goals_refusal, owner_choices
from mentorship.services.outcomes import OutcomeError

TITLE_MAX = 200
SUCCESS_MAX = 1000
_SPLIT = re.compile(r"\s*(?:\n|;|•|^\s*[-*]\s+)\s*", re.M)


def signup_goal_titles(text: str) -> list[str]:
    """A sign-up's free-text goals as up to 5 goal titles: one per line, bullet or semicolon."""
    titles = []
    for part in _SPLIT.split(text or ""):
        part = part.strip(" -*•\t.").strip()
        if part:
            titles.append(part if len(part) <= TITLE_MAX else part[: TITLE_MAX - 1].rsplit(" ", 1)[0] + "…")
    return titles[:MAX_GOALS]


def draft_from_signup(mentorship: Mentorship) -> list[Goal]:
    """The mentees' sign-up goals become draft goals (a pair's are shared; a circle mentee's their own);
    in the introduction's transaction (the caller commits)."""
    drafts = []
    for member in mentorship.mentees:
        owner = member.user_id if mentorship.kind == "circle" else None
        for position, title in enumerate(signup_goal_titles(member.goals)):
            drafts.append(
                Goal(mentorship_id=mentorship.id, owner_id=owner, title=title, position=position, status="draft")
            )
    db.session.add_all(drafts)
    return drafts


def visible_goals(mentorship: Mentorship, viewer_id: int) -> list[Goal]:
    """The goals the viewer may see, shared ones first, with their milestones and owners (three queries at most)."""
    goals = db.session.scalars(
        select(Goal)
        .where(Goal.mentorship_id == mentorship.id)
        .options(selectinload(Goal.milestones), selectinload(Goal.owner))
        .order_by(Goal.owner_id.is_not(None), Goal.owner_id, Goal.position, Goal.id)
    ).all()
    return [g for g in goals if can_see_goal(mentorship, viewer_id, g)]


def _guard(mentorship: Mentorship, user: User) -> None:
    refusal = goals_refusal(mentorship, user.id)
    if refusal is not None:
        raise OutcomeError(refusal)


def earliest_target(mentorship: Mentorship) -> date | None:
    """A target date may not be before the program's start (or the mentorship's, without a program)."""
    started = (mentorship.program.started_at if mentorship.program is not None else None) or mentorship.started_at
    return started.date() if started is not None else None


def check_goal(mentorship: Mentorship, title: str, success: str, target: date | None) -> dict[str, str]:
    """The problems of a goal's fields, by field name (empty when it is fine)."""
    problems = {}
    title = (title or "").strip()
    if not title:
        problems["title"] = _("Write the goal in a few words.")
    elif len(title) > TITLE_MAX:
        problems["title"] = _("Keep the goal under %(n)d characters.", n=TITLE_MAX)
    if len((success or "").strip()) > SUCCESS_MAX:
        problems["success"] = _("Keep what success looks like under %(n)d characters.", n=SUCCESS_MAX)
    first = earliest_target(mentorship)
    if target is not None and first is not None and target < first:
        problems["target_date"] = _(
            "Choose a target date on or after the start of the program (%(day)s).", day=first.isoformat()
        )
    return problems


def _count(mentorship_id: int, owner_id: int | None) -> int:
    owner = Goal.owner_id.is_(None) if owner_id is None else Goal.owner_id == owner_id
    return db.session.scalar(select(func.count()).select_from(Goal).where(Goal.mentorship_id == mentorship_id, owner))


def add_goal(
    mentorship: Mentorship,
    user: User,
    title: str,
    success: str = "",
    target: date | None = None,
    owner_id: int | None = None,
) -> Goal:
    """Add a confirmed goal (at most 5 per owner); commits. Raises OutcomeError with the reason."""
    _guard(mentorship, user)
    if owner_id not in owner_choices(mentorship, user.id):
        raise OutcomeError(_("You can't add a goal for that person."))
    problems = check_goal(mentorship, title, success, target)
    if problems:
        raise OutcomeError(" ".join(problems.values()))
    if _count(mentorship.id, owner_id) >= MAX_GOALS:
        raise OutcomeError(
            _("A mentorship works on at most %(n)d goals at a time: rewrite or remove one first.", n=MAX_GOALS)
        )
    goal = Goal(
        mentorship_id=mentorship.id,
        owner_id=owner_id,
        title=title.strip(),
        success=(success or "").strip(),
        target_date=target,
        status=GoalStatus.CONFIRMED,
        position=_count(mentorship.id, owner_id),
        created_by_id=user.id,
    )
    db.session.add(goal)
    db.session.commit()
    return goal


def edit_goal(mentorship: Mentorship, user: User, goal: Goal, title: str, success: str, target: date | None) -> Goal:
    """Rewrite a goal (a draft becomes confirmed); commits."""
    _guard(mentorship, user)
    problems = check_goal(mentorship, title, success, target)
    if problems:
        raise OutcomeError(" ".join(problems.values()))
    goal.title, goal.success, goal.target_date = title.strip(), (success or "").strip(), target
    if goal.status == GoalStatus.DRAFT:
        goal.status = GoalStatus.CONFIRMED
    db.session.commit()
    return goal


def confirm_goals(mentorship: Mentorship, user: User) -> int:
    """Confirm every draft goal the person sees; each needs what success looks like first; commits."""
    _guard(mentorship, user)
    drafts = [g for g in visible_goals(mentorship, user.id) if g.status == GoalStatus.DRAFT]
    if not drafts:
        raise OutcomeError(_("There are no draft goals to confirm."))
    missing = [g.title for g in drafts if not g.success.strip()]
    if missing:
        raise OutcomeError(_("Say what success looks like for “%(goal)s” first (Edit).", goal=missing[0]))
    for goal in drafts:
        goal.status = GoalStatus.CONFIRMED
    db.session.commit()
    return len(drafts)


def set_done(mentorship: Mentorship, user: User, goal: Goal, done: bool) -> Goal:
    """Mark a goal done, or open it again; commits."""
    _guard(mentorship, user)
    if done and goal.status == GoalStatus.DRAFT and not goal.success.strip():
        raise OutcomeError(_("Say what success looks like for this goal first (Edit)."))
    goal.status = GoalStatus.DONE if done else GoalStatus.CONFIRMED
    goal.done_at = utcnow() if done else None
    db.session.commit()
    return goal


def delete_goal(mentorship: Mentorship, user: User, goal: Goal) -> None:
    """Remove a goal with its milestones and progress; commits."""
    _guard(mentorship, user)
    db.session.delete(goal)
    db.session.commit()


def add_milestone(mentorship: Mentorship, user: User, goal: Goal, title: str) -> Milestone:
    """A milestone on the way to a goal (at most 10); commits."""
    _guard(mentorship, user)
    title = (title or "").strip()
    if not title:
        raise OutcomeError(_("Write the milestone in a few words."))
    if len(title) > TITLE_MAX:
        raise OutcomeError(_("Keep the milestone under %(n)d characters.", n=TITLE_MAX))
    if len(goal.milestones) >= MAX_MILESTONES:
        raise OutcomeError(_("A goal has at most %(n)d milestones.", n=MAX_MILESTONES))
    milestone = Milestone(goal_id=goal.id, title=title, position=len(goal.milestones))
    db.session.add(milestone)
    db.session.commit()
    return milestone


def get_milestone(goal: Goal, milestone_id: int) -> Milestone | None:
    return next((m for m in goal.milestones if m.id == milestone_id), None)


def set_milestone_done(mentorship: Mentorship, user: User, milestone: Milestone, done: bool) -> Milestone:
    """Mark a milestone reached, or not yet; commits."""
    _guard(mentorship, user)
    milestone.done_at = utcnow() if done else None
    db.session.commit()
    return milestone


def delete_milestone(mentorship: Mentorship, user: User, milestone: Milestone) -> None:
    _guard(mentorship, user)
    db.session.delete(milestone)
    db.session.commit()
