"""Flask-Login wiring: sessions are server-side rows, so they can be revoked.

The browser holds only the row's random token (in the signed session cookie, and in the
remember-me cookie when asked for). Deleting the row signs that browser out everywhere.
"""

from collections.abc import Mapping
from datetime import datetime, timedelta

from flask import Flask, current_app, flash, redirect, request, session, url_for
from flask_login import login_user, logout_user
from sqlalchemy import ColumnElement, bindparam, delete, select

from mentorship.extensions import db, login_manager
from mentorship.models import User, UserSession, utcnow
from mentorship.web.htmx import is_htmx
from mentorship.web.redirects import local_part_of, safe_local_path


def init_login(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please log in to see that page."
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"

    @login_manager.user_loader
    def _load_user(token: str):
        row = db.session.execute(
            select(UserSession, User).join(User, User.id == UserSession.user_id).where(UserSession.token == token)
        ).first()
        if row is None or row.User.deleted_at is not None or session_expired(row.UserSession):
            return None
        user = row.User
        user.current_session_token = token
        user.current_session_remember = row.UserSession.remember
        return user

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
