"""Programs: built-in templates, export/import, editing rules and the draft -> open -> running -> closed states."""

import json

import pytest
from sqlalchemy import func, select

from mentorship.extensions import db
from mentorship.models import AuditLog, Program, ProgramStep
from mentorship.models.matching import MatchSuggestion, MentorRequest
from mentorship.services.programs import setup as service
from tests.factories import make_community, make_enrollment, make_mentorship, make_program, make_user


@pytest.fixture
def world(app):
    admin = make_user("Ada Admin")
    community = make_community(admin=admin)
    return community, admin


def program_count() -> int:
    return db.session.scalar(select(func.count(Program.id)))


@pytest.mark.parametrize("key", service.BUILT_IN_TEMPLATES)
def test_every_built_in_template_is_a_valid_6_to_12_week_program_with_real_content(key):
    data = service.load_template(key)
    assert 6 <= len(data["steps"]) <= 12
    for step in data["steps"]:
        assert len(step["title"]) > 5
        assert len(step["guidance"]) > 150, f"{key}: '{step['title']}' guidance is too thin"
        assert len(step["activity"]) > 60
    assert data["summary"] and len(data["description"]) > 150
    assert set(data["roles"]) == {"mentor", "mentee"}


def test_the_five_templates_cover_the_formats_and_reverse_frames_the_newer_member_as_teacher():
    formats = {service.load_template(key)["format"] for key in service.BUILT_IN_TEMPLATES}
    assert formats == {"one_to_one", "group", "reverse"}
    reverse = service.load_template("reverse-mentorship")
    assert "newer" in reverse["roles"]["mentor"]["label"].lower()
    assert "teach" in reverse["roles"]["mentor"]["label"].lower()
    assert "learn" in reverse["roles"]["mentee"]["label"].lower()


def test_create_from_template_copies_steps_into_an_editable_draft(world):
    community, admin = world
    program = service.create_from_template(community, admin, "skill-development", "Spring skills")
    assert program.status == "draft" and program.title == "Spring skills"
    assert program.weeks == len(program.steps) == 10
    assert program.steps[0].title == service.load_template("skill-development")["steps"][0]["title"]
    service.update_step(program, 1, "Our own first week", "Meet and plan.", "Write a plan.")
    # The copy is the program's own: the template is unchanged.
    assert service.load_template("skill-development")["steps"][0]["title"] != "Our own first week"
    assert db.session.scalar(select(AuditLog.action).where(AuditLog.target_id == program.id)) == "program_created"


def test_unknown_template_is_refused(world):
    community, admin = world
    with pytest.raises(service.ProgramError):
        service.create_from_template(community, admin, "no-such-template")
    assert program_count() == 0


def test_export_then_import_gives_the_same_program(world):
    community, admin = world
    original = service.create_from_template(community, admin, "reverse-mentorship")
    service.update_program(original, admin, signup_questions=["What can you teach?"], default_capacity=3)
    exported = service.export_program(original)
    data = json.loads(exported)
    assert data["format_version"] == 1 and "enrollments" not in data
    other = make_community(admin=admin)
    copy = service.import_program(other, admin, exported)
    assert copy.status == "draft" and copy.community_id == other.id
    assert [(s.title, s.guidance, s.activity) for s in copy.steps] == [
        (s.title, s.guidance, s.activity) for s in original.steps
    ]
    assert copy.format == "reverse" and copy.default_capacity == 3
    assert copy.signup_questions == ["What can you teach?"]
    assert service.role_labels(copy) == service.role_labels(original)


def _file(**overrides) -> str:
    data = {"title": "Shared program", "steps": [{"title": "Week one", "guidance": "Do it", "activity": "Try"}]}
    data.update(overrides)
    return json.dumps(data)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("{not json", "not valid JSON"),
        ("[1, 2]", "one JSON object"),
        (_file(title=""), "needs a title"),
        (_file(steps=[]), "at least one"),
        (_file(steps=[{"title": f"W{i}", "guidance": "g"} for i in range(27)]), "at most 26 weeks"),
        (_file(steps=[{"title": "ok"}, {"guidance": "no title"}]), "Week 2 has no title"),
        (_file(steps=[{"title": " ", "guidance": "x"}]), "Week 1 has no title"),
        (_file(format="triangle"), "format must be one of"),
        (_file(default_capacity=100), "default_capacity must be a whole number from 1 to 10"),
        (_file(default_capacity=0), "default_capacity must be a whole number from 1 to 10"),
        (_file(signup_questions=["q"] * 6), "at most 5 sign-up questions"),
        (_file(match_weights={"topics": 500}), "match_weights"),
        ("x" * 200_001, "larger than 200 KB"),
    ],
)
def test_import_refuses_bad_files_and_stores_nothing(world, raw, message):
    community, admin = world
    with pytest.raises(service.ProgramError) as error:
        service.import_program(community, admin, raw)
    assert any(message in problem for problem in error.value.problems), error.value.problems
    assert program_count() == 0
    assert db.session.scalar(select(func.count(ProgramStep.id))) == 0


def test_state_machine_allows_only_forward_moves(world):
    community, admin = world
    program = service.create_from_template(community, admin, "career-advancement")
    for bad in ("running", "closed", "draft"):
        with pytest.raises(service.ProgramError):
            service.change_status(program, admin, bad)
    service.change_status(program, admin, "open")
    with pytest.raises(service.ProgramError):
        service.change_status(program, admin, "draft")
    assert program.status == "open"


def test_a_draft_opens_only_when_every_week_has_a_title_and_guidance(world):
    community, admin = world
    program = service.create_from_template(community, admin, "career-advancement")
    service.set_weeks(program, 10)
    assert [s.week for s in program.steps] == list(range(1, 11))
    with pytest.raises(service.ProgramError) as error:
        service.change_status(program, admin, "open")
    assert "week 9, 10" in error.value.problems[0]
    service.update_step(program, 9, "Week nine", "Reflect on progress.", "")
    service.update_step(program, 10, "Week ten", "Celebrate.", "")
    service.change_status(program, admin, "open")
    assert program.status == "open"


def test_starting_needs_an_active_pair_and_closing_drops_pending_work(world):
    community, admin = world
    program = make_program(community, admin, status="open", matching_mode="mentee_choice")
    with pytest.raises(service.ProgramError, match="at least one mentor and mentee"):
        service.change_status(program, admin, "running")
    mentor_user, mentee_user, waiting_user = make_user(), make_user(), make_user()
    make_mentorship(community, mentor_user, mentee_user, program=program)
    service.change_status(program, admin, "running")
    assert program.status == "running" and program.started_at is not None

    mentor = make_enrollment(program, mentor_user, "mentor")
    waiting = make_enrollment(program, waiting_user, "mentee")
    request = MentorRequest(program_id=program.id, mentee_enrollment_id=waiting.id, mentor_enrollment_id=mentor.id)
    suggestion = MatchSuggestion(
        program_id=program.id, mentor_enrollment_id=mentor.id, mentee_enrollment_ids=[waiting.id]
    )
    db.session.add_all([request, suggestion])
    db.session.commit()
    service.change_status(program, admin, "closed")
    assert request.status == "closed" and suggestion.status == "superseded"


def test_editing_rules_depend_on_the_state(world):
    community, admin = world
    program = make_program(community, admin, status="open")
    with pytest.raises(service.ProgramError, match="only be changed while the program is a draft"):
        service.update_program(program, admin, format="group")
    with pytest.raises(service.ProgramError, match="Circles are built by the matcher"):
        draft = make_program(community, admin, status="draft")
        service.update_program(draft, admin, format="group", matching_mode="mentee_choice")
    program.status = "running"
    db.session.commit()
    with pytest.raises(service.ProgramError, match="can't change once the program is running"):
        service.update_program(program, admin, weeks=4)
    program.status = "closed"
    db.session.commit()
    with pytest.raises(service.ProgramError, match="closed program"):
        service.update_program(program, admin, title="New title")
    db.session.rollback()
    assert db.session.get(Program, program.id).title != "New title"


def test_only_a_draft_can_be_deleted(world):
    community, admin = world
    program = make_program(community, admin, status="open")
    with pytest.raises(service.ProgramError):
        service.delete_draft(program, admin)
    draft = make_program(community, admin, status="draft")
    service.delete_draft(draft, admin)
    assert db.session.get(Program, draft.id) is None
    assert db.session.get(Program, program.id) is not None
