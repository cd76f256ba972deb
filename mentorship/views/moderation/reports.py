"""Reporting: a form for a topic, a post, a member or a message in one's own thread; my reports and their outcome."""

from flask import abort, flash, request, url_for
from flask_login import current_user

from mentorship.forms.moderation import ReportForm
from mentorship.models.moderation import TARGET_TYPES
from mentorship.services.moderation import reports as service
from mentorship.web.htmx import redirect_or_hx, render, same_site_referrer


def safe_next(value: str | None, default: str) -> str:
    """A site path to return to after a form (never another site); shared by the moderation views."""
    value = value or ""
    return value if value.startswith("/") and not value.startswith("//") and "\\" not in value else default


def report(target_type: str, target_id: int):
    """Report something, with a reason and optional details; the moderators get a snapshot of it."""
    if target_type not in TARGET_TYPES:
        abort(404)
    slug = request.args.get("community")
    try:
        snapshot = service.take_snapshot(target_type, target_id, current_user, slug)
    except service.TargetNotFound:
        abort(404)
    if snapshot.author_id == current_user.id:
        abort(403, description="You can't report yourself or what you wrote.")
    existing = service.open_report_of(current_user.id, target_type, target_id)
    form = ReportForm()
    if not form.is_submitted():
        form.next.data = same_site_referrer(url_for("reports.mine"))
    back = safe_next(form.next.data, url_for("reports.mine"))
    error = None
    if existing is None and form.validate_on_submit():
        try:
            service.file_report(current_user, snapshot, form.reason.data, form.details.data)
        except service.ModerationError as refusal:
            error = str(refusal)
        else:
            flash("Thank you. The moderators will look at it, and we'll tell you the outcome.", "success")
            return redirect_or_hx(back)
    status = (409 if existing else 422) if form.is_submitted() else 200
    return render(
        "moderation/report.html", "form", status=status, form=form, snapshot=snapshot, existing=existing,
        error=error, back=back, target_type=target_type, target_id=target_id, slug=slug,
    )  # fmt: skip


def mine():
    """The reports I made, newest first, and what came of them."""
    page = service.my_reports(current_user.id, max(1, request.args.get("page", 1, type=int) or 1))
    return render("moderation/mine.html", "reports", page=page, target_names=service.TARGET_NAMES)
