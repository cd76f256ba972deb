"""Sessions: a mentorship's calls, members' calendar feeds, and the .ics a mail carries.

Revision ID: 0009_sessions
Revises: 0008_push
"""

import sqlalchemy as sa
from alembic import op

from mentorship.models.base import UTCDateTime

revision = "0009_sessions"
down_revision = "0008_push"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "call_sessions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("mentorship_id", sa.Integer(), sa.ForeignKey("mentorships.id", ondelete="CASCADE"), nullable=False),
        sa.Column("proposer_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="SET NULL"), nullable=True),
        sa.Column("starts_at", UTCDateTime(), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("zone", sa.String(64), nullable=False),
        sa.Column("place_kind", sa.String(16), nullable=False),
        sa.Column("place", sa.String(500), nullable=False),
        sa.Column("agenda", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("uid", sa.String(80), nullable=False, unique=True),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.CheckConstraint("status IN ('proposed', 'accepted', 'declined', 'cancelled')", name="status"),
        sa.CheckConstraint("place_kind IN ('link', 'jitsi', 'phone', 'in_person')", name="place_kind"),
    )
    op.create_index("ix_call_sessions_mentorship_id", "call_sessions", ["mentorship_id"])
    op.create_index("ix_call_sessions_starts_at", "call_sessions", ["starts_at"])
    op.create_index("ix_call_sessions_status", "call_sessions", ["status"])
    op.create_table(
        "calendar_feeds",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False, unique=True),
        sa.Column("token", sa.String(64), nullable=False, unique=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
    )
    with op.batch_alter_table("email_outbox") as batch:
        batch.add_column(sa.Column("calendar_ics", sa.Text(), nullable=False, server_default=""))


def downgrade():
    with op.batch_alter_table("email_outbox") as batch:
        batch.drop_column("calendar_ics")
    op.drop_table("calendar_feeds")
    op.drop_table("call_sessions")
