"""Accounts: sign-up (adults only), log-in checks, e-mail verification and password reset."""

import logging
from datetime import date

from flask import current_app, url_for
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import select

from ..extensions import db
from ..models import MIN_AGE_YEARS, User, utcnow
from . import mail as mail_service
from .passwords import hash_password, needs_rehash, verify_password

log = logging.getLogger(__name__)


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


def register_user(email: str, display_name: str, password: str, date_of_birth: date, tz: str = "UTC") -> User:
    """Create an account for an adult and queue the verification mail; commits."""
    if age_on(date_of_birth, date.today()) < MIN_AGE_YEARS:
        raise AccountError(f"You must be {MIN_AGE_YEARS} or older to join.", "date_of_birth")
    email = email.strip()
    if db.session.scalar(User.select_by_email(email)) is not None:
        raise AccountError("An account with this e-mail already exists. Try logging in.", "email")
    user = User(
        email=email,
        display_name=display_name.strip(),
        password_hash=hash_password(password),
        date_of_birth=date_of_birth,
        timezone=tz or "UTC",
    )
    db.session.add(user)
    db.session.flush()
    mail = queue_verification_mail(user)
    db.session.commit()
    mail_service.enqueue_delivery(mail.id)
    return user


def authenticate(email: str, password: str) -> User | None:
    """The user with this e-mail and password, rehashing to today's parameters; None otherwise."""
    user = db.session.scalar(User.select_by_email(email))
    if user is None or user.deleted_at is not None:
        # Spend the same time as a real check so timing does not reveal accounts.
        verify_password(_dummy_hash(), password)
        return None
    if not verify_password(user.password_hash, password):
        return None
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


def make_verify_token(user: User) -> str:
    return _serializer("verify-email").dumps({"uid": user.id, "email": user.email.lower()})


def make_reset_token(user: User) -> str:
    # The hash's tail makes the link single-use: a new password invalidates it.
    return _serializer("reset-password").dumps({"uid": user.id, "h": user.password_hash[-16:]})


def queue_verification_mail(user: User):
    link = current_app.config["BASE_URL"] + url_for("auth.verify_email", token=make_verify_token(user))
    log.info("verification link for %s: %s", user.email, link)
    return mail_service.queue_mail(user, "verify", "Confirm your e-mail address", "verify_email", link=link)


def verify_email(token: str) -> User:
    """Mark the address in a valid link verified; commits."""
    try:
        data = _serializer("verify-email").loads(token, max_age=current_app.config["EMAIL_TOKEN_MAX_AGE"])
    except SignatureExpired as error:
        raise AccountError("This confirmation link has expired. Log in to get a new one.") from error
    except BadSignature as error:
        raise AccountError("This confirmation link is not valid.") from error
    user = db.session.get(User, data["uid"])
    if user is None or user.email.lower() != data["email"]:
        raise AccountError("This confirmation link is not valid.")
    if user.email_verified_at is None:
        user.email_verified_at = utcnow()
        db.session.commit()
    return user


def request_password_reset(email: str) -> None:
    """Mail a reset link if the account exists (the page says the same either way); commits."""
    user = db.session.scalar(User.select_by_email(email))
    if user is None or user.deleted_at is not None:
        return
    link = current_app.config["BASE_URL"] + url_for("auth.reset_password", token=make_reset_token(user))
    log.info("password reset link for %s: %s", user.email, link)
    mail = mail_service.queue_mail(user, "reset", "Reset your password", "reset_password", link=link)
    db.session.commit()
    mail_service.enqueue_delivery(mail.id)


def user_for_reset_token(token: str) -> User:
    try:
        data = _serializer("reset-password").loads(token, max_age=current_app.config["RESET_TOKEN_MAX_AGE"])
    except SignatureExpired as error:
        raise AccountError("This reset link has expired. Ask for a new one.") from error
    except BadSignature as error:
        raise AccountError("This reset link is not valid.") from error
    user = db.session.get(User, data["uid"])
    if user is None or user.password_hash[-16:] != data["h"]:
        raise AccountError("This reset link has already been used or is not valid.")
    return user


def set_password(user: User, password: str) -> None:
    """Store a new password and revoke every login session of the person; commits."""
    from ..models import UserSession

    user.password_hash = hash_password(password)
    db.session.execute(UserSession.__table__.delete().where(UserSession.user_id == user.id))
    db.session.commit()


def user_exists(email: str) -> bool:
    return db.session.scalar(select(User.id).where(User.email == email)) is not None
