"""A database that stops answering (a restart, a dropped connection): a request is run again once on a fresh
connection when nothing can have been stored by it; what still fails is a calm 503 with Retry-After, a page
or, for htmx, a fragment (web/faults.py). bench/faults.py restarts a real PostgreSQL under load."""

from contextlib import contextmanager

import pytest
from sqlalchemy import event, select
from sqlalchemy.exc import OperationalError

from mentorship.extensions import db
from mentorship.models import Message
from mentorship.web import faults, once, poll
from tests.factories import make_community, make_mentorship, make_user


@contextmanager
def database_drops(times: int, after_commit: bool = False):
    """The next `times` statements fail as on a dropped connection (after a COMMIT, when `after_commit`)."""
    left = {"times": times, "armed": not after_commit}

    def commit(connection):
        left["armed"] = True

    def fail(connection, cursor, statement, parameters, context, executemany):
        query = statement.strip() != "SELECT 1" and not statement.startswith(
            "BEGIN"
        )  # not the ping, not SQLite's BEGIN
        if left["armed"] and left["times"] > 0 and query:
            left["times"] -= 1
            raise OperationalError(statement, parameters, Exception("server closed the connection unexpectedly"))

    event.listen(db.engine, "commit", commit)
    event.listen(db.engine, "before_cursor_execute", fail)
    try:
        yield left
    finally:
        event.remove(db.engine, "before_cursor_execute", fail)
        event.remove(db.engine, "commit", commit)
        db.session.rollback()


@pytest.fixture
def pair(app):
    mentor, mentee = make_user("Mira Mentor"), make_user("Meo Mentee")
    community = make_community(admin=make_user(), members=[mentor, mentee])
    mentorship = make_mentorship(community, mentor, mentee)
    return f"/m/{mentorship.id}", mentor


def test_a_read_that_meets_a_dropped_connection_is_answered_on_a_fresh_one(login_as, pair):
    space, mentor = pair
    client = login_as(mentor)
    with database_drops(1) as left:
        response = client.get(space)
    assert left["times"] == 0 and response.status_code == 200
    assert "Mira Mentor" in response.get_data(as_text=True)


def test_a_read_that_fails_twice_is_a_calm_503_page_with_retry_after(login_as, pair):
    space, mentor = pair
    client = login_as(mentor)
    with database_drops(2):
        response = client.get(space)
    body = response.get_data(as_text=True)
    assert response.status_code == 503 and response.headers["Retry-After"] == str(faults.RETRY_AFTER_SECONDS)
    assert "<html" in body and "Back in a moment" in body and "Nothing was saved" in body
    assert f'href="{space}' in body
    assert "Content-Security-Policy" in response.headers


def test_an_htmx_poll_that_fails_twice_gets_the_503_fragment(app, login_as, pair, monkeypatch):
    space, mentor = pair
    client = login_as(mentor, htmx=True)

    def dropped(*args):
        raise OperationalError("SELECT", {}, Exception("server closed the connection unexpectedly"))

    monkeypatch.setattr(poll.fast_path(app), "_query", dropped)  # the fast path falls through to the app
    with database_drops(2):
        response = client.get(f"{space}/t/main/poll", query_string={"after": "0"})
    body = response.get_data(as_text=True)
    assert response.status_code == 503 and response.headers["Retry-After"]
    assert "<html" not in body and 'id="error"' in body and "Back in a moment" in body


def test_a_message_whose_first_run_met_a_dropped_connection_is_stored_once(login_as, pair):
    space, mentor = pair
    client = login_as(mentor)
    with database_drops(1) as left:
        response = client.post(f"{space}/t/main/messages", data={"body": "Sent through a restart"})
    assert left["times"] == 0 and response.status_code == 303
    assert db.session.scalars(select(Message.body).where(Message.body == "Sent through a restart")).all() != []
    assert len(db.session.scalars(select(Message.id).where(Message.body == "Sent through a restart")).all()) == 1


def test_a_write_that_fails_after_a_commit_is_not_run_twice(login_as, pair, monkeypatch):
    """Once a COMMIT went out, a second run could store twice: the person is told it may be stored. The form
    sent again with its token is stored once (the claim its first run left without a result is taken over)."""
    monkeypatch.setattr(once, "WAIT_SECONDS", 0.3)
    space, mentor = pair
    client = login_as(mentor)
    data = {"body": "Maybe stored", "submission": "fault-token-1"}
    with database_drops(1, after_commit=True):  # the submission token's commit, then the message fails
        response = client.post(f"{space}/t/main/messages", data=data)
    body = response.get_data(as_text=True)
    assert response.status_code == 503 and "cannot be sure it was stored" in body
    assert db.session.scalars(select(Message.id).where(Message.body == "Maybe stored")).all() == []
    assert client.post(f"{space}/t/main/messages", data=data).status_code == 303
    assert len(db.session.scalars(select(Message.id).where(Message.body == "Maybe stored")).all()) == 1
    assert client.post(f"{space}/t/main/messages", data=data).status_code == 303  # a third copy: sent to it
    assert len(db.session.scalars(select(Message.id).where(Message.body == "Maybe stored")).all()) == 1


@contextmanager
def read_path_drops(app, monkeypatch, times: int):
    """The next `times` statements of the read path (the session's person, the poll) fail as the database driver
    raises them on a connection a restart dropped."""
    from mentorship.database import read_path

    engine = read_path(app).engine
    dbapi = engine.dialect.loaded_dbapi
    real = engine.raw_connection
    left = {"times": times}

    class DroppedCursor:
        def execute(self, *args):
            raise dbapi.OperationalError("server closed the connection unexpectedly")

        def close(self):
            pass

    class Connection:
        def __init__(self, connection):
            self.connection = connection

        def cursor(self):
            if left["times"] > 0:
                left["times"] -= 1
                return DroppedCursor()
            return self.connection.cursor()

        def invalidate(self):
            self.connection.invalidate()

        def close(self):
            self.connection.close()

    monkeypatch.setattr(engine, "raw_connection", lambda: Connection(real()))
    yield left


def test_the_read_path_on_a_dropped_connection_is_run_again_never_a_500(app, login_as, pair, monkeypatch):
    """The session's person is read on the read path's own connections (database.ReadPath): the driver's error
    there is the same database fault as anywhere (bench/faults.py found it answering 500 during a restart)."""
    space, mentor = pair
    client = login_as(mentor)
    with read_path_drops(app, monkeypatch, 1) as left:
        response = client.get(space)
    assert left["times"] == 0 and response.status_code == 200
    assert "Mira Mentor" in response.get_data(as_text=True)
    with read_path_drops(app, monkeypatch, 2):
        response = client.get(space)
    assert response.status_code == 503 and response.headers["Retry-After"]
    assert "Nothing was saved" in response.get_data(as_text=True)


def test_the_read_path_that_cannot_connect_is_run_again_never_a_500(app, login_as, pair, monkeypatch):
    """While the database restarts, opening a connection is refused: a second run, then a calm 503."""
    from mentorship.database import read_path

    space, mentor = pair
    client = login_as(mentor)
    engine = read_path(app).engine
    dbapi, real = engine.dialect.loaded_dbapi, engine.raw_connection
    refusals = {"left": 1}

    def connect():
        if refusals["left"] > 0:
            refusals["left"] -= 1
            raise dbapi.OperationalError("connection refused: the database system is shutting down")
        return real()

    monkeypatch.setattr(engine, "raw_connection", connect)
    assert client.get(space).status_code == 200 and refusals["left"] == 0
    refusals["left"] = 2
    response = client.get(space)
    assert response.status_code == 503 and response.headers["Retry-After"]
