"""Statuses and kinds: a CHECK constraint keeps each closed set of values (the models' StrEnums).

The values are copied here, not imported: this revision stays what it was when an enum later
grows (that change gets its own revision, and test_migrations compares every CHECK with its enum).

SQLite can't add a CHECK to a table, so batch mode copies each table into a new one. env.py turns
foreign keys off around the migration (dropping the old table would otherwise cascade to its
children), and the board's full-text triggers are set aside while board_topics is copied.

Revision ID: 0004_status_checks
Revises: 0003_board_search
"""

from alembic import op

from mentorship.models.board import SQLITE_SEARCH_DDL

revision = "0004_status_checks"
down_revision = "0003_board_search"
branch_labels = None
depends_on = None

# table -> column -> the values it may hold
VALUES = {
    "board_topics": {"kind": ("discussion", "help"), "urgency": ("low", "normal", "high")},
    "board_reactions": {"kind": ("thanks", "helpful")},
    "board_help_invites": {"status": ("pending", "accepted", "declined")},
    "memberships": {"role": ("member", "moderator", "admin"), "status": ("active", "suspended")},
    "join_requests": {"status": ("pending", "approved", "declined")},
    "programs": {
        "format": ("one_to_one", "group", "reverse"),
        "status": ("draft", "open", "running", "closed"),
        "matching_mode": ("admin", "suggested", "mentee_choice"),
    },
    "enrollments": {
        "role": ("mentor", "mentee"),
        "status": ("pending", "approved", "waitlisted", "declined", "withdrawn"),
    },
    "mentorships": {
        "kind": ("pair", "circle"),
        "status": ("proposed", "active", "paused", "completed", "ended"),
        "origin": ("program", "help_request"),
    },
    "mentorship_members": {"role": ("mentor", "mentee")},
    "match_suggestions": {"status": ("pending", "accepted", "rejected", "superseded")},
    "pair_decisions": {"decision": ("locked", "forbidden", "rejected")},
    "mentor_requests": {"status": ("open", "accepted", "declined", "withdrawn", "expired", "closed")},
    "reports": {
        "target_type": ("topic", "post", "member", "message"),
        "reason": ("harassment", "spam", "off_topic", "inappropriate", "safety", "other"),
        "status": ("open", "dismissed", "actioned"),
    },
    "space_admin_alerts": {"reason": ("quiet", "diverge")},
    "space_lifecycle_events": {
        "action": ("pause", "resume", "complete", "end", "extend", "swap"),
        "from_status": ("proposed", "active", "paused", "completed", "ended"),
        "to_status": ("proposed", "active", "paused", "completed", "ended"),
    },
}
# table -> constraint name -> condition (closed sets that are numbers)
RANGES = {"programs": {"checkin_weekday_range": "checkin_weekday BETWEEN 0 AND 6"}}
SQLITE_TRIGGERS = ("board_posts_fts_insert", "board_posts_fts_update", "board_posts_fts_delete", "board_topics_fts_title")


def _checks(table: str) -> dict[str, str]:
    """Each CHECK of a table: its full name (as the naming convention makes it) and its condition."""
    checks = {}
    for column, values in VALUES.get(table, {}).items():
        listed = ", ".join(f"'{value}'" for value in values)
        checks[f"ck_{table}_{column}"] = f"{column} IN ({listed})"
    for name, condition in RANGES.get(table, {}).items():
        checks[f"ck_{table}_{name}"] = condition
    return checks


def _tables() -> list[str]:
    return list(dict.fromkeys([*VALUES, *RANGES]))


def _copy_tables(checks_of_table) -> None:
    """Run each table's batch (on SQLite: copy, drop, rename), the board's full-text triggers set aside meanwhile.

    SQLite refuses to rename the copy of board_topics while a trigger names the dropped original,
    and drops the trigger on board_topics with it; they are made again from the statements of 0003.
    """
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:
        for trigger in SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    for table in _tables():
        with op.batch_alter_table(table) as batch_op:
            checks_of_table(batch_op, table)
    if sqlite:
        for statement in SQLITE_SEARCH_DDL:
            if statement.startswith("CREATE TRIGGER"):
                op.execute(statement)


def _add(batch_op, table: str) -> None:
    for name, condition in _checks(table).items():
        batch_op.create_check_constraint(op.f(name), condition)


def _drop(batch_op, table: str) -> None:
    for name in _checks(table):
        batch_op.drop_constraint(op.f(name), type_="check")


def upgrade():
    _copy_tables(_add)


def downgrade():
    _copy_tables(_drop)
