"""The Sessions tab of a mentorship: list, propose, answer, move, cancel, the shared note and the .ics."""

from flask import Response, abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from mentorship.forms.sessions import AnswerForm, MoveForm, NoteForm, ProposeForm
from mentorship.forms.settings import timezone_choices
from mentorship.models import utcnow
from mentorship.permissions.sessions import get_session_or_404
from mentorship.permissions.space import get_mentorship_or_404
from mentorship.services.sessions import scheduling, series
from mentorship.services.sessions.calendar import session_ics
from mentorship.services.sessions.suggest import suggested_times
from mentorship.services.sessions.times import TimeError, local_to_utc
from mentorship.views.space.common import space_title
from mentorship.web import once
from mentorship.web.errors import refuse
from mentorship.web.htmx import htmx_target, is_htmx, redirect_or_hx, render


def _back(mentorship_id: int) -> str:
    return url_for("sessions.index", mentorship_id=mentorship_id)


def _with_zones(form):
    form.zone.choices = timezone_choices()
    if not form.zone.data:
        form.zone.data = current_user.timezone or "UTC"
    return form


def _page(mentorship, form, status: int = 200, error: str = ""):
    now = utcnow()
    sessions = scheduling.sessions_of(mentorship)
    return render(
        "sessions/index.html",
        "sessions",
        status=status,
        mentorship=mentorship,
        title=space_title(mentorship, current_user.id),
        tab="sessions",
        sessions=sessions,
        series_dates={s.id: series.all_occurrences(s) for s in sessions if s.is_series},
        suggestions=suggested_times(mentorship, now),
        now=now,
        form=form,
        answer=AnswerForm(),
        note_form=NoteForm(),
        error=error,
    )


def plan_from(form, with_place: bool = True) -> scheduling.Plan:
    """The UTC start and length the form says, or TimeError with the sentence to show."""
    starts_at = local_to_utc(form.day.data, form.at.data, form.zone.data)
    minutes = form.minutes.data
    if form.end.data is not None:
        ends_at = local_to_utc(form.day.data, form.end.data, form.zone.data)
        if ends_at <= starts_at:
            raise TimeError(_("The end must come after the start."))
        minutes = int((ends_at - starts_at).total_seconds() // 60)
    if not with_place:
        return scheduling.Plan(starts_at, minutes, form.zone.data, place_kind="")
    extra = {"place_kind": form.place_kind.data, "place": form.place.data, "agenda": form.agenda.data}
    extra |= {"repeat_weeks": int(form.repeat.data or 0), "repeat_count": form.occurrences.data}
    return scheduling.Plan(starts_at, minutes, form.zone.data, **extra)


@login_required
def index(mentorship_id: int):
    """The mentorship's sessions, three mutual times and the form to propose one."""
    mentorship, _member = get_mentorship_or_404(mentorship_id)
    return _page(mentorship, _with_zones(ProposeForm(formdata=None)))


@login_required
def first_call(mentorship_id: int):
    """The welcome card's three mutual times for week 1 (lazy-loaded by the thread page; a page asks the tab)."""
    mentorship, _member = get_mentorship_or_404(mentorship_id)
    if not is_htmx():
        return redirect(_back(mentorship.id))
    now = utcnow()
    booked = scheduling.has_sessions(mentorship)
    suggestions = [] if booked else suggested_times(mentorship, now)
    return render("sessions/_first_call.html", None, mentorship=mentorship, suggestions=suggestions, booked=booked)


@login_required
def propose(mentorship_id: int):
    """Propose a time (a suggested one or any typed one)."""
    mentorship, _member = get_mentorship_or_404(mentorship_id)
    form = _with_zones(ProposeForm())
    if form.validate_on_submit():
        if (copy := once.earlier_answer(form)) is not None:
            return copy
        try:
            scheduling.propose(mentorship, current_user, plan_from(form))
        except (TimeError, scheduling.SessionError) as error:
            once.released(form)
            return _page(mentorship, form, status=422, error=str(error))
        flash(_("Session proposed; the others are asked by mail and in the thread."), "success")
        once.created(form, _back(mentorship.id))
        return _in_place(mentorship)
    return _page(mentorship, form, status=422, error=_("Check the fields marked below."))


def _act(mentorship_id: int, session_id: int, action, done: str):
    mentorship, _member = get_mentorship_or_404(mentorship_id)
    session = get_session_or_404(mentorship, session_id)
    if not AnswerForm().validate_on_submit():
        return refuse(_("The form expired; please try again."), _back(mentorship.id))
    try:
        action(session, current_user)
    except scheduling.SessionError as error:
        return refuse(str(error), _back(mentorship.id))
    flash(done, "success")
    return _in_place(mentorship)


def _in_place(mentorship):
    """After a change: htmx gets the updated sessions list in place (the flash rides along); a form, a 303."""
    if is_htmx() and htmx_target() == "sessions":
        return _page(mentorship, _with_zones(ProposeForm(formdata=None)))
    return redirect_or_hx(_back(mentorship.id))


@login_required
def accept(mentorship_id: int, session_id: int):
    """Accept a proposed time."""
    return _act(mentorship_id, session_id, scheduling.accept, _("Session accepted; it is in your calendar file."))


@login_required
def decline(mentorship_id: int, session_id: int):
    """Decline a proposed time."""
    return _act(mentorship_id, session_id, scheduling.decline, "Declined. You can propose another time below.")


@login_required
def cancel(mentorship_id: int, session_id: int):
    """Cancel a session (the others get a cancellation for their calendars)."""
    return _act(mentorship_id, session_id, scheduling.cancel, _("Session cancelled."))


@login_required
def move(mentorship_id: int, session_id: int, stamp: int | None = None):
    """Pick a new time for a session (or, with `stamp`, for one occurrence of a series)."""
    mentorship, _member = get_mentorship_or_404(mentorship_id)
    session = get_session_or_404(mentorship, session_id)
    occurrence = None
    if stamp is not None and (occurrence := series.occurrence_or_none(session, stamp)) is None:
        abort(404)
    form = _with_zones(MoveForm(formdata=None) if not _posted() else MoveForm())
    error, status = "", 200
    if _posted() and form.validate_on_submit():
        try:
            if occurrence is not None:
                scheduling.move_one(session, current_user, stamp, plan_from(form, with_place=False))
            else:
                scheduling.move(session, current_user, plan_from(form, with_place=False))
        except (TimeError, scheduling.SessionError) as exc:
            error, status = str(exc), 422
        else:
            flash(_("Session moved; the others are asked again."), "success")
            return redirect_or_hx(_back(mentorship.id))
    elif _posted():
        error, status = _("Check the fields marked below."), 422
    title = space_title(mentorship, current_user.id)
    ctx = {"mentorship": mentorship, "session": session, "form": form, "error": error, "title": title}
    ctx["occurrence"] = occurrence
    return render("sessions/move.html", "move", status=status, tab="sessions", **ctx)


@login_required
def move_one(mentorship_id: int, session_id: int, stamp: int):
    """Pick a new time for one occurrence of a series (the others keep theirs)."""
    return move(mentorship_id, session_id, stamp)


@login_required
def cancel_one(mentorship_id: int, session_id: int, stamp: int):
    """Cancel one occurrence of a series (the others stay)."""
    return _act(
        mentorship_id,
        session_id,
        lambda s, u: scheduling.cancel_one(s, u, stamp),
        _("That session is cancelled; the others keep their dates."),
    )


@login_required
def note(mentorship_id: int, session_id: int):
    """Save the shared note after a session."""
    mentorship, _member = get_mentorship_or_404(mentorship_id)
    session = get_session_or_404(mentorship, session_id)
    form = NoteForm()
    if not form.validate_on_submit():
        return refuse(_("Keep the note under 4,000 characters."), _back(mentorship.id))
    scheduling.save_note(session, current_user, form.note.data)
    flash(_("Note saved."), "success")
    return redirect_or_hx(_back(mentorship.id) + f"#session-{session.id}")


@login_required
def download(mentorship_id: int, session_id: int):
    """'Add to calendar': the session as an .ics file."""
    mentorship, _member = get_mentorship_or_404(mentorship_id)
    session = get_session_or_404(mentorship, session_id)
    body = session_ics(session, current_user.id, utcnow(), method=None)
    disposition = f'attachment; filename="session-{session.id}.ics"'
    return Response(body, mimetype="text/calendar", headers={"Content-Disposition": disposition})


def _posted() -> bool:
    return request.method == "POST"
