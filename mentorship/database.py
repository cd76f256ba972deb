"""Engine tuning: SQLite pragmas and IMMEDIATE write transactions.

SQLite in WAL mode still fails a deferred read-then-write transaction with
"database is locked" when another writer got there first, and busy_timeout cannot
help (the snapshot is stale). So every transaction on SQLite begins IMMEDIATE,
except the ones opened while serving GET/HEAD, which only read. A GET view that
must write wraps that in `write_transaction()`.

`ReadPath`: the few statements every request pays, compiled once and run on a second engine's DBAPI cursors.
"""

import os
import threading
import weakref
from collections.abc import Callable
from contextlib import contextmanager
from contextvars import ContextVar
from typing import NamedTuple

from flask_babel import LazyString
from sqlalchemy import Select, create_engine, event, inspect, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session

from mentorship.extensions import db

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


@event.listens_for(Session, "before_flush")
def _store_translated_text(session, _flush_context, _instances) -> None:
    """A lazily translated sentence (flask_babel's lazy_gettext) is stored as the text it reads now.

    Services hand such sentences to notifications and mail, which render them in the reader's language; one
    that ends up in a column (an alert's text, a system line) is written in the language of the moment."""
    for obj in (*session.new, *session.dirty):
        state = inspect(obj)
        for attr in state.mapper.column_attrs:
            value = state.dict.get(attr.key)
            if isinstance(value, LazyString):
                setattr(obj, attr.key, str(value))


class Prepared(NamedTuple):
    """A SELECT compiled once for one dialect, ready for a DBAPI cursor (see ReadPath)."""

    sql: str
    fixed: dict
    order: tuple[str, ...] | None  # the parameters' order for a positional paramstyle (SQLite's "?")
    binds: tuple[tuple[str, Callable], ...]  # (name, bind processor) of the dynamic parameters that have one
    results: tuple[Callable | None, ...]  # each result column's processor (datetimes, JSON, booleans)

    def parameters(self, values: dict):
        """The DBAPI parameters for these dynamic values (a tuple or a dict, as the paramstyle wants)."""
        values = {**self.fixed, **values}
        for name, process in self.binds:
            values[name] = process(values[name])
        if self.order is None:
            return values
        return tuple(values[name] for name in self.order)

    def row(self, raw: tuple | None) -> tuple | None:
        """A fetched row with each value as SQLAlchemy would give it."""
        if raw is None:
            return None
        pairs = zip(self.results, raw, strict=True)
        return tuple(value if process is None else process(value) for process, value in pairs)


def _dialect_bind(type_, dialect):
    return type_.dialect_impl(dialect).bind_processor(dialect)


class ReadPath:
    """A few hot read-only statements, compiled once and run on pooled DBAPI cursors of a second engine.

    The statements a request pays every time (the session's person, the thread's empty poll) cost far less
    as a DBAPI call than through Core's execution (compiled-cache lookup, execution context, result object)
    or the ORM. The engine has its own small pool in autocommit (each SELECT is its own short read
    transaction), so these reads never hold, or wait for, one of the app's connections; the request's
    own Session is not even begun when they are all a page needs. Made lazily, so in the worker after a fork.
    """

    POOL_SIZE = 2  # sync workers read one at a time; threaded ones wait briefly or open an overflow connection
    MAX_OVERFLOW = 8
    statements_run = 0  # every ReadPath's statements, for the tests' query counts (they bypass Core's events)
    listeners: list[Callable[[str], None]] = []  # called with each statement's SQL (tests' count_queries)

    def __init__(self, url):
        self.url = url
        self._engine: Engine | None = None
        self._prepared: dict[Select, Prepared] = {}  # keyed by the statement object (built once by its module)
        self._lock = threading.Lock()
        if hasattr(os, "register_at_fork"):
            reference = weakref.ref(self)
            os.register_at_fork(after_in_child=lambda: ReadPath._after_fork(reference))

    @staticmethod
    def _after_fork(reference: weakref.ref) -> None:
        """In a forked child, drop the parent's pooled connections without closing them (SQLAlchemy's advice)."""
        path = reference()
        if path is not None and path._engine is not None:
            path._engine.dispose(close=False)

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            with self._lock:
                if self._engine is None:
                    engine = create_engine(
                        self.url,
                        pool_size=self.POOL_SIZE,
                        max_overflow=self.MAX_OVERFLOW,
                        isolation_level="AUTOCOMMIT",
                        pool_reset_on_return=None,  # autocommit: nothing to roll back
                    )
                    if engine.dialect.name == "sqlite":
                        event.listen(engine, "connect", _sqlite_read_connection)
                    self._engine = engine
        return self._engine

    def prepare(self, statement: Select, dynamic: tuple[str, ...]) -> Prepared:
        """`statement` compiled for this database (once per statement); `dynamic`: the parameters each run sets."""
        prepared = self._prepared.get(statement)
        if prepared is not None:
            return prepared
        dialect = self.engine.dialect
        compiled = statement.compile(dialect=dialect)
        placeholders = dict.fromkeys(dynamic)
        fixed = {k: v for k, v in compiled.construct_params(placeholders).items() if k not in dynamic}
        binds = tuple(
            (name, process)
            for name in dynamic
            if (process := _dialect_bind(compiled.binds[name].type, dialect)) is not None
        )
        results = tuple(
            column.type.dialect_impl(dialect).result_processor(dialect, None) for column in statement.selected_columns
        )
        order = tuple(compiled.positiontup) if compiled.positional else None
        prepared = Prepared(compiled.string, fixed, order, binds, results)
        self._prepared[statement] = prepared
        return prepared

    def first(self, statement: Select, dynamic: tuple[str, ...], params: dict) -> tuple | None:
        """The statement's first row (processed like Core's), or None; one query on a pooled connection."""
        prepared = self.prepare(statement, dynamic)
        dbapi_error = self.engine.dialect.loaded_dbapi.Error
        try:
            connection = self.engine.raw_connection()
        except dbapi_error as error:  # no connection (the database restarts): the same database fault
            raise DBAPIError.instance(prepared.sql, None, error, dbapi_error) from error
        try:
            cursor = connection.cursor()
            try:
                cursor.execute(prepared.sql, prepared.parameters(params))
                raw = cursor.fetchone()
            finally:
                cursor.close()
        except Exception as error:
            connection.invalidate()  # a broken connection must not go back to the pool
            if isinstance(error, dbapi_error):  # as SQLAlchemy raises it: the app's database-fault rule applies
                raise DBAPIError.instance(prepared.sql, None, error, dbapi_error) from error
            raise
        finally:
            connection.close()  # back to this path's pool
        with self._lock:
            ReadPath.statements_run += 1
        for listener in ReadPath.listeners:
            listener(prepared.sql)
        return prepared.row(raw)


def _sqlite_read_connection(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def read_path(app) -> ReadPath:
    """The app's ReadPath, on the same database as its engine (made on first use)."""
    path = app.extensions.get("read_path")
    if path is None:
        with app.app_context():
            url = db.engine.url
        path = app.extensions.setdefault("read_path", ReadPath(url))
    return path
