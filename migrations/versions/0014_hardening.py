"""Hardening: a notification (and its mail) names the person whose words or name it carries (issue 20,
findings 2 and 9).

A recipient who blocked that person is not notified (nor mailed), and the notifications they already have
from them collapse; when that person deletes their account, the copies of their words and name in other
people's notifications and mails are scrubbed.

Revision ID: 0014_hardening
Revises: 0013_everyday
"""

import sqlalchemy as sa
from alembic import op

revision = "0014_hardening"
down_revision = "0013_everyday"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.add_column(sa.Column("author_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            "fk_notifications_author_id_users", "users", ["author_id"], ["id"], ondelete="SET NULL"
        )
        batch_op.create_index(batch_op.f("ix_notifications_author_id"), ["author_id"], unique=False)
    with op.batch_alter_table("email_outbox", schema=None) as batch_op:
        batch_op.add_column(sa.Column("author_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            "fk_email_outbox_author_id_users", "users", ["author_id"], ["id"], ondelete="SET NULL"
        )
        batch_op.create_index(batch_op.f("ix_email_outbox_author_id"), ["author_id"], unique=False)


def downgrade():
    with op.batch_alter_table("email_outbox", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_email_outbox_author_id"))
        batch_op.drop_constraint("fk_email_outbox_author_id_users", type_="foreignkey")
        batch_op.drop_column("author_id")
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_notifications_author_id"))
        batch_op.drop_constraint("fk_notifications_author_id_users", type_="foreignkey")
        batch_op.drop_column("author_id")
