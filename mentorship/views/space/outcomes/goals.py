"""The Goals tab: the pair's goals (confirmed or rewritten in week 1), milestones, done, and one-tap progress."""

from flask import abort, flash, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from mentorship.forms.outcomes import GoalForm, MilestoneForm
from mentorship.permissions.outcomes import get_goal_or_404, goals_refusal, owner_choices
from mentorship.permissions.space import get_mentorship_or_404
from mentorship.services.outcomes import OutcomeError, progress, surveys
from mentorship.services.outcomes import goals as service
from mentorship.services.space.thread import week_of
from mentorship.views.space.common import space_title
from mentorship.web.errors import refuse
from mentorship.web.htmx import is_htmx, redirect_or_hx, render


def _back(mentorship_id: int, anchor: str = "") -> str:
    return url_for("outcomes.index", mentorship_id=mentorship_id) + (f"#{anchor}" if anchor else "")


def _owner_field(form: GoalForm, mentorship) -> GoalForm:
    names = {m.user_id: m.user.display_name for m in mentorship.members}
    form.owner.choices = [
        ("shared", _("Shared by the circle")) if owner is None else (str(owner), _("%(name)s's own", name=names[owner]))
        for owner in owner_choices(mentorship, current_user.id)
    ]
    return form


def _owner(form: GoalForm) -> int | None:
    value = form.owner.data or "shared"
    return None if value == "shared" else (int(value) if value.isdigit() else -1)


def _page(mentorship, form=None, status: int = 200, error: str = ""):
    goals = service.visible_goals(mentorship, current_user.id)
    rows = progress.progress_rows(goals)
    return render(
        "outcomes/goals.html",
        "goal_form",
        status=status,
        mentorship=mentorship,
        title=space_title(mentorship, current_user.id),
        tab="goals",
        goals=goals,
        levels=progress.current_levels(goals, rows),
        labels=progress.LEVEL_LABELS,
        week=week_of(mentorship),
        form=form or _owner_field(GoalForm(), mentorship),
        milestone_form=MilestoneForm(),
        refusal=goals_refusal(mentorship, current_user.id),
        drafts=sum(1 for g in goals if g.status == "draft"),
        waiting=surveys.waiting_surveys(mentorship.id, current_user.id),
        error=error,
    )


@login_required
def index(mentorship_id: int):
    """The goals, their milestones and how far each got."""
    mentorship, _member = get_mentorship_or_404(mentorship_id)
    return _page(mentorship)


@login_required
def add(mentorship_id: int):
    """Add a goal (at most 5), with what success looks like and an optional target date."""
    mentorship, _member = get_mentorship_or_404(mentorship_id)
    form = _owner_field(GoalForm(), mentorship)
    if form.validate_on_submit():
        problems = service.check_goal(mentorship, form.title.data, form.success.data, form.target_date.data)
        for name, sentence in problems.items():
            getattr(form, name).errors = [sentence]
        if not problems:
            try:
                service.add_goal(
                    mentorship, current_user, form.title.data, form.success.data, form.target_date.data, _owner(form)
                )
            except OutcomeError as error:
                return _page(mentorship, form, 422, str(error))
            flash(_("Goal added."), "success")
            return redirect_or_hx(_back(mentorship.id))
    return _page(mentorship, form, 422)


@login_required
def edit(mentorship_id: int, goal_id: int):
    """Rewrite a goal (a draft from the sign-up becomes agreed)."""
    mentorship, _member = get_mentorship_or_404(mentorship_id)
    goal = get_goal_or_404(mentorship, goal_id)
    form = GoalForm(obj=goal)
    status, error = 200, ""
    if form.validate_on_submit():
        try:
            service.edit_goal(mentorship, current_user, goal, form.title.data, form.success.data, form.target_date.data)
        except OutcomeError as problem:
            status, error = 422, str(problem)
        else:
            flash(_("Goal saved."), "success")
            return redirect_or_hx(_back(mentorship.id, f"goal-{goal.id}"))
    elif form.is_submitted():
        status = 422
    return render(
        "outcomes/edit_goal.html",
        status=status,
        mentorship=mentorship,
        title=space_title(mentorship, current_user.id),
        tab="goals",
        goal=goal,
        form=form,
        error=error,
        refusal=goals_refusal(mentorship, current_user.id),
    )


def _act(mentorship_id: int, goal_id: int | None, action, message: str):
    mentorship, _member = get_mentorship_or_404(mentorship_id)
    goal = get_goal_or_404(mentorship, goal_id) if goal_id is not None else None
    back = _back(mentorship.id, f"goal-{goal.id}" if goal else "")
    try:
        action(mentorship, goal)
    except OutcomeError as error:
        return refuse(str(error), back)
    flash(message, "success")
    return redirect_or_hx(back)


@login_required
def confirm(mentorship_id: int):
    """Agree on the draft goals as they stand (each needs what success looks like)."""
    return _act(mentorship_id, None, lambda m, _g: service.confirm_goals(m, current_user), _("Goals agreed."))


@login_required
def done(mentorship_id: int, goal_id: int):
    """Mark a goal reached."""
    return _act(mentorship_id, goal_id, lambda m, g: service.set_done(m, current_user, g, True), _("Goal reached!"))


@login_required
def reopen(mentorship_id: int, goal_id: int):
    """Open a goal again."""
    return _act(
        mentorship_id, goal_id, lambda m, g: service.set_done(m, current_user, g, False), _("The goal is open again.")
    )


@login_required
def delete(mentorship_id: int, goal_id: int):
    """Remove a goal with its milestones."""
    return _act(mentorship_id, goal_id, lambda m, g: service.delete_goal(m, current_user, g), _("Goal removed."))


@login_required
def move(mentorship_id: int, goal_id: int):
    """One tap: this week's progress of one goal (htmx answers the goal's row in place)."""
    mentorship, _member = get_mentorship_or_404(mentorship_id)
    goal = get_goal_or_404(mentorship, goal_id)
    back = same_page(mentorship.id, goal.id)
    try:
        level = progress.move(mentorship, current_user, goal, request.form.get("level"))
    except OutcomeError as error:
        return refuse(str(error), back)
    if is_htmx():
        return render(
            "outcomes/_progress_choice.html",
            goal=goal,
            mentorship=mentorship,
            level=level,
            labels=progress.LEVEL_LABELS,
            saved=True,
        )
    flash(_("Progress saved: %(level)s.", level=progress.LEVEL_LABELS[level]), "success")
    return redirect_or_hx(back)


def same_page(mentorship_id: int, goal_id: int) -> str:
    """Back to the check-in when the tap came from it, else to the goal."""
    if request.form.get("from") == "checkin":
        return url_for("mentorships.checkin", mentorship_id=mentorship_id) + f"#progress-{goal_id}"
    return _back(mentorship_id, f"goal-{goal_id}")


@login_required
def add_milestone(mentorship_id: int, goal_id: int):
    """A milestone on the way to a goal."""
    mentorship, _member = get_mentorship_or_404(mentorship_id)
    goal = get_goal_or_404(mentorship, goal_id)
    form = MilestoneForm()
    back = _back(mentorship.id, f"goal-{goal.id}")
    if not form.validate_on_submit():
        return refuse(" ".join(str(e) for e in form.title.errors) or _("Write the milestone in a few words."), back)
    try:
        service.add_milestone(mentorship, current_user, goal, form.title.data)
    except OutcomeError as error:
        return refuse(str(error), back)
    flash(_("Milestone added."), "success")
    return redirect_or_hx(back)


@login_required
def change_milestone(mentorship_id: int, goal_id: int, milestone_id: int, action: str):
    """Mark a milestone reached, not yet, or remove it."""
    mentorship, _member = get_mentorship_or_404(mentorship_id)
    goal = get_goal_or_404(mentorship, goal_id)
    milestone = service.get_milestone(goal, milestone_id)
    back = _back(mentorship.id, f"goal-{goal.id}")
    if milestone is None:
        abort(404)
    try:
        if action == "delete":
            service.delete_milestone(mentorship, current_user, milestone)
        else:
            service.set_milestone_done(mentorship, current_user, milestone, action == "done")
    except OutcomeError as error:
        return refuse(str(error), back)
    return redirect_or_hx(back)
