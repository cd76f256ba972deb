"""Statuses and kinds are StrEnums, and the database keeps each column inside its enum (a CHECK)."""

import re

import pytest
from sqlalchemy import CheckConstraint, String, inspect, select, update
from sqlalchemy.exc import IntegrityError

from mentorship.extensions import db
from mentorship.models import (
    Enrollment,
    Membership,
    Mentorship,
    MentorshipStatus,
    Program,
    ProgramFormat,
    Reaction,
    Report,
    Topic,
)
from mentorship.models.board import REACTION_KINDS, TOPIC_KINDS, URGENCIES, ReactionKind, TopicKind, Urgency
from mentorship.models.moderation import REASONS, TARGET_TYPES, ReportReason, ReportTarget
from mentorship.models.program import FORMATS, MATCHING_MODES, MatchingMode
from tests.factories import make_community, make_enrollment, make_program, make_reply, make_topic, make_user

# Every column that holds a closed set of values, as table.column: a CHECK made by check_in().
CHECKED_COLUMNS = {
    "board_topics.kind",
    "board_topics.urgency",
    "board_reactions.kind",
    "board_help_invites.status",
    "memberships.role",
    "memberships.status",
    "join_requests.status",
    "programs.format",
    "programs.status",
    "programs.matching_mode",
    "enrollments.role",
    "enrollments.status",
    "mentorships.kind",
    "mentorships.status",
    "mentorships.origin",
    "mentorship_members.role",
    "match_suggestions.status",
    "pair_decisions.decision",
    "mentor_requests.status",
    "reports.target_type",
    "reports.reason",
    "reports.status",
    "space_admin_alerts.reason",
    "space_lifecycle_events.action",
    "space_lifecycle_events.from_status",
    "space_lifecycle_events.to_status",
    "call_sessions.status",
    "call_sessions.place_kind",
    "outcome_goals.status",
    "outcome_surveys.moment",
    "outcome_survey_questions.kind",
    "outcome_survey_deliveries.kind",
    "community_events.status",
    "community_events.place_kind",
    "event_rsvps.answer",
    "invitations.kind",
}


def enum_checks():
    """(table, CheckConstraint) for every CHECK made from an enum, from the models' metadata."""
    return [
        (table, constraint)
        for table in db.metadata.sorted_tables
        for constraint in table.constraints
        if isinstance(constraint, CheckConstraint) and "enum" in constraint.info
    ]


def quoted_values(sql: str) -> list[str]:
    """The string literals of a CHECK as the database gives it back (PostgreSQL adds ::casts)."""
    return re.findall(r"'([^']*)'", sql)


def test_each_enum_equals_its_check_in_the_database(app):
    checks = enum_checks()
    assert {f"{table.name}.{c.info['column']}" for table, c in checks} == CHECKED_COLUMNS
    inspector = inspect(db.engine)
    for table, constraint in checks:
        values = [member.value for member in constraint.info["enum"]]
        assert quoted_values(str(constraint.sqltext)) == values, constraint.name
        reflected = {c["name"]: c["sqltext"] for c in inspector.get_check_constraints(table.name)}
        assert constraint.name in reflected, f"{constraint.name} is missing from the database"
        assert quoted_values(reflected[constraint.name]) == values, constraint.name
        column = table.columns[constraint.info["column"]]
        assert isinstance(column.type, String), f"{column} keeps its String type"
        assert all(len(value) <= column.type.length for value in values), f"a value of {column} is too long"
        if column.default is not None and not callable(column.default.arg):
            assert column.default.arg in values, f"the default of {column} is outside its set"


def test_the_tuples_and_labels_other_code_imports_come_from_the_enums():
    assert FORMATS == tuple(ProgramFormat) == ("one_to_one", "group", "reverse")
    assert MATCHING_MODES == tuple(MatchingMode) == ("admin", "suggested", "mentee_choice")
    assert TOPIC_KINDS == tuple(TopicKind) == ("discussion", "help")
    assert TARGET_TYPES == tuple(ReportTarget) == ("topic", "post", "member", "message")
    assert list(URGENCIES) == list(Urgency) == ["low", "normal", "high"]
    assert list(REACTION_KINDS) == list(ReactionKind) == ["thanks", "helpful"]
    assert list(REASONS) == list(ReportReason)
    assert REASONS["spam"] == "Spam or advertising" and URGENCIES["high"] == "Urgent: today if possible"
    assert "help" in TOPIC_KINDS and "panic" not in URGENCIES


def test_a_member_is_its_string_and_the_database_gives_back_plain_strings(app):
    assert MentorshipStatus.ACTIVE == "active" and f"{MentorshipStatus.ACTIVE}" == "active"
    admin = make_user("Ada")
    community = make_community(admin)
    make_program(community, admin, status="draft")
    db.session.expire_all()
    row = db.session.execute(select(Program.format, Program.status, Program.matching_mode)).one()
    assert tuple(row) == ("one_to_one", "draft", "suggested")
    assert all(type(value) is str for value in row)


def _world():
    admin = make_user("Ada")
    community = make_community(admin)
    program = make_program(community, admin, status="open")
    return admin, community, program


# A new row with one value outside its set, built from a small world.
BAD_INSERTS = {
    "mentorships.status": lambda admin, community, program: Mentorship(community_id=community.id, status="archived"),
    "mentorships.kind": lambda admin, community, program: Mentorship(community_id=community.id, kind="trio"),
    "programs.format": lambda admin, community, program: Program(
        community_id=community.id, title="Odd", format="triangle"
    ),
    "programs.checkin_weekday": lambda admin, community, program: Program(
        community_id=community.id, title="Odd", checkin_weekday=7
    ),
    "enrollments.role": lambda admin, community, program: Enrollment(
        program_id=program.id, user_id=make_user().id, role="boss"
    ),
    "memberships.role": lambda admin, community, program: Membership(
        community_id=community.id, user_id=make_user().id, role="owner"
    ),
    "reports.reason": lambda admin, community, program: Report(
        community_id=community.id, reporter_id=admin.id, target_type="member", target_id=admin.id, reason="boredom"
    ),
    "reports.target_type": lambda admin, community, program: Report(
        community_id=community.id, reporter_id=admin.id, target_type="program", target_id=program.id, reason="spam"
    ),
    "board_topics.urgency": lambda admin, community, program: Topic(
        community_id=community.id, author_id=admin.id, kind="help", title="Now!", urgency="panic"
    ),
    "board_reactions.kind": lambda admin, community, program: Reaction(
        post_id=make_reply(make_topic(community, admin), admin).id, user_id=admin.id, kind="downvote"
    ),
}


@pytest.mark.parametrize("column", list(BAD_INSERTS))
def test_a_value_outside_the_set_is_refused_on_insert(app, column):
    admin, community, program = _world()
    row = BAD_INSERTS[column](admin, community, program)
    db.session.add(row)
    # The CHECK refuses it (its name is in the message on both databases), not some other rule.
    with pytest.raises(IntegrityError, match="ck_" + column.replace(".", "_")):
        db.session.flush()
    db.session.rollback()


def test_a_value_outside_the_set_is_refused_on_update_and_a_value_inside_is_kept(app):
    admin, community, program = _world()
    enrollment = make_enrollment(program, make_user(), status="pending")
    topic = make_topic(community, admin, kind="help", urgency="low")
    with pytest.raises(IntegrityError, match="ck_enrollments_status"):
        db.session.execute(update(Enrollment).where(Enrollment.id == enrollment.id).values(status="maybe"))
    db.session.rollback()
    with pytest.raises(IntegrityError, match="ck_board_topics_kind"):
        db.session.execute(update(Topic).where(Topic.id == topic.id).values(kind="poll"))
    db.session.rollback()
    db.session.execute(update(Enrollment).where(Enrollment.id == enrollment.id).values(status="waitlisted"))
    db.session.commit()
    assert db.session.scalar(select(Enrollment.status).where(Enrollment.id == enrollment.id)) == "waitlisted"
