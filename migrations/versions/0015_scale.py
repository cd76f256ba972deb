"""Scale: indexes for large tables (a person's notifications newest first, a partial index of the unread ones,
recent check-ins per mentorship for program health; on PostgreSQL the board's full-text indexes hold the
community too, with btree_gin).

Revision ID: 0015_scale
Revises: 0014_hardening
"""

import sqlalchemy as sa
from alembic import op

revision = "0015_scale"
down_revision = "0014_hardening"
branch_labels = None
depends_on = None

UNREAD = sa.text("read_at IS NULL")
SEARCH_INDEXES = (
    ("ix_board_posts_body_fts", "board_posts", "body"),
    ("ix_board_topics_title_fts", "board_topics", "title"),
)


def upgrade():
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.drop_index("ix_notifications_user_unread")
        batch_op.create_index("ix_notifications_user_id_id", ["user_id", "id"], unique=False)
        batch_op.create_index(
            "ix_notifications_unread", ["user_id", "id"], unique=False, postgresql_where=UNREAD, sqlite_where=UNREAD
        )
    with op.batch_alter_table("space_checkins", schema=None) as batch_op:
        batch_op.create_index("ix_space_checkins_mentorship_updated", ["mentorship_id", "updated_at"], unique=False)
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS btree_gin")
        for name, table, column in SEARCH_INDEXES:
            op.execute(f"DROP INDEX IF EXISTS {name}")
            op.execute(
                f"CREATE INDEX {name} ON {table} USING gin (community_id, to_tsvector('english'::regconfig, {column}))"
            )


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        for name, table, column in SEARCH_INDEXES:
            op.execute(f"DROP INDEX IF EXISTS {name}")
            op.execute(f"CREATE INDEX {name} ON {table} USING gin (to_tsvector('english'::regconfig, {column}))")
    with op.batch_alter_table("space_checkins", schema=None) as batch_op:
        batch_op.drop_index("ix_space_checkins_mentorship_updated")
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.drop_index("ix_notifications_unread")
        batch_op.drop_index("ix_notifications_user_id_id")
        batch_op.create_index("ix_notifications_user_unread", ["user_id", "read_at"], unique=False)
