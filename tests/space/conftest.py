"""Helpers for the mentorship space tests: a cast of people and clients that behave like real browsers.

The app fixture keeps one app context open for the whole test, and Flask reuses it for every
request, so `g` (Flask-Login's current user, per-request caches) would leak from one request or
client to the next. FreshClient gives each request its own app context, as in production.
"""

from dataclasses import dataclass

from flask.testing import FlaskClient

from mentorship.extensions import db
from mentorship.models import Mentorship, User, UserSession
from mentorship.services.space import thread as space
from tests.factories import add_member, make_community, make_mentorship, make_space_program, make_user


class FreshClient(FlaskClient):
    """A test client whose every request runs in a fresh app context (its own g and db session)."""

    def open(self, *args, **kwargs):
        # End the test's own transaction first: on SQLite it would hold the write lock.
        db.session.commit()
        context = self.application.app_context()
        context.push()
        try:
            return super().open(*args, **kwargs)
        finally:
            context.pop()


def client_for(app, user: User | None = None, htmx: bool = False) -> FreshClient:
    """A fresh client, logged in as `user` with a real server-side session (None: a visitor)."""
    client = FreshClient(app, app.response_class, use_cookies=True)
    if htmx:
        client.environ_base["HTTP_HX_REQUEST"] = "true"
    if user is not None:
        row = UserSession(user_id=user.id)
        db.session.add(row)
        db.session.commit()
        with client.session_transaction() as session:
            session["_user_id"] = row.token
            session["_fresh"] = True
    return client


def refresh() -> None:
    """Forget what the test's own session holds, so it sees what requests wrote."""
    db.session.rollback()
    db.session.expire_all()


@dataclass
class Cast:
    admin: User
    moderator: User
    member: User
    outsider: User
    mentor: User
    mentee: User
    other_mentor: User
    other_mentee: User
    community: object
    mentorship: Mentorship
    other_mentorship: Mentorship

    def person(self, name: str) -> User | None:
        return None if name == "visitor" else getattr(self, name)


def make_cast(weeks: int = 6, steps: int | None = None) -> Cast:
    """A community with an admin, a moderator, a member, a pair (with a program) and another pair;
    plus an outsider who belongs to another community only."""
    admin, moderator, member = make_user("Ada Admin"), make_user("Mo Moderator"), make_user("Mia Member")
    mentor, mentee = make_user("Lin Mentor"), make_user("Sam Mentee")
    other_mentor, other_mentee = make_user("Oli Othermentor"), make_user("Pia Othermentee")
    outsider = make_user("Otto Outsider")
    community = make_community(admin=admin, members=[member, mentor, mentee, other_mentor, other_mentee])
    add_member(community, moderator, "moderator")
    make_community(admin=outsider)
    program = make_space_program(community, weeks=weeks, steps=steps)
    mentorship = make_mentorship(community, mentor, mentee, program=program)
    other = make_mentorship(community, other_mentor, other_mentee, program=program)
    return Cast(
        admin, moderator, member, outsider, mentor, mentee, other_mentor, other_mentee, community, mentorship, other
    )


def make_circle(community, size: int = 3, program=None):
    """A circle: one mentor and `size` mentees, all members of the community."""
    mentor = make_user("Cleo Circlementor")
    mentees = [make_user(f"Mentee {i}") for i in range(size)]
    for person in [mentor, *mentees]:
        add_member(community, person)
    circle = make_mentorship(community, mentor, mentees, program=program)
    return circle, mentor, mentees


def say(mentorship: Mentorship, author: User, text: str, thread_key: str = "main"):
    """Send a message through the service (the route is tested separately)."""
    loaded = space.load_space(mentorship.id)
    return space.send_message(loaded, author, thread_key, text)
