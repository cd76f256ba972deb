"""Bad input on every program form: a clear message, a 422, nothing stored and the person's input kept."""

import io
import json
from html import unescape

import pytest
from sqlalchemy import func, select

from mentorship.extensions import db
from mentorship.models import Block, Enrollment, Mentorship, Program, ProgramStep
from mentorship.models.matching import MentorRequest
from tests.factories import make_community, make_enrollment, make_mentorship, make_program, make_user


@pytest.fixture
def w(app, login_as):
    admin, member = make_user("Ada Admin"), make_user("Mia Member")
    community = make_community(admin=admin, members=[member])
    program = make_program(community, admin, status="open")
    return {"admin": admin, "member": member, "community": community, "program": program, "login_as": login_as}


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def signup_data(**overrides):
    data = {
        "role": "mentor",
        "goals": "Help new analysts find their feet",
        "topics": "sql, data-visualisation",
        "experience_years": "7",
        "availability": ["tue-evening", "sat-morning"],
        "timezone": "Europe/Lisbon",
        "languages": "english, portuguese",
        "capacity": "2",
        "answer_0": "Run my own consultancy",
        "answer_1": "Short calls suit me",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"goals": ""}, "Tell us your goals"),
        ({"goals": "short"}, "10 to 2,000 characters"),
        ({"topics": ""}, "Add at least one topic"),
        ({"topics": "sql, <script>"}, "Tags use letters"),
        ({"capacity": "0"}, "whole number from 1 to 10"),
        ({"capacity": "100"}, "whole number from 1 to 10"),
        ({"capacity": "two"}, "whole number from 1 to 10"),
        ({"timezone": "Mars/Olympus_Mons"}, "Choose a timezone from the list"),
        ({"availability": None}, "Tick at least one time"),
        ({"experience_years": "-1"}, "whole number from 0 to 60"),
        ({"role": "boss"}, "Choose mentor or mentee"),
        ({"answer_1": ""}, "Please answer this question"),
        ({"languages": "english, !!"}, "Tags use letters"),
    ],
)
def test_sign_up_bad_input(w, overrides, message):
    client = w["login_as"](w["member"])
    response = client.post(f"/c/{w['community'].slug}/programs/{w['program'].id}/signup", data=signup_data(**overrides))
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in body
    assert 'aria-invalid="true"' in body or 'class="error"' in body
    assert count(Enrollment) == 0
    if "goals" not in overrides:
        assert "Help new analysts find their feet" in body
    if "topics" not in overrides:
        assert 'value="sql, data-visualisation"' in body
    assert (
        'value="tue-evening" id="availability-tue-evening" checked' in body or overrides.get("availability", 1) is None
    )


def test_a_mentee_needs_no_capacity_and_gets_one(w):
    client = w["login_as"](w["member"])
    data = signup_data(role="mentee", capacity="")
    response = client.post(f"/c/{w['community'].slug}/programs/{w['program'].id}/signup", data=data)
    assert response.status_code == 303
    enrollment = db.session.scalar(select(Enrollment))
    assert (enrollment.role, enrollment.capacity, enrollment.status) == ("mentee", 1, "pending")
    assert enrollment.topics == ["sql", "data-visualisation"] and enrollment.timezone == "Europe/Lisbon"
    assert enrollment.availability == ["tue-evening", "sat-morning"]
    assert enrollment.answers == {
        w["program"].signup_questions[0]: "Run my own consultancy",
        w["program"].signup_questions[1]: "Short calls suit me",
    }


def test_signing_up_twice_is_refused_and_an_approved_role_is_fixed(w):
    make_enrollment(w["program"], w["member"], "mentee", status="approved")
    client = w["login_as"](w["member"])
    response = client.post(
        f"/c/{w['community'].slug}/programs/{w['program'].id}/signup", data=signup_data(role="mentor")
    )
    assert response.status_code == 422
    assert "role can't change after an admin approved" in unescape(response.get_data(as_text=True))
    assert db.session.scalar(select(Enrollment.role)) == "mentee"


def test_a_mentor_cannot_lower_capacity_below_their_current_mentees(w):
    mentor = make_enrollment(w["program"], w["member"], "mentor", capacity=2)
    make_mentorship(w["community"], w["member"], [make_user()], program=w["program"])
    make_mentorship(w["community"], w["member"], [make_user()], program=w["program"])
    client = w["login_as"](w["member"])
    response = client.post(
        f"/c/{w['community'].slug}/programs/{w['program'].id}/signup", data=signup_data(capacity="1")
    )
    assert response.status_code == 422
    assert "capacity can't be lower" in unescape(response.get_data(as_text=True))
    db.session.refresh(mentor)
    assert mentor.capacity == 2


def settings_data(**overrides):
    data = {
        "title": "Career advancement",
        "description": "A program.",
        "format": "one_to_one",
        "weeks": "8",
        "matching_mode": "suggested",
        "default_capacity": "2",
        "circle_size": "5",
        "checkin_weekday": "0",
        "signup_questions": "What do you want?",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"title": ""}, "Give the program a title"),
        ({"weeks": "0"}, "whole number from 1 to 26"),
        ({"weeks": "27"}, "whole number from 1 to 26"),
        ({"weeks": "many"}, "whole number from 1 to 26"),
        ({"default_capacity": "0"}, "whole number from 1 to 10"),
        ({"default_capacity": "100"}, "whole number from 1 to 10"),
        ({"circle_size": "1"}, "whole number from 2 to 12"),
        ({"signup_questions": "\n".join(f"Question {i}?" for i in range(6))}, "at most 5 questions"),
        ({"format": "group"}, "only be changed while the program is a draft"),
    ],
)
def test_program_settings_bad_input(w, overrides, message):
    client = w["login_as"](w["admin"])
    program = w["program"]
    response = client.post(f"/c/{w['community'].slug}/programs/{program.id}/edit", data=settings_data(**overrides))
    body = response.get_data(as_text=True)
    assert response.status_code == 422 and message in body
    db.session.expire_all()
    saved = db.session.get(Program, program.id)
    assert (saved.weeks, saved.default_capacity, saved.format) == (8, 2, "one_to_one")
    assert len(saved.steps) == 8
    assert "A program." in body


def test_mentee_choice_is_refused_for_a_group_draft(w):
    client = w["login_as"](w["admin"])
    draft = make_program(w["community"], w["admin"], status="draft")
    data = settings_data(format="group", matching_mode="mentee_choice")
    response = client.post(f"/c/{w['community'].slug}/programs/{draft.id}/edit", data=data)
    assert response.status_code == 422
    assert "Circles are built by the matcher" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Program, draft.id).format == "one_to_one"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"w3-title": ""}, "Every week needs a title"),
        ({"w3-guidance": ""}, "Write some guidance"),
        ({"w3-guidance": "x" * 5001}, "under 5000 characters"),
    ],
)
def test_step_bad_input(w, overrides, message):
    client = w["login_as"](w["admin"])
    program = w["program"]
    before = [(s.title, s.guidance) for s in program.steps]
    data = {"w3-title": "Kept title", "w3-guidance": "Kept guidance", "w3-activity": "Kept activity", **overrides}
    response = client.post(f"/c/{w['community'].slug}/programs/{program.id}/steps/3", data=data)
    body = response.get_data(as_text=True)
    assert response.status_code == 422 and message in body
    assert "Kept activity" in body
    db.session.expire_all()
    assert [(s.title, s.guidance) for s in db.session.get(Program, program.id).steps] == before


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Choose a template"),
        ({"template": "made-up"}, "Choose a template"),
        ({"template": "group-circle", "title": "x" * 121}, "at most 120"),
    ],
)
def test_new_program_bad_input(w, data, message):
    client = w["login_as"](w["admin"])
    response = client.post(f"/c/{w['community'].slug}/programs/new", data=data)
    assert response.status_code == 422 and message in response.get_data(as_text=True)
    assert count(Program) == 1


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Choose a file or paste its contents"),
        ('{"title": "Broken", "steps": [', "not valid JSON"),
        (json.dumps({"title": "Long", "steps": [{"title": f"W{i}"} for i in range(30)]}), "at most 26 weeks"),
        (json.dumps({"title": "No titles", "steps": [{"guidance": "a"}, {"title": ""}]}), "Week 1 has no title"),
        (json.dumps({"steps": [{"title": "a"}]}), "needs a title"),
        ("[" * 50_000 + "]" * 50_000, "nested more than 10 levels deep"),
        ('{"title": "[[[[[[[[[[[[[[[[[[[[[[[[[[", "steps": [' + "[" * 7, "not valid JSON"),
        (json.dumps({"title": "Big", "steps": [{"title": "x" * 1000} for _ in range(201)]}), "larger than 200 KB"),
    ],
)
def test_import_bad_input_keeps_the_pasted_text(w, text, message):
    client = w["login_as"](w["admin"])
    response = client.post(f"/c/{w['community'].slug}/programs/import", data={"text": text})
    body = response.get_data(as_text=True)
    assert response.status_code == 422 and message in body
    if text:
        assert text in unescape(body)
    assert count(Program) == 1 and count(ProgramStep) == 8


def test_import_from_an_uploaded_file(w):
    client = w["login_as"](w["admin"])
    good = json.dumps({"title": "From a file", "steps": [{"title": "One", "guidance": "Meet."}]}).encode()
    bad = b"\xff\xfe not json"
    url = f"/c/{w['community'].slug}/programs/import"
    response = client.post(url, data={"file": (io.BytesIO(bad), "x.json")}, content_type="multipart/form-data")
    assert response.status_code == 422 and "not valid JSON" in response.get_data(as_text=True)
    response = client.post(url, data={"file": (io.BytesIO(good), "p.json")}, content_type="multipart/form-data")
    assert response.status_code == 303
    assert db.session.scalar(select(Program.title).where(Program.title == "From a file"))


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"[" * 60_000 + b"]" * 60_000, "nested more than 10 levels"), (b" " * 300_000, "larger than 200 KB")],
)
def test_a_deep_or_large_uploaded_file_is_refused_with_a_message(w, content, message):
    url = f"/c/{w['community'].slug}/programs/import"
    response = w["login_as"](w["admin"]).post(
        url, data={"file": (io.BytesIO(content), "deep.json")}, content_type="multipart/form-data"
    )
    assert response.status_code == 422 and message in response.get_data(as_text=True)
    assert count(Program) == 1


WEIGHTS = {
    "w_topics": "40",
    "w_goals": "20",
    "w_timezone": "15",
    "w_availability": "15",
    "w_experience": "10",
    "w_language": "0",
}


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"w_topics": "150"}, "whole number from 0 to 100"),
        ({"w_goals": "lots"}, "whole number from 0 to 100"),
        ({k: "0" for k in WEIGHTS}, "at least one field some weight"),
        ({"must": "language"}, "needs some weight on its field: language"),
    ],
)
def test_weights_bad_input(w, overrides, message):
    client = w["login_as"](w["admin"])
    program = w["program"]
    before = dict(program.match_weights)
    response = client.post(
        f"/c/{w['community'].slug}/programs/{program.id}/matching/weights", data={**WEIGHTS, **overrides}
    )
    body = response.get_data(as_text=True)
    assert response.status_code == 422 and message in body
    if overrides.get("w_goals") == "lots":
        assert 'value="lots"' in body
    db.session.expire_all()
    assert db.session.get(Program, program.id).match_weights == before


def test_pair_by_hand_bad_input(w):
    client = w["login_as"](w["admin"])
    program = w["program"]
    mentor = make_enrollment(program, make_user("Mentor Max"), "mentor")
    mentee = make_enrollment(program, make_user("Mentee Meg"), "mentee")
    url = f"/c/{w['community'].slug}/programs/{program.id}/matching/pair"
    response = client.post(url, data={"mentor": "0"})
    assert response.status_code == 422 and "Choose a mentor and a mentee" in response.get_data(as_text=True)
    db.session.add(Block(blocker_id=mentee.user_id, blocked_id=mentor.user_id))
    db.session.commit()
    response = client.post(url, data={"mentor": str(mentor.id), "mentees": str(mentee.id)})
    body = response.get_data(as_text=True)
    assert response.status_code == 422 and "blocked" in body
    assert f'<option value="{mentee.id}" selected>' in body
    assert count(Mentorship) == 0


def test_mentor_request_bad_input(w):
    program = make_program(w["community"], w["admin"], status="open", matching_mode="mentee_choice")
    me = make_enrollment(program, w["member"], "mentee")
    mentors = [make_enrollment(program, make_user(f"Mentor {i}"), "mentor") for i in range(3)]
    client = w["login_as"](w["member"])
    url = f"/c/{w['community'].slug}/programs/{program.id}/mentors/{{}}/request"
    response = client.post(url.format(mentors[0].id), data={"message": "x" * 1001})
    assert response.status_code == 422 and "under 1,000 characters" in response.get_data(as_text=True)
    assert count(MentorRequest) == 0
    for mentor in mentors[:2]:
        assert client.post(url.format(mentor.id), data={"message": "Hi"}).status_code == 303
    response = client.post(url.format(mentors[2].id), data={"message": "Please, my note"})
    body = response.get_data(as_text=True)
    assert response.status_code == 422 and "at most 2 open requests" in body and "Please, my note" in body
    assert count(MentorRequest) == 2 and me.status == "approved"


def test_deciding_a_sign_up_with_an_unknown_decision_changes_nothing(w, login_as):
    pending = make_enrollment(w["program"], w["member"], "mentee", status="pending")
    url = f"/c/{w['community'].slug}/programs/{w['program'].id}/signups/{pending.id}"
    response = login_as(w["admin"], htmx=True).post(url, data={"decision": "promote"})
    assert response.status_code == 422 and "Choose approve, waitlist or decline" in response.get_data(as_text=True)
    response = login_as(w["admin"]).post(url, data={"decision": "promote"})
    assert response.status_code == 303
    db.session.refresh(pending)
    assert pending.status == "pending"


def test_signing_up_again_after_withdrawing_may_change_role(w):
    old = make_enrollment(w["program"], w["member"], "mentee", status="withdrawn", unmatched_rounds=2)
    client = w["login_as"](w["member"])
    response = client.post(f"/c/{w['community'].slug}/programs/{w['program'].id}/signup", data=signup_data())
    assert response.status_code == 303
    db.session.refresh(old)
    assert (old.role, old.status, old.capacity, old.unmatched_rounds) == ("mentor", "pending", 2, 0)
    assert count(Enrollment) == 1


def test_a_step_posted_without_its_optional_activity_is_saved_with_an_empty_one(w):
    """The activity is optional: a post that leaves the field out saves an empty one (the fuzz pass found a 500)."""
    client = w["login_as"](w["admin"])
    program = w["program"]
    data = {"w3-title": "Week three", "w3-guidance": "Read one case study."}
    response = client.post(f"/c/{w['community'].slug}/programs/{program.id}/steps/3", data=data)
    assert response.status_code == 303
    db.session.expire_all()
    step = next(s for s in db.session.get(Program, program.id).steps if s.week == 3)
    assert (step.title, step.guidance, step.activity) == ("Week three", "Read one case study.", "")
