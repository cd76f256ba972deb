"""Flask-Login wiring: sessions are server-side rows, so they can be revoked."""

from flask import Flask, flash, redirect, request, url_for
from flask_login import login_user, logout_user
from sqlalchemy import select

from .extensions import db, login_manager
from .htmx_utils import is_htmx
from .models import User, UserSession


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
        if row is None or row.User.deleted_at is not None:
            return None
        user = row.User
        user.current_session_token = token
        return user

    @login_manager.unauthorized_handler
    def _unauthorized():
        next_url = request.full_path if request.method == "GET" else request.referrer or "/"
        login_url = url_for("auth.login", next=next_url.rstrip("?"))
        if is_htmx():
            return "", 401, {"HX-Redirect": login_url}
        flash(login_manager.login_message, "info")
        return redirect(login_url)


def start_session(user: User, remember: bool = False) -> UserSession:
    """Sign a person in with a fresh server-side session (rotated at every login)."""
    from flask import session

    session.clear()
    user_session = UserSession(user_id=user.id, remember=remember, user_agent=request.user_agent.string[:200])
    db.session.add(user_session)
    db.session.commit()
    user.current_session_token = user_session.token
    login_user(user, remember=remember)
    return user_session


def end_session(user: User) -> None:
    """Sign this browser out and delete its session row so a copied cookie stops working."""
    from flask import session

    token = user.current_session_token
    if token:
        db.session.execute(UserSession.__table__.delete().where(UserSession.token == token))
        db.session.commit()
    logout_user()
    session.clear()


def end_other_sessions(user: User) -> None:
    """Revoke every session of this person except the current one (after a password change)."""
    db.session.execute(
        UserSession.__table__.delete().where(
            UserSession.user_id == user.id, UserSession.token != (user.current_session_token or "")
        )
    )
    db.session.commit()
