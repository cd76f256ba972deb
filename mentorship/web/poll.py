"""A fast path for the thread's empty poll, in front of the Flask app.

Every open thread asks every 3 s whether something is new, and almost always nothing is. Going
through the whole app for that (session, Flask-Login's ORM user loader, the limiter, a dozen
hooks) costs several times a bare route. So this WSGI middleware answers exactly one case itself:
a GET of /m/<id>/t/<thread>/poll?after=<id> with a valid signed session whose server-side session
row is current, whose person is a member allowed to see that thread, and nothing is new. That
takes ONE SQL query (session token, membership, access and news at once) and answers an empty 204.

Anything else (no or bad cookie, an unknown or old session, not a member, new or changed
messages, bad parameters) falls through to the normal view in views/space/thread.py, which stays
the authority and answers 401/404/400 or the new messages. Turn it off with
SPACE_POLL_FAST_PATH = False. The session-age rule mirrors auth_session's (browser sessions a day,
remember-me up to 30 days): keep the two in step.
"""

import logging
import queue
import re
import threading
import time
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs

from sqlalchemy import String, bindparam, cast, literal, or_, select
from werkzeug.http import parse_cookie

from mentorship.extensions import db
from mentorship.models import Mentorship, MentorshipMember, User, UserSession, UTCDateTime, utcnow
from mentorship.models.space import MAIN_THREAD, Message
from mentorship.web.headers import CONTENT_SECURITY_POLICY

log = logging.getLogger(__name__)
POLL_PATH = re.compile(r"^/m/(\d{1,12})/t/(main|side-\d{1,12})/poll$")
HEADERS = [
    ("Cache-Control", "no-store"),
    ("Pragma", "no-cache"),
    ("Vary", "HX-Request, Cookie"),
    ("Content-Length", "0"),
    # The same security headers as every other response (web/headers.py; this path skips its hook).
    ("Content-Security-Policy", CONTENT_SECURITY_POLICY),
    ("X-Frame-Options", "DENY"),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "same-origin"),
]


def _statement(side: bool):
    """Session row, membership, thread access and news in one SELECT (like services.space.poll)."""
    sessions, users = UserSession.__table__, User.__table__
    member, mentorship, message = MentorshipMember.__table__, Mentorship.__table__, Message.__table__
    mentorship_id, thread_key, after = bindparam("mentorship_id"), bindparam("thread_key"), bindparam("after")
    in_thread = [message.c.mentorship_id == mentorship_id, message.c.thread_key == thread_key]
    news = (
        select(message.c.id)
        .where(*in_thread, message.c.id > after)
        .union_all(
            select(message.c.id).where(*in_thread, message.c.changed_at > bindparam("since"), message.c.id <= after)
        )
    )
    fresh = (sessions.c.remember.is_(True) & (sessions.c.created_at > bindparam("remember_after"))) | (
        sessions.c.remember.is_(False) & (sessions.c.created_at > bindparam("browser_after"))
    )
    conditions = [sessions.c.token == bindparam("token"), users.c.deleted_at.is_(None), fresh]
    if side:
        # A circle's side thread: its mentee ("side-<their id>") or the mentor.
        own = thread_key == literal("side-") + cast(member.c.user_id, String)
        conditions += [mentorship.c.kind == "circle", or_(member.c.role == "mentor", own)]
    return (
        select(member.c.user_id, message.c.id)
        .select_from(
            sessions.join(users, users.c.id == sessions.c.user_id)
            .join(member, (member.c.user_id == sessions.c.user_id) & (member.c.mentorship_id == mentorship_id))
            .join(mentorship, mentorship.c.id == member.c.mentorship_id)
        )
        .outerjoin(message, message.c.id.in_(news.scalar_subquery()))
        .where(*conditions)
        .limit(1)
    )


STATEMENTS = {"main": _statement(False), "side": _statement(True)}
DYNAMIC_PARAMETERS = ("token", "mentorship_id", "thread_key", "after", "since", "browser_after", "remember_after")


class PollFastPath:
    """WSGI middleware: answer "nothing new" polls with one query; pass everything else on."""

    MAX_HELD_CONNECTIONS = 4
    MAX_CACHED_COOKIES = 4096

    def __init__(self, wsgi_app, app):
        self.wsgi_app = wsgi_app
        self.app = app
        self._serializer = None
        self._tokens: dict[str, tuple[str, float]] = {}
        self._prepared = None
        # A few DBAPI connections kept for this path: no pool checkout, ping or BEGIN per poll.
        self._idle: queue.SimpleQueue = queue.SimpleQueue()
        self._held = 0
        self._lock = threading.Lock()
        self.queries_run = 0  # statements this path sent (they bypass SQLAlchemy's events)

    def __call__(self, environ, start_response):
        if environ.get("REQUEST_METHOD") == "GET" and self.app.config.get("SPACE_POLL_FAST_PATH", True):
            match = POLL_PATH.match(environ.get("PATH_INFO", ""))
            if match is not None and self._nothing_new(environ, int(match.group(1)), match.group(2)):
                start_response("204 No Content", list(HEADERS))
                return []
        return self.wsgi_app(environ, start_response)

    def _token(self, environ) -> str | None:
        """The session's token from a validly signed, unexpired cookie (verified ones are remembered a minute)."""
        cookie = parse_cookie(environ).get(self.app.config["SESSION_COOKIE_NAME"])
        if not cookie:
            return None
        cached = self._tokens.get(cookie)
        if cached is not None and time.monotonic() < cached[1]:
            return cached[0]
        if self._serializer is None:
            self._serializer = self.app.session_interface.get_signing_serializer(self.app)
        max_age = self.app.permanent_session_lifetime
        try:
            data, signed_at = self._serializer.loads(
                cookie, max_age=int(max_age.total_seconds()), return_timestamp=True
            )
        except Exception:  # a bad or expired cookie: let the app deal with it
            return None
        token = data.get("_user_id") if isinstance(data, dict) else None
        if not isinstance(token, str):
            return None
        if len(self._tokens) >= self.MAX_CACHED_COOKIES:
            self._tokens.clear()
        left = (signed_at + max_age - utcnow()).total_seconds()
        self._tokens[cookie] = (token, time.monotonic() + min(60.0, left))
        return token

    def _prepare(self):
        """Compile both statements once for this app's database; keep their SQL and fixed parameters."""
        with self.app.app_context():
            engine = db.engine
        dialect = engine.dialect
        dummy = dict.fromkeys(DYNAMIC_PARAMETERS, 0)
        prepared = {}
        for key, statement in STATEMENTS.items():
            compiled = statement.compile(dialect=dialect)
            fixed = {k: v for k, v in compiled.construct_params(dummy).items() if k not in DYNAMIC_PARAMETERS}
            order = list(compiled.positiontup) if dialect.positional else None
            prepared[key] = (compiled.string, fixed, order)
        datetime_bind = UTCDateTime().bind_processor(dialect) or (lambda value: value)
        self._prepared = (engine, prepared, datetime_bind)
        return self._prepared

    def _query(self, thread_key: str, params: dict):
        engine, prepared, datetime_bind = self._prepared or self._prepare()
        for key in ("since", "browser_after", "remember_after"):
            params[key] = datetime_bind(params[key])
        sql, fixed, order = prepared[MAIN_THREAD if thread_key == MAIN_THREAD else "side"]
        values = {**fixed, **params}
        if order is not None:
            values = tuple(values[name] for name in order)
        connection = self._checkout(engine)
        try:
            cursor = connection.cursor()
            cursor.execute(sql, values)
            row = cursor.fetchone()
            cursor.close()
        except Exception:
            self._discard(connection)
            raise
        with self._lock:
            self.queries_run += 1
        self._checkin(connection)
        return row

    def _checkout(self, engine):
        """A DBAPI connection in autocommit mode: the SELECT is its own short read transaction."""
        try:
            return self._idle.get_nowait()
        except queue.Empty:
            pass
        with self._lock:
            keep = self._held < self.MAX_HELD_CONNECTIONS
            if keep:
                self._held += 1
        connection = engine.raw_connection()
        if engine.dialect.name != "sqlite":  # SQLite connections are already in autocommit (database.py)
            connection.driver_connection.autocommit = True
        connection.info["space_poll_keep"] = keep
        return connection

    def _checkin(self, connection) -> None:
        if connection.info.get("space_poll_keep"):
            self._idle.put(connection)
            return
        if self._prepared[0].dialect.name != "sqlite":
            connection.driver_connection.autocommit = False  # as the pool expects it back
        connection.close()

    def _discard(self, connection) -> None:
        if connection.info.get("space_poll_keep"):
            with self._lock:
                self._held -= 1
        connection.invalidate()

    def _nothing_new(self, environ, mentorship_id: int, thread_key: str) -> bool:
        args = parse_qs(environ.get("QUERY_STRING", ""))
        try:
            after = int(args["after"][0])
            since = datetime.fromtimestamp(int(args["since"][0]) / 1000 - 2, tz=UTC) if "since" in args else utcnow()
        except (KeyError, ValueError, OverflowError, OSError):
            return False
        token = self._token(environ)
        if after < 0 or token is None:
            return False
        now = utcnow()
        config = self.app.config
        params = {
            "token": token,
            "mentorship_id": mentorship_id,
            "thread_key": thread_key,
            "after": after,
            "since": since,
            "browser_after": now - config.get("BROWSER_SESSION_MAX_AGE", timedelta(days=1)),
            "remember_after": now - min(config.get("REMEMBER_COOKIE_DURATION", timedelta(days=30)), timedelta(days=30)),
        }
        try:
            row = self._query(thread_key, params)
        except Exception:  # the database hiccuped: the app answers (and reports) properly
            log.warning("poll fast path failed; passing the request to the app", exc_info=True)
            return False
        return row is not None and row[1] is None


def fast_path(app) -> PollFastPath | None:
    """The installed fast path, looking through any middleware wrapped around it."""
    layer = app.wsgi_app
    while layer is not None and not isinstance(layer, PollFastPath):
        layer = getattr(layer, "wsgi_app", None) or getattr(layer, "app", None)
    return layer


def install(app) -> None:
    """Put the fast path in front of the app (called once by create_app)."""
    app.wsgi_app = PollFastPath(app.wsgi_app, app)
