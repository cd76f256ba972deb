"""Flask-Login wiring: sessions are server-side rows, so they can be revoked.

The browser holds only the row's random token (in the signed session cookie, and in the
remember-me cookie when asked for). Deleting the row signs that browser out everywhere.

Every signed-in request asks the database once who holds the token (the row must exist, be within its age
rule, and belong to an account not deleted): one SELECT on the app's ReadPath (a DBAPI cursor, compiled
once), and the person is made from that row and added to the request's Session as already loaded, so a
page that needs nothing else runs no other query and never begins a transaction.
"""

import time
from collections.abc import Mapping
from datetime import datetime, timedelta
from functools import lru_cache

from flask import Flask, current_app, flash, redirect, request, session, url_for
from flask.sessions import SecureCookieSessionInterface
from flask_babel import lazy_gettext as _l
from flask_login import login_user, logout_user
from itsdangerous import BadSignature, TimestampSigner, URLSafeTimedSerializer
from sqlalchemy import ColumnElement, bindparam, delete, inspect, select
from sqlalchemy.orm import make_transient_to_detached
from sqlalchemy.orm.attributes import instance_state, set_committed_value

from mentorship.database import read_path
from mentorship.extensions import db, login_manager
from mentorship.models import User, UserSession, utcnow
from mentorship.web.htmx import is_htmx
from mentorship.web.redirects import local_part_of, safe_local_path


class _Signer(TimestampSigner):
    """The session cookie's signer, its HMAC key derived once per secret (not on every request)."""

    def derive_key(self, secret_key=None) -> bytes:
        return _derived_key(self.secret_keys[-1] if secret_key is None else secret_key, self.salt, self.key_derivation)

    def _base_derive_key(self, secret_key) -> bytes:
        return super().derive_key(secret_key)


@lru_cache(maxsize=16)
def _derived_key(secret_key, salt, key_derivation) -> bytes:
    return _Signer(secret_key, salt=salt, key_derivation=key_derivation)._base_derive_key(secret_key)


class SessionCookies(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, with the serializer built once per set of keys (Flask builds one per
    request, and its signer derives the key again at every check). Same cookie, same signature, same rules.

    A cookie that verified is remembered with its contents and signing time (a browser sends the same cookie
    on every request): its age is checked again each time, and only contents of plain values (text, numbers,
    flags) are kept, so a request can never change what the next one reads. Flashed messages (lists) are not.
    """

    MAX_REMEMBERED = 4096

    def __init__(self):
        self._verified: dict[tuple, tuple[dict, float]] = {}

    def open_session(self, app: Flask, request):
        serializer = self.get_signing_serializer(app)
        value = request.cookies.get(self.get_cookie_name(app)) if serializer is not None else None
        if not value:
            return super().open_session(app, request)
        max_age = app.permanent_session_lifetime.total_seconds()
        key = (tuple(serializer.secret_keys), value)  # a cookie counts only under the keys that verified it
        remembered = self._verified.get(key)
        if remembered is not None and time.time() - remembered[1] <= max_age:
            return self.session_class(remembered[0])
        try:
            data, signed_at = serializer.loads(value, max_age=int(max_age), return_timestamp=True)
        except BadSignature:
            return self.session_class()
        if all(isinstance(item, str | int | float | bool | None) for item in data.values()):
            if len(self._verified) >= self.MAX_REMEMBERED:
                self._verified.clear()
            self._verified[key] = (dict(data), signed_at.timestamp())
        return self.session_class(data)

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        if not app.secret_key:
            return None
        return self._serializer(tuple(app.config["SECRET_KEY_FALLBACKS"] or ()), app.secret_key)

    @lru_cache(maxsize=16)  # noqa: B019  (one interface per app, a handful of key sets)
    def _serializer(self, fallbacks: tuple, secret_key) -> URLSafeTimedSerializer:
        return URLSafeTimedSerializer(
            [*fallbacks, secret_key],  # itsdangerous expects the current key last
            salt=self.salt,
            serializer=self.serializer,
            signer=_Signer,
            signer_kwargs={"key_derivation": self.key_derivation, "digest_method": self.digest_method},
        )


def init_login(app: Flask) -> None:
    app.session_interface = SessionCookies()
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please log in to see that page.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"

    @login_manager.user_loader
    def _load_user(token: str):
        return signed_in_user(token)

    @login_manager.unauthorized_handler
    def _unauthorized():
        login_url = url_for("auth.login", next=_return_path())
        if is_htmx():
            return "", 401, {"HX-Redirect": login_url}
        flash(login_manager.login_message, "info")
        return redirect(login_url)


def _return_path() -> str:
    """Where to come back after logging in: this page, or for a POST the page the form was on."""
    if request.method == "GET":
        return safe_local_path(request.full_path.rstrip("?"), "/")
    return local_part_of(request.referrer, request.host) or "/"


def session_max_age(remember: bool, config: Mapping | None = None) -> timedelta:
    """How long a session row is honoured: remember-me up to 30 days, a browser session a day.

    `config`: the app's config, for callers outside an app context (web/poll.py's fast path).
    """
    config = current_app.config if config is None else config
    if remember:
        return min(config.get("REMEMBER_COOKIE_DURATION", timedelta(days=30)), timedelta(days=30))
    return config.get("BROWSER_SESSION_MAX_AGE", timedelta(days=1))


def session_expired(row: UserSession) -> bool:
    return row.created_at + session_max_age(row.remember) < utcnow()


def session_current_clause(sessions=UserSession.__table__) -> ColumnElement[bool]:
    """session_expired()'s negation in SQL, for a statement built once: bind it with session_current_params()."""
    return (sessions.c.remember.is_(True) & (sessions.c.created_at > bindparam("remember_after"))) | (
        sessions.c.remember.is_(False) & (sessions.c.created_at > bindparam("browser_after"))
    )


def session_current_params(now: datetime, config: Mapping | None = None) -> dict[str, datetime]:
    """The oldest start still honoured, for remember-me and for browser sessions."""
    return {
        "remember_after": now - session_max_age(True, config),
        "browser_after": now - session_max_age(False, config),
    }


def _session_user_statement():
    """The holder of a current session row, with every column of their account, and the row's remember flag."""
    sessions, users = UserSession.__table__, User.__table__
    return (
        select(*(prop.columns[0] for prop in USER_COLUMNS), sessions.c.remember)
        .join_from(sessions, users, users.c.id == sessions.c.user_id)
        .where(sessions.c.token == bindparam("token"), session_current_clause(sessions), users.c.deleted_at.is_(None))
    )


USER_COLUMNS = tuple(User.__mapper__.column_attrs)
USER_KEYS = tuple(prop.key for prop in USER_COLUMNS)
USER_ID = next(i for i, prop in enumerate(USER_COLUMNS) if prop.key == "id")
SESSION_USER = _session_user_statement()
SESSION_USER_PARAMETERS = ("token", "remember_after", "browser_after")


def signed_in_user(token: str) -> User | None:
    """The person holding this session token, if the session is current and the account not deleted.

    One query; the User joins the request's Session as loaded from it (no second query, no transaction).
    """
    if not isinstance(token, str):
        return None
    params = {"token": token, **session_current_params(utcnow())}
    row = read_path(current_app).first(SESSION_USER, SESSION_USER_PARAMETERS, params)
    if row is None:
        return None
    user = _persistent_user(row)
    user.current_session_token = token
    user.current_session_remember = bool(row[-1])
    return user


def _persistent_user(row: tuple) -> User:
    """The User of this row in the request's Session: the one it already holds, else one made from the row."""
    session_ = db.session()
    held = session_.identity_map.get(session_.identity_key(User, row[USER_ID]))
    if held is not None:
        # The Session's own copy wins, as through a query: its unloaded (expired) columns are filled from the row.
        unloaded = inspect(held).unloaded
        for prop, value in zip(USER_COLUMNS, row, strict=False):
            if prop.key in unloaded:
                set_committed_value(held, prop.key, value)
        return held
    user = User.__mapper__.class_manager.new_instance()
    instance_state(user).dict.update(zip(USER_KEYS, row, strict=False))
    make_transient_to_detached(user)  # its columns committed as loaded, its identity set; relationships lazy
    session_.add(user)
    return user


def start_session(user: User, remember: bool = False) -> UserSession:
    """Sign a person in with a fresh server-side session (rotated at every login); commits."""
    had_remember_cookie = current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token") in request.cookies
    session.clear()
    user_session = UserSession(user_id=user.id, remember=remember, user_agent=request.user_agent.string[:200])
    db.session.add(user_session)
    db.session.commit()
    user.current_session_token = user_session.token
    user.current_session_remember = remember
    login_user(user, remember=remember, duration=session_max_age(True) if remember else None)
    if not remember and had_remember_cookie:
        session["_remember"] = "clear"  # an older remember-me cookie must not outlive this login
    return user_session


def end_session(user: User) -> None:
    """Sign this browser out and delete its session row so a copied cookie stops working; commits."""
    token = user.current_session_token
    if token:
        db.session.execute(delete(UserSession).where(UserSession.token == token))
        db.session.commit()
    session.clear()
    logout_user()  # after clear(): it marks the remember-me cookie for deletion


def end_other_sessions(user: User) -> int:
    """Revoke every session of this person except the current one; commits; returns how many."""
    result = db.session.execute(
        delete(UserSession).where(
            UserSession.user_id == user.id, UserSession.token != (user.current_session_token or "")
        )
    )
    db.session.commit()
    return result.rowcount


def sessions_of(user: User) -> list[UserSession]:
    """The person's signed-in browsers that are still valid, newest first."""
    rows = db.session.scalars(
        select(UserSession).where(UserSession.user_id == user.id).order_by(UserSession.created_at.desc())
    ).all()
    return [row for row in rows if not session_expired(row)]


def prune_expired_sessions() -> int:
    """Delete session rows past their lifetime (a sweep); commits; returns how many."""
    now = utcnow()
    result = db.session.execute(
        delete(UserSession).where(
            ((UserSession.remember.is_(True)) & (UserSession.created_at < now - session_max_age(True)))
            | ((UserSession.remember.is_(False)) & (UserSession.created_at < now - session_max_age(False)))
        )
    )
    db.session.commit()
    return result.rowcount
