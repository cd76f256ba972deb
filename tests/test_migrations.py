"""The Alembic chain builds the same schema as the models, on the database under test."""

import os
import re
import uuid

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade
from sqlalchemy import create_engine, inspect, text

from mentorship import create_app
from mentorship.extensions import db

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


def test_upgrade_head_matches_the_models(tmp_path, redis_url):
    url, drop = _fresh_url(tmp_path)
    app = create_app(
        {"TESTING": True, "SQLALCHEMY_DATABASE_URI": url, "INSTANCE_PATH": str(tmp_path), "REDIS_URL": redis_url}
    )
    try:
        with app.app_context():
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
            db.engine.dispose()
        assert diff == [], f"models and migrations differ; run `flask db migrate`: {diff}"
    finally:
        drop()
