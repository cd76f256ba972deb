"""Languages: each member's language, a community's default, the language of posts and messages, and the
language a help request asks for.

Revision ID: 0016_languages
Revises: 0017_scale
"""

import sqlalchemy as sa
from alembic import op

revision = "0016_languages"
down_revision = "0017_scale"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("locale", sa.String(8), nullable=True))
    with op.batch_alter_table("communities") as batch:
        batch.add_column(sa.Column("default_locale", sa.String(8), nullable=True))
    # Plain ALTER TABLE (no batch copy): the board's full-text triggers stay as they are on SQLite.
    op.add_column("board_topics", sa.Column("language", sa.String(8), nullable=True))
    op.add_column("board_posts", sa.Column("lang", sa.String(8), nullable=True))
    with op.batch_alter_table("space_messages") as batch:
        batch.add_column(sa.Column("lang", sa.String(8), nullable=True))


def downgrade():
    with op.batch_alter_table("space_messages") as batch:
        batch.drop_column("lang")
    op.drop_column("board_posts", "lang")
    op.drop_column("board_topics", "language")
    with op.batch_alter_table("communities") as batch:
        batch.drop_column("default_locale")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("locale")
