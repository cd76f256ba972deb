"""Test data builders. Passwords are hashed once per run (argon2 is slow on purpose)."""

import itertools
from datetime import date, timedelta
from functools import lru_cache

from mentorship.extensions import db
from mentorship.models import Community, Membership, Mentorship, MentorshipMember, User, UserSkill, utcnow
from mentorship.services.accounts.passwords import hash_password

PASSWORD = "a-long-test-passphrase"
_seq = itertools.count(1)


@lru_cache(maxsize=1)
def _password_hash() -> str:
    return hash_password(PASSWORD)


def make_user(
    name: str | None = None,
    email: str | None = None,
    skills: list[str] | None = None,
    timezone: str = "UTC",
    verified: bool = True,
    commit: bool = True,
) -> User:
    n = next(_seq)
    user = User(
        email=email or f"user{n}@example.com",
        display_name=name or f"Member {n}",
        password_hash=_password_hash(),
        date_of_birth=date(1990, 1, 1),
        timezone=timezone,
        email_verified_at=utcnow() if verified else None,
        skills=[UserSkill(tag=tag) for tag in skills or []],
    )
    db.session.add(user)
    if commit:
        db.session.commit()
    return user


def make_community(
    admin: User | None = None, name: str | None = None, private: bool = False, members: list[User] = (), **fields
) -> Community:
    n = next(_seq)
    community = Community(slug=f"community-{n}", name=name or f"Community {n}", is_private=private, **fields)
    db.session.add(community)
    db.session.flush()
    if admin is not None:
        add_member(community, admin, "admin", commit=False)
    for member in members:
        add_member(community, member, "member", commit=False)
    db.session.commit()
    return community


def add_member(
    community: Community, user: User, role: str = "member", commit: bool = True, joined_at=None
) -> Membership:
    # An established member by default (joined a month ago): newcomers' first day has a posting limit
    # (services/board/pace.py). Pass joined_at=utcnow() for a newcomer.
    joined_at = joined_at or utcnow() - timedelta(days=30)
    membership = Membership(
        community_id=community.id, user_id=user.id, role=role, coc_accepted_at=utcnow(), joined_at=joined_at
    )
    db.session.add(membership)
    if commit:
        db.session.commit()
    return membership


def make_mentorship(
    community: Community,
    mentor: User,
    mentees: list[User] | User,
    program=None,
    status: str = "active",
    kind: str | None = None,
) -> Mentorship:
    mentees = mentees if isinstance(mentees, list) else [mentees]
    mentorship = Mentorship(
        community_id=community.id,
        program_id=program.id if program is not None else None,
        kind=kind or ("circle" if len(mentees) > 1 else "pair"),
        status=status,
        origin="program" if program is not None else "help_request",
        weeks=program.weeks if program is not None else 8,
        started_at=utcnow() if status != "proposed" else None,
    )
    mentorship.members = [MentorshipMember(user_id=mentor.id, role="mentor")] + [
        MentorshipMember(user_id=m.id, role="mentee") for m in mentees
    ]
    db.session.add(mentorship)
    db.session.commit()
    return mentorship


# --- programs (issue 3) ---------------------------------------------------------------------


def make_program(
    community: Community, admin: User, template: str = "career-advancement", status: str = "open", **fields
):
    """A program from a built-in template, moved to `status` directly (the state rules are tested elsewhere)."""
    from mentorship.services.programs.setup import create_from_template

    program = create_from_template(community, admin, template)
    program.status = status
    for key, value in fields.items():
        setattr(program, key, value)
    db.session.commit()
    return program


def make_enrollment(
    program,
    user: User,
    role: str = "mentee",
    status: str = "approved",
    topics: list[str] | None = None,
    goals: str = "I want to grow into a data analyst role",
    timezone: str = "Europe/London",
    availability: list[str] | None = None,
    capacity: int = 1,
    experience_years: int | None = None,
    **fields,
):
    from mentorship.models import Enrollment

    enrollment = Enrollment(
        program_id=program.id,
        user_id=user.id,
        role=role,
        status=status,
        topics=topics if topics is not None else ["python", "sql"],
        goals=goals,
        timezone=timezone,
        availability=availability if availability is not None else ["mon-evening", "wed-evening"],
        capacity=capacity if role == "mentor" else 1,
        experience_years=experience_years if experience_years is not None else (8 if role == "mentor" else 1),
        **fields,
    )
    db.session.add(enrollment)
    db.session.commit()
    return enrollment


def make_topic(
    community: Community,
    author: User,
    title: str = "A topic",
    body: str = "Hello board",
    kind: str = "discussion",
    tags: list[str] = (),
    anonymous: bool = False,
    urgency: str = "normal",
    commit: bool = True,
    **fields,
):
    """A board topic with its opening post (no notifications: use the service for those)."""
    from mentorship.models import Post, Topic, TopicTag
    from mentorship.text import render_markdown

    topic = Topic(
        community_id=community.id,
        author_id=author.id,
        kind=kind,
        title=title,
        is_anonymous=anonymous,
        urgency=urgency,
        tags=[TopicTag(tag=t) for t in tags],
        **fields,
    )
    db.session.add(topic)
    db.session.flush()
    db.session.add(
        Post(
            topic_id=topic.id,
            community_id=community.id,
            author_id=author.id,
            is_opening=True,
            is_anonymous=anonymous,
            body=body,
            body_html=str(render_markdown(body)),
            created_at=topic.created_at,
        )
    )
    if commit:
        db.session.commit()
    return topic


def make_reply(topic, author: User, body: str = "A reply", commit: bool = True):
    """A reply that keeps the topic's counters right (like services.board.post_reply, without notifications)."""
    from mentorship.models import Post
    from mentorship.text import render_markdown

    now = utcnow()
    post = Post(
        topic_id=topic.id,
        community_id=topic.community_id,
        author_id=author.id,
        is_anonymous=topic.is_anonymous and author.id == topic.author_id,
        body=body,
        body_html=str(render_markdown(body)),
        created_at=now,
    )
    db.session.add(post)
    topic.reply_count = (topic.reply_count or 0) + 1
    topic.last_activity_at = now
    if topic.first_answer_at is None and author.id != topic.author_id:
        topic.first_answer_at = now
        topic.first_answer_seconds = int((now - topic.created_at).total_seconds()) if topic.created_at else 0
    if commit:
        db.session.commit()
    return post


def make_space_program(
    community: Community, weeks: int = 8, steps: int | None = None, title: str | None = None, **fields
):
    """A running program with `steps` weekly steps (default: one per week)."""
    from mentorship.models import Program, ProgramStep

    program = Program(
        community_id=community.id, title=title or f"Program {next(_seq)}", weeks=weeks, status="running", **fields
    )
    count = weeks if steps is None else steps
    program.steps = [
        ProgramStep(
            week=week,
            title=f"Week {week} step",
            guidance=f"Guidance for week {week}: *listen* first.",
            activity=f"Activity for week {week}.",
        )
        for week in range(1, count + 1)
    ]
    db.session.add(program)
    db.session.commit()
    return program


# --- notifications and reminders (issue 7) ---


def make_notification(
    user: User, text: str = "Something happened.", kind: str = "admin_alert", link: str = "/", **fields
):
    from mentorship.models import Notification

    notification = Notification(user_id=user.id, kind=kind, text=text, link=link, **fields)
    db.session.add(notification)
    db.session.commit()
    return notification


def make_checkin_program(community: Community, weekday: int = 0, weeks: int = 8, steps: bool = True, **fields):
    """A running program whose check-ins fall on `weekday` (0 = Monday), with a titled step per week."""
    from mentorship.models import Program, ProgramStep

    program = Program(
        community_id=community.id,
        title=fields.pop("title", "Career steps"),
        weeks=weeks,
        status="running",
        checkin_weekday=weekday,
        **fields,
    )
    if steps:
        program.steps = [
            ProgramStep(week=w, title=f"Step {w}", guidance=f"Guidance {w}", activity=f"Activity {w}")
            for w in range(1, weeks + 1)
        ]
    db.session.add(program)
    db.session.commit()
    return program
