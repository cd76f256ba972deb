"""The board's part of a person's data export and account deletion."""

from sqlalchemy import select

from mentorship.extensions import db
from mentorship.models import Post, Topic
from mentorship.services.accounts.data import delete_account, export_user_data
from tests.factories import PASSWORD, make_community, make_reply, make_topic, make_user


def _world():
    author, other = make_user("Wren Writer"), make_user("Otto Other")
    community = make_community(members=[author, other])
    topic = make_topic(community, author, title="How do I start?", body="My own words")
    make_reply(topic, other, body="Someone else's answer")
    return author, other, topic


def test_export_contains_what_they_wrote_on_boards(app):
    author, _, _ = _world()
    data = export_user_data(author)
    assert "How do I start?" in str(data["board"]) and "My own words" in str(data["board"])


def test_deleting_without_erasing_keeps_posts_under_deleted_member(app, client):
    author, other, topic = _world()
    delete_account(author, PASSWORD, erase_written=False)
    bodies = set(db.session.scalars(select(Post.body).where(Post.topic_id == topic.id)))
    assert bodies == {"My own words", "Someone else's answer"}
    db.session.refresh(author)
    assert author.display_name == "Deleted member"


def test_deleting_with_erasing_replaces_their_words_only(app):
    author, other, topic = _world()
    delete_account(author, PASSWORD, erase_written=True)
    bodies = set(db.session.scalars(select(Post.body).where(Post.topic_id == topic.id)))
    assert bodies == {"[erased by the author]", "Someone else's answer"}
    assert db.session.scalar(select(Topic.title).where(Topic.id == topic.id)) == "[erased by the author]"
