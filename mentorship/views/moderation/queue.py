"""The moderators' queue: reported things with their snapshots and context, and the decisions on them."""

from flask import abort, flash, redirect, request, url_for
from flask_login import current_user
from sqlalchemy import select

from mentorship.extensions import db
from mentorship.forms.moderation import ActionForm, HideForm
from mentorship.models import Report
from mentorship.models.moderation import TARGET_TYPES
from mentorship.permissions.communities import get_moderator_community_or_404
from mentorship.services.moderation import actions
from mentorship.services.moderation import reports as service
from mentorship.views.moderation.reports import safe_next
from mentorship.web.errors import abort_with
from mentorship.web.htmx import is_htmx, redirect_or_hx, render, same_site_referrer


def _page_arg() -> int:
    return max(1, request.args.get("page", 1, type=int) or 1)


def _context(community, membership, **extra) -> dict:
    return {
        "community": community,
        "membership": membership,
        "actions_for": lambda item: actions.available_actions(item, membership),
        "target_names": service.TARGET_NAMES,
        **extra,
    }


def queue(slug: str):
    """Open reports grouped by what they are about, oldest first; or the decided ones (?show=closed)."""
    community, membership = get_moderator_community_or_404(slug)
    if request.args.get("show") == "closed":
        page = service.closed_reports(community.id, current_user.id, _page_arg())
        return render("moderation/closed.html", "closed", **_context(community, membership, page=page))
    page = service.queue_page(community.id, current_user.id, _page_arg())
    return render("moderation/queue.html", "queue", **_context(community, membership, page=page))


def _item_or_404(community, target_type: str, target_id: int):
    """The open reports about one target; a 404 when there never were any here, a 409 when all are decided."""
    if target_type not in TARGET_TYPES:
        abort(404)
    item = service.queue_item(community.id, current_user.id, target_type, target_id)
    if item is None:
        any_report = db.session.scalar(
            select(Report.id).where(
                Report.community_id == community.id,
                Report.target_type == target_type,
                Report.target_id == target_id,
                service.not_about(current_user.id),
            )
        )
        if any_report is None:
            abort(404)
        abort_with(409, "These reports were already decided. Reload the queue to see what is left.")
    return item


def show_item(slug: str, target_type: str, target_id: int):
    """One reported target with all its open reports and the decisions available."""
    community, membership = get_moderator_community_or_404(slug)
    item = _item_or_404(community, target_type, target_id)
    return render("moderation/item.html", "item", **_context(community, membership, item=item))


def act(slug: str, target_type: str, target_id: int):
    """Dismiss, hide, restore, warn, suspend or remove; the reports close and the reporters are told."""
    community, membership = get_moderator_community_or_404(slug)
    item = _item_or_404(community, target_type, target_id)
    form = ActionForm()
    if form.validate_on_submit():
        try:
            message = actions.act(
                community, current_user, membership, item, form.action.data, form.reason.data,
                days=form.days.data, also_hide=form.also_hide.data,
            )  # fmt: skip
        except service.ModerationError as refusal:
            db.session.rollback()
            target = getattr(form, refusal.field or "", None)
            (target.errors.append if target is not None else form.form_errors.append)(str(refusal))
        else:
            if is_htmx():
                return render("moderation/_resolved.html", item=item, message=message)
            flash(message, "success")
            return redirect(url_for("moderation.queue", slug=slug), 303)
    context = _context(community, membership, item=item, failed=form)
    return render("moderation/item.html", "item", status=422, **context)


def hide_or_restore(slug: str, target_type: str, target_id: int, verb: str):
    """Hide a topic or post from the board (with a reason), or restore it; open reports about it close."""
    community, membership = get_moderator_community_or_404(slug)
    content = service.content_row(target_type, target_id)
    if content is None or content.community_id != community.id or getattr(content, "deleted_at", None):
        abort(404)
    form = HideForm()
    form.hiding = verb == "hide"
    board = url_for("board.index", slug=slug)
    back = safe_next(request.form.get("next"), board) if form.is_submitted() else same_site_referrer(board)
    if form.validate_on_submit():
        try:
            message = actions.set_hidden(
                community, current_user, target_type, target_id, verb == "hide", form.reason.data
            )
        except service.ModerationError as refusal:
            form.reason.errors.append(str(refusal))
        else:
            flash(message, "success")
            return redirect_or_hx(back)
    status = 422 if form.is_submitted() else 200
    return render(
        "moderation/hide.html", "form", status=status, community=community, content=content, verb=verb,
        target_type=target_type, form=form, back=back,
    )  # fmt: skip
