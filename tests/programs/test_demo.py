"""The demo data: programs in every state with a crowd of members, so every page a newcomer opens has
something real on it; seeded once (a second run adds nothing)."""

import re
from pathlib import Path

from sqlalchemy import func, select

from mentorship.demo import DEMO_PEOPLE, seed
from mentorship.extensions import db
from mentorship.models import (
    CheckIn,
    CommunityEvent,
    Enrollment,
    Mentorship,
    MentorshipFeedback,
    MentorshipMember,
    Post,
    Program,
    Report,
    Topic,
    User,
    utcnow,
)
from mentorship.models.matching import MatchSuggestion, MentorRequest
from mentorship.models.outcomes import Achievement
from tests.factories import make_community, make_program, make_user

README = Path(__file__).resolve().parents[2] / "README.md"


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


def _count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_the_demo_gives_a_newcomer_real_content_on_every_page(app, login_as):
    users = seed("demo-password-for-tests")
    by_email = {u.email: u for u in users}
    ada, mo = by_email["ada@example.com"], by_email["mo@example.com"]
    names = [u.display_name for u in users]
    assert len(users) == 60 and len(set(names)) == 60 and len({u.timezone for u in users}) >= 25
    assert not any(re.search(r"\b(user|member|test) ?\d+\b", n, re.I) for n in names)
    assert all(len(u.bio) > 40 for u in users[12:])  # a real background each, not "Hi, I'm ..."
    programs = {p.title: p for p in db.session.scalars(select(Program))}
    assert {p.status for p in programs.values()} == {"draft", "open", "running", "closed"}
    open_cohort, running = programs["Data careers: winter cohort"], programs["Into tech: autumn cohort"]
    finished, reverse = programs["Career switchers: summer cohort"], programs["Reverse mentoring: new tools"]
    assert (open_cohort.status, running.status, finished.status, reverse.format) == (
        "open",
        "running",
        "closed",
        "reverse",
    )
    c = "/c/career-changers/programs"
    admin = login_as(ada)

    # Open for sign-ups: pending sign-ups to decide and suggested pairs to judge, with reasons.
    assert _count(Enrollment, Enrollment.program_id == open_cohort.id, Enrollment.status == "pending") == 3
    pending = db.session.scalars(
        select(MatchSuggestion).where(MatchSuggestion.program_id == open_cohort.id, MatchSuggestion.status == "pending")
    ).all()
    assert len(pending) >= 3 and all(s.reasons for s in pending)
    matching = admin.get(f"{c}/{open_cohort.id}/matching/").get_data(as_text=True)
    assert f"Suggestions ({len(pending)})" in matching and "Rahul Mehta" in matching
    assert "Not matched yet (2)" in matching

    # Running: pairs at different weeks with check-ins; two gone quiet and one split need attention.
    starts = db.session.scalars(select(Mentorship.started_at).where(Mentorship.program_id == running.id)).all()
    assert len({(utcnow() - s).days // 7 for s in starts}) >= 6
    weeks = db.session.scalars(
        select(CheckIn.week).join(Mentorship).where(Mentorship.program_id == running.id).distinct()
    ).all()
    assert len(weeks) >= 7
    health = admin.get(f"{c}/{running.id}/health").get_data(as_text=True)
    assert "Pairs that need attention (3)" in health
    assert health.count("<td>Quiet for 14 days</td>") == 2 and "Check-in ratings diverge" in health
    assert "Sara Ahmadi" in health and "Michael Osei" in health

    # Finished: completed pairs with feedback from both sides, summaries and before/after surveys.
    assert _count(Mentorship, Mentorship.program_id == finished.id, Mentorship.status == "completed") == 5
    assert _count(Mentorship, Mentorship.program_id == finished.id, Mentorship.status == "ended") == 1
    assert (
        _count(
            MentorshipFeedback,
            MentorshipFeedback.mentorship_id.in_(select(Mentorship.id).where(Mentorship.program_id == finished.id)),
        )
        == 10
    )
    assert _count(Achievement) == 5
    outcomes = admin.get(f"{c}/{finished.id}/outcomes").get_data(as_text=True)
    assert "12 people answered" in outcomes and "10 people answered" in outcomes

    # The reverse pair (the newer member teaches Ada) and the circle.
    teachers = db.session.scalars(
        select(User.display_name)
        .join(MentorshipMember, MentorshipMember.user_id == User.id)
        .join(Mentorship, Mentorship.id == MentorshipMember.mentorship_id)
        .where(Mentorship.program_id == reverse.id, MentorshipMember.role == "mentor")
    ).all()
    assert sorted(teachers) == ["Amelia Clarke", "Michael Osei"]
    assert _count(Mentorship, Mentorship.kind == "circle", Mentorship.status == "active") == 1

    # The board: help requests solved, answered and unanswered; discussions with replies.
    help_topics = db.session.scalars(select(Topic).where(Topic.kind == "help")).all()
    assert sum(t.solved_post_id is not None for t in help_topics) >= 4
    assert sum(t.solved_post_id is None and t.reply_count > 0 for t in help_topics) >= 3
    assert sum(t.reply_count == 0 for t in help_topics) >= 3
    assert _count(Post, Post.is_opening.is_(False)) >= 25
    board = login_as(by_email["jamal.wright@example.com"]).get("/c/career-changers/board/").get_data(as_text=True)
    assert "Scared of my first code review" in board and "Share a win from this week" in board

    # The moderation queue: three things reported, by four members, waiting for Mo.
    assert _count(Report, Report.status == "open") == 5
    queue = login_as(mo).get("/c/career-changers/moderation/").get_data(as_text=True)
    assert "3 things to review" in queue and "Marco Bianchi" in queue and "Get a tech job in 30 days" in queue

    # Events: two upcoming (one busy), two past.
    now = utcnow()
    assert _count(CommunityEvent, CommunityEvent.starts_at > now) == 2
    assert _count(CommunityEvent, CommunityEvent.starts_at < now) == 2

    # Idempotent: a second run adds nothing.
    before = [_count(m) for m in (User, Program, Mentorship, CheckIn, Topic, Post, Report, CommunityEvent)]
    assert seed("again") is None
    assert [_count(m) for m in (User, Program, Mentorship, CheckIn, Topic, Post, Report, CommunityEvent)] == before


def test_the_readme_lists_demo_accounts_that_exist():
    listed = set(re.findall(r"`([\w.]+@example\.com)`", README.read_text(encoding="utf-8")))
    emails = {email for email, *_rest in DEMO_PEOPLE}
    assert len(listed) >= 20 and listed <= emails
    assert {"ada@example.com", "mo@example.com", "jamal.wright@example.com", "michael.osei@example.com"} <= listed


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
