"""The weekly work of a mentorship: the guided program's steps and the check-ins."""

from flask import flash, request, url_for
from flask_login import current_user, login_required

from mentorship.extensions import db
from mentorship.forms.space import CheckInForm, StepDoneForm
from mentorship.models.space import CheckIn
from mentorship.permissions.space import checkin_authors_seen, checkin_refusal, get_mentorship_or_404
from mentorship.services.outcomes import OutcomeError
from mentorship.services.outcomes import progress as goal_progress
from mentorship.services.sessions.held import held_this_week
from mentorship.services.space import checkins as checkin_service
from mentorship.services.space import steps as space_program
from mentorship.services.space.thread import SpaceError, week_of
from mentorship.views.space.common import space_title
from mentorship.web.errors import refuse
from mentorship.web.htmx import redirect_or_hx, render


@login_required
def program(mentorship_id: int):
    """This week's step, progress over all weeks, past weeks and what's ahead."""
    mentorship, member = get_mentorship_or_404(mentorship_id)
    return _program_page(mentorship, StepDoneForm())


def _program_page(mentorship, form, status: int = 200, error_week: int | None = None):
    weeks = space_program.weeks_overview(mentorship)
    current = next((w for w in weeks if w.state == "current"), None)
    done = sum(1 for w in weeks if w.done)
    return render(
        "space/program.html",
        "this_week",
        status=status,
        mentorship=mentorship,
        title=space_title(mentorship, current_user.id),
        weeks=weeks,
        current=current,
        done=done,
        week_now=week_of(mentorship),
        form=form,
        error_week=error_week,
        error=" ".join(form.note.errors) if error_week else "",
        tab="program",
    )


@login_required
def step_done(mentorship_id: int, week: int):
    """Mark a week done with an optional note."""
    mentorship, _member = get_mentorship_or_404(mentorship_id)
    form = StepDoneForm()
    if form.validate_on_submit():
        try:
            space_program.mark_done(mentorship, current_user, week, form.note.data)
        except SpaceError as error:
            form.note.errors = [str(error)]
        else:
            flash(f"Week {week} is marked done.", "success")
            return redirect_or_hx(url_for("mentorships.program", mentorship_id=mentorship.id) + f"#week-{week}")
    return _program_page(mentorship, form, status=422, error_week=week)


@login_required
def step_undo(mentorship_id: int, week: int):
    """Take back "done" for a week."""
    mentorship, _member = get_mentorship_or_404(mentorship_id)
    back = url_for("mentorships.program", mentorship_id=mentorship.id) + f"#week-{week}"
    try:
        space_program.mark_not_done(mentorship, current_user, week)
    except SpaceError as error:
        return refuse(str(error), back)
    flash(f"Week {week} is open again.", "info")
    return redirect_or_hx(back)


@login_required
def checkin(mentorship_id: int):
    """This week's check-in (changeable until the week ends) and everyone's history as a chart."""
    mentorship, _member = get_mentorship_or_404(mentorship_id)
    week = week_of(mentorship)
    history = checkin_service.history(mentorship, current_user.id)
    mine = next((c for c in history if c.user_id == current_user.id and c.week == week), None)
    form = CheckInForm(obj=mine) if mine is not None else CheckInForm()
    held = held_this_week(mentorship, checkin_service.week_ends_at(mentorship, week)) if week >= 1 else []
    if not form.is_submitted():
        form.met.data = _met_choice(mine.met if mine is not None else (True if held else None))
    status = 200
    progress_error = ""
    if form.validate_on_submit():
        try:
            goal_progress.record_levels(mentorship, current_user, goal_progress.levels_from_form(request.form))
            checkin_service.save_checkin(
                mentorship,
                current_user,
                form.rating.data,
                form.note.data,
                form.next_goal.data,
                met=MET_VALUES.get(form.met.data),
            )
        except OutcomeError as error:
            db.session.rollback()
            progress_error = str(error)
        except SpaceError as error:
            db.session.rollback()
            form.rating.errors = [*form.rating.errors, str(error)]
        else:
            flash(f"Your check-in for week {week} is saved. You can change it until the week ends.", "success")
            return redirect_or_hx(url_for("mentorships.checkin", mentorship_id=mentorship.id))
    if form.is_submitted():
        status = 422
    return _checkin_page(mentorship, form, history, mine, week, status, progress_error, held)


MET_VALUES = {"yes": True, "no": False}


def _met_choice(met: bool | None) -> str | None:
    return {True: "yes", False: "no"}.get(met)


def _checkin_page(
    mentorship, form, history: list[CheckIn], mine, week: int, status: int, progress_error: str = "", held=()
):
    names = {m.user_id: m.user.display_name for m in mentorship.members}
    return render(
        "space/checkin.html",
        "checkin_form",
        status=status,
        mentorship=mentorship,
        title=space_title(mentorship, current_user.id),
        form=form,
        week=week,
        mine=mine,
        history=list(reversed(history)),
        chart=checkin_service.chart(mentorship, history),
        rows=checkin_service.table(history),
        people=checkin_authors_seen(mentorship, current_user.id),
        names=names,
        week_ends=checkin_service.week_ends_at(mentorship, week) if week >= 1 else None,
        refusal=checkin_refusal(mentorship, current_user.id, week),
        held=held,
        tab="checkin",
        goals=goal_progress.checkin_context(mentorship, current_user.id, week, request.form if status == 422 else None),
        progress_error=progress_error,
    )
