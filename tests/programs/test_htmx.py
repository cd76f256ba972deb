"""Each interactive program view answers htmx with its fragment and browsers with the page; query counts."""

import pytest
from sqlalchemy import select

from mentorship.extensions import db
from mentorship.models import Enrollment, Mentorship
from mentorship.models.matching import MatchSuggestion, MentorRequest
from mentorship.services.programs import requests as requests_service
from mentorship.services.programs import runs as match_runs
from tests.factories import add_member, make_community, make_enrollment, make_mentorship, make_program, make_user


@pytest.fixture
def w(app, login_as):
    admin, member = make_user("Ada Admin"), make_user("Mia Member")
    community = make_community(admin=admin, members=[member])
    program = make_program(community, admin, status="open")
    base = f"/c/{community.slug}/programs/{program.id}"
    return {"admin": admin, "member": member, "community": community, "program": program, "base": base}


def assert_fragment(response, target_id, status=200):
    body = response.get_data(as_text=True)
    assert response.status_code == status, body[:300]
    assert "<html" not in body
    assert f'id="{target_id}"' in body
    assert "HX-Request" in response.headers["Vary"]
    return body


def assert_page(response, status=200):
    body = response.get_data(as_text=True)
    assert response.status_code == status
    assert "<html" in body and "HX-Request" in response.headers["Vary"]
    return body


BAD_SIGNUP = {"role": "mentee", "goals": "", "topics": "sql", "experience_years": "1", "timezone": "UTC"}


def test_sign_up_form_errors(w, login_as):
    url = w["base"] + "/signup"
    body = assert_fragment(login_as(w["member"], htmx=True).post(url, data=BAD_SIGNUP), "signup-form", 422)
    assert "Tell us your goals" in body
    assert "Tell us your goals" in assert_page(login_as(w["member"]).post(url, data=BAD_SIGNUP), 422)


def test_sign_up_success_redirects_htmx_and_browsers(w, login_as):
    data = {
        "role": "mentee",
        "goals": "Get my first analyst job",
        "topics": "sql",
        "experience_years": "0",
        "availability": "mon-evening",
        "timezone": "UTC",
        "answer_0": "A job",
        "answer_1": "Calls",
    }
    response = login_as(w["member"], htmx=True).post(w["base"] + "/signup", data=data)
    assert response.status_code == 204 and response.headers["HX-Redirect"] == w["base"]
    assert db.session.scalar(select(Enrollment.status)) == "pending"


def test_inline_validation_of_one_field(w, login_as):
    url = w["base"] + "/signup/check?field=capacity"
    response = login_as(w["member"], htmx=True).post(url, data={"role": "mentor", "capacity": "100"})
    body = assert_fragment(response, "capacity-error")
    assert "whole number from 1 to 10" in body and 'hx-post="' in body and "goals" not in body
    response = login_as(w["member"], htmx=True).post(url, data={"role": "mentor", "capacity": "3"})
    assert "error" not in assert_fragment(response, "capacity")
    plain = login_as(w["member"]).post(url, data={"capacity": "100"})
    assert plain.status_code == 303 and plain.headers["Location"].endswith("/signup")
    assert login_as(w["member"], htmx=True).post(w["base"] + "/signup/check?field=nope").status_code == 400


def test_mentor_directory_active_search(w, login_as):
    program = make_program(w["community"], w["admin"], status="open", matching_mode="mentee_choice")
    make_enrollment(program, make_user("Sql Sue"), "mentor", topics=["sql"])
    make_enrollment(program, make_user("React Rob"), "mentor", topics=["react"])
    url = f"/c/{w['community'].slug}/programs/{program.id}/mentors?topic=react"
    body = assert_fragment(login_as(w["member"], htmx=True).get(url), "mentor-results")
    assert "React Rob" in body and "Sql Sue" not in body
    page = assert_page(login_as(w["member"]).get(url))
    assert "React Rob" in page and 'hx-get="' in page


def test_mentor_request_form_errors(w, login_as):
    program = make_program(w["community"], w["admin"], status="open", matching_mode="mentee_choice")
    mentor = make_enrollment(program, make_user(), "mentor")
    make_enrollment(program, w["member"], "mentee")
    url = f"/c/{w['community'].slug}/programs/{program.id}/mentors/{mentor.id}/request"
    assert_fragment(login_as(w["member"], htmx=True).post(url, data={"message": "x" * 1001}), "request-form", 422)
    assert_page(login_as(w["member"]).post(url, data={"message": "x" * 1001}), 422)


@pytest.mark.parametrize("htmx", [True, False])
def test_mentor_answers_a_request_in_place(w, login_as, htmx):
    program = make_program(w["community"], w["admin"], status="open", matching_mode="mentee_choice")
    mentor = make_enrollment(program, w["member"], "mentor")
    mentee = make_enrollment(program, make_user("Keen Kit"), "mentee")
    request = requests_service.request_mentor(program, mentee, mentor, "Hi!")
    url = f"/c/{w['community'].slug}/programs/{program.id}/requests/{request.id}/accept"
    response = login_as(w["member"], htmx=htmx).post(url)
    if htmx:
        body = assert_fragment(response, f"request-{request.id}")
        assert "Accepted" in body and "/m/" in body
    else:
        assert response.status_code == 303 and response.headers["Location"].endswith("/requests")
    assert db.session.get(MentorRequest, request.id).status == "accepted"
    assert db.session.scalar(select(Mentorship.status)) == "active"


@pytest.mark.parametrize("htmx", [True, False])
def test_admin_approves_a_sign_up_in_place(w, login_as, htmx):
    pending = make_enrollment(w["program"], w["member"], "mentee", status="pending")
    response = login_as(w["admin"], htmx=htmx).post(f"{w['base']}/signups/{pending.id}", data={"decision": "approve"})
    if htmx:
        body = assert_fragment(response, f"signup-{pending.id}")
        assert "Mia Member is now approved" in body and 'value="approve"' not in body
    else:
        assert response.status_code == 303 and response.headers["Location"].endswith("/signups")
    db.session.refresh(pending)
    assert pending.status == "approved"


def test_sign_ups_list_fragment_and_page(w, login_as):
    make_enrollment(w["program"], w["member"], "mentee", status="pending")
    assert "Mia Member" in assert_fragment(login_as(w["admin"], htmx=True).get(w["base"] + "/signups"), "signups")
    assert "Mia Member" in assert_page(login_as(w["admin"]).get(w["base"] + "/signups"))


@pytest.mark.parametrize(("action", "htmx"), [("accept", True), ("accept", False), ("reject", True), ("reject", False)])
def test_admin_decides_a_suggestion_in_place(w, login_as, action, htmx):
    program = w["program"]
    make_enrollment(program, make_user("Mentor Max"), "mentor")
    make_enrollment(program, w["member"], "mentee")
    match_runs.run_matching(program, w["admin"])
    suggestion = db.session.scalar(select(MatchSuggestion))
    response = login_as(w["admin"], htmx=htmx).post(f"{w['base']}/matching/suggestions/{suggestion.id}/{action}")
    if htmx:
        body = assert_fragment(response, f"suggestion-{suggestion.id}")
        assert ("Paired and introduced" if action == "accept" else "Rejected") in body
    else:
        assert response.status_code == 303 and response.headers["Location"].endswith("/matching/")
    db.session.refresh(suggestion)
    assert suggestion.status == ("accepted" if action == "accept" else "rejected")


def test_a_suggestion_that_no_longer_holds_answers_with_its_row_and_the_reason(w, login_as):
    program = w["program"]
    make_enrollment(program, make_user("Mentor Max"), "mentor")
    mentee = make_enrollment(program, w["member"], "mentee")
    match_runs.run_matching(program, w["admin"])
    suggestion = db.session.scalar(select(MatchSuggestion))
    mentee.status = "waitlisted"
    db.session.commit()
    response = login_as(w["admin"], htmx=True).post(f"{w['base']}/matching/suggestions/{suggestion.id}/accept")
    assert "must be approved" in assert_fragment(response, f"suggestion-{suggestion.id}", 422)


def test_step_saved_in_place(w, login_as):
    data = {"w2-title": "Our week two", "w2-guidance": "Talk it through.", "w2-activity": "Write it down."}
    body = assert_fragment(login_as(w["admin"], htmx=True).post(w["base"] + "/steps/2", data=data), "week-2")
    assert "Saved." in body and 'value="Our week two"' in body
    plain = login_as(w["admin"]).post(w["base"] + "/steps/2", data=data)
    assert plain.status_code == 303 and plain.headers["Location"].endswith("#week-2")
    bad = login_as(w["admin"], htmx=True).post(w["base"] + "/steps/2", data={**data, "w2-title": ""})
    assert "Every week needs a title" in assert_fragment(bad, "week-2", 422)
    assert "Every week needs a title" in assert_page(
        login_as(w["admin"]).post(w["base"] + "/steps/2", data={**data, "w2-title": ""}), 422
    )


@pytest.mark.parametrize(
    ("path", "data", "target"),
    [
        ("/new", {"template": "nope"}, "new-program-form"),
        ("/import", {"text": "{"}, "import-form"),
        ("/{id}/edit", {"title": ""}, "program-form"),
    ],
)
def test_admin_forms_answer_htmx_with_the_form(w, login_as, path, data, target):
    url = f"/c/{w['community'].slug}/programs" + path.replace("{id}", str(w["program"].id))
    assert_fragment(login_as(w["admin"], htmx=True).post(url, data=data), target, 422)
    assert_page(login_as(w["admin"]).post(url, data=data), 422)


def test_htmx_request_from_a_visitor_gets_a_login_redirect(w, htmx_client):
    response = htmx_client.post(w["base"] + "/withdraw")
    assert response.status_code == 401 and "/login" in response.headers["HX-Redirect"]


def _fill_program(program, community, admin, people: int) -> None:
    """Half mentors, half mentees, all distinct people; suggestions, some pairs and rules."""
    mentors, mentees = [], []
    for i in range(people // 2):
        mentors.append(make_enrollment(program, make_user(f"Mentor {i}"), "mentor", topics=[f"t{i % 7}", "python"]))
        mentees.append(make_enrollment(program, make_user(f"Mentee {i}"), "mentee", topics=[f"t{i % 5}", "python"]))
    make_enrollment(program, make_user("Waiting"), "mentee", status="pending")
    match_runs.pair_by_hand(program, mentors[0], [mentees[0]], admin)
    match_runs.pair_by_hand(program, mentors[1], [mentees[1]], admin)
    match_runs.set_pair_decision(program, mentors[2], mentees[2], "forbidden", admin)
    if program.matching_mode == "mentee_choice":
        for mentor, mentee in zip(mentors[3:6], mentees[3:6], strict=True):
            requests_service.request_mentor(program, mentee, mentor, "Hello")
    else:
        match_runs.run_matching(program, admin)
    for member in db.session.scalars(select(Enrollment.user_id)).all():
        add_member(community, db.session.get(type(admin), member), commit=False)
    db.session.commit()


def _count(queries, client, url) -> int:
    with queries() as q:
        response = client.get(url)
    assert response.status_code == 200, url
    return q.count


@pytest.mark.parametrize("page", ["/matching/", "/signups?status=approved", "", "/../", "/mentors"])
def test_query_counts_do_not_grow_with_sign_ups(app, login_as, queries, page):
    counts = []
    for people in (10, 100):
        admin = make_user()
        community = make_community(admin=admin)
        mode = "mentee_choice" if page == "/mentors" else "suggested"
        program = make_program(community, admin, status="open", matching_mode=mode)
        _fill_program(program, community, admin, people)
        client = login_as(admin)
        url = f"/c/{community.slug}/programs/{program.id}{page}" if page != "/../" else f"/c/{community.slug}/programs"
        if page == "/mentors":
            client = login_as(
                db.session.scalar(
                    select(Enrollment).where(Enrollment.role == "mentee", Enrollment.program_id == program.id)
                ).user
            )
        client.get(url)  # warm caches (templates, zone data)
        counts.append(_count(queries, client, url))
    assert counts[0] == counts[1], counts


def test_dashboard_and_my_programs_query_counts_do_not_grow(app, login_as, queries):
    counts = []
    for pairs in (2, 12):
        me = make_user()
        community = make_community(admin=me)
        program = make_program(community, me, status="open")
        for i in range(pairs):
            make_mentorship(community, make_user(f"Mentee {i}"), [me] if i % 2 else [make_user()], program=program)
            make_mentorship(community, me, [make_user(f"Other {i}")], program=program)
            make_program(community, me, status="open")
        client = login_as(me)
        client.get("/")
        counts.append((_count(queries, client, "/"), _count(queries, client, "/programs")))
    assert counts[0] == counts[1], counts


def test_dashboard_shows_my_mentorships_with_partner_status_and_program(w, login_as):
    partner = make_user("Pat Partner")
    mentorship = make_mentorship(w["community"], partner, w["member"], program=w["program"])
    body = login_as(w["member"]).get("/").get_data(as_text=True)
    assert 'id="dashboard-mentorships"' in body
    assert f'href="/m/{mentorship.id}#now"' in body and "Pat Partner" in body and w["program"].title in body
    assert "active" in body and "the mentee" in body


def test_dashboard_points_a_mentor_to_requests_waiting_for_them(w, login_as):
    program = make_program(w["community"], w["admin"], status="open", matching_mode="mentee_choice")
    mentor = make_enrollment(program, w["member"], "mentor")
    mentee = make_enrollment(program, make_user(), "mentee")
    requests_service.request_mentor(program, mentee, mentor, "")
    body = login_as(w["member"]).get("/").get_data(as_text=True)
    assert "1 mentee is waiting for your answer" in body
    assert f'href="/c/{w["community"].slug}/programs/{program.id}/requests"' in body


def test_program_page_links_a_paired_member_to_their_mentorship(w, login_as):
    mentorship = make_mentorship(w["community"], make_user("Pat"), w["member"], program=w["program"])
    make_enrollment(w["program"], w["member"], "mentee")
    body = login_as(w["member"]).get(w["base"]).get_data(as_text=True)
    assert f'href="/m/{mentorship.id}"' in body and "Open your mentorship" in body


def test_sign_ups_list_marks_paired_people_and_offers_no_decline(w, login_as):
    partner = make_enrollment(w["program"], make_user("Pat Paired"), "mentor")
    me = make_enrollment(w["program"], w["member"], "mentee")
    match_runs.pair_by_hand(w["program"], partner, [me], w["admin"])
    make_enrollment(w["program"], make_user("Una Unpaired"), "mentee")
    body = login_as(w["admin"]).get(w["base"] + "/signups?status=approved").get_data(as_text=True)
    rows = {name: body.split(name, 1)[1].split("</li>", 1)[0] for name in ("Mia Member", "Una Unpaired")}
    assert "Paired" in rows["Mia Member"] and 'value="decline"' not in rows["Mia Member"]
    assert "Paired" not in rows["Una Unpaired"] and 'value="decline"' in rows["Una Unpaired"]
