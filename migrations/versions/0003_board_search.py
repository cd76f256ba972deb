"""Full-text search for the board: SQLite FTS5 table and triggers, PostgreSQL GIN indexes.

Revision ID: 0003_board_search
Revises: 0002_sql_extras
"""

from alembic import op

from mentorship.models.board import SQLITE_SEARCH_DDL

revision = "0003_board_search"
down_revision = "0002_sql_extras"
branch_labels = None
depends_on = None

# The PostgreSQL indexes as this revision made them (0015 adds the community, 0017 a stored tsvector column).
POSTGRES_SEARCH_DDL = (
    "CREATE INDEX IF NOT EXISTS ix_board_posts_body_fts ON board_posts USING gin (to_tsvector('english'::regconfig, body))",
    "CREATE INDEX IF NOT EXISTS ix_board_topics_title_fts ON board_topics "
    "USING gin (to_tsvector('english'::regconfig, title))",
)


def upgrade():
    dialect = op.get_bind().dialect.name
    statements = SQLITE_SEARCH_DDL if dialect == "sqlite" else POSTGRES_SEARCH_DDL if dialect == "postgresql" else ()
    for statement in statements:
        op.execute(statement)
    if dialect != "sqlite":
        # Topics and posts point at each other; CREATE TABLE skips a use_alter key, so add it here
        # (SQLite writes it inline in CREATE TABLE and cannot ALTER one in).
        op.create_foreign_key(
            "fk_board_topics_solved_post_id", "board_topics", "board_posts", ["solved_post_id"], ["id"], ondelete="SET NULL"
        )
    if dialect == "sqlite":
        # Index what was written before this revision.
        op.execute(
            "INSERT INTO board_posts_fts (rowid, title, body) SELECT p.id, "
            "CASE WHEN p.is_opening THEN t.title ELSE '' END, p.body "
            "FROM board_posts p JOIN board_topics t ON t.id = p.topic_id"
        )


def downgrade():
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for trigger in ("board_posts_fts_insert", "board_posts_fts_update", "board_posts_fts_delete", "board_topics_fts_title"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute("DROP TABLE IF EXISTS board_posts_fts")
    else:
        op.drop_constraint("fk_board_topics_solved_post_id", "board_topics", type_="foreignkey")
    if dialect == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_board_posts_body_fts")
        op.execute("DROP INDEX IF EXISTS ix_board_topics_title_fts")
