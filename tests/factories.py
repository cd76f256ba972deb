"""Test data builders. Passwords are hashed once per run (argon2 is slow on purpose)."""

import itertools
from datetime import date
from functools import lru_cache

from mentorship.extensions import db
from mentorship.models import Community, Membership, Mentorship, MentorshipMember, User, UserSkill, utcnow
from mentorship.services.passwords import hash_password

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


def add_member(community: Community, user: User, role: str = "member", commit: bool = True) -> Membership:
    membership = Membership(community_id=community.id, user_id=user.id, role=role, coc_accepted_at=utcnow())
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
