"""Demo programs in every state, with the crowd: a draft, one open for sign-ups with suggested pairs to judge,
one running with pairs at different weeks (some quiet, one whose ratings split), a finished one with feedback
and summaries, and a running reverse-mentorship program.

Sign-ups, pairing and status changes go through the services (so every rule holds); the weeks that have
already passed (check-ins, steps, messages, start dates) are written directly with dates relative to now.
"""

import random
from datetime import timedelta

from sqlalchemy import select, update

from mentorship.demo.people import CROWD_BY_EMAIL, SEED, person
from mentorship.demo.programs import WEEKDAY_EVENINGS, WEEKENDS, signup_as
from mentorship.demo.space import message
from mentorship.demo.stories import (
    BIGGEST_DIFFERENCE,
    CHAT,
    DATA_COHORT,
    DESCRIPTIONS,
    INTO_TECH,
    MENTEE_GOALS,
    NEXT_GOALS,
    NOTES,
    SUMMER,
    SUMMER_GOALS,
)
from mentorship.extensions import db
from mentorship.models import Community, Enrollment, Goal, Mentorship, Program, User, utcnow
from mentorship.models.outcomes import SurveyResponse
from mentorship.models.sessions import CallSession
from mentorship.models.space import CheckIn, Message, StepProgress
from mentorship.services.outcomes.summary import write_summary
from mentorship.services.outcomes.surveys import program_surveys, save_response
from mentorship.services.programs import enrollments
from mentorship.services.programs import runs as match_runs
from mentorship.services.programs import setup as programs
from mentorship.services.space import lifecycle

WEEK = timedelta(days=7)
EVENINGS_AND_WEEKENDS = ["tue-evening", "thu-evening", "sat-morning"]


def seed_cohorts(community: Community, users: list[User]) -> None:
    """The draft, open, running, finished and reverse programs (called once, from demo.seed)."""
    rng = random.Random(SEED)
    ada = next(u for u in users if u.email == "ada@example.com")
    now = utcnow()
    draft = programs.create_from_template(community, ada, "group-circle", "Leadership circles: spring")
    draft.description = "Small circles for new team leads, meeting every other week. Still being planned."
    db.session.commit()
    _open_cohort(community, ada, users)
    _into_tech(community, ada, users, rng, now)
    _summer(community, ada, users, rng, now)
    _reverse(community, ada, users, rng, now)


def _open_cohort(community: Community, ada: User, users: list[User]) -> None:
    """Open for sign-ups: approved people with a matching run to judge, and three sign-ups still pending."""
    program = programs.create_from_template(community, ada, "career-advancement", "Data careers: winter cohort")
    program.description = DESCRIPTIONS[program.title]
    programs.change_status(program, ada, "open")
    for index, (name, role, topics, goals, years, capacity) in enumerate(DATA_COHORT):
        slots = WEEKDAY_EVENINGS if index % 3 else EVENINGS_AND_WEEKENDS
        user = person(users, name)
        signed = signup_as(
            program, user, role, topics, goals, years, slots, capacity=capacity, languages=_tongues(user)
        )
        if index < len(DATA_COHORT) - 3:
            enrollments.decide(signed, ada, "approve")
    match_runs.run_matching(program, ada)


def _tongues(user: User) -> list[str]:

    crowd = CROWD_BY_EMAIL.get(user.email)
    return crowd.languages if crowd else ["english"]


def _pair(program: Program, ada: User, users: list[User], mentor: str, mentee: str, goals: str, slots) -> Mentorship:
    people = []
    for name, role in ((mentor, "mentor"), (mentee, "mentee")):
        user = person(users, name)
        topics = [s.tag for s in user.skills]
        words = goals if role == "mentee" else "Help someone skip the mistakes I made when I changed careers."
        signed = signup_as(
            program, user, role, topics, words, 10 if role == "mentor" else 2, slots, languages=_tongues(user)
        )
        enrollments.decide(signed, ada, "approve")
        people.append(signed)
    return match_runs.pair_by_hand(program, people[0], [people[1]], ada)


def _backdate(program: Program, mentorship: Mentorship, started) -> None:
    """Move a mentorship (its start, the introduction and the sign-ups) back to when it began."""
    mentorship.started_at = mentorship.created_at = started
    db.session.execute(update(Message).where(Message.mentorship_id == mentorship.id).values(created_at=started))
    user_ids = [m.user_id for m in mentorship.members]
    db.session.execute(
        update(Enrollment)
        .where(Enrollment.program_id == program.id, Enrollment.user_id.in_(user_ids))
        .values(created_at=started - timedelta(days=10), updated_at=started - timedelta(days=3))
    )
    db.session.execute(update(Goal).where(Goal.mentorship_id == mentorship.id).values(created_at=started))


def _weeks(mentorship: Mentorship, rng: random.Random, weeks: int, how: str, now, current: bool = True) -> None:
    """Check-ins, steps done and a few messages for each week that has passed (and, when `current`, the mentees
    who already checked in this week)."""
    mentor, mentee = mentorship.members[0], mentorship.members[1]
    started = mentorship.started_at
    last_active = weeks - 3 if how == "quiet" else weeks
    missed = weeks - 1 if how == "missed" else None
    chat = iter(CHAT)
    for week in range(1, weeks + 1):
        if week > last_active:
            continue
        at = min(started + WEEK * week - timedelta(hours=rng.randint(2, 30)), now - timedelta(hours=3))
        base = rng.choice([3, 4, 4, 5])  # the two sides see the week alike, within a point
        ratings = {mentor: min(5, base + rng.choice([0, 0, 1])), mentee: base}
        if how == "split" and week == weeks:
            ratings = {mentor: 5, mentee: 2}
        for member, rating in ratings.items():
            if member is mentee and week == missed:
                continue
            db.session.add(_checkin(mentorship, member, week, rating, at, rng))
        if week != missed:
            db.session.add(StepProgress(mentorship_id=mentorship.id, week=week, done_by_id=mentee.user_id, done_at=at))
            db.session.add(_call(mentorship, mentor, week, at - timedelta(days=2), rng))
        for _skip in range(2 if week < 3 else 1):
            role, text = next(chat, (None, None))
            if role is not None:
                author = mentor if role == "mentor" else mentee
                db.session.add(message(mentorship, author.user, text, at - timedelta(days=rng.randint(1, 4))))
    this_week = weeks + 1
    if current and how in ("steady", "missed") and this_week <= mentorship.weeks and (weeks >= 6 or rng.random() < 0.5):
        at = now - timedelta(hours=rng.randint(3, 30))
        db.session.add(_checkin(mentorship, mentee, this_week, rng.choice([4, 5]), at, rng))
    if current and how in ("steady", "missed") and this_week <= mentorship.weeks:
        db.session.add(_call(mentorship, mentor, this_week, now + timedelta(days=rng.randint(1, 5)), rng))


def _call(mentorship: Mentorship, mentor, week: int, day, rng: random.Random) -> CallSession:
    """The pair's video call of a week, accepted by both (held once its time has passed)."""
    return CallSession(
        mentorship_id=mentorship.id,
        proposer_id=mentor.user_id,
        starts_at=day.replace(hour=17, minute=30, second=0, microsecond=0),
        minutes=45,
        zone=mentor.user.timezone,
        place_kind="jitsi",
        place=f"https://meet.jit.si/mentorship-demo-{rng.getrandbits(64):016x}",
        agenda=f"Week {week}: how it went, and this week's step.",
        status="accepted",
        uid=f"session-demo-{mentorship.id}-{week}@mentorship",
        created_at=day - timedelta(days=3),
    )


def _checkin(mentorship: Mentorship, member, week: int, rating: int, at, rng: random.Random) -> CheckIn:
    return CheckIn(
        mentorship_id=mentorship.id,
        user_id=member.user_id,
        week=week,
        rating=rating,
        note=rng.choice(NOTES[rating]),
        next_goal=rng.choice(NEXT_GOALS),
        met=True,
        created_at=at,
        updated_at=at,
    )


def _into_tech(community: Community, ada: User, users: list[User], rng: random.Random, now) -> None:
    """Running for seven weeks: pairs who started at different times, two gone quiet, one split."""
    program = programs.create_from_template(community, ada, "career-advancement", "Into tech: autumn cohort")
    program.description = DESCRIPTIONS[program.title]
    programs.change_status(program, ada, "open")
    pairs = []
    for mentor, mentee, weeks, how in INTO_TECH:
        slots = WEEKDAY_EVENINGS if weeks % 2 else WEEKENDS
        pairs.append((_pair(program, ada, users, mentor, mentee, MENTEE_GOALS[mentee], slots), weeks, how))
    spare = signup_as(
        program,
        person(users, "Kwame Boateng"),
        "mentor",
        ["community", "networking"],
        "Happy to help anyone find their people in tech.",
        12,
        WEEKENDS,
        capacity=2,
    )
    enrollments.decide(spare, ada, "approve")
    programs.change_status(program, ada, "running")
    program.started_at = now - WEEK * 7 - timedelta(days=2)
    program.created_at = program.started_at - timedelta(days=21)
    for mentorship, weeks, how in pairs:
        _backdate(program, mentorship, now - WEEK * weeks - timedelta(days=2))
        _weeks(mentorship, rng, weeks, how, now)
        if weeks >= 4:
            db.session.execute(update(Goal).where(Goal.mentorship_id == mentorship.id).values(status="confirmed"))
    db.session.commit()


def _summer(community: Community, ada: User, users: list[User], rng: random.Random, now) -> None:
    """Finished in the summer: five pairs completed with feedback and a summary, one ended early."""
    program = programs.create_from_template(community, ada, "encouragement-support", "Career switchers: summer cohort")
    program.description = DESCRIPTIONS[program.title]
    programs.change_status(program, ada, "open")
    pairs = []
    for mentor, mentee, how, mentee_says, mentor_says in SUMMER:
        mentorship = _pair(program, ada, users, mentor, mentee, SUMMER_GOALS[mentee], WEEKDAY_EVENINGS)
        pairs.append((mentorship, how, mentee_says, mentor_says))
    programs.change_status(program, ada, "running")
    started = now - WEEK * 16
    program.started_at, program.created_at = started, started - WEEK * 3
    for mentorship, how, mentee_says, mentor_says in pairs:
        _backdate(program, mentorship, started)
        weeks = program.weeks if how == "completed" else 3
        _weeks(mentorship, rng, weeks, "steady", now, current=False)
        db.session.commit()
        mentor, mentee = (m.user for m in mentorship.members)
        if how == "ended":
            lifecycle.end_early(mentorship, mentor, "Marco started a new job and no longer has the evenings free.")
            mentorship.ended_at = started + WEEK * 3
        else:
            db.session.execute(
                update(Goal)
                .where(Goal.mentorship_id == mentorship.id)
                .values(status="done", done_at=started + WEEK * 5)
            )
            lifecycle.complete(mentorship, mentee, *mentee_says)
            lifecycle.give_feedback(mentorship, mentor, *mentor_says)
            mentorship.ended_at = started + WEEK * program.weeks + timedelta(days=1)
        # The closing messages were written "now"; they belong to the day it ended.
        db.session.execute(
            update(Message)
            .where(Message.mentorship_id == mentorship.id, Message.created_at > mentorship.ended_at)
            .values(created_at=mentorship.ended_at)
        )
        db.session.commit()
        if how != "ended":
            write_summary(mentorship, now=mentorship.ended_at)
    _answer_surveys(program, [m for m, *_rest in pairs], rng, started)
    programs.change_status(program, ada, "closed")


def _answer_surveys(program: Program, mentorships: list[Mentorship], rng: random.Random, started) -> None:
    """The start survey from everyone, the end survey from the completed pairs: before and after, pooled."""
    for survey in program_surveys(program.id):
        for mentorship in mentorships:
            if survey.moment == "end" and mentorship.status != "completed":
                continue
            for member in mentorship.members:
                answers = {}
                for question in survey.questions:
                    if question.kind == "rating":
                        low = survey.moment == "start"
                        answers[question.id] = (rng.choice([2, 2, 3, 3, 4]) if low else rng.choice([3, 4, 4, 5, 5]), "")
                    elif question.kind == "nps":
                        answers[question.id] = (rng.choice([7, 8, 9, 9, 10, 10]), "")
                    elif question.kind == "text":
                        answers[question.id] = (None, rng.choice(BIGGEST_DIFFERENCE))
                    elif question.choices:
                        answers[question.id] = (rng.randrange(len(question.choices)), "")
                save_response(survey, mentorship, member.user, 0, answers, show_name=False)
        at = started + timedelta(days=1) if survey.moment == "start" else started + WEEK * program.weeks
        db.session.execute(
            update(SurveyResponse).where(SurveyResponse.survey_id == survey.id).values(created_at=at, updated_at=at)
        )
    db.session.commit()


def _reverse(community: Community, ada: User, users: list[User], rng: random.Random, now) -> None:
    """Reverse mentorship: newer members teach; Michael teaches Ada, Amelia teaches Hannah."""
    program = programs.create_from_template(community, ada, "reverse-mentorship", "Reverse mentoring: new tools")
    program.description = DESCRIPTIONS[program.title]
    programs.change_status(program, ada, "open")
    mentorships = [
        _pair(
            program,
            ada,
            users,
            "Michael Osei",
            "Ada Okafor",
            "Understand how mobile apps are built and shipped; learn what our younger members expect",
            WEEKENDS,
        ),
        _pair(
            program,
            ada,
            users,
            "Amelia Clarke",
            "Hannah Schmidt",
            "Learn short-form video for product launches; see how juniors find jobs today",
            WEEKDAY_EVENINGS,
        ),
    ]
    programs.change_status(program, ada, "running")
    program.started_at = now - WEEK * 3 - timedelta(days=1)
    for mentorship in mentorships:
        _backdate(program, mentorship, program.started_at)
        _weeks(mentorship, rng, 3, "steady", now)
    db.session.commit()


def demo_program(title: str) -> Program | None:
    """A demo program by title (for the tests and the README)."""
    return db.session.scalar(select(Program).where(Program.title == title))
