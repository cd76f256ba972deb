"""Scale (2): on PostgreSQL the board's words are stored, in a generated tsvector column per table, and the
full-text GIN indexes read that column (with the community). SQLite keeps its FTS5 table (revision 0003).

Revision ID: 0017_scale
Revises: 0015_scale
"""

from alembic import op

revision = "0017_scale"
down_revision = "0015_scale"
branch_labels = None
depends_on = None

# Frozen here (the models' POSTGRES_SEARCH_DDL may change later).
COLUMNS = (("board_posts", "body", "ix_board_posts_body_fts"), ("board_topics", "title", "ix_board_topics_title_fts"))


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    for table, source, index in COLUMNS:
        op.execute(
            f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS search_vector tsvector "
            f"GENERATED ALWAYS AS (to_tsvector('english'::regconfig, {source})) STORED"
        )
        op.execute(f"DROP INDEX IF EXISTS {index}")
        op.execute(f"CREATE INDEX {index} ON {table} USING gin (community_id, search_vector)")


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    for table, source, index in COLUMNS:
        op.execute(f"DROP INDEX IF EXISTS {index}")
        op.execute(f"CREATE INDEX {index} ON {table} USING gin (community_id, to_tsvector('english'::regconfig, {source}))")
        op.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS search_vector")
