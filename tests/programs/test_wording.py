"""Wording (issue 14, points 14, 18, 19): a program's own role words in a grammatical sign-up link, a circle's
check-in hint that says who sees it, the main thread saying who sees it, plurals of unread messages."""

from tests.factories import make_community, make_mentorship, make_program, make_user


def test_a_reverse_programs_sign_up_links_quote_its_role_words(login_as):
    admin = make_user()
    community = make_community(admin=admin)
    program = make_program(community, admin, template="reverse-mentorship", status="open")
    page = login_as(admin).get(f"/c/{community.slug}/programs/{program.id}").get_data(as_text=True)
    assert "Sign up: Teach (the newer member)" in page and "Join as teach" not in page


def test_a_circle_says_who_sees_the_check_in_and_the_thread(login_as):
    mentor, first, second = make_user(), make_user(), make_user()
    community = make_community(admin=make_user(), members=[mentor, first, second])
    circle = make_mentorship(community, mentor, [first, second])
    client = login_as(first)
    assert "The other members of your circle see it" in client.get(f"/m/{circle.id}/checkin").get_data(as_text=True)
    assert "Only the members of this circle see this thread" in client.get(f"/m/{circle.id}").get_data(as_text=True)
    pair = make_mentorship(community, mentor, [make_user()])
    page = login_as(mentor).get(f"/m/{pair.id}").get_data(as_text=True)
    assert "Only the two of you see this thread; admins and moderators don&#39;t." in page or (
        "Only the two of you see this thread; admins and moderators don't." in page
    )


def test_a_suggestion_reads_as_words_first_with_the_points_behind_details(login_as):
    from mentorship.services.programs.runs import run_matching
    from tests.factories import make_enrollment

    admin, mentor, mentee = make_user(), make_user(), make_user()
    community = make_community(admin=admin, members=[mentor, mentee])
    program = make_program(community, admin, status="open")
    make_enrollment(program, mentor, "mentor", topics=["sql", "leadership"], capacity=2)
    make_enrollment(program, mentee, "mentee", topics=["sql", "leadership"])
    run_matching(program, admin)
    page = login_as(admin).get(f"/c/{community.slug}/programs/{program.id}/matching/").get_data(as_text=True)
    assert any(word in page for word in ("Strong match", "Good match", "Possible match"))
    assert "Details: score" in page and "pts" not in page and " / 100" not in page


def test_a_sign_up_decision_says_the_same_in_place_and_after_a_redirect(login_as):
    from tests.factories import make_enrollment

    admin = make_user()
    community = make_community(admin=admin)
    program = make_program(community, admin, status="open")
    first, second = (make_enrollment(program, make_user(name=n), "mentee", status="pending") for n in ("Ann", "Bo"))
    url = f"/c/{community.slug}/programs/{program.id}/signups"
    in_place = login_as(admin, htmx=True).post(f"{url}/{first.id}", data={"decision": "approve"})
    assert "Ann is now approved and has been told." in in_place.get_data(as_text=True)
    plain = login_as(admin)
    plain.post(f"{url}/{second.id}", data={"decision": "approve"})
    assert "Bo is now approved and has been told." in plain.get(url).get_data(as_text=True)
