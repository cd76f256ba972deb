"""Sign up, log in and out, confirm e-mail, reset a forgotten password."""

from flask import Blueprint, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from mentorship.database import write_transaction
from mentorship.extensions import db, limiter
from mentorship.forms.auth import ForgotPasswordForm, LoginForm, ResetPasswordForm, SignupForm
from mentorship.services.accounts import auth as accounts
from mentorship.services.push import devices as push_devices
from mentorship.web.errors import abort_with
from mentorship.web.htmx import is_htmx, redirect_or_hx, render, same_site_referrer
from mentorship.web.languages import page_language
from mentorship.web.login import end_session, start_session
from mentorship.web.redirects import safe_local_path

bp = Blueprint("auth", __name__)
BLUEPRINTS = (bp,)
TEMPLATE_GLOBALS: dict = {}

AUTH_LIMIT = "10 per minute;50 per hour"


def safe_next(target: str | None) -> str:
    """Only same-site paths are followed after login (no open redirect)."""
    return safe_local_path(target, url_for("main.home"))


@bp.route("/signup", methods=["GET", "POST"])
@limiter.limit(AUTH_LIMIT, methods=["POST"])
def signup():
    """Create an account (adults only)."""
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = SignupForm()
    if not form.is_submitted():
        form.locale.data = page_language()  # guessed from the browser (or the visitor's pick): changeable here
    if form.validate_on_submit():
        try:
            user = accounts.register_user(
                form.email.data,
                form.display_name.data,
                form.password.data,
                form.date_of_birth.data,
                form.timezone.data,
                form.locale.data or page_language(),
            )
        except accounts.AccountError as error:
            getattr(form, error.field or "email").errors.append(str(error))
        else:
            start_session(user)
            flash(_("Welcome! We've sent you an e-mail to confirm your address."), "success")
            return redirect_or_hx(safe_next(request.args.get("next")))
    status = 422 if form.is_submitted() else 200
    return render("auth/signup.html", "form", form=form, status=status)


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(AUTH_LIMIT, methods=["POST"])
def login():
    """Log in with e-mail and password."""
    if current_user.is_authenticated:
        return redirect(safe_next(request.args.get("next")))
    form = LoginForm()
    error = None
    status = 422 if form.is_submitted() else 200
    if form.validate_on_submit():
        try:
            user = accounts.authenticate(form.email.data, form.password.data)
        except accounts.LoginPaused as paused:
            if is_htmx():
                abort_with(429, str(paused))  # shown in #flash; the form stays as typed
            user, error, status = None, str(paused), 429
        else:
            error = _("That e-mail and password don't match an account.")
        if user is not None:
            start_session(user, remember=form.remember.data)
            return redirect_or_hx(safe_next(request.args.get("next")))
    return render("auth/login.html", "form", form=form, error=error, status=status)


@bp.post("/logout")
@login_required
def logout():
    """Log out this browser: its session and push subscription are deleted on the server, and the browser is
    told to clear the service worker's caches and registration (Clear-Site-Data)."""
    push_devices.forget_browser(current_user.id, current_user.current_session_token)
    end_session(current_user)
    flash(_("You are logged out."), "info")
    response = redirect_or_hx(url_for("main.home"))
    response.headers["Clear-Site-Data"] = '"cache", "storage"'
    return response


@bp.get("/verify/<token>")
def verify_email(token: str):
    """Confirm an e-mail address from the link in the mail."""
    try:
        with write_transaction(db.session):
            accounts.verify_email(token)
    except accounts.AccountError as error:
        return render("auth/message.html", title="Link not valid", text=str(error), status=400)
    flash(_("Thanks, your e-mail address is confirmed."), "success")
    return redirect(url_for("main.home"))


@bp.get("/email/confirm/<token>")
def confirm_email_change(token: str):
    """Switch to a new e-mail address from the link sent to it."""
    try:
        with write_transaction(db.session):
            user = accounts.confirm_email_change(token)
    except accounts.AccountError as error:
        return render("auth/message.html", title="Link not valid", text=str(error), status=400)
    flash(_("Your e-mail address is now %(email)s.", email=user.email), "success")
    return redirect(url_for("settings.account" if current_user.is_authenticated else "auth.login"))


@bp.post("/verify/resend")
@login_required
@limiter.limit("3 per hour")
def resend_verification():
    """Send the confirmation mail again."""
    accounts.resend_verification(current_user)
    flash(_("We've sent the confirmation e-mail to %(email)s again.", email=current_user.email), "success")
    return redirect_or_hx(same_site_referrer(url_for("main.home")))


@bp.route("/forgot", methods=["GET", "POST"])
@limiter.limit("5 per minute;20 per hour", methods=["POST"])
def forgot_password():
    """Ask for a password reset link."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        accounts.request_password_reset(form.email.data)
        return render(
            "auth/message.html",
            "message",
            title="Check your e-mail",
            text="If an account uses that address, a link to reset the password is on its way. It works for one hour.",
        )
    status = 422 if form.is_submitted() else 200
    return render("auth/forgot.html", "form", form=form, status=status)


@bp.route("/reset/<token>", methods=["GET", "POST"])
@limiter.limit(AUTH_LIMIT, methods=["POST"])
def reset_password(token: str):
    """Choose a new password from a reset link; every session is signed out."""
    try:
        user = accounts.user_for_reset_token(token)
    except accounts.AccountError as error:
        return render("auth/message.html", title="Link not valid", text=str(error), status=400)
    form = ResetPasswordForm()
    if form.validate_on_submit():
        accounts.reset_password(user, form.password.data)
        push_devices.forget_other_browsers(user.id, None)  # every session ended: so does every device
        flash(_("Your password is changed. Please log in with it."), "success")
        return redirect_or_hx(url_for("auth.login"))
    status = 422 if form.is_submitted() else 200
    return render("auth/reset.html", "form", form=form, token=token, status=status)
