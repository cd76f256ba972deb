"""A create form sent four times at once (a double click, a retry, a resent form) stores one row, and every
copy is sent to what the first one created (web/once.py; the token is the primary key of `submissions`)."""

import pytest
from sqlalchemy import select

from mentorship.extensions import db
from mentorship.models import Community, Membership, Message, Topic, UneasyNote
from tests.factories import make_community, make_mentorship, make_space_program, make_user

from .test_races import AT_ONCE, at_once, cookie_of, count, server  # noqa: F401 (server is a fixture)

TOKEN = "double-click-token-0123456789abcdef"


@pytest.fixture
def people(app):
    mentor, mentee, admin = make_user("Mentor"), make_user("Mentee"), make_user("Admin")
    community = make_community(admin=admin, members=[mentor, mentee])
    db.session.execute(
        Membership.__table__.update()
        .values(coc_accepted_at=db.func.now())
        .where(Membership.community_id == community.id)
    )
    db.session.commit()
    mentorship = make_mentorship(community, mentor, mentee, program=make_space_program(community))
    return {"community": community, "mentorship": mentorship, "mentor": mentor}


def create_forms(people):
    """(path, form data, model, where): every create form that carries a one-time token."""
    community, mentorship = people["community"], people["mentorship"]
    topic = {"title": "Double posted?", "body": "Only once, please.", "kind": "discussion", "urgency": "whenever"}
    return [
        ("/c/new", {"name": "Once Only"}, Community, Community.name == "Once Only"),
        (f"/c/{community.slug}/board/new", topic, Topic, Topic.title == "Double posted?"),
        (f"/m/{mentorship.id}/t/main/messages", {"body": "Sent once"}, Message, Message.body == "Sent once"),
        (f"/m/{mentorship.id}/uneasy", {"text": "Worried once"}, UneasyNote, UneasyNote.text == "Worried once"),
    ]


@pytest.mark.parametrize("index", range(4), ids=["community", "topic", "message", "uneasy"])
def test_a_create_form_posted_four_times_at_once_stores_one_row(app, server, people, index):  # noqa: F811
    path, data, model, where = create_forms(people)[index]
    statuses = at_once(f"{server}{path}", cookie_of(app, people["mentor"]), {**data, "submission": f"{TOKEN}{index}"})
    assert statuses == [303] * AT_ONCE
    assert count(model, where) == 1


@pytest.mark.parametrize("index", range(4), ids=["community", "topic", "message", "uneasy"])
def test_the_second_copy_is_sent_to_what_the_first_created(login_as, people, index):
    path, data, model, where = create_forms(people)[index]
    client = login_as(people["mentor"])
    first = client.post(path, data={**data, "submission": TOKEN})
    second = client.post(path, data={**data, "submission": TOKEN}, follow_redirects=True)
    assert first.status_code == 303 and count(model, where) == 1
    assert second.status_code == 200 and second.request.path == first.headers["Location"].split("#")[0]
    assert "We had already received this" in second.get_data(as_text=True)


def test_each_new_message_has_its_own_token_and_both_are_stored(login_as, people):
    mentorship = people["mentorship"]
    client = login_as(people["mentor"], htmx=True)
    url = f"/m/{mentorship.id}/t/main/messages"
    first = client.post(url, data={"body": "One", "submission": "token-one"}).get_data(as_text=True)
    assert 'id="compose-submission"' in first and 'hx-swap-oob="true"' in first and "token-one" not in first
    client.post(url, data={"body": "Two", "submission": "token-two"})
    client.post(url, data={"body": "Three"})  # an old page without a token still works
    bodies = db.session.scalars(select(Message.body).where(Message.mentorship_id == mentorship.id)).all()
    assert bodies[-3:] == ["One", "Two", "Three"]


def test_a_refused_form_can_be_sent_again_with_its_token(login_as, people):
    """A form with errors (nothing stored) keeps its token; the corrected form with it is stored."""
    client = login_as(people["mentor"])
    response = client.post("/c/new", data={"name": "", "submission": "retry-token"})
    assert response.status_code == 422 and 'value="retry-token"' in response.get_data(as_text=True)
    assert client.post("/c/new", data={"name": "Second Go", "submission": "retry-token"}).status_code == 303
    assert count(Community, Community.name == "Second Go") == 1
