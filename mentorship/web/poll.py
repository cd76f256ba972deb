"""A fast path for the thread's empty poll, in front of the Flask app.

Every open thread asks every 3 s whether something is new, and almost always nothing is. Going
through the whole app for that (session, Flask-Login's ORM user loader, the limiter, a dozen
hooks) costs several times a bare route. So this WSGI middleware answers exactly one case itself:
a GET of /m/<id>/t/<thread>/poll?after=<id> with a valid signed session whose server-side session
row is current, whose person is a member allowed to see that thread, and nothing is new. That
takes ONE SQL query and answers an empty 204.

The query is the service's own poll statement (services.space.thread.poll_statement) with the session
row joined in place of the person's id, and web/login.py's session-age rule: no rule is copied here.
It runs on the app's ReadPath (mentorship/database.py): a second SQLAlchemy Engine with a small pool of its
own in autocommit, so a poll never waits for, or holds, one of the app's connections; the statement is
compiled once for its dialect and each poll runs it on a pooled DBAPI cursor, without Core's per-request
execution (compiled-cache lookup, execution context, result object), which cost more than the query itself.
The 204 carries the same headers as the app's (web/headers.py).

Anything else (no or bad cookie, an unknown or old session, not a member, new or changed
messages, bad parameters) falls through to the normal view in views/space/thread.py, which stays
the authority and answers 401/404/400 or the new messages. Turn it off with SPACE_POLL_FAST_PATH = False.
"""

import logging
import re
import threading
import time
from datetime import UTC, datetime

from sqlalchemy import bindparam

from mentorship.database import DATABASE_INT_MAX, read_path
from mentorship.models import User, UserSession, utcnow
from mentorship.services.space.thread import poll_statement
from mentorship.web.headers import NO_STORE, security_headers
from mentorship.web.login import session_current_clause, session_current_params

log = logging.getLogger(__name__)
POLL_PATH = re.compile(r"^/m/(\d{1,12})/t/(main|side-\d{1,12})/poll$")
# What the app's empty 204 carries besides the security headers (views/space: no-store; web/htmx and the
# session: Vary). No Content-Length: a 204 must not send one (RFC 9110), and the app's doesn't.
EMPTY_POLL_HEADERS = (
    ("Content-Type", "text/html; charset=utf-8"),
    *NO_STORE,
    ("Vary", "HX-Request, Cookie"),
)


def since_param(value: str | None) -> datetime:
    """?since=<epoch ms> from the poller, with a few seconds of slack for the clocks of other web processes;
    now when it is missing or not a moment. The poll view reads it the same way."""
    try:
        return datetime.fromtimestamp(int(value) / 1000 - 2, tz=UTC)
    except (TypeError, ValueError, OverflowError, OSError):
        return utcnow()


def query_arguments(query: str) -> dict[str, str]:
    """The first value of each argument, left as sent: the poll's are digits, so anything escaped is no number
    and falls through to the app, which parses it fully."""
    args: dict[str, str] = {}
    for pair in query.split("&"):
        name, _, value = pair.partition("=")
        args.setdefault(name, value)
    return args


def _statement(side: bool):
    """services.space.thread's poll statement, the person being the holder of a current session row."""
    sessions, users = UserSession.__table__, User.__table__
    return poll_statement(side, person=sessions.c.user_id).where(
        sessions.c.token == bindparam("token"),
        session_current_clause(sessions),
        users.c.id == sessions.c.user_id,
        users.c.deleted_at.is_(None),
    )


STATEMENTS = {False: _statement(False), True: _statement(True)}  # keyed by "a side thread?"
DYNAMIC_PARAMETERS = ("token", "mentorship_id", "thread_key", "after", "since", "remember_after", "browser_after")


class PollFastPath:
    """WSGI middleware: answer "nothing new" polls with one query; pass everything else on."""

    MAX_CACHED_COOKIES = 4096

    def __init__(self, wsgi_app, app):
        self.wsgi_app = wsgi_app
        self.app = app
        self._serializer = None
        self._tokens: dict[str, tuple[str, float]] = {}
        self._cookie: re.Pattern | None = None
        self._lock = threading.Lock()
        self.queries_run = 0  # statements this path sent (on the app's ReadPath, not its engine)

    def __call__(self, environ, start_response):
        if environ.get("REQUEST_METHOD") == "GET" and self.app.config.get("SPACE_POLL_FAST_PATH", True):
            match = POLL_PATH.match(environ.get("PATH_INFO", ""))
            if match is not None and self._nothing_new(environ, int(match.group(1)), match.group(2)):
                start_response("204 No Content", self.headers())
                return []
        return self.wsgi_app(environ, start_response)

    def headers(self) -> list[tuple[str, str]]:
        """The empty 204's headers: those the app would send for it, security headers included."""
        secure = bool(self.app.config.get("SESSION_COOKIE_SECURE"))
        return [*EMPTY_POLL_HEADERS, *security_headers(secure)]

    def _token(self, environ) -> str | None:
        """The session's token from a validly signed, unexpired cookie (verified ones are remembered a minute)."""
        cookie = self._session_cookie(environ.get("HTTP_COOKIE", ""))
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

    def _session_cookie(self, header: str) -> str | None:
        """The session cookie's value as sent (a signed value needs no unquoting: anything else fails to verify)."""
        if self._cookie is None:
            name = re.escape(self.app.config["SESSION_COOKIE_NAME"])
            self._cookie = re.compile(rf"(?:^|;)\s*{name}=([^;\s]*)")
        match = self._cookie.search(header)
        return match.group(1) if match else None

    def _query(self, side: bool, params: dict):
        """The one query, on the app's ReadPath (a pooled DBAPI cursor in autocommit); its first row or None."""
        row = read_path(self.app).first(STATEMENTS[side], DYNAMIC_PARAMETERS, params)
        with self._lock:
            self.queries_run += 1
        return row

    def _nothing_new(self, environ, mentorship_id: int, thread_key: str) -> bool:
        args = query_arguments(environ.get("QUERY_STRING", ""))
        try:
            after = int(args["after"])
        except (KeyError, ValueError):
            return False
        if not (0 <= after <= DATABASE_INT_MAX and mentorship_id <= DATABASE_INT_MAX):
            return False  # web/inputs' bounds: the app answers 400/404
        token = self._token(environ)
        if token is None:
            return False
        now = utcnow()
        params = {
            "token": token,
            "mentorship_id": mentorship_id,
            "thread_key": thread_key,
            "after": after,
            "since": since_param(args.get("since")),
            **session_current_params(now, self.app.config),
        }
        try:
            row = self._query(thread_key != "main", params)
        except Exception:  # the database hiccuped: the app answers (and reports) properly
            log.warning("poll fast path failed; passing the request to the app", exc_info=True)
            return False
        # No row: not theirs to see (the app says 404 or 401). A NULL id: nothing new.
        return row is not None and row[0] is None


def fast_path(app) -> PollFastPath | None:
    """The installed fast path, looking through any middleware wrapped around it."""
    layer = app.wsgi_app
    while layer is not None and not isinstance(layer, PollFastPath):
        layer = getattr(layer, "wsgi_app", None) or getattr(layer, "app", None)
    return layer


def install(app) -> None:
    """Put the fast path in front of the app (called once by create_app)."""
    app.wsgi_app = PollFastPath(app.wsgi_app, app)
