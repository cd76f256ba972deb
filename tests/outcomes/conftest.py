"""A running program from the career template (with its start and end surveys) and a pair introduced in it, so
the mentee's sign-up goals are already draft goals; plus the admin, a member and another pair for access."""

from types import SimpleNamespace

import pytest

from mentorship.extensions import db
from mentorship.services.programs.pairing import create_mentorship
from tests.factories import add_member, make_community, make_enrollment, make_program, make_user

SIGNUP_GOALS = "Lead my first data project\nLearn to present results to managers"


def make_outcome_pair(goals: str = SIGNUP_GOALS) -> SimpleNamespace:
    admin, member = make_user("Ada Admin"), make_user("Mia Member")
    mentor, mentee = make_user("Lin Mentor"), make_user("Sam Mentee")
    other_mentor, other_mentee = make_user("Oli Othermentor"), make_user("Pia Othermentee")
    community = make_community(admin=admin, members=[member, mentor, mentee, other_mentor, other_mentee])
    program = make_program(community, admin, status="running")
    mentor_row = make_enrollment(program, mentor, "mentor")
    mentee_row = make_enrollment(program, mentee, "mentee", goals=goals)
    mentorship = create_mentorship(program, mentor_row, [mentee_row])
    other = create_mentorship(
        program, make_enrollment(program, other_mentor, "mentor"), [make_enrollment(program, other_mentee, "mentee")]
    )
    db.session.commit()
    return SimpleNamespace(
        admin=admin,
        member=member,
        mentor=mentor,
        mentee=mentee,
        other_mentor=other_mentor,
        community=community,
        program=program,
        mentorship=mentorship,
        other=other,
    )


@pytest.fixture
def pair(app):
    return make_outcome_pair()


def add_people(community, count: int, start: int = 0):
    people = []
    for i in range(count):
        person = make_user(f"Person {start + i}")
        add_member(community, person)
        people.append(person)
    return people
