"""Who may open or do what, per route and person: visitor, member, other community's member, moderator, admin,
and for mentor requests the mentor and mentee involved against everyone else."""

import json
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from mentorship.extensions import db
from mentorship.models import Enrollment, Mentorship, Program
from mentorship.models.matching import MatchSuggestion, MentorRequest, PairDecision
from tests.conftest import login_client
from tests.factories import add_member, make_community, make_enrollment, make_program, make_user

PEOPLE = ("visitor", "member", "outsider", "moderator", "admin")
ADMIN_ONLY = {"visitor": 302, "member": 403, "outsider": 403, "moderator": 403}
MEMBERS = {"visitor": 302, "member": 200, "outsider": 403, "moderator": 200, "admin": 200}


@pytest.fixture
def w(app):
    """A community with a member, moderator and admin, another community's member, and three programs."""
    admin, moderator, member, outsider = make_user("Admin"), make_user("Mod"), make_user("Member"), make_user("Out")
    community = make_community(admin=admin, members=[member])
    add_member(community, moderator, "moderator")
    make_community(admin=outsider)
    program = make_program(community, admin, status="open")
    draft = make_program(community, admin, status="draft")
    choice = make_program(community, admin, status="open", matching_mode="mentee_choice")
    mentor = make_enrollment(program, make_user("Mentor"), "mentor")
    mentee = make_enrollment(program, make_user("Mentee"), "mentee")
    pending = make_enrollment(program, make_user("Pending"), "mentee", status="pending")
    mine = make_enrollment(program, member, "mentee")
    suggestion = MatchSuggestion(
        program_id=program.id, mentor_enrollment_id=mentor.id, mentee_enrollment_ids=[mentee.id]
    )
    rule = PairDecision(
        program_id=program.id, mentor_enrollment_id=mentor.id, mentee_enrollment_id=mine.id, decision="forbidden"
    )
    req_mentor = make_enrollment(choice, make_user("Req Mentor"), "mentor")
    req_mentee = make_enrollment(choice, make_user("Req Mentee"), "mentee")
    for person in (req_mentor.user, req_mentee.user, mentor.user, mentee.user, pending.user):
        add_member(community, person, commit=False)
    request = MentorRequest(
        program_id=choice.id, mentee_enrollment_id=req_mentee.id, mentor_enrollment_id=req_mentor.id
    )
    db.session.add_all([suggestion, rule, request])
    db.session.commit()
    return SimpleNamespace(
        c=community.slug,
        p=program.id,
        draft=draft.id,
        choice=choice.id,
        mentor=mentor.id,
        mentee=mentee.id,
        pending=pending.id,
        suggestion=suggestion.id,
        rule=rule.id,
        request=request.id,
        req_mentor_enr=req_mentor.id,
        people={
            "member": member,
            "outsider": outsider,
            "moderator": moderator,
            "admin": admin,
            "req_mentor": req_mentor.user,
            "req_mentee": req_mentee.user,
        },
    )


def signup_data(**extra):
    data = {
        "role": "mentee",
        "goals": "Learn to analyse data with SQL",
        "topics": "sql, python",
        "experience_years": "1",
        "availability": ["mon-evening"],
        "timezone": "Europe/Paris",
        "capacity": "1",
        "answer_0": "Lead a data team",
        "answer_1": "I like written notes",
    }
    data.update(extra)
    return data


IMPORT_FILE = json.dumps({"title": "Shared", "steps": [{"title": "One", "guidance": "Meet.", "activity": ""}]})

# name: (method, path, data, expected status per person)
ROUTES = {
    "programs of my communities": ("GET", "/programs", None, {**MEMBERS, "outsider": 200}),
    "community programs": ("GET", "/c/{c}/programs", None, MEMBERS),
    "program page": ("GET", "/c/{c}/programs/{p}", None, MEMBERS),
    "draft page": ("GET", "/c/{c}/programs/{draft}", None, {**MEMBERS, "member": 404, "moderator": 404}),
    "sign-up form": ("GET", "/c/{c}/programs/{p}/signup", None, MEMBERS),
    "sign up": (
        "POST",
        "/c/{c}/programs/{p}/signup",
        signup_data(),
        {**MEMBERS, "member": 303, "moderator": 303, "admin": 303},
    ),
    "sign-up check (no JS)": (
        "POST",
        "/c/{c}/programs/{p}/signup/check?field=goals",
        signup_data(),
        {**MEMBERS, "member": 303, "moderator": 303, "admin": 303},
    ),
    "withdraw": (
        "POST",
        "/c/{c}/programs/{p}/withdraw",
        {},
        {**MEMBERS, "member": 303, "moderator": 404, "admin": 404},
    ),
    "pause": (
        "POST",
        "/c/{c}/programs/{p}/pause",
        {"paused": "1"},
        {**MEMBERS, "member": 303, "moderator": 404, "admin": 404},
    ),
    "mentor directory": ("GET", "/c/{c}/programs/{choice}/mentors", None, MEMBERS),
    "request form": ("GET", "/c/{c}/programs/{choice}/mentors/{req_mentor_enr}/request", None, MEMBERS),
    "new program": ("GET", "/c/{c}/programs/new", None, {**ADMIN_ONLY, "admin": 200}),
    "create program": ("POST", "/c/{c}/programs/new", {"template": "group-circle"}, {**ADMIN_ONLY, "admin": 303}),
    "import form": ("GET", "/c/{c}/programs/import", None, {**ADMIN_ONLY, "admin": 200}),
    "import": ("POST", "/c/{c}/programs/import", {"text": IMPORT_FILE}, {**ADMIN_ONLY, "admin": 303}),
    "settings": ("GET", "/c/{c}/programs/{p}/edit", None, {**ADMIN_ONLY, "admin": 200}),
    "save settings": (
        "POST",
        "/c/{c}/programs/{p}/edit",
        {
            "title": "Renamed",
            "format": "one_to_one",
            "weeks": "8",
            "matching_mode": "suggested",
            "default_capacity": "2",
            "circle_size": "5",
            "checkin_weekday": "1",
        },
        {**ADMIN_ONLY, "admin": 303},
    ),
    "steps": ("GET", "/c/{c}/programs/{p}/steps", None, {**ADMIN_ONLY, "admin": 200}),
    "save a step": (
        "POST",
        "/c/{c}/programs/{p}/steps/1",
        {"w1-title": "Hello", "w1-guidance": "Meet.", "w1-activity": ""},
        {**ADMIN_ONLY, "admin": 303},
    ),
    "export": ("GET", "/c/{c}/programs/{p}/export", None, {**ADMIN_ONLY, "admin": 200}),
    "change state": ("POST", "/c/{c}/programs/{p}/status", {"status": "closed"}, {**ADMIN_ONLY, "admin": 303}),
    "delete draft": ("POST", "/c/{c}/programs/{draft}/delete", {}, {**ADMIN_ONLY, "admin": 303}),
    "sign-ups": ("GET", "/c/{c}/programs/{p}/signups", None, {**ADMIN_ONLY, "admin": 200}),
    "decide a sign-up": (
        "POST",
        "/c/{c}/programs/{p}/signups/{pending}",
        {"decision": "approve"},
        {**ADMIN_ONLY, "admin": 303},
    ),
    "matching review": ("GET", "/c/{c}/programs/{p}/matching/", None, {**ADMIN_ONLY, "admin": 200}),
    "save weights": (
        "POST",
        "/c/{c}/programs/{p}/matching/weights",
        {
            "w_topics": "50",
            "w_goals": "20",
            "w_timezone": "10",
            "w_availability": "10",
            "w_experience": "10",
            "w_language": "0",
        },
        {**ADMIN_ONLY, "admin": 303},
    ),
    "run matching": ("POST", "/c/{c}/programs/{p}/matching/run", {}, {**ADMIN_ONLY, "admin": 303}),
    "accept all": ("POST", "/c/{c}/programs/{p}/matching/accept-all", {}, {**ADMIN_ONLY, "admin": 303}),
    "accept a suggestion": (
        "POST",
        "/c/{c}/programs/{p}/matching/suggestions/{suggestion}/accept",
        {},
        {**ADMIN_ONLY, "admin": 303},
    ),
    "reject a suggestion": (
        "POST",
        "/c/{c}/programs/{p}/matching/suggestions/{suggestion}/reject",
        {},
        {**ADMIN_ONLY, "admin": 303},
    ),
    "lock a pair": (
        "POST",
        "/c/{c}/programs/{p}/matching/rules",
        {"mentor": "{mentor}", "mentee": "{mentee}", "decision": "lock"},
        {**ADMIN_ONLY, "admin": 303},
    ),
    "remove a rule": ("POST", "/c/{c}/programs/{p}/matching/rules/{rule}/delete", {}, {**ADMIN_ONLY, "admin": 303}),
    "pair by hand": (
        "POST",
        "/c/{c}/programs/{p}/matching/pair",
        {"mentor": "{mentor}", "mentees": "{mentee}"},
        {**ADMIN_ONLY, "admin": 303},
    ),
}


def client_for(app, w, person):
    return app.test_client() if person == "visitor" else login_client(app, w.people[person])


def fill(value, w):
    if isinstance(value, str) and value.startswith("{") and value.endswith("}") and value[1:-1].isidentifier():
        return str(getattr(w, value[1:-1]))
    if isinstance(value, str) and not value.startswith("{"):
        return value.format(**vars(w))
    if isinstance(value, dict):
        return {k: fill(v, w) for k, v in value.items()}
    return value


@pytest.mark.parametrize("person", PEOPLE)
@pytest.mark.parametrize("route", ROUTES)
def test_route_access(app, w, route, person):
    method, path, data, expected = ROUTES[route]
    client = client_for(app, w, person)
    response = client.open(fill(path, w), method=method, data=fill(data, w))
    assert response.status_code == expected[person], response.get_data(as_text=True)[:500]
    if response.status_code == 302:
        assert "/login" in response.headers["Location"]


REQUEST_PEOPLE = ("visitor", "member", "outsider", "admin", "req_mentor", "req_mentee")
REQUEST_ROUTES = {
    "requests page": (
        "GET",
        "/c/{c}/programs/{choice}/requests",
        {"visitor": 302, "member": 404, "outsider": 403, "admin": 404, "req_mentor": 200, "req_mentee": 200},
    ),
    "accept": (
        "POST",
        "/c/{c}/programs/{choice}/requests/{request}/accept",
        {"visitor": 302, "member": 404, "outsider": 403, "admin": 404, "req_mentor": 303, "req_mentee": 403},
    ),
    "decline": (
        "POST",
        "/c/{c}/programs/{choice}/requests/{request}/decline",
        {"visitor": 302, "member": 404, "outsider": 403, "admin": 404, "req_mentor": 303, "req_mentee": 403},
    ),
    "withdraw": (
        "POST",
        "/c/{c}/programs/{choice}/requests/{request}/withdraw",
        {"visitor": 302, "member": 404, "outsider": 403, "admin": 404, "req_mentor": 403, "req_mentee": 303},
    ),
}


@pytest.mark.parametrize("person", REQUEST_PEOPLE)
@pytest.mark.parametrize("route", REQUEST_ROUTES)
def test_mentor_request_access(app, w, route, person):
    method, path, expected = REQUEST_ROUTES[route]
    response = client_for(app, w, person).open(fill(path, w), method=method)
    assert response.status_code == expected[person]
    request = db.session.get(MentorRequest, w.request)
    db.session.refresh(request)
    if response.status_code != 303:
        assert request.status == "open"


def test_admin_actions_by_non_admins_change_nothing(app, w):
    client = client_for(app, w, "moderator")
    for name in ("accept a suggestion", "run matching", "change state", "decide a sign-up", "pair by hand"):
        method, path, data, _ = ROUTES[name]
        assert client.open(fill(path, w), method=method, data=fill(data, w)).status_code == 403
    db.session.expire_all()
    assert db.session.get(MatchSuggestion, w.suggestion).status == "pending"
    assert db.session.get(Program, w.p).status == "open"
    assert db.session.get(Enrollment, w.pending).status == "pending"
    assert db.session.scalar(select(func.count(Mentorship.id))) == 0


@pytest.mark.parametrize(("person", "status"), [("visitor", 302), ("outsider", 404), ("member", 200)])
def test_programs_of_a_private_community_do_not_exist_to_outsiders(app, person, status):
    admin, member, outsider = make_user(), make_user(), make_user()
    community = make_community(admin=admin, members=[member], private=True)
    program = make_program(community, admin, status="open")
    people = {"member": member, "outsider": outsider}
    w = SimpleNamespace(people=people)
    response = client_for(app, w, person).get(f"/c/{community.slug}/programs/{program.id}")
    assert response.status_code == status
