"""A person's settings: profile, e-mail and push preferences, devices, account, data export and deletion."""

import json
from datetime import date, datetime

from flask import Blueprint, Response, abort, flash, redirect, request, session, url_for
from flask_babel import LazyString, ngettext
from flask_babel import gettext as _
from flask_login import current_user, login_required, logout_user

from mentorship.forms.push import DeviceForm, chosen_kinds, minutes, push_settings_form
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
from mentorship.services.push import choices as push_choices
from mentorship.services.push import devices as push_devices
from mentorship.services.push.endpoints import PushError
from mentorship.services.push.keys import application_server_key
from mentorship.text import parse_tags
from mentorship.web.htmx import is_htmx, redirect_or_hx, render
from mentorship.web.languages import page_language
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
        service.update_profile(
            current_user, data["display_name"], data["timezone"], data["skills"], data["bio"], data["locale"]
        )
        flash(_("Your profile is saved."), "success")
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
        "locale": user.locale or page_language(),
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
            flash(_("Your picture is saved. It shows next to your name everywhere."), "success")
            return redirect(url_for("settings.picture"), 303)
    return render("settings/picture.html", form=form, status=422 if form.errors else 200)


@bp.post("/picture/remove")
def remove_picture():
    """Back to initials on a colour."""
    pictures.remove_picture(current_user)
    flash(_("Your picture is removed. Your initials show instead."), "success")
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
        flash(_("Your e-mail preferences are saved."), "success")
        if not is_htmx():
            return redirect(url_for("settings.notifications"), 303)
    return render("settings/notifications.html", "form", form=form, status=422 if form.errors else 200)


def _push_page(block: str | None = None, status: int = 200, form=None, error: str | None = None):
    """The push page (or one of its blocks): this person's devices and push settings."""
    return render(
        "settings/push.html",
        block,
        status=status,
        form=form or push_settings_form(push_choices.settings_of(current_user.id)),
        devices=push_devices.devices_of(current_user.id),
        this_browser=push_devices.session_hash(current_user.current_session_token),
        error=error,
        vapid_key=application_server_key(),
        timezone=current_user.timezone,
    )


@bp.route("/push", methods=["GET", "POST"])
def push():
    """Push notifications: which kinds, quiet hours, the sender's name; and the devices that get them."""
    form = push_settings_form(push_choices.settings_of(current_user.id))
    if form.validate_on_submit():
        start, end = minutes(form.quiet_start.data), minutes(form.quiet_end.data)
        push_choices.save_settings(
            current_user, chosen_kinds(form), form.quiet_hours.data, start, end, form.show_sender.data
        )
        flash(_("Your push settings are saved."), "success")
        if not is_htmx():
            return redirect(url_for("settings.push"), 303)
        form = push_settings_form(push_choices.settings_of(current_user.id))
    return _push_page("form", status=422 if form.errors else 200, form=form)


@bp.post("/push/devices")
def add_device():
    """Store this browser's push subscription, posted by the page's script (the devices list comes back)."""
    form = DeviceForm()
    if form.validate_on_submit():
        try:
            push_devices.add_device(
                current_user,
                form.endpoint.data,
                form.p256dh.data,
                form.auth.data,
                current_user.current_session_token,
                request.user_agent.string,
            )
        except PushError as refusal:
            return _push_page("devices", 422, error=str(refusal))
        if is_htmx():
            return _push_page("devices")
        flash(_("Notifications are on for this browser."), "success")
        return redirect(url_for("settings.push"), 303)
    first_error = next(iter(form.errors.values()))[0]
    return _push_page(
        "devices",
        422,
        error=str(first_error) if isinstance(first_error, str | LazyString) else _("Please reload the page."),
    )


@bp.post("/push/devices/<int:device_id>/remove")
def remove_device(device_id: int):
    """Stop push notifications to one of my devices."""
    if not push_devices.remove_device(current_user.id, device_id):
        abort(404)
    flash(_("That device gets no more notifications."), "success")
    return redirect_or_hx(url_for("settings.push"))


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
        user = current_user._get_current_object()
        remember, old_token = user.current_session_remember, user.current_session_token
        try:
            accounts.change_password(current_user, form.current_password.data, form.password.data)
        except accounts.AccountError as error:
            form.current_password.errors.append(str(error))
        else:
            start_session(user, remember=remember)
            push_devices.keep_only_this_browser(user.id, old_token, user.current_session_token)
            flash(_("Your password is changed. Every other browser is signed out."), "success")
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
            flash(
                _("We've sent a link to %(new_email)s. Your address changes when you open it.", new_email=new_email),
                "success",
            )
            return redirect_or_hx(url_for("settings.account"))
    return _account_page("email_form", 422, email_form=form)


@bp.post("/account/sessions/sign-out-others")
def sign_out_other_sessions():
    """Sign out every other browser where this account is logged in."""
    count = end_other_sessions(current_user)
    push_devices.forget_other_browsers(current_user.id, current_user.current_session_token)
    flash(ngettext("Signed out %(num)d other browser.", "Signed out %(num)d other browsers.", count), "success")
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
    if isinstance(value, LazyString):  # a label in the reader's language ("Spam or advertising")
        return str(value)
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
            flash(_("Your account is deleted. Thank you for being part of it."), "info")
            return redirect_or_hx(url_for("main.home"))
    blocked, alone = account_data.admin_handover_needed(current_user)
    status = 422 if form.is_submitted() else 200
    return render("settings/delete.html", "form", form=form, error=error, blocked=blocked, alone=alone, status=status)
