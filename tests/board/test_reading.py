"""A long topic (issue 14, point 7): paging words that fit a topic read from its start, and a member who comes back
lands on their first unread reply (or the latest replies), the marker stored per topic and read by the page's first
query."""

from sqlalchemy import select

from mentorship.extensions import db
from mentorship.models import TopicRead
from mentorship.services.board.read import REPLIES_PER_PAGE
from tests.factories import make_community, make_reply, make_topic, make_user


def long_topic(replies: int):
    admin, writer, reader = make_user(), make_user(name="Wes"), make_user(name="Rae")
    community = make_community(admin=admin, members=[writer, reader])
    topic = make_topic(community, writer, "A long conversation")
    posts = [make_reply(topic, writer, f"Reply number {n}") for n in range(1, replies + 1)]
    return community, topic, posts, reader, writer


def test_paging_words_fit_a_topic_read_from_its_start(login_as):
    community, topic, _posts, reader, _ = long_topic(REPLIES_PER_PAGE + 3)
    client = login_as(reader)
    first = client.get(f"/c/{community.slug}/board/t/{topic.id}").get_data(as_text=True)
    assert "Later replies →" in first and "Older" not in first and "Newer" not in first
    assert "Page 1 of 2" in first and "Jump to the latest replies" in first
    second = client.get(f"/c/{community.slug}/board/t/{topic.id}?page=2").get_data(as_text=True)
    assert "← Earlier replies" in second and "Latest replies" in second


def test_coming_back_opens_at_the_first_unread_reply(login_as, queries):
    community, topic, posts, reader, writer = long_topic(REPLIES_PER_PAGE + 3)
    client = login_as(reader)
    url = f"/c/{community.slug}/board/t/{topic.id}"
    assert client.get(url).status_code == 200  # a first visit reads from the start (page 1)
    marker = db.session.get(TopicRead, (topic.id, reader.id))
    assert marker.last_read_post_id == posts[REPLIES_PER_PAGE - 1].id
    # back again: the first unread reply is on page 2, with the anchor (works without JavaScript)
    landing = client.get(url)
    assert landing.status_code == 302 and landing.headers["Location"] == f"{url}?page=2#first-unread"
    with queries() as q:
        page = client.get(f"{url}?page=2").get_data(as_text=True)
    marker_at = page.index('id="first-unread"')
    assert marker_at < page.index(f"Reply number {REPLIES_PER_PAGE + 1}") and "New since your last visit" in page
    assert q.count <= 8
    db.session.expire_all()
    assert db.session.get(TopicRead, (topic.id, reader.id)).last_read_post_id == posts[-1].id
    # everything read: back to the latest replies, with no marker
    latest = client.get(url)
    assert latest.status_code == 302 and latest.headers["Location"] == f"{url}?page=2#replies"
    assert 'id="first-unread"' not in client.get(f"{url}?page=2").get_data(as_text=True)
    # a new reply by someone else: the marker sits just before it
    new = make_reply(topic, writer, "A fresh reply")
    page = client.get(f"{url}?page=2").get_data(as_text=True)
    assert page.index('id="first-unread"') < page.index("A fresh reply")
    assert db.session.scalars(select(TopicRead)).all()[0].last_read_post_id == new.id


def test_a_short_topic_never_redirects(login_as):
    community, topic, _posts, reader, _ = long_topic(3)
    client = login_as(reader)
    url = f"/c/{community.slug}/board/t/{topic.id}"
    assert client.get(url).status_code == 200
    assert client.get(url).status_code == 200
