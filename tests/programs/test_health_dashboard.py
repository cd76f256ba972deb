"""Program and community health: access, aggregates vs hand-made data, CSV, privacy, queries, nudges."""

import pytest

from tests.factories import add_member, make_community, make_mentorship, make_space_program, make_user


@pytest.fixture
def world(app):
    """A community with an admin, a moderator, a member, one program and two pairs; another community."""
    admin, moderator, member = make_user("Admin"), make_user("Mod"), make_user("Plain")
    community = make_community(admin=admin, members=[member])
    add_member(community, moderator, "moderator")
    program = make_space_program(community, weeks=8)
    mentor, mentee = make_user("Mentor A"), make_user("Mentee A")
    other_mentor, other_mentee = make_user("Mentor B"), make_user("Mentee B")
    for person in (mentor, mentee, other_mentor, other_mentee):
        add_member(community, person)
    pair = make_mentorship(community, mentor, mentee, program=program)
    other_pair = make_mentorship(community, other_mentor, other_mentee, program=program)
    elsewhere_admin, elsewhere_member = make_user("Far admin"), make_user("Far member")
    elsewhere = make_community(admin=elsewhere_admin, members=[elsewhere_member])
    return {
        "community": community,
        "program": program,
        "pair": pair,
        "other_pair": other_pair,
        "people": {
            "admin": admin,
            "moderator": moderator,
            "member": member,
            "pair_member": mentee,
            "other_pair_member": other_mentee,
            "other_community_member": elsewhere_member,
            "other_community_admin": elsewhere_admin,
        },
        "elsewhere": elsewhere,
    }


def _routes(w):
    c, p, pair = w["community"].slug, w["program"].id, w["pair"].id
    return [
        ("get", f"/c/{c}/programs/{p}/health"),
        ("get", f"/c/{c}/programs/{p}/health/checkins.csv"),
        ("get", f"/c/{c}/programs/{p}/health/attention.csv"),
        ("get", f"/c/{c}/health"),
        ("get", f"/c/{c}/health/members.csv"),
        ("post", f"/c/{c}/programs/{p}/health/nudge/{pair}"),
    ]


PEOPLE = [
    ("visitor", 302),
    ("member", 403),
    ("moderator", 403),
    ("pair_member", 403),
    ("other_pair_member", 403),
    ("other_community_member", 403),
    ("other_community_admin", 403),
    ("admin", 200),
]


@pytest.mark.parametrize("route_index", range(6))
@pytest.mark.parametrize(("person", "expected"), PEOPLE)
def test_only_the_communitys_admins_get_in(world, client, login_as, route_index, person, expected):
    method, url = _routes(world)[route_index]
    browser = client if person == "visitor" else login_as(world["people"][person])
    response = getattr(browser, method)(url)
    if method == "post" and person == "admin":
        expected = 303
    assert response.status_code == expected
    if expected == 302:
        assert "/login" in response.headers["Location"]


def test_another_communitys_program_is_404_to_this_admin(world, login_as):
    far_program = make_space_program(world["elsewhere"])
    browser = login_as(world["people"]["admin"])
    assert browser.get(f"/c/{world['community'].slug}/programs/{far_program.id}/health").status_code == 404
    assert browser.get(f"/c/{world['elsewhere'].slug}/programs/{far_program.id}/health").status_code == 403


def test_unknown_table_is_404(world, login_as):
    browser = login_as(world["people"]["admin"])
    assert browser.get(f"/c/{world['community'].slug}/health/nope.csv").status_code == 404
