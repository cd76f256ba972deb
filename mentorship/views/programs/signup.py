"""Programs, member side: browse, sign up, edit or withdraw, pause, and (mentee choice) request a mentor."""

from flask import abort, flash, redirect, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import case, select
from sqlalchemy.orm import selectinload

from mentorship.extensions import db
from mentorship.forms.programs import RequestForm, signup_form_for
from mentorship.models import Enrollment, Membership, Mentorship, Program
from mentorship.models.matching import MAX_OPEN_REQUESTS, MentorRequest
from mentorship.permissions.communities import can_post, get_member_community_or_404
from mentorship.services.communities.suspension import suspension_text
from mentorship.services.programs import enrollments as service
from mentorship.services.programs import requests as requests_service
from mentorship.services.programs.setup import transition_problems
from mentorship.views.programs.helpers import load_program, my_enrollments, program_counts
from mentorship.web.htmx import is_htmx, redirect_or_hx, render


@login_required
def mine():
    """Programs in all my communities, open ones first."""
    rows = db.session.execute(
        select(Program, Membership.role)
        .join(Membership, (Membership.community_id == Program.community_id) & (Membership.user_id == current_user.id))
        .where((Program.status != "draft") | (Membership.role == "admin"))
        .options(selectinload(Program.community))
        .order_by(case({"open": 0, "running": 1, "draft": 2}, value=Program.status, else_=3), Program.created_at.desc())
    ).all()
    programs = [program for program, _ in rows]
    ids = [p.id for p in programs]
    return render(
        "programs/mine.html",
        programs=programs,
        counts=program_counts(ids),
        mine=my_enrollments(current_user.id, ids),
    )


@login_required
def index(slug: str):
    """A community's programs; its admins also see drafts."""
    community, membership = get_member_community_or_404(slug)
    query = select(Program).where(Program.community_id == community.id)
    if not membership.is_admin:
        query = query.where(Program.status != "draft")
    query = query.order_by(
        case({"open": 0, "running": 1, "draft": 2}, value=Program.status, else_=3), Program.created_at.desc()
    )
    page = db.paginate(query, per_page=20, error_out=False)
    ids = [p.id for p in page.items]
    return render(
        "programs/index.html",
        community=community,
        membership=membership,
        page=page,
        counts=program_counts(ids),
        mine=my_enrollments(current_user.id, ids),
    )


@login_required
def show(slug: str, program_id: int):
    """A program: what it is, its weeks, and my sign-up."""
    community, membership, program = load_program(slug, program_id)
    enrollment = service.enrollment_of(program, current_user.id)
    my_mentorship = db.session.scalar(
        Mentorship.select_for_user(current_user.id)
        .where(Mentorship.program_id == program.id, Mentorship.status.in_(service.LIVE_STATUSES))
        .limit(1)
    )
    problems = {}
    if membership.is_admin:
        problems = {target: transition_problems(program, target) for target in ("open", "running", "closed")}
    return render(
        "programs/show.html",
        community=community,
        membership=membership,
        program=program,
        enrollment=enrollment,
        my_mentorship=my_mentorship,
        counts=program_counts([program.id])[program.id],
        problems=problems,
        can_post=can_post(current_user, community),
    )


def _signup_form(program: Program, enrollment: Enrollment | None):
    """The sign-up form, filled from an existing sign-up (or the person's profile) on GET."""
    form = signup_form_for(program)
    if request.method == "GET":
        source = enrollment if enrollment is not None and enrollment.status in service.EDITABLE_STATUSES else None
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


@login_required
def signup(slug: str, program_id: int):
    """Sign up as mentor or mentee, or edit my sign-up."""
    community, membership, program = load_program(slug, program_id)
    if not can_post(current_user, community):
        abort(403, description=suspension_text(community, membership, current_user.timezone))
    enrollment = service.enrollment_of(program, current_user.id)
    editing = enrollment is not None and enrollment.status in service.EDITABLE_STATUSES
    if not editing and program.status != "open":
        flash("Sign-up for this program is closed.", "info")
        return redirect(url_for("programs.show", slug=slug, program_id=program.id))
    form = _signup_form(program, enrollment)
    error = None
    if form.validate_on_submit():
        values = form.values(program.signup_questions or [])
        try:
            if editing:
                service.update_enrollment(enrollment, **values)
                flash("Your sign-up is saved.", "success")
            else:
                service.signup(program, current_user, **values)
                flash("Thanks for signing up! An admin will look at it soon.", "success")
            return redirect_or_hx(url_for("programs.show", slug=slug, program_id=program.id))
        except service.EnrollmentError as refusal:
            db.session.rollback()
            error = str(refusal)
    status = 422 if form.is_submitted() else 200
    return render(
        "programs/signup.html",
        "form",
        status=status,
        community=community,
        program=program,
        form=form,
        enrollment=enrollment if editing else None,
        error=error,
    )


@login_required
def check_signup(slug: str, program_id: int):
    """Inline validation: one sign-up field, re-rendered with its message (htmx)."""
    _community, _membership, program = load_program(slug, program_id)
    if not is_htmx():
        return redirect(url_for("programs.signup", slug=slug, program_id=program.id), 303)
    form = signup_form_for(program)
    name = request.args.get("field", "")
    if name not in form._fields or name == "csrf_token":
        abort(400, description="Unknown field.")
    form.validate()
    return render("programs/_signup_check.html", form=form, name=name, program=program, community=_community)


def _my_enrollment_or_404(program: Program) -> Enrollment:
    enrollment = service.enrollment_of(program, current_user.id)
    if enrollment is None:
        abort(404)
    return enrollment


@login_required
def withdraw(slug: str, program_id: int):
    """Withdraw my sign-up."""
    _community, _membership, program = load_program(slug, program_id)
    try:
        service.withdraw(_my_enrollment_or_404(program))
        flash("You've withdrawn from this program.", "info")
    except service.EnrollmentError as error:
        flash(str(error), "error")
    return redirect_or_hx(url_for("programs.show", slug=slug, program_id=program.id))


@login_required
def pause(slug: str, program_id: int):
    """A mentor pauses or resumes taking new mentees."""
    _community, _membership, program = load_program(slug, program_id)
    enrollment = _my_enrollment_or_404(program)
    paused = request.form.get("paused") == "1"
    try:
        service.set_paused(enrollment, paused)
        flash("You're paused: nobody new will be matched with you." if paused else "You're available again.", "info")
    except service.EnrollmentError as error:
        flash(str(error), "error")
    return redirect_or_hx(url_for("programs.show", slug=slug, program_id=program.id))


@login_required
def mentors(slug: str, program_id: int):
    """Mentee choice: the directory of mentors with a free place (active search)."""
    community, membership, program = load_program(slug, program_id)
    if program.matching_mode != "mentee_choice":
        abort(404)
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


def _directory_mentor_or_404(program: Program, enrollment_id: int) -> Enrollment:
    mentor = db.session.get(Enrollment, enrollment_id)
    if mentor is None or mentor.program_id != program.id or mentor.role != "mentor" or mentor.status != "approved":
        abort(404)
    return mentor


@login_required
def request_mentor(slug: str, program_id: int, enrollment_id: int):
    """Ask a mentor to mentor me, with an optional note."""
    community, membership, program = load_program(slug, program_id)
    if program.matching_mode != "mentee_choice":
        abort(404)
    if not can_post(current_user, community):
        abort(403, description=suspension_text(community, membership, current_user.timezone))
    mentor = _directory_mentor_or_404(program, enrollment_id)
    me = service.enrollment_of(program, current_user.id)
    form = RequestForm()
    error = None
    if form.validate_on_submit():
        try:
            if me is None:
                raise requests_service.RequestError("Sign up as a mentee first.")
            requests_service.request_mentor(program, me, mentor, form.message.data or "")
            flash(f"Your request is on its way to {mentor.user.display_name}.", "success")
            return redirect_or_hx(url_for("programs.requests", slug=slug, program_id=program.id))
        except requests_service.RequestError as refusal:
            db.session.rollback()
            error = str(refusal)
    status = 422 if form.is_submitted() else 200
    return render(
        "programs/request.html",
        "form",
        status=status,
        community=community,
        program=program,
        mentor=mentor,
        form=form,
        error=error,
        me=me,
    )


@login_required
def requests(slug: str, program_id: int):
    """My mentor requests: the ones I sent (mentee) or received (mentor)."""
    community, membership, program = load_program(slug, program_id)
    me = _my_enrollment_or_404(program)
    column = MentorRequest.mentor_enrollment_id if me.role == "mentor" else MentorRequest.mentee_enrollment_id
    items = db.session.scalars(
        select(MentorRequest)
        .where(column == me.id)
        .options(
            selectinload(MentorRequest.mentor).selectinload(Enrollment.user),
            selectinload(MentorRequest.mentee).selectinload(Enrollment.user),
        )
        .order_by(case((MentorRequest.status == "open", 0), else_=1), MentorRequest.created_at.desc())
        .limit(100)
    ).all()
    return render(
        "programs/requests.html", community=community, membership=membership, program=program, me=me, items=items
    )


@login_required
def answer_request(slug: str, program_id: int, request_id: int, action: str):
    """The mentor accepts or declines; the mentee withdraws."""
    community, _membership, program = load_program(slug, program_id)
    item = db.session.get(MentorRequest, request_id)
    if item is None or item.program_id != program.id:
        abort(404)
    allowed = {"accept": item.mentor, "decline": item.mentor, "withdraw": item.mentee}
    if action not in allowed:
        abort(404)
    if current_user.id not in (item.mentor.user_id, item.mentee.user_id):
        abort(404)
    if allowed[action].user_id != current_user.id:
        abort(403)
    error, done = None, None
    try:
        if action == "accept":
            mentorship = requests_service.accept_request(item)
            done = ("accepted", mentorship.id)
        elif action == "decline":
            requests_service.decline_request(item)
        else:
            requests_service.withdraw_request(item)
    except requests_service.RequestError as refusal:
        db.session.rollback()
        error = str(refusal)
    if is_htmx():
        item = db.session.get(MentorRequest, request_id)
        return render(
            "programs/_request_item.html",
            status=422 if error else 200,
            item=item,
            me_role=allowed[action].role,
            community=community,
            program=program,
            error=error,
        )
    if error:
        flash(error, "error")
    elif done:
        flash("You're paired! We've introduced you to each other.", "success")
    return redirect(url_for("programs.requests", slug=slug, program_id=program.id), 303)
