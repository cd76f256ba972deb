"""The demo's people and its two communities."""

import random
from datetime import date, timedelta

from sqlalchemy import select

from mentorship.demo.crowd import CROWD, email_of
from mentorship.extensions import db
from mentorship.models import Community, Membership, User, UserSkill, utcnow
from mentorship.services.accounts.passwords import hash_password

DEMO_COMMUNITY = "Career Changers Collective"

# email, name, role in the demo community, skills, timezone
DEMO_PEOPLE = [
    ("ada@example.com", "Ada Okafor", "admin", ["leadership", "python", "career-change"], "Europe/London"),
    ("mo@example.com", "Mo Haddad", "moderator", ["community", "writing"], "Europe/Berlin"),
    ("lin@example.com", "Lin Wei", "member", ["data-science", "python", "sql"], "Asia/Singapore"),
    ("sam@example.com", "Sam Rivera", "member", ["ux-design", "portfolio"], "America/New_York"),
    ("priya@example.com", "Priya Nair", "member", ["public-speaking", "leadership"], "Asia/Kolkata"),
    ("tom@example.com", "Tom Becker", "member", ["javascript", "react"], "Europe/Berlin"),
    ("grace@example.com", "Grace Mensah", "member", ["product-management", "career-change"], "Africa/Accra"),
    ("kai@example.com", "Kai Nakamura", "member", ["devops", "kubernetes"], "Asia/Tokyo"),
    ("lucia@example.com", "Lucía Fernández", "member", ["marketing", "writing"], "Europe/Madrid"),
    ("noah@example.com", "Noah Smith", "member", ["python", "interviewing"], "America/Chicago"),
    ("amara@example.com", "Amara Diallo", "member", ["sql", "data-science"], "Europe/Paris"),
    ("jon@example.com", "Jon Eriksen", "member", ["career-change", "networking"], "Europe/Oslo"),
] + [(email_of(p.name), p.name, "member", p.skills, p.timezone) for p in CROWD]

CROWD_BY_EMAIL = {email_of(p.name): p for p in CROWD}
SEED = 14  # the demo's fixed random seed: the same people, birthdays and join dates on every machine


def who(name: str) -> int:
    """A demo person's index in DEMO_PEOPLE (and in the list of users the seeds pass around)."""
    return next(i for i, entry in enumerate(DEMO_PEOPLE) if entry[1] == name)


def person(users: list[User], name: str) -> User:
    """A demo person by display name (the crowd is picked by name, the first twelve by e-mail too)."""
    return next(u for u in users if u.display_name == name)


def seed_people(password: str) -> tuple[Community, list[User]] | None:
    """Create the demo communities and people once; None when they already exist."""
    if db.session.scalar(select(Community).where(Community.name == DEMO_COMMUNITY)) is not None:
        return None
    password_hash = hash_password(password)
    rng = random.Random(SEED)
    now = utcnow()
    users = []
    for index, (email, name, _role, skills, tz) in enumerate(DEMO_PEOPLE):
        crowd = CROWD_BY_EMAIL.get(email)
        # The first twelve joined four months ago; the crowd over the last three months, a few this week.
        joined = now - timedelta(days=120 if index < 12 else rng.choice([2, 5, 9, 16, 30, 45, 60, 75, 90]))
        user = User(
            email=email,
            display_name=name,
            password_hash=password_hash,
            date_of_birth=date(1990, 5, 17) if crowd is None else date(rng.randint(1962, 2003), rng.randint(1, 12), 9),
            timezone=tz,
            locale=crowd.locale if crowd else None,
            email_verified_at=joined,
            created_at=joined,
            bio=crowd.bio if crowd else f"Hi, I'm {name.split()[0]}.",
            skills=[UserSkill(tag=tag) for tag in skills],
        )
        users.append(user)
    db.session.add_all(users)
    community = Community(
        slug="career-changers",
        name=DEMO_COMMUNITY,
        description="People moving into tech and the people who've done it, helping each other along the way.",
    )
    private = Community(
        slug="women-in-data",
        name="Women in Data",
        description="A private circle for women working with data.",
        is_private=True,
    )
    db.session.add_all([community, private])
    db.session.flush()
    for user, (_email, _name, role, _skills, _tz) in zip(users, DEMO_PEOPLE, strict=True):
        joined = user.created_at
        db.session.add(
            Membership(community_id=community.id, user_id=user.id, role=role, coc_accepted_at=joined, joined_at=joined)
        )
    db.session.add(Membership(community_id=private.id, user_id=users[2].id, role="admin", coc_accepted_at=utcnow()))
    db.session.add(Membership(community_id=private.id, user_id=users[10].id, role="member", coc_accepted_at=utcnow()))
    db.session.commit()
    return community, users
