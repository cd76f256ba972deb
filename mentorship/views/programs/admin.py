"""Programs, admin side: create from a template or a file, edit settings and steps, states, sign-ups."""

from flask import Response, flash, redirect, request, url_for
from flask_login import current_user, login_required

from mentorship.extensions import db
from mentorship.forms.programs import ImportForm, NewProgramForm, ProgramForm, StepForm
from mentorship.models import Enrollment
from mentorship.permissions.communities import get_admin_community_or_404
from mentorship.permissions.programs import get_admin_program_or_404, get_enrollment_or_404, get_step_or_404
from mentorship.services.programs import enrollments as enrollment_service
from mentorship.services.programs import setup as service
from mentorship.services.programs.enrollments import SIGNUP_TABS
from mentorship.services.programs.pairing import people_in_live_mentorships
from mentorship.views.programs.helpers import signup_decided_words
from mentorship.web import once
from mentorship.web.errors import refuse
from mentorship.web.htmx import is_htmx, redirect_or_hx, render
from mentorship.web.inputs import page_number


def _show_url(program) -> str:
    return url_for("programs.show", slug=program.community.slug, program_id=program.id)


@login_required
def create(slug: str):
    """Create a draft program from one of the built-in templates."""
    community, _ = get_admin_community_or_404(slug)
    form = NewProgramForm()
    if request.method == "GET":
        form.template.data = request.args.get("template", service.BUILT_IN_TEMPLATES[0])
    if form.validate_on_submit():
        if (copy := once.earlier_answer(form)) is not None:
            return copy
        program = service.create_from_template(community, current_user, form.template.data, form.title.data or "")
        flash(
            "Your draft is ready. Read through the weeks, adjust anything you like, then open it for sign-up.",
            "success",
        )
        once.created(form, url := url_for("programs.show", slug=slug, program_id=program.id))
        return redirect_or_hx(url)
    status = 422 if form.is_submitted() else 200
    return render(
        "programs/admin/new.html",
        "form",
        status=status,
        community=community,
        form=form,
        templates=service.built_in_templates(),
    )


@login_required
def import_program(slug: str):
    """Create a draft program from a shared program file."""
    community, _ = get_admin_community_or_404(slug)
    form = ImportForm()
    problems = []
    if form.validate_on_submit():
        if (copy := once.earlier_answer(form)) is not None:
            return copy
        try:
            program = service.import_program(community, current_user, form.read())
            flash(f"Imported “{program.title}” as a draft.", "success")
            once.created(form, url := url_for("programs.show", slug=slug, program_id=program.id))
            return redirect_or_hx(url)
        except service.ProgramError as error:
            once.released(form)
            problems = error.problems
    status = 422 if form.is_submitted() else 200
    return render(
        "programs/admin/import.html", "form", status=status, community=community, form=form, problems=problems
    )


def _fill_program_form(form: ProgramForm, program) -> None:
    labels = service.role_labels(program)
    form.signup_questions.data = "\n".join(program.signup_questions or [])
    form.mentor_label.data, form.mentor_help.data = labels["mentor"]["label"], labels["mentor"]["help"]
    form.mentee_label.data, form.mentee_help.data = labels["mentee"]["label"], labels["mentee"]["help"]


@login_required
def edit(slug: str, program_id: int):
    """Title, description, format, weeks, matching mode, capacity, circle size, check-in day, questions."""
    community, _, program = get_admin_program_or_404(slug, program_id)
    form = ProgramForm(obj=program)
    if request.method == "GET":
        _fill_program_form(form, program)
    error = None
    if form.validate_on_submit():
        try:
            service.update_program(program, current_user, **_program_values(form))
            flash("The program is saved.", "success")
            return redirect_or_hx(url_for("programs.show", slug=slug, program_id=program.id))
        except service.ProgramError as refusal:
            db.session.rollback()
            error = str(refusal)
    status = 422 if form.is_submitted() else 200
    return render(
        "programs/admin/edit.html", "form", status=status, community=community, program=program, form=form, error=error
    )


def _program_values(form: ProgramForm) -> dict:
    labels = {
        role: {
            "label": (getattr(form, f"{role}_label").data or "").strip(),
            "help": (getattr(form, f"{role}_help").data or "").strip(),
        }
        for role in ("mentor", "mentee")
    }
    return {
        "title": form.title.data.strip(),
        "description": (form.description.data or "").strip(),
        "format": form.format.data,
        "weeks": form.weeks.data,
        "matching_mode": form.matching_mode.data,
        "default_capacity": form.default_capacity.data,
        "circle_size": form.circle_size.data,
        "checkin_weekday": form.checkin_weekday.data,
        "signup_questions": form.questions(),
        "role_labels": {role: {k: v for k, v in words.items() if v} for role, words in labels.items()},
    }


@login_required
def steps(slug: str, program_id: int):
    """Every week's step, each editable in place."""
    community, _, program = get_admin_program_or_404(slug, program_id)
    forms = {step.week: StepForm(obj=step, prefix=f"w{step.week}") for step in program.steps}
    return render("programs/admin/steps.html", community=community, program=program, forms=forms)


@login_required
def save_step(slug: str, program_id: int, week: int):
    """Save one week's step (htmx swaps the card in place)."""
    community, _, program = get_admin_program_or_404(slug, program_id)
    step = get_step_or_404(program, week)
    form = StepForm(prefix=f"w{week}")
    error, saved = None, False
    if form.validate_on_submit():
        try:
            service.update_step(program, week, form.title.data, form.guidance.data, form.activity.data)
            saved = True
        except service.ProgramError as refusal:
            db.session.rollback()
            error = str(refusal)
    if saved and not is_htmx():
        flash(f"Week {week} is saved.", "success")
        return redirect(url_for("program_admin.steps", slug=slug, program_id=program.id) + f"#week-{week}", 303)
    status = 200 if saved else 422
    context = dict(community=community, program=program, step=step, form=form, error=error, saved=saved)
    if is_htmx():
        return render("programs/admin/_step.html", status=status, **context)
    forms = {s.week: StepForm(obj=s, prefix=f"w{s.week}") for s in program.steps}
    forms[week] = form
    return render("programs/admin/steps.html", status=status, forms=forms, step_errors={week: error}, **context)


@login_required
def export(slug: str, program_id: int):
    """Download the program's settings and steps as a shareable file."""
    _, _, program = get_admin_program_or_404(slug, program_id)
    filename = service.slug_for_file(program.title)
    return Response(
        service.export_program(program),
        mimetype="application/json",
        headers={"Content-Disposition": f'attachment; filename="{filename}.json"'},
    )


@login_required
def change_status(slug: str, program_id: int):
    """Open for sign-up, start, or close the program."""
    _, _, program = get_admin_program_or_404(slug, program_id)
    target = request.form.get("status", "")
    try:
        service.change_status(program, current_user, target)
    except service.ProgramError as error:
        db.session.rollback()
        return refuse(" ".join(error.problems), _show_url(program))
    flash(f"“{program.title}” is now {target}.", "success")
    return redirect_or_hx(_show_url(program))


@login_required
def delete(slug: str, program_id: int):
    """Delete a draft."""
    _, _, program = get_admin_program_or_404(slug, program_id)
    try:
        service.delete_draft(program, current_user)
    except service.ProgramError as error:
        db.session.rollback()
        return refuse(str(error), _show_url(program))
    flash("The draft is deleted.", "info")
    return redirect_or_hx(url_for("programs.index", slug=slug))


@login_required
def signups(slug: str, program_id: int):
    """Sign-ups by status, to approve, waitlist or decline."""
    community, _, program = get_admin_program_or_404(slug, program_id)
    tab = request.args.get("status", "pending")
    if tab not in SIGNUP_TABS:
        tab = "pending"
    query = enrollment_service.signups_with_status(program, tab)
    page = db.paginate(query, page=page_number(), per_page=50, error_out=False)
    return render(
        "programs/admin/signups.html",
        "signups",
        paired=people_in_live_mentorships(program.id),
        community=community,
        program=program,
        page=page,
        tab=tab,
        tallies=enrollment_service.signup_tallies(program),
        tabs=SIGNUP_TABS,
    )


@login_required
def decide_signup(slug: str, program_id: int, enrollment_id: int):
    """Approve, waitlist or decline one sign-up (htmx swaps its row)."""
    community, _, program = get_admin_program_or_404(slug, program_id)
    enrollment = get_enrollment_or_404(program, enrollment_id)
    error = None
    try:
        enrollment_service.decide(enrollment, current_user, request.form.get("decision", ""))
    except enrollment_service.EnrollmentError as refusal:
        db.session.rollback()
        error = str(refusal)
    if is_htmx():
        enrollment = db.session.get(Enrollment, enrollment_id)
        return render(
            "programs/admin/_signup_row.html",
            status=422 if error else 200,
            community=community,
            program=program,
            enrollment=enrollment,
            paired=people_in_live_mentorships(program.id),
            error=error,
            decided=error is None,
            # the tab counts moved: the fragment carries them out of band (the tab shown stays the one open)
            tallies=enrollment_service.signup_tallies(program),
            tabs=SIGNUP_TABS,
            tab=request.args.get("status", "pending"),
            oob_tabs=error is None,
        )
    if error:
        flash(error, "error")
    else:
        flash(signup_decided_words(enrollment.user.display_name, enrollment.status), "success")
    return redirect(url_for("program_admin.signups", slug=slug, program_id=program.id), 303)
