"""The rule "every create form posted four times at once stores one row", over the route table.

Each create form of the site (tests/security/routes.py gives its path and data) is posted AT_ONCE times at
the same moment, with one submission token, against a real threaded server: exactly one row is stored, and
no copy answers a server error. Forms with a natural key (one membership, one sign-up, one check-in a week)
hold by that key; the others by the one-time token (web/once.py). A new create form joins CREATE_FORMS.
"""

import pytest
from sqlalchemy import func, select

from mentorship.extensions import db
from mentorship.models import (
    Block,
    CallSession,
    CheckIn,
    Community,
    Enrollment,
    HelpInvite,
    JoinRequest,
    Membership,
    MentorRequest,
    Message,
    PairDecision,
    Post,
    Program,
    PushSubscription,
    Report,
    Topic,
    UneasyNote,
)

from .routes import ROUTES
from .test_races import AT_ONCE, at_once, cookie_of, server  # noqa: F401 (server is a fixture)
from .test_route_matrix import fill
from .world import build_world

# (endpoint, person who may post it, the table that must gain one row, path or data overrides)
CREATE_FORMS = [
    ("communities.create", "admin", Community, {}),
    ("communities.join", "other", Membership, {}),
    ("communities.join", "other", JoinRequest, {"path": "/c/{priv}/join", "data": {"message": "Let me in"}}),
    ("programs.signup", "moderator", Enrollment, {}),
    ("programs.request_mentor", "member", MentorRequest, {}),
    ("program_admin.create", "admin", Program, {}),
    ("program_admin.import_program", "admin", Program, {}),
    ("program_review.add_rule", "admin", PairDecision, {}),
    ("board.new_topic", "member", Topic, {}),
    ("board.reply", "member", Post, {}),
    ("board.invite_helper", "member", HelpInvite, {}),
    ("reports.report", "member", Report, {}),
    ("blocking.block", "member", Block, {}),
    ("mentorships.post_message", "pair", Message, {}),
    ("mentorships.checkin", "pair", CheckIn, {}),
    ("mentorships.uneasy", "pair", UneasyNote, {}),
    ("sessions.propose", "pair", CallSession, {}),
    ("settings.add_device", "member", PushSubscription, {}),
]
IDS = [f"{endpoint}-{model.__name__}" for endpoint, _, model, _ in CREATE_FORMS]
TOKEN = "four-at-once-token-0123456789abcdef"


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _request(index):
    endpoint, person, model, override = CREATE_FORMS[index]
    row = ROUTES[endpoint]
    world = build_world()
    path = fill(override.get("path", row.path), world)
    data = {**fill(row.data, world), **override.get("data", {}), "submission": TOKEN}
    return world, path, data, world.people[person], model


@pytest.mark.parametrize("index", range(len(CREATE_FORMS)), ids=IDS)
def test_every_create_form_posted_four_times_at_once_stores_one_row(app, server, index):  # noqa: F811
    world, path, data, person, model = _request(index)
    before = _count(model)
    statuses = at_once(f"{server}{path}", cookie_of(app, person), data)
    assert all(status in (302, 303) for status in statuses), statuses
    assert _count(model) == before + 1


# Held by a natural key, their second answer is the normal one ("you are a member", the same check-in saved
# again, the block or rule or device already there); every other create form's copy is told it was sent twice
# and sent to what the first one created.
NATURAL_KEY = {
    "communities.join-Membership",
    "program_review.add_rule-PairDecision",
    "blocking.block-Block",
    "mentorships.checkin-CheckIn",
    "settings.add_device-PushSubscription",
}
TOKEN_FORMS = [index for index, name in enumerate(IDS) if name not in NATURAL_KEY]


@pytest.mark.parametrize("index", TOKEN_FORMS, ids=[IDS[i] for i in TOKEN_FORMS])
def test_the_copy_of_a_create_form_is_sent_to_what_the_first_created(app, login_as, index):
    world, path, data, person, model = _request(index)
    client = login_as(person)
    first = client.post(path, data=data)
    second = client.post(path, data=data)
    assert first.status_code == 303 and second.status_code == 303
    assert second.headers["Location"] == first.headers["Location"]
    assert "We had already received this" in client.get(second.headers["Location"]).get_data(as_text=True)


def test_every_create_form_of_the_site_carries_a_token(app):
    """The create forms' classes: each is a SubmittedOnceMixin (a new create form without one fails here)."""
    from mentorship.forms import board, communities, moderation, programs, sessions, space
    from mentorship.forms.once import SubmittedOnceMixin

    creating = [
        communities.CommunityForm,
        communities.JoinForm,
        board.TopicForm,
        board.ReplyForm,
        board.InviteForm,
        moderation.ReportForm,
        programs.NewProgramForm,
        programs.ImportForm,
        programs.SignupForm,
        programs.RequestForm,
        sessions.ProposeForm,
        space.MessageForm,
        space.UneasyForm,
    ]
    assert [form.__name__ for form in creating if not issubclass(form, SubmittedOnceMixin)] == []
