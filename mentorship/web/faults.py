"""The database went away (a restart, a failover, a dropped connection): try once more, else a calm 503.

A request that meets an unavailable database (SQLAlchemy's OperationalError or InterfaceError: a connection
refused or dropped, "the database system is starting up", a lock held too long) is run again once, from the
start, on a fresh connection, after waiting up to WAIT_SECONDS for the database to answer. It is run again only
when nothing can have been stored by it: no COMMIT was sent in the first run. What still fails answers 503 with
Retry-After and a page (or, for htmx, a fragment) that says what happened and whether anything was saved; the
thread's poll backs off on it (static/js/space.js).

The pool checks a connection before lending it (pool_pre_ping), so connections a restart left behind are
replaced on first use rather than failing a request.
"""

import io
import logging
import time

from flask import Flask, g, has_request_context, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import event, text
from sqlalchemy.exc import InterfaceError, OperationalError

from mentorship.extensions import db, login_manager
from mentorship.web.htmx import render, same_site_referrer

log = logging.getLogger(__name__)

UNAVAILABLE = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 5
WAIT_SECONDS, WAIT_STEP = 8.0, 0.25
ASKED_AGAIN = "mentorship.database_retry"  # environ: "wanted" (the app asks for a second run) or "done"
COMMITTED = "mentorship.commit_sent"  # environ: this request sent a COMMIT (a second run could store twice)
MAX_BUFFERED_BODY = 12 * 1024 * 1024

NOTHING_SAVED = _l(
    "The database did not answer for a moment (it may be restarting). Nothing was saved: "
    "please try again in a few seconds."
)
MAYBE_SAVED = _l(
    "The database stopped answering while we were saving this, so we cannot be sure it was stored. "
    "Please reload the page in a few seconds to check before sending it again."
)


def database_answers(engine, seconds: float = WAIT_SECONDS) -> bool:
    """Wait (bounded) until the database answers a trivial query on a fresh connection."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            with engine.connect() as connection:
                connection.execute(text("SELECT 1"))
            return True
        except UNAVAILABLE:
            if time.monotonic() >= deadline:
                return False
            time.sleep(WAIT_STEP)


def unavailable_answer(error: Exception):
    """The app's answer to an unavailable database: ask the middleware for a second run, or a calm 503."""
    environ = request.environ
    db.session.rollback()  # a dropped connection is already invalidated: the next run checks out a fresh one
    if environ.get(ASKED_AGAIN) is None and not environ.get(COMMITTED):
        log.warning("database unavailable on %s %s; trying once more: %s", request.method, request.path, error)
        environ[ASKED_AGAIN] = "wanted"
    else:
        log.error("database unavailable on %s %s: %s", request.method, request.path, error)
    return calm_answer(MAYBE_SAVED if environ.get(COMMITTED) else NOTHING_SAVED)


def calm_answer(text_for_person: str):
    """503 with Retry-After: a page (or its fragment for htmx) that needs nothing from the database."""
    g._login_user = login_manager.anonymous_user()  # Flask-Login's slot: no loading of the person from the database
    reload_url = request.full_path if request.method == "GET" else same_site_referrer("/")
    context = {"title": _("Back in a moment"), "text": text_for_person, "reload_url": reload_url}
    response = render("errors/unavailable.html", "unavailable", status=503, **context)
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class DatabaseRetry:
    """WSGI middleware: run a request a second time when its first run met an unavailable database."""

    def __init__(self, wsgi_app, app: Flask):
        self.wsgi_app = wsgi_app
        self.app = app

    def __call__(self, environ, start_response):
        body = self._buffer_body(environ)
        if body is None:  # too large to keep for a second run: one run only
            environ[ASKED_AGAIN] = "done"
        held: list = []

        def hold(status, headers, exc_info=None):
            held[:] = [status, headers, exc_info]
            return lambda data: None  # write() is not used by Flask

        result = self.wsgi_app(environ, hold)
        if environ.get(ASKED_AGAIN) != "wanted":
            start_response(*held)
            return result
        if hasattr(result, "close"):
            result.close()
        environ[ASKED_AGAIN] = "done"
        with self.app.app_context():
            database_answers(db.engine)
        if body is not None:
            environ["wsgi.input"] = io.BytesIO(body)
        return self.wsgi_app(environ, start_response)

    @staticmethod
    def _buffer_body(environ) -> bytes | None:
        """The request body, read once so a second run can read it again (b"" when there is none)."""
        if "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower():
            return None  # no length to read up to: one run only
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return None
        if length <= 0:
            return b""
        if length > MAX_BUFFERED_BODY:
            return None
        body = environ["wsgi.input"].read(length)
        environ["wsgi.input"] = io.BytesIO(body)
        return body


def _note_commit(connection) -> None:
    """A COMMIT is on its way: from here a second run of this request could store its work twice."""
    if has_request_context():
        request.environ[COMMITTED] = True


def register(app: Flask) -> None:
    """Handle an unavailable database in the app, and put the retrying middleware around it."""
    app.register_error_handler(OperationalError, unavailable_answer)
    app.register_error_handler(InterfaceError, unavailable_answer)
    with app.app_context():
        event.listen(db.engine, "commit", _note_commit)
    app.teardown_appcontext(_end_session)  # runs before Flask-SQLAlchemy's own (teardowns run last-first)
    app.wsgi_app = DatabaseRetry(app.wsgi_app, app)


def _end_session(_error) -> None:
    """End the request's session; when its connection died meanwhile (the final ROLLBACK meets a restarting
    database), drop the connection instead: the answer is already made and must not become a 500."""
    try:
        db.session.remove()
    except UNAVAILABLE as error:
        log.warning("database unavailable while ending a request's session: %s", error)
        db.session.invalidate()
        db.session.remove()
