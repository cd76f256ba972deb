"""Each goal's progress, moved by each member at the weekly check-in (one tap: not started, some, most, done),
and drawn as a chart next to the check-in ratings. One row per goal, member and week; a member moving it again
in the same week changes that row. A goal's level in a week is the latest move of any member that week."""

from datetime import datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from mentorship.database import one_row
from mentorship.extensions import db
from mentorship.models import Mentorship, User, utcnow
from mentorship.models.outcomes import PROGRESS_LEVELS, Goal, GoalProgress, GoalStatus
from mentorship.permissions.outcomes import can_see_goal, progress_refusal
from mentorship.services.outcomes import OutcomeError
from mentorship.services.outcomes.goals import visible_goals
from mentorship.services.space.checkins import CHART_PAD, week_chart
from mentorship.services.space.thread import week_of

LEVEL_LABELS = {0: _l("Not started"), 1: _l("Some"), 2: _l("Most"), 3: _l("Done")}


def parse_level(value) -> int:
    """A level from a form (0-3), or OutcomeError with the sentence to show."""
    try:
        level = int(value)
    except (TypeError, ValueError):
        level = -1
    if level not in PROGRESS_LEVELS:
        raise OutcomeError(_("Choose how far the goal got: not started, some, most or done."))
    return level


def record_levels(mentorship: Mentorship, user: User, levels: dict[int, int], now: datetime | None = None) -> int:
    """This week's progress of several goals (goal id -> level); flushes, the caller commits (the check-in)."""
    if not levels:
        return 0
    week = week_of(mentorship, now or utcnow())
    refusal = progress_refusal(mentorship, user.id, week)
    if refusal is not None:
        raise OutcomeError(refusal)
    goals = {
        g.id: g
        for g in db.session.scalars(select(Goal).where(Goal.mentorship_id == mentorship.id, Goal.id.in_(levels)))
    }
    for goal_id, value in levels.items():
        goal = goals.get(goal_id)
        if goal is None or not can_see_goal(mentorship, user.id, goal):
            raise OutcomeError(_("That goal is not one of yours."))
        level = parse_level(value)
        row = one_row(db.session, GoalProgress, {"level": level}, goal_id=goal.id, user_id=user.id, week=week)
        row.level = level
        row.updated_at = utcnow()
        if level == 3 and goal.status != GoalStatus.DONE:
            goal.status, goal.done_at = GoalStatus.DONE, utcnow()
        elif level < 3 and goal.status == GoalStatus.DONE:
            goal.status, goal.done_at = GoalStatus.CONFIRMED, None
    db.session.flush()
    return len(levels)


def move(mentorship: Mentorship, user: User, goal: Goal, value) -> int:
    """One tap on one goal; commits. Returns the level."""
    level = parse_level(value)
    record_levels(mentorship, user, {goal.id: level})
    db.session.commit()
    return level


def progress_rows(goals: list[Goal]) -> list[GoalProgress]:
    """Every progress row of these goals, oldest first (one query)."""
    if not goals:
        return []
    return list(
        db.session.scalars(
            select(GoalProgress)
            .where(GoalProgress.goal_id.in_([g.id for g in goals]))
            .order_by(GoalProgress.week, GoalProgress.updated_at, GoalProgress.id)
        )
    )


def levels_by_week(rows: list[GoalProgress]) -> dict[int, dict[int, int]]:
    """goal id -> {week: level}, the latest move of the week winning."""
    result: dict[int, dict[int, int]] = {}
    for row in rows:
        result.setdefault(row.goal_id, {})[row.week] = row.level
    return result


def current_levels(goals: list[Goal], rows: list[GoalProgress]) -> dict[int, int]:
    """Each goal's level now: 3 when done, else its latest week's, else 0."""
    weeks = levels_by_week(rows)
    result = {}
    for goal in goals:
        latest = weeks.get(goal.id, {})
        result[goal.id] = 3 if goal.status == GoalStatus.DONE else (latest[max(latest)] if latest else 0)
    return result


def my_levels_this_week(rows: list[GoalProgress], user_id: int, week: int) -> dict[int, int]:
    return {r.goal_id: r.level for r in rows if r.user_id == user_id and r.week == week}


def chart(mentorship: Mentorship, goals: list[Goal], rows: list[GoalProgress]) -> dict:
    """Points for the SVG chart beside the check-in ratings: one series per goal, weeks across, 0-3 up."""
    by_week = levels_by_week(rows)
    weeks = max(1, mentorship.weeks, *(r.week for r in rows)) if rows else max(1, mentorship.weeks)
    lines = [
        ({"goal_id": goal.id}, goal.title, sorted(by_week[goal.id].items())) for goal in goals if goal.id in by_week
    ]
    labels = {level: LEVEL_LABELS[level] for level in PROGRESS_LEVELS}
    low, high = min(PROGRESS_LEVELS), max(PROGRESS_LEVELS)
    return week_chart(weeks, (low, high), lines, "level", labels, left=CHART_PAD + 40) | {"by_week": by_week}


def levels_from_form(form) -> dict[int, str]:
    """The check-in form's progress fields (progress-<goal id>) as goal id -> the chosen value."""
    return {
        int(name.removeprefix("progress-")): value
        for name, value in form.items()
        if name.startswith("progress-") and name.removeprefix("progress-").isdigit() and value != ""
    }


def checkin_context(mentorship: Mentorship, viewer_id: int, week: int, submitted=None) -> dict:
    """What the check-in page shows of the goals: the goals, my levels this week (or what I just sent), now,
    and the chart."""
    goals = [g for g in visible_goals(mentorship, viewer_id) if g.status != GoalStatus.DRAFT]
    rows = progress_rows(goals)
    mine = my_levels_this_week(rows, viewer_id, week)
    if submitted is not None:
        mine.update({k: int(v) for k, v in levels_from_form(submitted).items() if str(v).isdigit()})
    return {
        "goals": goals,
        "mine": mine,
        "now": current_levels(goals, rows),
        "chart": chart(mentorship, goals, rows),
        "labels": LEVEL_LABELS,
        "weeks": sorted({r.week for r in rows}),
    }
