"""Who reads the goals of a sign-up (issue 20, finding 10): the form says it, and the pages keep it.

In a mentee-choice program the mentors offer themselves in a directory: their goals and topics are their
introduction, shown to the community's members there. Every other goal (a mentee's; a mentor's in a program
the admins pair) is read by the program's admins and, once paired, the partner (or the mentor a mentee asks).
"""

from tests.factories import make_community, make_enrollment, make_program, make_user

MENTOR_GOALS = "Help people move into data engineering roles"
MENTEE_GOALS = "Leave my retail job for a junior analyst position"


def _world(matching_mode: str):
    admin, mentor, mentee, member = make_user("Ada"), make_user("Mel Mentor"), make_user("Tee"), make_user("Mo")
    community = make_community(admin=admin, members=[mentor, mentee, member])
    program = make_program(community, admin, status="open", matching_mode=matching_mode)
    make_enrollment(program, mentor, "mentor", goals=MENTOR_GOALS)
    make_enrollment(program, mentee, "mentee", goals=MENTEE_GOALS)
    return community, program, {"admin": admin, "mentor": mentor, "mentee": mentee, "member": member}


def _seen(client, community, program) -> str:
    base = f"/c/{community.slug}/programs/{program.id}"
    pages = [base, base + "/mentors", "/programs", f"/c/{community.slug}/programs"]
    return "".join(client.get(page).get_data(as_text=True) for page in pages)


def test_a_directory_program_says_that_mentors_goals_are_shown_and_shows_them_alone(login_as):
    community, program, people = _world("mentee_choice")
    signup = login_as(people["member"]).get(f"/c/{community.slug}/programs/{program.id}/signup")
    assert "mentor directory, where mentees choose whom to ask" in signup.get_data(as_text=True)
    seen = _seen(login_as(people["member"]), community, program)
    assert MENTOR_GOALS in seen and MENTEE_GOALS not in seen


def test_elsewhere_the_form_promises_admins_and_partner_and_no_member_sees_goals(login_as):
    community, program, people = _world("suggested")
    signup = login_as(people["member"]).get(f"/c/{community.slug}/programs/{program.id}/signup")
    html = signup.get_data(as_text=True)
    assert "once you are paired, by your partner: nobody else" in html and "mentor directory" not in html
    seen = _seen(login_as(people["member"]), community, program)
    assert MENTOR_GOALS not in seen and MENTEE_GOALS not in seen
