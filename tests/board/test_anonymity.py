"""An anonymous help request never shows its author to members: not in pages, fragments, notifications or
search results. Moderators see who it is; a helper sees it only when the asker invites them."""

import pytest
from sqlalchemy import select

from mentorship.extensions import db
from mentorship.models import Block, Notification, Post, Topic
from mentorship.services.board import posting as service
from tests.board.conftest import board_url, fresh_request_globals  # noqa: F401
from tests.factories import add_member, make_community, make_user

SECRET_NAME = "Quintessa Vanderzee"
SECRET_EMAIL = "quintessa@example.com"


def assert_no_leak(text: str, where: str) -> None:
    assert SECRET_NAME not in text, f"the anonymous author's name leaked in {where}"
    assert SECRET_EMAIL not in text, f"the anonymous author's e-mail leaked in {where}"
    assert "Quintessa" not in text, f"the anonymous author's first name leaked in {where}"


@pytest.fixture
def scene(app, login_as):
    """Quintessa asks anonymously, replies in her own topic and reacts; Hal helps; Mona moderates."""
    asker = make_user(SECRET_NAME, email=SECRET_EMAIL)
    helper = make_user("Hal Helper", skills=["budgeting"])
    bystander = make_user("Bo Bystander", skills=["budgeting"])
    moderator = make_user("Mona Moderator")
    community = make_community(members=[asker, helper, bystander])
    add_member(community, moderator, "moderator")
    response = login_as(asker).post(
        board_url(community, "/new"),
        data={
            "kind": "help",
            "title": "Debt is overwhelming me",
            "body": "I owe more than I earn. Where do I start?",
            "tags": "budgeting",
            "urgency": "high",
            "anonymous": "y",
        },
    )
    assert response.status_code == 303
    topic = db.session.scalar(select(Topic))
    assert topic.is_anonymous and topic.author_id == asker.id
    login_as(helper).post(board_url(community, f"/t/{topic.id}/reply"), data={"body": "List every debt first."})
    login_as(asker).post(board_url(community, f"/t/{topic.id}/reply"), data={"body": "Thanks, starting my debt list"})
    answer = db.session.scalar(select(Post).where(Post.author_id == helper.id))
    own = db.session.scalar(select(Post).where(Post.author_id == asker.id, Post.is_opening.is_(False)))
    login_as(asker).post(board_url(community, f"/p/{answer.id}/react/helpful"))
    login_as(asker).post(board_url(community, f"/t/{topic.id}/solution"), data={"post_id": answer.id})
    return community, topic, asker, helper, bystander, moderator, answer, own


def test_pages_fragments_and_search_never_name_the_asker(scene, login_as):
    community, topic, asker, helper, bystander, moderator, answer, own = scene
    opening = db.session.scalar(select(Post).where(Post.topic_id == topic.id, Post.is_opening.is_(True)))
    for user in (helper, bystander):
        plain, htmx = login_as(user), login_as(user, htmx=True)
        pages = {
            "board index": plain.get(board_url(community)),
            "help filter fragment": htmx.get(
                board_url(community, "/?filter=help"), headers={"HX-Target": "board-topics"}
            ),
            "topic page": plain.get(board_url(community, f"/t/{topic.id}")),
            "quote fragment": htmx.get(
                board_url(community, f"/t/{topic.id}?quote={opening.id}"), headers={"HX-Target": "reply-form"}
            ),
            "quote of her reply": plain.get(board_url(community, f"/t/{topic.id}?quote={own.id}")),
            "single post fragment": htmx.get(board_url(community, f"/p/{own.id}")),
            "search page": plain.get(board_url(community, "/search?q=debt")),
            "search fragment": htmx.get(board_url(community, "/search?q=debt+list")),
            "community page": plain.get(f"/c/{community.slug}"),
        }
        for where, response in pages.items():
            text = response.get_data(as_text=True)
            assert response.status_code == 200, where
            assert_no_leak(text, f"{where} seen by {user.display_name}")
        assert "Anonymous" in pages["topic page"].get_data(as_text=True)
        assert "Debt is overwhelming me" in pages["search page"].get_data(as_text=True)
        assert "&gt; Anonymous wrote:" in pages["quote fragment"].get_data(as_text=True)
        assert "Thanks, starting my debt list" in pages["single post fragment"].get_data(as_text=True)
    reaction = login_as(bystander, htmx=True).post(board_url(community, f"/p/{own.id}/react/thanks"))
    assert reaction.status_code == 200
    assert_no_leak(reaction.get_data(as_text=True), "reaction fragment")


def test_notifications_never_name_the_asker(scene):
    community, topic, asker, helper, bystander, moderator, answer, own = scene
    notes = db.session.scalars(select(Notification).where(Notification.user_id != asker.id)).all()
    kinds = {(n.user_id, n.kind) for n in notes}
    assert (helper.id, "help_request") in kinds and (bystander.id, "help_request") in kinds
    assert (helper.id, "board_solution") in kinds
    for note in notes:
        assert_no_leak(note.text + note.link, f"notification {note.kind} to user {note.user_id}")
    request_note = next(n for n in notes if n.kind == "help_request")
    assert request_note.text.startswith("Someone asked for help")


def test_moderators_see_who_asked(scene, login_as):
    community, topic, asker, helper, bystander, moderator, answer, own = scene
    page = login_as(moderator).get(board_url(community, f"/t/{topic.id}")).get_data(as_text=True)
    assert f"moderators see: {SECRET_NAME}" in page
    index = login_as(moderator).get(board_url(community)).get_data(as_text=True)
    assert SECRET_NAME in index
    mine = login_as(asker).get(board_url(community, f"/t/{topic.id}")).get_data(as_text=True)
    assert "Anonymous (you)" in mine and "moderators see" not in mine


def test_blocking_does_not_unmask_an_anonymous_author(scene, login_as):
    community, topic, asker, helper, bystander, moderator, answer, own = scene
    db.session.add(Block(blocker_id=bystander.id, blocked_id=asker.id))
    db.session.commit()
    page = login_as(bystander).get(board_url(community, f"/t/{topic.id}")).get_data(as_text=True)
    assert "you blocked this member" not in page
    assert_no_leak(page, "topic page of a blocker")


def test_inviting_reveals_the_asker_to_the_helper_only(scene, login_as):
    community, topic, asker, helper, bystander, moderator, answer, own = scene
    confirm = login_as(asker).get(board_url(community, f"/t/{topic.id}/invite")).get_data(as_text=True)
    assert "You asked anonymously." in confirm and "shows your name to Hal Helper" in confirm
    assert "Reveal my name and send the invitation" in confirm
    login_as(asker).post(board_url(community, f"/t/{topic.id}/invite"), data={"message": ""})
    note = db.session.scalar(select(Notification).where(Notification.kind == "help_invite"))
    assert note.user_id == helper.id and SECRET_NAME in note.text
    assert SECRET_NAME in login_as(helper).get(note.link).get_data(as_text=True)
    assert login_as(bystander).get(note.link).status_code == 404
    assert_no_leak(login_as(bystander).get(board_url(community, f"/t/{topic.id}")).get_data(as_text=True), "topic")
    assert_no_leak(login_as(helper).get(board_url(community, f"/t/{topic.id}")).get_data(as_text=True), "topic")


def test_service_refuses_anonymous_discussions(scene):
    community, topic, asker, helper, bystander, moderator, answer, own = scene
    membership = next(m for m in community.memberships if m.user_id == asker.id)
    discussion = service.create_topic(
        community, asker, membership, kind="discussion", title="Open chat", body="hi", anonymous=True
    )
    assert discussion.is_anonymous is False
