"""A mentorship's course: pause, resume, complete with feedback, end early, extend, swap roles,
and the private concern note to the admins. Who may take which step: permissions.space.lifecycle_refusal.
"""

from flask import flash, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from mentorship.forms.space import EndForm, ExtendForm, FeedbackForm, UneasyForm
from mentorship.permissions.space import (
    ACTION_FROM_STATUSES,
    allowed_actions,
    feedback_refusal,
    get_mentorship_or_404,
    lifecycle_refusal,
)
from mentorship.services.outcomes.summary import write_summary
from mentorship.services.space import lifecycle
from mentorship.services.space.thread import SpaceError, authors_i_blocked
from mentorship.views.space.common import space_title
from mentorship.web import once
from mentorship.web.errors import refuse
from mentorship.web.htmx import redirect_or_hx, render


def _manage_url(mentorship_id: int) -> str:
    return url_for("mentorships.manage", mentorship_id=mentorship_id)


def _back(mentorship_id: int):
    return redirect_or_hx(_manage_url(mentorship_id))


@login_required
def manage(mentorship_id: int):
    """What can be done with this mentorship now, and its history."""
    mentorship, member = get_mentorship_or_404(mentorship_id)
    return _manage_page(mentorship, ExtendForm())


def _manage_page(mentorship, extend_form, status: int = 200):
    return render(
        "space/manage.html",
        "extend_form",
        status=status,
        mentorship=mentorship,
        title=space_title(mentorship, current_user.id),
        allowed=allowed_actions(mentorship, current_user.id),
        refusals={a: lifecycle_refusal(mentorship, current_user.id, a) for a in ACTION_FROM_STATUSES},
        events=lifecycle.lifecycle_events(mentorship.id),
        feedback=lifecycle.my_feedback(mentorship.id, current_user.id),
        extend_form=extend_form,
        others=[m.user for m in mentorship.members if m.user_id != current_user.id],
        i_blocked=authors_i_blocked(current_user.id, {m.user_id for m in mentorship.members} - {current_user.id}),
        tab="manage",
    )


def _simple(mentorship_id: int, action: str, done_text: str):
    mentorship, _member = get_mentorship_or_404(mentorship_id)
    try:
        if action == "swap":
            lifecycle.swap_roles(mentorship, current_user)
        else:
            lifecycle.change_status(mentorship, current_user, action)
    except SpaceError as error:
        return refuse(str(error), _manage_url(mentorship.id))
    flash(done_text, "success")
    return _back(mentorship.id)


@login_required
def pause(mentorship_id: int):
    """Take a break: check-ins stop and the weeks wait until it resumes."""
    return _simple(mentorship_id, "pause", _("The mentorship is paused. Resume it whenever you're ready."))


@login_required
def resume(mentorship_id: int):
    """Carry on after a pause."""
    return _simple(mentorship_id, "resume", _("Welcome back! The mentorship is active again."))


@login_required
def swap(mentorship_id: int):
    """Reverse mentoring: the mentee becomes the mentor and the other way round."""
    return _simple(mentorship_id, "swap", _("Roles swapped. You can swap back at any time."))


@login_required
def extend(mentorship_id: int):
    """Add 1 to 12 weeks."""
    mentorship, _member = get_mentorship_or_404(mentorship_id)
    form = ExtendForm()
    if form.validate_on_submit():
        try:
            lifecycle.extend(mentorship, current_user, form.weeks.data)
        except SpaceError as error:
            form.weeks.errors = [str(error)]
        else:
            flash(
                _("Extended by %(data)s weeks: %(weeks)s weeks in all.", data=form.weeks.data, weeks=mentorship.weeks),
                "success",
            )
            return _back(mentorship.id)
    return _manage_page(mentorship, form, status=422)


@login_required
def complete(mentorship_id: int):
    """Mark the mentorship completed, with short feedback."""
    mentorship, _member = get_mentorship_or_404(mentorship_id)
    refusal = lifecycle_refusal(mentorship, current_user.id, "complete")
    form = FeedbackForm()
    if refusal is None and form.validate_on_submit():
        try:
            lifecycle.complete(
                mentorship, current_user, form.helpful.data, form.would_recommend.data == "yes", form.comment.data
            )
        except SpaceError as error:
            refusal = str(error)
        else:
            write_summary(mentorship)
            flash(_("Completed. Thank you for your feedback! Here is what you achieved together."), "success")
            return redirect_or_hx(url_for("outcomes.show", mentorship_id=mentorship.id))
    status = 422 if form.is_submitted() else 200
    return _form_page("complete", mentorship, form, status, refusal)


@login_required
def end(mentorship_id: int):
    """End early, with a reason for the admins."""
    mentorship, _member = get_mentorship_or_404(mentorship_id)
    refusal = lifecycle_refusal(mentorship, current_user.id, "end")
    form = EndForm()
    if refusal is None and form.validate_on_submit():
        try:
            lifecycle.end_early(mentorship, current_user, form.reason.data)
        except SpaceError as error:
            form.reason.errors = [str(error)]
        else:
            flash(_("The mentorship has ended. Thank you for the time you gave it."), "info")
            return _back(mentorship.id)
    status = 422 if form.is_submitted() else 200
    return _form_page("end", mentorship, form, status, refusal)


@login_required
def feedback(mentorship_id: int):
    """Feedback after the end, from the member(s) who didn't complete it themselves."""
    mentorship, _member = get_mentorship_or_404(mentorship_id)
    if lifecycle.my_feedback(mentorship.id, current_user.id) is not None:
        return refuse(lifecycle.ALREADY_GAVE_FEEDBACK, _manage_url(mentorship.id))
    refusal = feedback_refusal(mentorship, current_user.id)
    form = FeedbackForm()
    if refusal is None and form.validate_on_submit():
        try:
            lifecycle.give_feedback(
                mentorship, current_user, form.helpful.data, form.would_recommend.data == "yes", form.comment.data
            )
        except SpaceError as error:
            refusal = str(error)
        else:
            flash(_("Thank you for your feedback!"), "success")
            return _back(mentorship.id)
    status = 422 if form.is_submitted() else 200
    return _form_page("feedback", mentorship, form, status, refusal)


@login_required
def uneasy(mentorship_id: int):
    """A private note to the admins; the partner never sees it."""
    mentorship, _member = get_mentorship_or_404(mentorship_id)
    form = UneasyForm()
    if form.validate_on_submit():
        if (copy := once.earlier_answer(form)) is not None:
            return copy
        try:
            lifecycle.raise_concern(mentorship, current_user, form.text.data)
        except SpaceError as error:
            once.released(form)
            form.text.errors = [str(error)]
        else:
            flash(_("Thank you for telling us. The admins will look at it; your partner is not told."), "success")
            once.created(form, url_for("mentorships.manage", mentorship_id=mentorship.id))
            return _back(mentorship.id)
    status = 422 if form.is_submitted() else 200
    return _form_page("uneasy", mentorship, form, status, None)


def _form_page(kind: str, mentorship, form, status: int, refusal: str | None):
    if refusal and form.is_submitted():
        status = 409  # the form was fine, but the mentorship's state doesn't allow it
    return render(
        "space/action_form.html",
        "action_form",
        status=status,
        kind=kind,
        mentorship=mentorship,
        title=space_title(mentorship, current_user.id),
        form=form,
        refusal=refusal,
        tab="manage",
    )
