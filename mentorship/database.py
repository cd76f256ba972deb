"""Engine tuning: SQLite pragmas and IMMEDIATE write transactions.

SQLite in WAL mode still fails a deferred read-then-write transaction with
"database is locked" when another writer got there first, and busy_timeout cannot
help (the snapshot is stale). So every transaction on SQLite begins IMMEDIATE,
except the ones opened while serving GET/HEAD, which only read. A GET view that
must write wraps that in `write_transaction()`.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from sqlalchemy import event, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

# Ids are INTEGER columns (32-bit on PostgreSQL): a larger number is no id at all (PostgreSQL would answer
# "out of range", SQLite an OverflowError beyond 64 bits, both a 500), so callers check before any query runs.
DATABASE_INT_MAX = 2**31 - 1


def as_database_id(value) -> int | None:
    """`value` (a number or text from a form) as an id the database can hold, else None."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number <= DATABASE_INT_MAX else None


def one_row(session, model, defaults: dict | None = None, **keys):
    """The row of `model` with these unique `keys`: the stored one, else a new one inserted in a savepoint.

    Two requests that both found no row (a double click, two tabs) both insert; the database's unique key
    refuses the second, which then takes the row the first stored: the normal answer, never a 500. The
    caller sets the other columns and commits.
    """
    statement = select(model).filter_by(**keys)
    row = session.scalar(statement)
    if row is not None:
        return row
    try:
        with session.begin_nested():
            row = model(**keys, **(defaults or {}))
            session.add(row)
    except IntegrityError:
        row = session.scalar(statement)
        if row is None:
            raise
    return row


def insert_new_rows(session, model, keys: list[str]):
    """`INSERT ... ON CONFLICT (keys) DO NOTHING` for the session's database (SQLite or PostgreSQL).

    Many rows in one statement; with `.returning(...)` it answers only the rows it stored, so a rerun
    (or a concurrent run: PostgreSQL waits for the other transaction, then skips its rows) writes nothing."""
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    return dialect.insert(model).on_conflict_do_nothing(index_elements=keys)


_begin_mode: ContextVar[str] = ContextVar("sqlite_begin_mode", default="IMMEDIATE")


def set_read_only_request(read_only: bool) -> None:
    """Mark the current request as read-only (GET): its transactions begin DEFERRED."""
    _begin_mode.set("DEFERRED" if read_only else "IMMEDIATE")


@contextmanager
def write_transaction(session):
    """Commit the open read transaction and run the block in an IMMEDIATE one."""
    session.commit()
    token = _begin_mode.set("IMMEDIATE")
    try:
        yield
        session.commit()
    except Exception:
        session.rollback()
        raise
    finally:
        _begin_mode.reset(token)


def configure_sqlite(engine: Engine) -> None:
    """Turn on WAL, a busy timeout, foreign keys and explicit BEGIN for a SQLite engine."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        # Let SQLAlchemy's "begin" event emit BEGIN instead of pysqlite.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        connection.exec_driver_sql(f"BEGIN {_begin_mode.get()}")


@contextmanager
def read_only(session):
    """Run the block's queries in a DEFERRED transaction, ended on exit (jobs and sweeps that only read).

    Outside GET requests every SQLite transaction begins IMMEDIATE and so holds the write
    lock; a sweep reading thousands of rows must not keep writers waiting meanwhile.
    """
    session.commit()
    token = _begin_mode.set("DEFERRED")
    try:
        yield
    finally:
        session.commit()
        _begin_mode.reset(token)
