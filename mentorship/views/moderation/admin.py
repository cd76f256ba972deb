"""A community's audit log and moderation settings (admins), and lifting a suspension (moderators)."""

from flask import flash, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from mentorship.forms.moderation import ModerationSettingsForm
from mentorship.permissions.communities import get_admin_community_or_404, get_moderator_community_or_404
from mentorship.permissions.moderation import get_sanctionable_membership_or_404
from mentorship.services.moderation import actions
from mentorship.services.moderation.reports import ModerationError
from mentorship.web.errors import abort_with
from mentorship.web.htmx import redirect_or_hx, render, same_site_referrer
from mentorship.web.inputs import page_number


@login_required
def audit_log(slug: str):
    """Who did what, to what, when and why: newest first, filtered by action."""
    community, membership = get_admin_community_or_404(slug)
    action = request.args.get("action", "")
    action = action if action in actions.AUDIT_LABELS else ""
    page = actions.audit_page(community.id, action or None, page_number())
    context = {"community": community, "membership": membership, "action": action, "labels": actions.AUDIT_LABELS}
    return render("moderation/log.html", "log", page=page, **context)


@login_required
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
            flash(_("Moderation settings saved."), "success")
            return redirect_or_hx(url_for("moderation_admin.settings", slug=slug))
    status = 422 if form.is_submitted() else 200
    return render(
        "moderation/settings.html", "form", status=status, community=community, membership=membership, form=form
    )


@login_required
def lift_suspension(slug: str, user_id: int):
    """End a member's suspension early (audited)."""
    community, membership = get_moderator_community_or_404(slug)
    target = get_sanctionable_membership_or_404(community, membership, user_id)
    try:
        message = actions.lift_suspension(community, current_user, membership, target)
    except ModerationError as refusal:
        abort_with(403, str(refusal))
    flash(message, "success")
    return redirect_or_hx(same_site_referrer(url_for("communities.members", slug=slug)))
