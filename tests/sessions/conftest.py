"""A pair in a running program with shared evening slots, 13 hours apart (Tokyo and New York)."""

from types import SimpleNamespace

import pytest

from tests.factories import make_community, make_enrollment, make_mentorship, make_program, make_user


@pytest.fixture
def pair(app):
    return make_pair()


def make_pair() -> SimpleNamespace:
    """Sam (mentor, Tokyo) and Lin (mentee, New York) in a running program, with slots that meet."""
    mentor = make_user("Sam Mentor", timezone="Asia/Tokyo")
    mentee = make_user("Lin Mentee", timezone="America/New_York")
    admin = make_user("Ada Admin")
    community = make_community(admin=admin, members=[mentor, mentee])
    program = make_program(community, admin, status="running")
    make_enrollment(program, mentor, "mentor", timezone="Asia/Tokyo", availability=["tue-morning", "wed-morning"])
    make_enrollment(program, mentee, "mentee", timezone="America/New_York", availability=["mon-evening", "tue-evening"])
    mentorship = make_mentorship(community, mentor, mentee, program=program)
    return SimpleNamespace(mentor=mentor, mentee=mentee, admin=admin, community=community, mentorship=mentorship)
