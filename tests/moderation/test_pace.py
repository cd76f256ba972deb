"""Posting pace: new members' first day and slow mode on busy topics, answered with 429 (page and fragment)."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from mentorship.extensions import db
from mentorship.models import Membership, Post, Topic, utcnow
from mentorship.services.board import pace as posting_pace
from tests.factories import add_member, make_community, make_reply, make_topic, make_user
from tests.moderation.conftest import count, fresh_request_globals  # noqa: F401


@pytest.fixture
def newcomer_world(app):
    """A community with an old hand's topic and a member who joined a minute ago."""
    old_hand, newcomer = make_user("Old Hand"), make_user("New Nia")
    community = make_community(members=[old_hand])
    add_member(community, newcomer, joined_at=utcnow() - timedelta(minutes=1))
    topic = make_topic(community, old_hand, "Welcome thread")
    return community, newcomer, topic


def reply_url(community, topic) -> str:
    return f"/c/{community.slug}/board/t/{topic.id}/reply"


def test_a_new_member_posts_three_times_then_waits(app, login_as, newcomer_world):
    community, newcomer, topic = newcomer_world
    client = login_as(newcomer)
    for n in range(3):
        assert client.post(reply_url(community, topic), data={"body": f"Hello {n}"}).status_code == 303
    before = count(Post)
    response = client.post(reply_url(community, topic), data={"body": "A fourth hello"})
    html = response.get_data(as_text=True)
    assert response.status_code == 429
    assert "new members can post 3 times in 10 minutes" in html and "You can post again in" in html
    assert "A fourth hello" in html and 'id="reply-form"' in html  # the page, with what was typed
    assert 1 <= int(response.headers["Retry-After"]) <= 600
    assert count(Post) == before
    # A new topic counts too.
    response = client.post(
        f"/c/{community.slug}/board/new", data={"kind": "discussion", "title": "My own topic", "body": "Body text"}
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 429 and "My own topic" in html and "Body text" in html
    assert count(Topic) == 1


def test_the_new_member_limit_answers_htmx_with_a_fragment(app, login_as, newcomer_world):
    community, newcomer, topic = newcomer_world
    for n in range(3):
        make_reply(topic, newcomer, f"earlier {n}")
    client = login_as(newcomer, htmx=True)
    response = client.post(reply_url(community, topic), data={"body": "Too soon"})
    html = response.get_data(as_text=True)
    assert response.status_code == 429 and "<html" not in html and 'id="error"' in html
    assert "You can post again in" in html and response.headers["Retry-After"]
    assert "HX-Request" in response.headers["Vary"]
    response = client.post(f"/c/{community.slug}/board/new", data={"kind": "discussion", "title": "T t t", "body": "b"})
    assert response.status_code == 429 and "<html" not in response.get_data(as_text=True)


def test_the_limit_counts_ten_minutes_and_only_the_first_day(app, login_as, newcomer_world):
    community, newcomer, topic = newcomer_world
    posts = [make_reply(topic, newcomer, f"earlier {n}") for n in range(3)]
    client = login_as(newcomer)
    assert client.post(reply_url(community, topic), data={"body": "x"}).status_code == 429
    db.session.execute(update(Post).where(Post.id == posts[0].id).values(created_at=utcnow() - timedelta(minutes=11)))
    db.session.commit()
    assert client.post(reply_url(community, topic), data={"body": "Now it's fine"}).status_code == 303
    assert client.post(reply_url(community, topic), data={"body": "But not again"}).status_code == 429
    db.session.execute(
        update(Membership).where(Membership.user_id == newcomer.id).values(joined_at=utcnow() - timedelta(days=2))
    )
    db.session.commit()
    assert client.post(reply_url(community, topic), data={"body": "A day later, no limit"}).status_code == 303


def test_new_moderators_are_not_limited(app, login_as):
    moderator = make_user()
    community = make_community()
    add_member(community, moderator, "moderator", joined_at=utcnow())
    topic = make_topic(community, moderator, "Rules")
    for n in range(4):
        make_reply(topic, moderator, f"r{n}")
    assert login_as(moderator).post(reply_url(community, topic), data={"body": "More"}).status_code == 303


def busy_topic(replies: int = 11):
    """A topic that got `replies` replies from distinct people in the last minutes, and a reader."""
    starter, reader = make_user(), make_user("Reader Rae")
    community = make_community(members=[starter, reader])
    topic = make_topic(community, starter, "Hot topic")
    for n in range(replies):
        author = make_user()
        add_member(community, author)
        make_reply(topic, author, f"quick {n}")
    return community, topic, reader


def test_slow_mode_switches_on_when_a_topic_speeds_up(app, login_as):
    community, topic, reader = busy_topic(11)
    client = login_as(reader)
    assert client.post(reply_url(community, topic), data={"body": "First"}).status_code == 303
    response = client.post(reply_url(community, topic), data={"body": "Second right away"})
    html = response.get_data(as_text=True)
    assert response.status_code == 429
    assert re.search(r"Slow mode is on: you can post again in (\d+) seconds", html)
    seconds = int(re.search(r"again in (\d+) seconds", html).group(1))
    assert 55 <= seconds <= 60 and response.headers["Retry-After"] == str(seconds)
    assert "Second right away" in html
    htmx = login_as(reader, htmx=True).post(reply_url(community, topic), data={"body": "again"})
    assert htmx.status_code == 429 and "<html" not in htmx.get_data(as_text=True)
    assert "Slow mode is on" in htmx.get_data(as_text=True)
    # A minute later they may post again.
    db.session.execute(
        update(Post).where(Post.author_id == reader.id).values(created_at=utcnow() - timedelta(seconds=61))
    )
    db.session.commit()
    assert client.post(reply_url(community, topic), data={"body": "A minute later"}).status_code == 303


def test_slow_mode_stays_off_below_the_pace_and_when_the_community_turns_it_off(app, login_as):
    community, topic, reader = busy_topic(9)
    client = login_as(reader)
    for n in range(2):  # 10 and then 11 replies in 5 minutes: "more than 10" only after the second
        assert client.post(reply_url(community, topic), data={"body": f"r{n}"}).status_code == 303
    assert client.post(reply_url(community, topic), data={"body": "third"}).status_code == 429
    community.slow_mode_enabled = False
    db.session.commit()
    for n in range(2):
        assert client.post(reply_url(community, topic), data={"body": f"more {n}"}).status_code == 303


def test_slow_mode_switches_off_when_the_pace_drops(app):
    community, topic, reader = busy_topic(11)
    membership = db.session.scalar(select(Membership).where(Membership.user_id == reader.id))
    now = utcnow()
    make_reply(topic, reader, "mine")
    assert posting_pace.slow_mode_on(community, topic.id, now)
    with pytest.raises(posting_pace.PostingTooFast, match="Slow mode is on"):
        posting_pace.check_slow_mode(community, membership, topic.id, now)
    later = now + timedelta(minutes=6)
    assert not posting_pace.slow_mode_on(community, topic.id, later)
    posting_pace.check_slow_mode(community, membership, topic.id, later)


def test_slow_mode_does_not_apply_to_moderators_or_new_topics(app, login_as):
    community, topic, _ = busy_topic(11)
    moderator = make_user()
    add_member(community, moderator, "moderator")
    client = login_as(moderator)
    for n in range(2):
        assert client.post(reply_url(community, topic), data={"body": f"calm down {n}"}).status_code == 303
