"""A person's settings: profile, e-mail preferences, account, data export and deletion."""

import json
from datetime import date, datetime

from flask import Blueprint, Response, flash, redirect, request, session, url_for
from flask_login import current_user, login_required, logout_user

from mentorship.forms.settings import (
    ChangeEmailForm,
    ChangePasswordForm,
    DeleteAccountForm,
    PictureForm,
    ProfileForm,
    notifications_form,
)
from mentorship.services.accounts import auth as accounts
from mentorship.services.accounts import data as account_data
from mentorship.services.accounts import pictures
from mentorship.services.accounts import profile as service
from mentorship.text import parse_tags
from mentorship.web.htmx import is_htmx, redirect_or_hx, render
from mentorship.web.login import end_other_sessions, sessions_of, start_session

bp = Blueprint("settings", __name__, url_prefix="/settings")
BLUEPRINTS = (bp,)
TEMPLATE_GLOBALS: dict = {}


@bp.before_request
@login_required
def _require_login():
    """Every settings page is for the logged-in person only."""


@bp.route("/", methods=["GET", "POST"])
def profile():
    """Display name, timezone, skills and bio."""
    form = ProfileForm(data=_profile_data())
    if form.validate_on_submit():
        data = form.data
        service.update_profile(current_user, data["display_name"], data["timezone"], data["skills"], data["bio"])
        flash("Your profile is saved.", "success")
        if not is_htmx():
            return redirect(url_for("settings.profile"), 303)
        form = ProfileForm(formdata=None, data=_profile_data())
    tags, invalid = parse_tags(form.skills.data or "")
    status = 422 if form.errors else 200
    return render("settings/profile.html", "form", form=form, tags=tags, invalid=invalid, status=status)


def _profile_data() -> dict:
    user = current_user
    return {
        "display_name": user.display_name,
        "timezone": user.timezone,
        "skills": ", ".join(user.skill_tags),
        "bio": user.bio,
    }


@bp.route("/picture", methods=["GET", "POST"])
def picture():
    """Upload a profile picture (re-encoded, stripped of its metadata), or see the initials that stand in."""
    form = PictureForm()
    if form.validate_on_submit():
        try:
            pictures.set_picture(current_user, pictures.read_upload(form.picture.data.stream))
        except pictures.PictureError as error:
            form.picture.errors.append(str(error))
        else:
            flash("Your picture is saved. It shows next to your name everywhere.", "success")
            return redirect(url_for("settings.picture"), 303)
    return render("settings/picture.html", form=form, status=422 if form.errors else 200)


@bp.post("/picture/remove")
def remove_picture():
    """Back to initials on a colour."""
    pictures.remove_picture(current_user)
    flash("Your picture is removed. Your initials show instead.", "success")
    return redirect_or_hx(url_for("settings.picture"))


@bp.get("/skills-preview")
def skills_preview():
    """The tags as they will be saved, while typing (htmx only; the page works without it)."""
    tags, invalid = parse_tags(request.args.get("skills", ""))
    return render("settings/_skills_preview.html", tags=tags[: service.MAX_SKILLS], invalid=invalid)


@bp.route("/notifications", methods=["GET", "POST"])
def notifications():
    """Which e-mails to receive."""
    form = notifications_form(service.reminder_prefs(current_user))
    if form.validate_on_submit():
        service.update_reminder_prefs(current_user, {key: form[key].data for key in service.PREFERENCE_LABELS})
        flash("Your e-mail preferences are saved.", "success")
        if not is_htmx():
            return redirect(url_for("settings.notifications"), 303)
    return render("settings/notifications.html", "form", form=form, status=422 if form.errors else 200)


def _account_page(block: str | None = None, status: int = 200, **forms):
    """The account page (or one of its blocks) with fresh forms unless given."""
    context = {
        "email_form": ChangeEmailForm(formdata=None),
        "password_form": ChangePasswordForm(formdata=None),
        "sessions": sessions_of(current_user),
        **forms,
    }
    return render("settings/account.html", block, status=status, **context)


@bp.get("/account")
def account():
    """E-mail, password, signed-in browsers, export and deletion."""
    return _account_page()


@bp.post("/account/password")
def change_password():
    """Change the password: other browsers are signed out, this one gets a fresh session."""
    form = ChangePasswordForm()
    form.account_email = current_user.email
    if form.validate_on_submit():
        remember = current_user.current_session_remember
        try:
            accounts.change_password(current_user, form.current_password.data, form.password.data)
        except accounts.AccountError as error:
            form.current_password.errors.append(str(error))
        else:
            start_session(current_user, remember=remember)
            flash("Your password is changed. Every other browser is signed out.", "success")
            return redirect_or_hx(url_for("settings.account"))
    return _account_page("password_form", 422, password_form=form)


@bp.post("/account/email")
def change_email():
    """Ask to change the e-mail address; it changes when the link sent to the new one is opened."""
    form = ChangeEmailForm()
    if form.validate_on_submit():
        try:
            new_email = accounts.request_email_change(current_user, form.password.data, form.email.data)
        except accounts.AccountError as error:
            getattr(form, error.field or "email").errors.append(str(error))
        else:
            flash(f"We've sent a link to {new_email}. Your address changes when you open it.", "success")
            return redirect_or_hx(url_for("settings.account"))
    return _account_page("email_form", 422, email_form=form)


@bp.post("/account/sessions/sign-out-others")
def sign_out_other_sessions():
    """Sign out every other browser where this account is logged in."""
    count = end_other_sessions(current_user)
    flash(f"Signed out {count} other {'browser' if count == 1 else 'browsers'}.", "success")
    if is_htmx():
        return _account_page("sessions")
    return redirect(url_for("settings.account"), 303)


@bp.get("/account/export")
def export_data():
    """Download everything about me as JSON."""
    data = account_data.export_user_data(current_user)
    body = json.dumps(data, default=_json_default, ensure_ascii=False, indent=2)
    filename = f"mentorship-data-{date.today().isoformat()}.json"
    return Response(
        body,
        mimetype="application/json",
        headers={"Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "no-store"},
    )


def _json_default(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


@bp.route("/account/delete", methods=["GET", "POST"])
def delete_account():
    """Delete my account after typing the password; optionally erase what I wrote."""
    form = DeleteAccountForm()
    error = None
    if form.validate_on_submit():
        try:
            account_data.delete_account(current_user._get_current_object(), form.password.data, form.erase_written.data)
        except account_data.DeletionRefused as refusal:
            if refusal.field:
                form[refusal.field].errors.append(str(refusal))
            else:
                error = str(refusal)
        else:
            session.clear()
            logout_user()
            flash("Your account is deleted. Thank you for being part of it.", "info")
            return redirect_or_hx(url_for("main.home"))
    blocked, alone = account_data.admin_handover_needed(current_user)
    status = 422 if form.is_submitted() else 200
    return render("settings/delete.html", "form", form=form, error=error, blocked=blocked, alone=alone, status=status)
