"""Events: a community's events and their answers, the setting that lets members create them; repeating sessions
(a weekly or two-weekly series with its moved or cancelled occurrences); 'did you meet?' on check-ins.

Revision ID: 0012_events
Revises: 0011_outcomes
"""

import sqlalchemy as sa
from alembic import op

from mentorship.models.base import UTCDateTime

revision = "0012_events"
down_revision = "0011_outcomes"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("space_checkins") as batch:
        batch.add_column(sa.Column("met", sa.Boolean(), nullable=True))
    with op.batch_alter_table("call_sessions") as batch:
        batch.add_column(sa.Column("repeat_weeks", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("repeat_count", sa.Integer(), nullable=False, server_default="1"))
    op.create_table(
        "session_exceptions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "session_id", sa.Integer(), sa.ForeignKey("call_sessions.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("original_start", UTCDateTime(), nullable=False),
        sa.Column("cancelled", sa.Boolean(), nullable=False),
        sa.Column("starts_at", UTCDateTime(), nullable=True),
        sa.Column("minutes", sa.Integer(), nullable=True),
        sa.UniqueConstraint("session_id", "original_start"),
    )
    op.create_index("ix_session_exceptions_session_id", "session_exceptions", ["session_id"])
    op.create_table(
        "event_settings",
        sa.Column(
            "community_id",
            sa.Integer(),
            sa.ForeignKey("communities.id", ondelete="CASCADE"),
            primary_key=True,
            autoincrement=False,
        ),
        sa.Column("members_create", sa.Boolean(), nullable=False),
    )
    op.create_table(
        "community_events",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("community_id", sa.Integer(), sa.ForeignKey("communities.id", ondelete="CASCADE"), nullable=False),
        sa.Column("mentorship_id", sa.Integer(), sa.ForeignKey("mentorships.id", ondelete="CASCADE"), nullable=True),
        sa.Column("organizer_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="SET NULL"), nullable=True),
        sa.Column("title", sa.String(120), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("starts_at", UTCDateTime(), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("zone", sa.String(64), nullable=False),
        sa.Column("place_kind", sa.String(16), nullable=False),
        sa.Column("place", sa.String(500), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=True),
        sa.Column("going_count", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("topic_id", sa.Integer(), sa.ForeignKey("board_topics.id", ondelete="SET NULL"), nullable=True),
        sa.Column("uid", sa.String(80), nullable=False, unique=True),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.CheckConstraint("status IN ('scheduled', 'cancelled')", name="status"),
        sa.CheckConstraint("place_kind IN ('link', 'address')", name="place_kind"),
    )
    op.create_index("ix_community_events_community_starts", "community_events", ["community_id", "starts_at"])
    op.create_index("ix_community_events_mentorship_id", "community_events", ["mentorship_id"])
    op.create_index("ix_community_events_status", "community_events", ["status"])
    op.create_table(
        "event_rsvps",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("event_id", sa.Integer(), sa.ForeignKey("community_events.id", ondelete="CASCADE"), nullable=False),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
        sa.Column("answer", sa.String(16), nullable=False),
        sa.Column("answered_at", UTCDateTime(), nullable=False),
        sa.UniqueConstraint("event_id", "user_id"),
        sa.CheckConstraint("answer IN ('going', 'waitlist', 'maybe', 'cant')", name="answer"),
    )
    op.create_index("ix_event_rsvps_event_id", "event_rsvps", ["event_id"])
    op.create_index("ix_event_rsvps_user_id", "event_rsvps", ["user_id"])


def downgrade():
    with op.batch_alter_table("space_checkins") as batch:
        batch.drop_column("met")
    op.drop_table("event_rsvps")
    op.drop_table("community_events")
    op.drop_table("event_settings")
    op.drop_table("session_exceptions")
    with op.batch_alter_table("call_sessions") as batch:
        batch.drop_column("repeat_count")
        batch.drop_column("repeat_weeks")
