"""A person's settings: profile, preferences, account, data export and deletion."""

from flask import Blueprint, flash, url_for
from flask_login import current_user, login_required

from ..forms.settings import ProfileForm
from ..htmx_utils import redirect_or_hx, render
from ..services import profile as service

bp = Blueprint("settings", __name__, url_prefix="/settings")


@bp.before_request
@login_required
def _require_login():
    """Every settings page is for the logged-in person only."""


@bp.route("/", methods=["GET", "POST"])
def profile():
    """Display name, timezone, skills and bio."""
    form = ProfileForm(obj=current_user)
    if not form.is_submitted():
        form.skills.data = ", ".join(current_user.skill_tags)
    if form.validate_on_submit():
        service.update_profile(
            current_user, form.display_name.data, form.timezone.data, form.skills.data, form.bio.data
        )
        flash("Your profile is saved.", "success")
        return redirect_or_hx(url_for("settings.profile"))
    status = 422 if form.is_submitted() else 200
    return render("settings/profile.html", "form", form=form, status=status)


@bp.get("/account")
def account():
    """E-mail, password, sessions, export and deletion."""
    return render("settings/account.html")
