"""Accounts: sign-up (adults only), log-in checks, e-mail verification, password and e-mail changes."""

import logging
from datetime import date

from flask import current_app, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError

from mentorship.extensions import db
from mentorship.languages import supported
from mentorship.models import MIN_AGE_YEARS, EmailOutbox, User, UserSession, utcnow
from mentorship.services.accounts import guard
from mentorship.services.accounts.passwords import hash_password, needs_rehash, verify_password
from mentorship.services.accounts.profile import is_timezone
from mentorship.services.notify import mail as mail_service

log = logging.getLogger(__name__)

EMAIL_TAKEN = _l("An account with this e-mail already exists. Try logging in.")


class AccountError(ValueError):
    """A sign-up or account change refused, with a message for the person and the field."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def age_on(date_of_birth: date, today: date) -> int:
    """Whole years between a birth date and today (29 Feb birthdays count from 1 Mar)."""
    years = today.year - date_of_birth.year
    if (today.month, today.day) < (date_of_birth.month, date_of_birth.day):
        years -= 1
    return years


def email_taken(email: str, except_user_id: int | None = None) -> bool:
    user = db.session.scalar(User.select_by_email(email))
    return user is not None and user.id != except_user_id


def register_user(
    email: str, display_name: str, password: str, date_of_birth: date, tz: str = "UTC", locale: str | None = None
) -> User:
    """Create an account for an adult and queue the verification mail; commits."""
    if age_on(date_of_birth, date.today()) < MIN_AGE_YEARS:
        raise AccountError(
            _("You must be %(MIN_AGE_YEARS)s or older to join.", MIN_AGE_YEARS=MIN_AGE_YEARS), "date_of_birth"
        )
    if age_on(date_of_birth, date.today()) > 120:
        raise AccountError(_("Please check your date of birth: the year looks wrong."), "date_of_birth")
    email = email.strip()
    if email_taken(email):
        raise AccountError(EMAIL_TAKEN, "email")
    user = User(
        email=email,
        display_name=display_name.strip(),
        password_hash=hash_password(password),
        date_of_birth=date_of_birth,
        timezone=tz if is_timezone(tz) else "UTC",
        locale=supported(locale),
    )
    db.session.add(user)
    try:
        db.session.flush()
    except IntegrityError:  # the same address signed up a moment ago in another request
        db.session.rollback()
        raise AccountError(EMAIL_TAKEN, "email") from None
    mail = queue_verification_mail(user)
    db.session.commit()
    mail_service.enqueue_delivery(mail.id)
    return user


class LoginPaused(Exception):
    """Log-in to this account is paused for a while (many failed attempts); the message says what to do."""


def authenticate(email: str, password: str) -> User | None:
    """The user with this e-mail and password, rehashing to today's parameters; None otherwise.

    Raises LoginPaused while the account's log-in is paused after many failures (services/accounts/guard.py).
    """
    if (seconds := guard.paused_seconds(email)) > 0:
        raise LoginPaused(guard.pause_message(seconds))
    user = db.session.scalar(User.select_by_email(email))
    if user is None or user.deleted_at is not None:
        # Spend the same time as a real check so timing does not reveal accounts.
        verify_password(_dummy_hash(), password)
        guard.record_failure(email, None)
        return None
    if not verify_password(user.password_hash, password):
        guard.record_failure(email, user)
        return None
    guard.clear(email)
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
        db.session.commit()
    return user


def _dummy_hash() -> str:
    cache = current_app.extensions.setdefault("mentorship_dummy_hash", {})
    if "hash" not in cache:
        cache["hash"] = hash_password("not-a-real-password")
    return cache["hash"]


def _serializer(salt: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=salt)


def _load_token(salt: str, token: str, max_age: int, what: str) -> dict:
    try:
        return _serializer(salt).loads(token, max_age=max_age)
    except SignatureExpired as error:
        raise AccountError(_("This %(what)s link has expired. Ask for a new one.", what=what)) from error
    except BadSignature as error:
        raise AccountError(_("This %(what)s link is not valid.", what=what)) from error


def _link(endpoint: str, **values) -> str:
    return current_app.config["BASE_URL"] + url_for(endpoint, **values)


def make_verify_token(user: User) -> str:
    return _serializer("verify-email").dumps({"uid": user.id, "email": user.email.lower()})


def make_reset_token(user: User) -> str:
    # The hash's tail makes the link single-use: a new password invalidates it.
    return _serializer("reset-password").dumps({"uid": user.id, "h": user.password_hash[-16:]})


def queue_verification_mail(user: User) -> EmailOutbox:
    """Add the confirmation mail to the outbox (the caller commits)."""
    link = _link("auth.verify_email", token=make_verify_token(user))
    log.info("verification link for %s: %s", user.email, link)
    return mail_service.queue_mail(user, "verify", _l("Confirm your e-mail address"), "verify_email", link=link)


def resend_verification(user: User) -> None:
    """Send the confirmation mail again; commits."""
    mail = queue_verification_mail(user)
    db.session.commit()
    mail_service.enqueue_delivery(mail.id)


def verify_email(token: str) -> User:
    """Mark the address in a valid link verified; commits."""
    data = _load_token("verify-email", token, current_app.config["EMAIL_TOKEN_MAX_AGE"], "confirmation")
    user = db.session.get(User, data["uid"])
    if user is None or user.deleted_at is not None or user.email.lower() != data["email"]:
        raise AccountError(_("This confirmation link is not valid."))
    if user.email_verified_at is None:
        user.email_verified_at = utcnow()
        db.session.commit()
    return user


def request_password_reset(email: str) -> None:
    """Mail a reset link if the account exists (the page says the same either way); commits."""
    user = db.session.scalar(User.select_by_email(email))
    if user is None or user.deleted_at is not None:
        return
    link = _link("auth.reset_password", token=make_reset_token(user))
    log.info("password reset link for %s: %s", user.email, link)
    mail = mail_service.queue_mail(user, "reset", _l("Reset your password"), "reset_password", link=link)
    db.session.commit()
    mail_service.enqueue_delivery(mail.id)


def user_for_reset_token(token: str) -> User:
    data = _load_token("reset-password", token, current_app.config["RESET_TOKEN_MAX_AGE"], "reset")
    user = db.session.get(User, data["uid"])
    if user is None or user.deleted_at is not None or user.password_hash[-16:] != data["h"]:
        raise AccountError(_("This reset link has already been used or is not valid."))
    return user


def set_password(user: User, password: str) -> None:
    """Store a new password and revoke every login session of the person; commits."""
    user.password_hash = hash_password(password)
    db.session.execute(delete(UserSession).where(UserSession.user_id == user.id))
    db.session.commit()


def reset_password(user: User, password: str) -> None:
    """A new password from an e-mailed link: the link proved the address too (and lifts a log-in pause); commits."""
    if user.email_verified_at is None:
        user.email_verified_at = utcnow()
    set_password(user, password)
    guard.clear(user.email)


def change_password(user: User, current_password: str, new_password: str) -> None:
    """Check the current password, store the new one, sign out every session and tell the person; commits."""
    if not verify_password(user.password_hash, current_password):
        raise AccountError(_("That is not your current password."), "current_password")
    mail = mail_service.queue_mail(user, "password_changed", _l("Your password was changed"), "password_changed")
    set_password(user, new_password)
    mail_service.enqueue_delivery(mail.id)


def request_email_change(user: User, password: str, new_email: str) -> str:
    """Mail a confirmation link to the new address (the old one keeps working until then); commits."""
    new_email = new_email.strip()
    if not verify_password(user.password_hash, password):
        raise AccountError(_("That is not your current password."), "password")
    if new_email.lower() == user.email.lower():
        raise AccountError(_("That is already your e-mail address."), "email")
    if email_taken(new_email, except_user_id=user.id):
        raise AccountError(_("Another account uses that address."), "email")
    token = _serializer("change-email").dumps({"uid": user.id, "old": user.email.lower(), "new": new_email})
    link = _link("auth.confirm_email_change", token=token)
    log.info("e-mail change link for %s: %s", new_email, link)
    confirm = mail_service.queue_mail(
        user,
        "email_change",
        _l("Confirm your new e-mail address"),
        "confirm_email_change",
        to_addr=new_email,
        link=link,
    )
    notice = mail_service.queue_mail(
        user,
        "email_change_notice",
        _l("Your e-mail address is being changed"),
        "email_change_notice",
        new_email=new_email,
    )
    db.session.commit()
    for mail in (confirm, notice):
        mail_service.enqueue_delivery(mail.id)
    return new_email


def confirm_email_change(token: str) -> User:
    """Switch to the new address from a valid link (single use: the old address must still match); commits."""
    data = _load_token("change-email", token, current_app.config["EMAIL_TOKEN_MAX_AGE"], "confirmation")
    user = db.session.get(User, data["uid"])
    if user is None or user.deleted_at is not None or user.email.lower() != data["old"]:
        raise AccountError(_("This link has already been used or is not valid."))
    if email_taken(data["new"], except_user_id=user.id):
        raise AccountError(_("Another account uses that address now, so we can't switch to it."))
    user.email = data["new"]
    user.email_verified_at = utcnow()
    db.session.commit()
    return user
