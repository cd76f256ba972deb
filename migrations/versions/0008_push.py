"""Push notifications: devices (Web Push subscriptions), push settings, the push outbox. Tables only.

Revision ID: 0008_push
Revises: 0003_board_search
"""

import sqlalchemy as sa
from alembic import op

import mentorship.models.base

revision = "0008_push"
down_revision = "0007_everyday"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "push_settings",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kinds", sa.JSON(), nullable=False),
        sa.Column("quiet_hours", sa.Boolean(), nullable=False),
        sa.Column("quiet_start", sa.Integer(), nullable=False),
        sa.Column("quiet_end", sa.Integer(), nullable=False),
        sa.Column("show_sender", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_push_settings_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_push_settings")),
    )
    op.create_table(
        "push_subscriptions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("endpoint", sa.String(length=1000), nullable=False),
        sa.Column("p256dh", sa.String(length=100), nullable=False),
        sa.Column("auth", sa.String(length=32), nullable=False),
        sa.Column("user_agent", sa.String(length=200), nullable=False),
        sa.Column("session_hash", sa.String(length=64), nullable=True),
        sa.Column("created_at", mentorship.models.base.UTCDateTime(), nullable=False),
        sa.Column("last_sent_at", mentorship.models.base.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_push_subscriptions_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_push_subscriptions")),
        sa.UniqueConstraint("endpoint", name=op.f("uq_push_subscriptions_endpoint")),
    )
    op.create_index(op.f("ix_push_subscriptions_session_hash"), "push_subscriptions", ["session_hash"])
    op.create_index(op.f("ix_push_subscriptions_user_id"), "push_subscriptions", ["user_id"])
    op.create_table(
        "push_outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subscription_id", sa.Integer(), nullable=False),
        sa.Column("notification_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("not_before", mentorship.models.base.UTCDateTime(), nullable=True),
        sa.Column("sender_name", sa.String(length=60), nullable=True),
        sa.Column("created_at", mentorship.models.base.UTCDateTime(), nullable=False),
        sa.Column("sent_at", mentorship.models.base.UTCDateTime(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.String(length=500), nullable=False),
        sa.Column("claimed_at", mentorship.models.base.UTCDateTime(), nullable=True),
        sa.Column("claim_token", sa.String(length=32), nullable=True),
        sa.CheckConstraint(
            "status IN ('pending', 'sent', 'skipped', 'failed')", name=op.f("ck_push_outbox_status_known")
        ),
        sa.ForeignKeyConstraint(
            ["notification_id"],
            ["notifications.id"],
            name=op.f("fk_push_outbox_notification_id_notifications"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["subscription_id"],
            ["push_subscriptions.id"],
            name=op.f("fk_push_outbox_subscription_id_push_subscriptions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_push_outbox")),
        sa.UniqueConstraint(
            "notification_id", "subscription_id", name=op.f("uq_push_outbox_notification_id_subscription_id")
        ),
    )
    op.create_index("ix_push_outbox_status_not_before", "push_outbox", ["status", "not_before"])
    op.create_index(op.f("ix_push_outbox_subscription_id"), "push_outbox", ["subscription_id"])


def downgrade():
    op.drop_table("push_outbox")
    op.drop_table("push_subscriptions")
    op.drop_table("push_settings")
