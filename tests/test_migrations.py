"""The Alembic chain builds the same schema as the models, on the database under test."""

import os
import re
import uuid
from contextlib import contextmanager
from datetime import date
from types import SimpleNamespace

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import CheckConstraint, create_engine, func, insert, inspect, select, text

from mentorship import create_app
from mentorship.extensions import db
from mentorship.models import (
    Community,
    Membership,
    Mentorship,
    MentorshipMember,
    Message,
    Post,
    Program,
    Report,
    Topic,
    User,
)

HAND_MADE_INDEXES = {"ix_board_posts_body_fts", "ix_board_topics_title_fts"}


def _fresh_url(tmp_path) -> tuple[str, callable]:
    base = os.environ.get("DATABASE_URL")
    if not base:
        return f"sqlite:///{tmp_path / 'migrated.db'}", lambda: None
    base = re.sub(r"^postgres(ql)?://", "postgresql+psycopg://", base)
    name = f"mentorship_migr_{uuid.uuid4().hex[:8]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))

    def drop():
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return base.rsplit("/", 1)[0] + "/" + name, drop


@contextmanager
def fresh_app(tmp_path, redis_url):
    """An app on a new, empty database (SQLite file or a new PostgreSQL database), inside its context."""
    url, drop = _fresh_url(tmp_path)
    app = create_app(
        {"TESTING": True, "SQLALCHEMY_DATABASE_URI": url, "INSTANCE_PATH": str(tmp_path), "REDIS_URL": redis_url}
    )
    try:
        with app.app_context():
            yield app
            db.session.remove()
            db.engine.dispose()
    finally:
        drop()


def test_upgrade_head_matches_the_models(tmp_path, redis_url):
    with fresh_app(tmp_path, redis_url):
        upgrade()
        with db.engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            diff = compare_metadata(context, db.metadata)
            # Expression indexes can't be compared by reflection; they must exist by name.
            existing = {ix["name"] for t in inspect(conn).get_table_names() for ix in inspect(conn).get_indexes(t)}
            diff = [d for d in diff if not (d[0] == "add_index" and d[1].name in existing)]
            # Full-text GIN indexes are made by revision 0003 with raw SQL, not declared on a model.
            diff = [d for d in diff if not (d[0] == "remove_index" and d[1].name in HAND_MADE_INDEXES)]
            # The FTS5 virtual table and its shadow tables are made by revision 0003, not by a model.
            diff = [d for d in diff if not (d[0] == "remove_table" and d[1].name.startswith("board_posts_fts"))]
            # PostgreSQL's stored tsvector columns are made by revision 0017 with raw SQL, not declared on a model.
            diff = [d for d in diff if not (d[0] == "remove_column" and d[3].name == "search_vector")]
            # Alembic does not compare CHECK constraints: compare them here.
            checks = _checks_in_database(conn)
    assert diff == [], f"models and migrations differ; run `flask db migrate`: {diff}"
    assert checks == _checks_in_models(), "the CHECK constraints of the models and the migrations differ"


def _check_values(sql: str) -> list[str] | str:
    """An IN check by the values it lists (each database writes the SQL its own way), else just "range"."""
    values = re.findall(r"'([^']*)'", sql)
    return values or "range"


def _checks_in_models() -> dict[str, dict]:
    return {
        table.name: {c.name: _check_values(str(c.sqltext)) for c in table.constraints if isinstance(c, CheckConstraint)}
        for table in db.metadata.sorted_tables
    }


def _checks_in_database(conn) -> dict[str, dict]:
    inspector = inspect(conn)
    present = set(inspector.get_table_names())  # at an older revision, later tables are not there yet
    return {
        table.name: {c["name"]: _check_values(c["sqltext"]) for c in inspector.get_check_constraints(table.name)}
        for table in db.metadata.sorted_tables
        if table.name in present
    }


def _insert(model, **values) -> int:
    """A Core insert: only the given columns and those with a default, so columns of later revisions stay out."""
    return db.session.execute(insert(model).values(**values).returning(model.__table__.c.id)).scalar_one()


def _seed_rows() -> None:
    """A few rows in the tables 0004 copies on SQLite, and in their children."""
    # Core inserts of the columns 0003 has: a column a later revision adds (0010's languages) stays out of them.
    user_values = dict(email="ada@example.com", display_name="Ada", password_hash="x", date_of_birth=date(1990, 1, 1))
    user = SimpleNamespace(id=_insert(User, **user_values))
    community = SimpleNamespace(id=_insert(Community, slug="c", name="C"))
    program = Program(community_id=community.id, title="Mentoring", status="running")
    db.session.add_all([program, Membership(community_id=community.id, user_id=user.id, role="admin")])
    db.session.flush()
    mentorship = Mentorship(community_id=community.id, program_id=program.id, kind="pair", status="active")
    mentorship.members = [MentorshipMember(user_id=user.id, role="mentor")]
    db.session.add(mentorship)
    db.session.flush()
    topic_values = dict(community_id=community.id, author_id=user.id, kind="help", title="Pods crash", urgency="high")
    topic = SimpleNamespace(id=_insert(Topic, **topic_values))
    _insert(Message, mentorship_id=mentorship.id, author_id=user.id, body="hello")
    _insert(Post, topic_id=topic.id, community_id=community.id, author_id=user.id, is_opening=True, body="kubernetes")
    db.session.add_all(
        [
            Report(
                community_id=community.id,
                reporter_id=user.id,
                target_type="member",
                target_id=user.id,
                reason="spam",
                status="dismissed",
            ),
        ]
    )
    db.session.commit()


LATER_TABLES = {"submissions"}  # 0006_hardening


def _row_counts() -> dict[str, int]:
    """Rows per table (the transaction ends, so a migration can take the SQLite write lock next)."""
    present = set(inspect(db.session.connection()).get_table_names())  # later revisions' tables may not exist yet
    tables = [t for t in db.metadata.sorted_tables if t.name in present]
    counts = {t.name: db.session.scalar(select(func.count()).select_from(t)) for t in tables}
    counts = {name: count for name, count in counts.items() if count}  # an empty new table is no lost row
    db.session.commit()
    return counts


def _checks_of(table: str) -> dict:
    checks = _checks_in_database(db.session.connection())[table]
    db.session.commit()
    return checks


def test_the_checks_revision_keeps_every_row_and_goes_down_and_up_again(tmp_path, redis_url):
    with fresh_app(tmp_path, redis_url):
        upgrade(revision="0003_board_search")
        _seed_rows()
        before = _row_counts()
        assert before["mentorship_members"] == before["space_messages"] == before["board_posts"] == 1
        upgrade()
        after = _row_counts()
        assert {table: after[table] for table in before} == before  # tables of later revisions start empty
        assert _checks_of("mentorships")
        if db.engine.dialect.name == "sqlite":
            session = db.session
            assert session.execute(text("PRAGMA foreign_keys")).scalar() == 1
            # The full-text triggers are back: a new title is found, an edited body too.
            session.execute(text("UPDATE board_topics SET title = 'Docker in CI'"))
            session.execute(text("UPDATE board_posts SET body = 'containers'"))
            found = session.execute(
                text("SELECT title, body FROM board_posts_fts WHERE board_posts_fts MATCH 'docker'")
            )
            assert found.all() == [("Docker in CI", "containers")]
            session.commit()
        downgrade(revision="0003_board_search")
        assert _row_counts() == before
        assert not _checks_of("mentorships") and not _checks_of("programs")
        upgrade()
        after = _row_counts()
        assert {table: after[table] for table in before} == before
