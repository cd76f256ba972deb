"""Program health figures kept per process: at most HEALTH_CACHE_SECONDS old, fresh for a given moment."""

from datetime import timedelta

import pytest

from mentorship.extensions import db
from mentorship.models import CheckIn, utcnow
from mentorship.services.programs import health
from tests.factories import add_member, make_community, make_mentorship, make_space_program, make_user


@pytest.fixture
def pair(app):
    admin = make_user("Admin")
    community = make_community(admin=admin)
    program = make_space_program(community, weeks=8)
    mentor, mentee = make_user("Mentor"), make_user("Mentee")
    for person in (mentor, mentee):
        add_member(community, person)
    mentorship = make_mentorship(community, mentor, mentee, program=program)
    mentorship.started_at = utcnow() - timedelta(days=20)
    db.session.commit()
    health.forget()
    app.config["HEALTH_CACHE_SECONDS"] = 60
    yield admin, community, program, mentorship, mentor
    health.forget()


def _check_in(mentorship, user, week):
    db.session.add(CheckIn(mentorship_id=mentorship.id, user_id=user.id, week=week, rating=4))
    db.session.commit()


def test_figures_are_kept_until_they_expire(pair, monkeypatch):
    _admin, _community, program, mentorship, mentor = pair
    assert health.program_health(program.id)["tables"]["checkins"].rows[0] == [1, 0.0, 0, None]
    _check_in(mentorship, mentor, 1)
    # Within the minute the page shows what it showed ...
    assert health.program_health(program.id)["tables"]["checkins"].rows[0] == [1, 0.0, 0, None]
    # ... a caller asking for its own moment always gets fresh figures ...
    assert health.program_health(program.id, now=utcnow())["tables"]["checkins"].rows[0] == [1, 0.5, 1, 4.0]
    # ... and once the minute is over, so does the page.
    later = health.time.monotonic() + 61
    monkeypatch.setattr(health.time, "monotonic", lambda: later)
    assert health.program_health(program.id)["tables"]["checkins"].rows[0] == [1, 0.5, 1, 4.0]


def test_the_attention_list_is_kept_and_forgotten(pair):
    _admin, _community, program, mentorship, mentor = pair
    table, total = health.attention_rows(program.id)
    assert total == 1 and "Quiet for 14 days" in table.rows[0][2]
    _check_in(mentorship, mentor, 3)
    assert health.attention_rows(program.id)[1] == 1  # kept
    health.forget(program.id)
    assert health.attention_rows(program.id)[1] == 0


def test_nothing_is_kept_when_the_setting_is_zero(pair, app):
    _admin, _community, program, mentorship, mentor = pair
    app.config["HEALTH_CACHE_SECONDS"] = 0
    assert health.attention_rows(program.id)[1] == 1
    _check_in(mentorship, mentor, 3)
    assert health.attention_rows(program.id)[1] == 0
