"""A community's audit log and moderation settings (admins), and lifting a suspension (moderators)."""

from flask import abort, flash, redirect, request, url_for
from flask_login import current_user
from sqlalchemy import select

from mentorship.extensions import db
from mentorship.forms.moderation import ModerationSettingsForm
from mentorship.models import Membership
from mentorship.permissions.communities import get_admin_community_or_404, get_moderator_community_or_404
from mentorship.services.moderation import actions
from mentorship.services.moderation.reports import ModerationError
from mentorship.web.htmx import is_htmx, redirect_or_hx, render, same_site_referrer


def audit_log(slug: str):
    """Who did what, to what, when and why: newest first, filtered by action."""
    community, membership = get_admin_community_or_404(slug)
    action = request.args.get("action", "")
    action = action if action in actions.AUDIT_LABELS else ""
    page = actions.audit_page(community.id, action or None, max(1, request.args.get("page", 1, type=int) or 1))
    return render(
        "moderation/log.html", "log", community=community, membership=membership, page=page, action=action,
        labels=actions.AUDIT_LABELS,
    )  # fmt: skip


def settings(slug: str):
    """When reported content hides by itself, and whether slow mode may switch on."""
    community, membership = get_admin_community_or_404(slug)
    form = ModerationSettingsForm(obj=community)
    if form.validate_on_submit():
        try:
            actions.update_settings(
                community, current_user, form.report_hide_threshold.data, bool(form.slow_mode_enabled.data)
            )
        except ModerationError as refusal:
            form.report_hide_threshold.errors.append(str(refusal))
        else:
            flash("Moderation settings saved.", "success")
            return redirect_or_hx(url_for("moderation_admin.settings", slug=slug))
    status = 422 if form.is_submitted() else 200
    return render(
        "moderation/settings.html", "form", status=status, community=community, membership=membership, form=form
    )


def lift_suspension(slug: str, user_id: int):
    """End a member's suspension early (audited)."""
    community, membership = get_moderator_community_or_404(slug)
    target = db.session.scalar(
        select(Membership).where(Membership.community_id == community.id, Membership.user_id == user_id)
    )
    if target is None:
        abort(404)
    try:
        message = actions.lift_suspension(community, current_user, membership, target)
    except ModerationError as refusal:
        abort(403, description=str(refusal))
    flash(message, "success")
    back = same_site_referrer(url_for("communities.members", slug=slug))
    return redirect_or_hx(back) if is_htmx() else redirect(back, 303)
