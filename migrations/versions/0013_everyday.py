"""The everyday loop: community invitations (a shareable link or one per address) and how far each member read a topic.

Revision ID: 0013_everyday
Revises: 0012_events
"""

import sqlalchemy as sa
from alembic import op

from mentorship.models.base import UTCDateTime

revision = "0013_everyday"
down_revision = "0012_events"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "invitations",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("community_id", sa.Integer(), sa.ForeignKey("communities.id", ondelete="CASCADE"), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("token", sa.String(64), nullable=False, unique=True),
        sa.Column("email", sa.String(254), nullable=True),
        sa.Column("created_by_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="SET NULL"), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("expires_at", UTCDateTime(), nullable=True),
        sa.Column("max_uses", sa.Integer(), nullable=True),
        sa.Column("uses", sa.Integer(), nullable=False),
        sa.Column("revoked_at", UTCDateTime(), nullable=True),
        sa.Column("sent_at", UTCDateTime(), nullable=True),
        sa.Column("sends", sa.Integer(), nullable=False),
        sa.UniqueConstraint("community_id", "email"),
        sa.CheckConstraint("kind IN ('link', 'email')", name="kind"),
    )
    op.create_index("ix_invitations_community_id", "invitations", ["community_id"])
    op.create_table(
        "board_topic_reads",
        sa.Column("topic_id", sa.Integer(), sa.ForeignKey("board_topics.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("last_read_post_id", sa.Integer(), nullable=False),
    )
    op.create_index("ix_board_topic_reads_user_id", "board_topic_reads", ["user_id"])


def downgrade():
    op.drop_table("board_topic_reads")
    op.drop_table("invitations")
