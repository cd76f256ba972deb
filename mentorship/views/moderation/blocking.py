"""Blocking people: a confirmation page to block someone, and the "Blocked people" settings tab to unblock."""

from flask import flash, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from mentorship.permissions.moderation import get_blocked_person_or_404, get_person_to_block_or_404, is_blocked
from mentorship.services.moderation import blocking as service
from mentorship.web.errors import refuse
from mentorship.web.htmx import is_htmx, redirect_or_hx, render, same_site_referrer
from mentorship.web.inputs import page_number
from mentorship.web.redirects import safe_local_path


@login_required
def block(user_id: int):
    """What blocking does, then block (their posts collapse for me; no messages; never matched)."""
    person = get_person_to_block_or_404(user_id)
    default = url_for("blocking.blocked")
    if request.method == "POST":
        back = safe_local_path(request.form.get("next"), default)
        try:
            paused = service.block(current_user, person)
        except service.BlockError as refusal:
            return refuse(str(refusal), back)
        message = _("You blocked %(person)s.", person=person.display_name)
        if paused:
            message += " Your mentorship with them is paused; its admins were told it needs attention."
        flash(message, "success")
        return redirect_or_hx(back)
    back = same_site_referrer(default)
    already = is_blocked(current_user.id, person.id)
    return render("moderation/block.html", person=person, back=back, already=already)


@login_required
def blocked():
    """The people I blocked, with an Unblock button each."""
    page = service.blocked_people(current_user.id, page_number())
    return render("moderation/blocked.html", "blocked", page=page)


@login_required
def unblock(user_id: int):
    """Unblock someone: their posts show again; paused mentorships stay paused until resumed."""
    person = get_blocked_person_or_404(user_id)
    service.unblock(current_user, person.id)
    flash(_("You unblocked %(person)s.", person=person.display_name), "success")
    if is_htmx():
        page = service.blocked_people(current_user.id, page_number())
        return render("moderation/blocked.html", "blocked", page=page)
    return redirect_or_hx(url_for("blocking.blocked"))
