"""The moderators' queue: reported things with their snapshots and context, and the decisions on them."""

from flask import flash, redirect, request, url_for
from flask_login import current_user, login_required

from mentorship.extensions import db
from mentorship.forms.moderation import ActionForm, HideForm
from mentorship.permissions.communities import get_moderator_community_or_404
from mentorship.permissions.moderation import get_hideable_content_or_404, get_open_reports_or_404
from mentorship.services.moderation import actions
from mentorship.services.moderation import queue as service
from mentorship.services.moderation.reports import TARGET_NAMES, ModerationError
from mentorship.web import navigation
from mentorship.web.htmx import is_htmx, redirect_or_hx, render, same_site_referrer
from mentorship.web.inputs import page_number
from mentorship.web.redirects import safe_local_path


def _context(community, membership, **extra) -> dict:
    return {
        "community": community,
        "membership": membership,
        "actions_for": lambda item: actions.available_actions(item, membership),
        "target_names": TARGET_NAMES,
        **extra,
    }


@login_required
def queue(slug: str):
    """Open reports grouped by what they are about, oldest first; or the decided ones (?show=closed)."""
    community, membership = get_moderator_community_or_404(slug)
    if request.args.get("show") == "closed":
        page = service.closed_reports(community.id, current_user.id, page_number())
        return render("moderation/closed.html", "closed", **_context(community, membership, page=page))
    page = service.queue_page(community.id, current_user.id, page_number())
    return render("moderation/queue.html", "queue", **_context(community, membership, page=page))


@login_required
def show_item(slug: str, target_type: str, target_id: int):
    """One reported target with all its open reports and the decisions available."""
    community, membership = get_moderator_community_or_404(slug)
    item = service.item_of(community.id, get_open_reports_or_404(community, target_type, target_id))
    return render("moderation/item.html", "item", **_context(community, membership, item=item))


@login_required
def act(slug: str, target_type: str, target_id: int):
    """Dismiss, hide, restore, warn, suspend or remove; the reports close and the reporters are told."""
    community, membership = get_moderator_community_or_404(slug)
    item = service.item_of(community.id, get_open_reports_or_404(community, target_type, target_id))
    form = ActionForm()
    if form.validate_on_submit():
        decision = {"days": form.days.data, "also_hide": form.also_hide.data}
        try:
            message = actions.act(
                community, current_user, membership, item, form.action.data, form.reason.data, **decision
            )
        except ModerationError as refusal:
            db.session.rollback()
            target = getattr(form, refusal.field or "", None)
            (target.errors.append if target is not None else form.form_errors.append)(str(refusal))
        else:
            if is_htmx():
                navigation.forget()  # the counts changed: the fragment carries the new ones
                return render("moderation/_resolved.html", item=item, message=message, community=community)
            flash(message, "success")
            return redirect(url_for("moderation.queue", slug=slug), 303)
    context = _context(community, membership, item=item, failed=form)
    return render("moderation/item.html", "item", status=422, **context)


@login_required
def hide_or_restore(slug: str, target_type: str, target_id: int, verb: str):
    """Hide a topic or post from the board (with a reason), or restore it; open reports about it close."""
    community, _membership = get_moderator_community_or_404(slug)
    content = get_hideable_content_or_404(community, target_type, target_id)
    form = HideForm()
    form.hiding = verb == "hide"
    board = url_for("board.index", slug=slug)
    back = safe_local_path(request.form.get("next"), board) if form.is_submitted() else same_site_referrer(board)
    if form.validate_on_submit():
        try:
            message = actions.set_hidden(community, current_user, target_type, target_id, form.hiding, form.reason.data)
        except ModerationError as refusal:
            form.reason.errors.append(str(refusal))
        else:
            flash(message, "success")
            return redirect_or_hx(back)
    status = 422 if form.is_submitted() else 200
    page = {"community": community, "content": content, "verb": verb, "target_type": target_type, "back": back}
    return render("moderation/hide.html", "form", status=status, form=form, **page)
