"""Shared set-up for the board tests: a small world of people and a fresh flask.g per request.

Import `fresh_request_globals` into a test module to use it (it is autouse there).
"""

from dataclasses import dataclass

import pytest
from flask import g, request_started

from mentorship.extensions import db
from mentorship.models import HelpInvite
from tests.factories import add_member, make_community, make_mentorship, make_reply, make_topic, make_user


@pytest.fixture(autouse=True)
def fresh_request_globals(app):
    """Start each test request with an empty flask.g, as production does.

    The `app` fixture keeps one app context open, and Flask reuses it for test requests, so
    flask.g (Flask-Login's user, the membership cache) would otherwise leak between clients.
    """

    def _clear(sender, **extra):
        vars(g).clear()

    request_started.connect(_clear, app)
    yield
    request_started.disconnect(_clear, app)


@dataclass
class World:
    community: object
    other: object
    people: dict
    writer: object
    help_topic: object  # the member's help request, solved by pair_member's reply
    solution: object
    writer_post: object  # a reply by `writer` that everyone may react to
    member_post: object  # a reply by `member`
    invited_topic: object
    invite: object


PERSONS = ["visitor", "member", "outsider", "pair_member", "other_pair_member", "moderator", "admin"]


def make_world() -> World:
    """Two communities and one person of each kind; `member` asked for help and `pair_member` solved it."""
    admin = make_user("Ada Admin")
    moderator = make_user("Mo Moderator")
    member = make_user("Mia Member")
    pair_member = make_user("Pat Pair", skills=["python"])
    writer = make_user("Wes Writer")
    outsider = make_user("Otto Outsider", skills=["python"])
    other_pair_member = make_user("Olga Otherpair")
    other_mentor = make_user("Oscar Othermentor")
    community = make_community(admin=admin, members=[member, pair_member, writer])
    add_member(community, moderator, "moderator")
    other = make_community(admin=other_mentor, members=[outsider, other_pair_member])
    make_mentorship(community, admin, pair_member)
    make_mentorship(other, other_mentor, other_pair_member)

    help_topic = make_topic(community, member, "How do I read a stack trace?", kind="help", tags=["python"])
    solution = make_reply(help_topic, pair_member, "Start from the bottom line.")
    writer_post = make_reply(help_topic, writer, "Also: search the error message.")
    member_post = make_reply(help_topic, member, "Thank you both!")
    help_topic.solved_post_id = solution.id
    invited_topic = make_topic(community, member, "Unit tests for a CLI?", kind="help", tags=["python"])
    invited_solution = make_reply(invited_topic, pair_member, "Use click's CliRunner.")
    invited_topic.solved_post_id = invited_solution.id
    db.session.flush()
    invite = HelpInvite(topic_id=invited_topic.id, asker_id=member.id, helper_id=pair_member.id)
    db.session.add(invite)
    db.session.commit()
    people = {
        "visitor": None,
        "member": member,
        "outsider": outsider,
        "pair_member": pair_member,
        "other_pair_member": other_pair_member,
        "moderator": moderator,
        "admin": admin,
    }
    return World(
        community, other, people, writer, help_topic, solution, writer_post, member_post, invited_topic, invite
    )


def client_for(app, login_as, user, htmx: bool = False):
    """A logged-in client, or an anonymous one for the visitor."""
    if user is None:
        client = app.test_client()
        if htmx:
            client.environ_base["HTTP_HX_REQUEST"] = "true"
        return client
    return login_as(user, htmx=htmx)


def board_url(community, path: str = "/") -> str:
    return f"/c/{community.slug}/board{path}"
