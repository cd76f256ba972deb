"""SQLite write transactions begin IMMEDIATE, so concurrent read-then-write never fails as locked."""

import threading

import pytest
from sqlalchemy import event, func, select

from mentorship.extensions import db
from mentorship.models import Community


def test_concurrent_read_then_write_transactions_all_succeed(app):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("the IMMEDIATE rule is specific to SQLite")
    errors: list[Exception] = []

    def writer(n: int):
        with app.app_context():
            for i in range(15):
                try:
                    count = db.session.scalar(select(func.count()).select_from(Community))
                    db.session.add(Community(slug=f"w{n}-{i}", name=f"Writer {n} #{i} after {count}"))
                    db.session.commit()
                except Exception as error:  # noqa: BLE001 - collect and report every failure
                    db.session.rollback()
                    errors.append(error)
            db.session.remove()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert db.session.scalar(select(func.count()).select_from(Community)) == 60


def test_get_requests_read_without_taking_the_write_lock(app, client):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("the IMMEDIATE rule is specific to SQLite")
    seen = []

    def _before(conn, cursor, statement, *args):
        if statement.startswith("BEGIN"):
            seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", _before)
    try:
        client.get("/c/")
    finally:
        event.remove(db.engine, "before_cursor_execute", _before)
    assert seen and all(s == "BEGIN DEFERRED" for s in seen)
