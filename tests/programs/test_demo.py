"""The demo data: a running program with two active pairs and an open mentee-choice program."""

from sqlalchemy import select

from mentorship.demo import seed
from mentorship.extensions import db
from mentorship.models import Enrollment, Mentorship, Program
from mentorship.models.matching import MentorRequest
from tests.factories import make_community, make_program, make_user


def test_demo_seeds_programs_through_the_services(app, login_as):
    users = seed("demo-password-for-tests")
    programs = {p.title: p for p in db.session.scalars(select(Program))}
    career = programs["Career advancement: spring cohort"]
    skills = programs["Skill sprint: pick your mentor"]
    assert (career.status, skills.status, skills.matching_mode) == ("running", "open", "mentee_choice")
    active = db.session.scalars(
        select(Mentorship).where(Mentorship.status == "active", Mentorship.program_id == career.id)
    ).all()
    assert len(active) == 2 and all(m.program_id == career.id and len(m.members) == 2 for m in active)
    assert all(member.goals and member.topics for m in active for member in m.members)
    statuses = [e.status for e in db.session.scalars(select(Enrollment).where(Enrollment.program_id == career.id))]
    assert statuses.count("pending") == 1 and statuses.count("approved") == 6
    assert db.session.scalar(select(MentorRequest.status)) == "open"
    ada = next(u for u in users if u.email == "ada@example.com")
    page = login_as(ada).get(f"/c/career-changers/programs/{career.id}/matching/").get_data(as_text=True)
    assert "Grace Mensah" in page and "Jon Eriksen" in page
    assert seed("again") is None


def test_export_downloads_a_file_that_imports_back(app, login_as):
    admin = make_user()
    community = make_community(admin=admin)
    program = make_program(community, admin, template="encouragement-support", status="running")
    client = login_as(admin)
    response = client.get(f"/c/{community.slug}/programs/{program.id}/export")
    assert response.mimetype == "application/json"
    assert response.headers["Content-Disposition"] == 'attachment; filename="encouragement-and-support.json"'
    imported = client.post(f"/c/{community.slug}/programs/import", data={"text": response.get_data(as_text=True)})
    assert imported.status_code == 303
    copy = db.session.scalar(select(Program).where(Program.id != program.id))
    assert copy.status == "draft" and [s.title for s in copy.steps] == [s.title for s in program.steps]
