"""Reporting: a form for a topic, a post, a member or a message in one's own thread; my reports and their outcome."""

from flask import abort, flash, request, url_for
from flask_login import current_user, login_required

from mentorship.forms.moderation import ReportForm
from mentorship.permissions.moderation import OWN_REPORT_REFUSAL, can_report
from mentorship.services.moderation import reports as service
from mentorship.services.moderation.queue import my_reports
from mentorship.web import once
from mentorship.web.errors import abort_with
from mentorship.web.htmx import redirect_or_hx, render, same_site_referrer
from mentorship.web.inputs import page_number
from mentorship.web.redirects import safe_local_path

THANKS = "Thank you. The moderators will look at it, and we'll tell you the outcome."


@login_required
def report(target_type: str, target_id: int):
    """Report something, with a reason and optional details; the moderators get a snapshot of it."""
    slug = request.args.get("community")
    try:  # what the person can't see (or no such kind of thing) does not exist for them
        snapshot = service.take_snapshot(target_type, target_id, current_user, slug)
    except service.TargetNotFound:
        abort(404)
    if not can_report(current_user, snapshot.author_id):
        abort_with(403, OWN_REPORT_REFUSAL)
    existing = service.open_report_of(current_user.id, target_type, target_id)
    form = ReportForm()
    if not form.is_submitted():
        form.next.data = same_site_referrer(url_for("reports.mine"))
    back = safe_local_path(form.next.data, url_for("reports.mine"))
    error = None
    if form.validate_on_submit() and (copy := once.earlier_answer(form)) is not None:
        return copy
    if existing is None and form.validate_on_submit():
        try:
            service.file_report(current_user, snapshot, form.reason.data, form.details.data)
        except service.ModerationError as refusal:
            once.released(form)
            error = str(refusal)
        else:
            flash(THANKS, "success")
            once.created(form, back)
            return redirect_or_hx(back)
    if existing is not None and form.is_submitted():
        once.released(form)
    status = (409 if existing else 422) if form.is_submitted() else 200
    target = {"target_type": target_type, "target_id": target_id, "slug": slug}
    page = {"form": form, "snapshot": snapshot, "existing": existing, "error": error, "back": back}
    return render("moderation/report.html", "form", status=status, **page, **target)


@login_required
def mine():
    """The reports I made, newest first, and what came of them."""
    page = my_reports(current_user.id, page_number())
    return render("moderation/mine.html", "reports", page=page, target_names=service.TARGET_NAMES)
