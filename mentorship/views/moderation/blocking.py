"""Blocking people: a confirmation page to block someone, and the "Blocked people" settings tab to unblock."""

from flask import abort, flash, request, url_for
from flask_login import current_user

from mentorship.extensions import db
from mentorship.models import User
from mentorship.services.moderation import blocking as service
from mentorship.views.moderation.reports import safe_next
from mentorship.web.htmx import is_htmx, redirect_or_hx, render, same_site_referrer


def _person_or_404(user_id: int) -> User:
    """Someone the person could meet (a shared community or mentorship); anyone else does not exist for them."""
    person = db.session.get(User, user_id)
    if person is None or person.is_deleted or person.id == current_user.id:
        abort(404)
    if not service.can_block(current_user.id, person.id) and not service.is_blocked(current_user.id, person.id):
        abort(404)
    return person


def block(user_id: int):
    """What blocking does, then block (their posts collapse for me; no messages; never matched)."""
    person = _person_or_404(user_id)
    default = url_for("blocking.blocked")
    if request.method == "POST":
        back = safe_next(request.form.get("next"), default)
        try:
            paused = service.block(current_user, person)
        except service.BlockError as refusal:
            abort(400, description=str(refusal))
        message = f"You blocked {person.display_name}."
        if paused:
            message += " Your mentorship with them is paused; its admins were told it needs attention."
        flash(message, "success")
        return redirect_or_hx(back)
    back = same_site_referrer(default)
    already = service.is_blocked(current_user.id, person.id)
    return render("moderation/block.html", person=person, back=back, already=already)


def blocked():
    """The people I blocked, with an Unblock button each."""
    page = service.blocked_people(current_user.id, max(1, request.args.get("page", 1, type=int) or 1))
    return render("moderation/blocked.html", "blocked", page=page)


def unblock(user_id: int):
    """Unblock someone: their posts show again; paused mentorships stay paused until resumed."""
    person = db.session.get(User, user_id)
    if person is None or not service.unblock(current_user, user_id):
        abort(404)
    flash(f"You unblocked {person.display_name}.", "success")
    if is_htmx():
        page = service.blocked_people(current_user.id, max(1, request.args.get("page", 1, type=int) or 1))
        return render("moderation/blocked.html", "blocked", page=page)
    return redirect_or_hx(url_for("blocking.blocked"))
