"""Programs, member side: browse, sign up, edit or withdraw, pause, and (mentee choice) request a mentor."""

from flask import flash, redirect, request, url_for
from flask_login import current_user, login_required

from mentorship.extensions import db
from mentorship.forms.programs import RequestForm, signup_form_for
from mentorship.models import Enrollment, Program
from mentorship.models.matching import MAX_OPEN_REQUESTS, MentorRequest
from mentorship.permissions.communities import can_post, get_member_community_or_404
from mentorship.permissions.programs import (
    ANSWERED_BY,
    can_edit_signup,
    can_manage_program,
    get_directory_mentor_or_404,
    get_directory_program_or_404,
    get_my_enrollment_or_404,
    get_program_or_404,
    get_request_to_answer_or_404,
)
from mentorship.services.communities.suspension import suspension_text
from mentorship.services.programs import enrollments as service
from mentorship.services.programs import listing
from mentorship.services.programs import requests as requests_service
from mentorship.services.programs.setup import transition_problems
from mentorship.web import once
from mentorship.web.errors import abort_with, refuse
from mentorship.web.htmx import is_htmx, redirect_or_hx, render
from mentorship.web.inputs import page_number

ANSWERS = {
    "accept": requests_service.accept_request,
    "decline": requests_service.decline_request,
    "withdraw": requests_service.withdraw_request,
}


def _show_url(program: Program) -> str:
    return url_for("programs.show", slug=program.community.slug, program_id=program.id)


def _refuse_if_suspended(community, membership) -> None:
    """Suspended members read a program but can't sign up or ask a mentor (the sentence says until when)."""
    if not can_post(current_user, community):
        abort_with(403, suspension_text(community, membership, current_user.timezone))


@login_required
def mine():
    """Programs in all my communities, open ones first."""
    programs = listing.member_programs(current_user.id)
    ids = [p.id for p in programs]
    counts, mine = listing.program_counts(ids), listing.my_enrollments(current_user.id, ids)
    return render("programs/mine.html", programs=programs, counts=counts, mine=mine)


@login_required
def index(slug: str):
    """A community's programs; its admins also see drafts."""
    community, membership = get_member_community_or_404(slug)
    query = listing.community_programs(community, with_drafts=can_manage_program(current_user, community))
    page = db.paginate(query, page=page_number(), per_page=20, error_out=False)
    ids = [p.id for p in page.items]
    return render(
        "programs/index.html",
        community=community,
        membership=membership,
        page=page,
        counts=listing.program_counts(ids),
        mine=listing.my_enrollments(current_user.id, ids),
    )


@login_required
def show(slug: str, program_id: int):
    """A program: what it is, its weeks, and my sign-up."""
    community, membership, program = get_program_or_404(slug, program_id)
    problems = {}
    if can_manage_program(current_user, community):
        problems = {target: transition_problems(program, target) for target in ("open", "running", "closed")}
    return render(
        "programs/show.html",
        community=community,
        membership=membership,
        program=program,
        enrollment=service.enrollment_of(program, current_user.id),
        my_mentorship=listing.my_live_mentorship(program, current_user.id),
        counts=listing.program_counts([program.id])[program.id],
        problems=problems,
        can_post=can_post(current_user, community),
    )


def _signup_form(program: Program, source: Enrollment | None):
    """The sign-up form, filled on GET from the sign-up being edited (or the person's profile)."""
    form = signup_form_for(program)
    if request.method == "GET":
        form.role.data = source.role if source else request.args.get("role", "mentee")
        form.timezone.data = source.timezone if source else current_user.timezone
        form.capacity.data = source.capacity if source else program.default_capacity
        form.experience_years.data = source.experience_years if source else 0
        form.topics.data = ", ".join(source.topics if source else current_user.skill_tags)
        if source:
            form.goals.data = source.goals
            form.availability.data = list(source.availability or [])
            form.languages.data = ", ".join(source.languages or [])
            for question, field in zip(program.signup_questions or [], form.answer_fields(), strict=False):
                field.data = (source.answers or {}).get(question, "")
    return form


def _save_signup(program: Program, editing: Enrollment | None, form) -> None:
    """Save the form as a new sign-up or as changes to the one being edited (raises EnrollmentError)."""
    values = form.values(program.signup_questions or [])
    if editing is not None:
        service.update_enrollment(editing, **values)
        flash("Your sign-up is saved.", "success")
    else:
        service.signup(program, current_user, **values)
        flash("Thanks for signing up! An admin will look at it soon.", "success")


@login_required
def signup(slug: str, program_id: int):
    """Sign up as mentor or mentee, or edit my sign-up."""
    community, membership, program = get_program_or_404(slug, program_id)
    _refuse_if_suspended(community, membership)
    enrollment = service.enrollment_of(program, current_user.id)
    editing = enrollment if can_edit_signup(enrollment) else None
    if editing is None and program.status != "open":
        flash("Sign-up for this program is closed.", "info")
        return redirect(_show_url(program))
    form = _signup_form(program, editing)
    error = None
    if form.validate_on_submit():
        if (copy := once.earlier_answer(form)) is not None:
            return copy
        try:
            _save_signup(program, editing, form)
            once.created(form, _show_url(program))
            return redirect_or_hx(_show_url(program))
        except service.EnrollmentError as refusal:
            once.released(form)
            error = str(refusal)
    status = 422 if form.is_submitted() else 200
    context = dict(community=community, program=program, form=form, enrollment=editing, error=error)
    return render("programs/signup.html", "form", status=status, **context)


@login_required
def check_signup(slug: str, program_id: int):
    """Inline validation: one sign-up field, re-rendered with its message (htmx)."""
    community, _, program = get_program_or_404(slug, program_id)
    if not is_htmx():
        return redirect(url_for("programs.signup", slug=slug, program_id=program.id), 303)
    form = signup_form_for(program)
    name = request.args.get("field", "")
    if name not in form._fields or name == "csrf_token":
        abort_with(400, "Unknown field.")
    form.validate()
    return render("programs/_signup_check.html", form=form, name=name, program=program, community=community)


@login_required
def withdraw(slug: str, program_id: int):
    """Withdraw my sign-up."""
    _, _, program = get_program_or_404(slug, program_id)
    try:
        service.withdraw(get_my_enrollment_or_404(program))
    except service.EnrollmentError as error:
        db.session.rollback()
        return refuse(str(error), _show_url(program))
    flash("You've withdrawn from this program.", "info")
    return redirect_or_hx(_show_url(program))


@login_required
def pause(slug: str, program_id: int):
    """A mentor pauses or resumes taking new mentees."""
    _, _, program = get_program_or_404(slug, program_id)
    enrollment = get_my_enrollment_or_404(program)
    paused = request.form.get("paused") == "1"
    try:
        service.set_paused(enrollment, paused)
    except service.EnrollmentError as error:
        db.session.rollback()
        return refuse(str(error), _show_url(program))
    flash("You're paused: nobody new will be matched with you." if paused else "You're available again.", "info")
    return redirect_or_hx(_show_url(program))


@login_required
def mentors(slug: str, program_id: int):
    """Mentee choice: the directory of mentors with a free place (active search)."""
    community, membership, program = get_directory_program_or_404(slug, program_id)
    me = service.enrollment_of(program, current_user.id)
    viewer = me if me is not None and me.role == "mentee" else None
    topic, language = request.args.get("topic", "").strip(), request.args.get("language", "").strip()
    hours = request.args.get("hours", "")
    max_hours = int(hours) if hours in ("0", "2", "4", "6") else None
    entries, choices = requests_service.directory(
        program, viewer or me, topic=topic, max_hours=max_hours if viewer or me else None, language=language
    )
    open_count = len(requests_service.open_requests_of(viewer)) if viewer else 0
    return render(
        "programs/mentors.html",
        "results",
        community=community,
        membership=membership,
        program=program,
        me=me,
        viewer=viewer,
        entries=entries,
        choices=choices,
        filters={"topic": topic, "language": language, "hours": hours},
        open_count=open_count,
        max_open=MAX_OPEN_REQUESTS,
    )


@login_required
def request_mentor(slug: str, program_id: int, enrollment_id: int):
    """Ask a mentor to mentor me, with an optional note."""
    community, membership, program = get_directory_program_or_404(slug, program_id)
    _refuse_if_suspended(community, membership)
    mentor = get_directory_mentor_or_404(program, enrollment_id)
    me = service.enrollment_of(program, current_user.id)
    form = RequestForm()
    error = None
    if form.validate_on_submit():
        if (copy := once.earlier_answer(form)) is not None:
            return copy
        try:
            if me is None:
                raise requests_service.RequestError("Sign up as a mentee first.")
            requests_service.request_mentor(program, me, mentor, form.message.data or "")
            flash(f"Your request is on its way to {mentor.user.display_name}.", "success")
            once.created(form, url := url_for("programs.requests", slug=slug, program_id=program.id))
            return redirect_or_hx(url)
        except requests_service.RequestError as refusal:
            once.released(form)
            error = str(refusal)
    status = 422 if form.is_submitted() else 200
    context = dict(community=community, program=program, mentor=mentor, form=form, error=error, me=me)
    return render("programs/request.html", "form", status=status, **context)


@login_required
def requests(slug: str, program_id: int):
    """My mentor requests: the ones I sent (mentee) or received (mentor)."""
    community, membership, program = get_program_or_404(slug, program_id)
    me = get_my_enrollment_or_404(program)
    items = requests_service.requests_of(me)
    context = dict(community=community, membership=membership, program=program, me=me, items=items)
    return render("programs/requests.html", **context)


@login_required
def answer_request(slug: str, program_id: int, request_id: int, action: str):
    """The mentor accepts or declines; the mentee withdraws (htmx swaps the request in place)."""
    community, _, program = get_program_or_404(slug, program_id)
    item = get_request_to_answer_or_404(program, request_id, action)
    error = None
    try:
        ANSWERS[action](item)
    except requests_service.RequestError as refusal:
        db.session.rollback()
        error = str(refusal)
    if is_htmx():
        item = db.session.get(MentorRequest, request_id)
        context = dict(item=item, me_role=ANSWERED_BY[action], community=community, program=program, error=error)
        return render("programs/_request_item.html", status=422 if error else 200, **context)
    if error:
        flash(error, "error")
    elif action == "accept":
        flash("You're paired! We've introduced you to each other.", "success")
    return redirect(url_for("programs.requests", slug=slug, program_id=program.id), 303)
