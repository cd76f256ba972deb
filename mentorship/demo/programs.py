"""Demo programs: a running career program with two active pairs, and an open mentee-choice program."""

from mentorship.models import Community, User
from mentorship.services.programs import enrollments
from mentorship.services.programs import requests as mentor_requests
from mentorship.services.programs import runs as match_runs
from mentorship.services.programs import setup as programs

WEEKDAY_EVENINGS = ["mon-evening", "tue-evening", "wed-evening", "thu-evening"]
WEEKENDS = ["sat-morning", "sat-afternoon", "sun-morning"]


def signup_as(program, user: User, role: str, topics: list[str], goals: str, years: int, slots: list[str], **extra):
    answers = {q: extra.pop("answer", "Happy to talk about it when we meet.") for q in program.signup_questions}
    return enrollments.signup(
        program,
        user,
        role=role,
        goals=goals,
        topics=topics,
        experience_years=years,
        availability=slots,
        timezone=user.timezone,
        languages=extra.pop("languages", ["english"]),
        capacity=extra.pop("capacity", 1),
        answers=answers,
    )


def seed_programs(community: Community, users: list[User]) -> None:
    """Seed both programs through the services, so the data obeys every rule."""
    by_email = {u.email: u for u in users}
    ada = by_email["ada@example.com"]

    career = programs.create_from_template(community, ada, "career-advancement", "Career advancement: spring cohort")
    programs.change_status(career, ada, "open")
    people = [
        (
            "grace",
            "mentor",
            ["career-change", "product-management", "networking"],
            "I moved from teaching into product management five years ago and love helping others make a similar jump.",
            9,
            WEEKDAY_EVENINGS,
            {"capacity": 2},
        ),
        (
            "noah",
            "mentor",
            ["python", "interviewing", "data-science"],
            "I've run hundreds of technical interviews and can help you prepare for them and for your first data role.",
            12,
            WEEKDAY_EVENINGS + WEEKENDS,
            {"capacity": 2},
        ),
        (
            "priya",
            "mentor",
            ["public-speaking", "leadership"],
            "I coach new leads on presenting their work and speaking up in meetings.",
            15,
            WEEKENDS,
            {},
        ),
        (
            "jon",
            "mentee",
            ["career-change", "networking"],
            "I'm leaving logistics for a product role and want to learn to tell my story and meet the right people.",
            1,
            WEEKDAY_EVENINGS,
            {},
        ),
        (
            "amara",
            "mentee",
            ["data-science", "interviewing", "sql"],
            "I want to land my first data analyst job this year and get confident in technical interviews.",
            2,
            ["tue-evening", "thu-evening", "sat-morning"],
            {},
        ),
        (
            "sam",
            "mentee",
            ["ux-design", "portfolio", "public-speaking"],
            "I'd like to present my design portfolio with confidence and get better at case-study talks.",
            3,
            WEEKENDS,
            {},
        ),
    ]
    signed = {}
    for name, role, topics, goals, years, slots, extra in people:
        signed[name] = signup_as(career, by_email[f"{name}@example.com"], role, topics, goals, years, slots, **extra)
        enrollments.decide(signed[name], ada, "approve")
    signup_as(
        career,
        by_email["lucia@example.com"],
        "mentee",
        ["marketing", "writing", "career-change"],
        "I'm a copywriter who wants to move into content strategy and needs a plan.",
        4,
        WEEKDAY_EVENINGS,
    )
    match_runs.pair_by_hand(career, signed["grace"], [signed["jon"]], ada)
    match_runs.pair_by_hand(career, signed["noah"], [signed["amara"]], ada)
    programs.change_status(career, ada, "running")

    skills = programs.create_from_template(community, ada, "skill-development", "Skill sprint: pick your mentor")
    programs.update_program(skills, ada, matching_mode="mentee_choice")
    programs.change_status(skills, ada, "open")
    mentors = [
        ("lin", ["data-science", "python", "sql"], "Happy to help you go from spreadsheets to SQL and Python.", 7),
        ("tom", ["javascript", "react"], "I build front ends with React and can review your first components.", 6),
        ("kai", ["devops", "kubernetes"], "From your first Dockerfile to a small cluster: we'll get there.", 8),
    ]
    listed = {}
    for name, topics, goals, years in mentors:
        user = by_email[f"{name}@example.com"]
        listed[name] = signup_as(skills, user, "mentor", topics, goals, years, WEEKDAY_EVENINGS, capacity=2)
        enrollments.decide(listed[name], ada, "approve")
    lucia = signup_as(
        skills,
        by_email["lucia@example.com"],
        "mentee",
        ["sql", "data-science"],
        "I want to analyse campaign data myself instead of waiting on the data team.",
        1,
        WEEKDAY_EVENINGS,
    )
    enrollments.decide(lucia, ada, "approve")
    mentor_requests.request_mentor(skills, lucia, listed["lin"], "Your SQL focus is exactly what I need!")
