"""The board index, a topic page, search and the community page issue a constant number of SQL queries,
for 10 or 1,000 topics and posts by as many different people."""

import itertools
from datetime import date

from mentorship.extensions import db
from mentorship.models import Block, Post, Reaction, Topic, TopicTag, User, UserSkill, utcnow
from mentorship.text import render_markdown
from tests.board.conftest import board_url, fresh_request_globals  # noqa: F401
from tests.conftest import _empty_all_tables
from tests.factories import _password_hash, add_member, make_community, make_user

_names = itertools.count(1)


def _people(community, n: int) -> list[User]:
    users = [
        User(
            email=f"crowd{next(_names)}@example.com",
            display_name=f"Crowd {n}-{i}",
            password_hash=_password_hash(),
            date_of_birth=date(1990, 1, 1),
            skills=[UserSkill(tag="python")],
        )
        for i in range(n)
    ]
    db.session.add_all(users)
    db.session.flush()
    for user in users:
        add_member(community, user, commit=False)
    return users


def _fill(community, viewer, n: int) -> Topic:
    """n topics by n people (half help requests, some anonymous, tagged) and one topic with n replies."""
    people = _people(community, n)
    html = str(render_markdown("Some *text*"))
    topics = []
    for i, person in enumerate(people):
        kind = "help" if i % 2 else "discussion"
        topic = Topic(
            community_id=community.id,
            author_id=person.id,
            kind=kind,
            title=f"Topic {i}",
            is_anonymous=kind == "help" and i % 4 == 1,
            tags=[TopicTag(tag="python"), TopicTag(tag=f"t{i % 7}")],
            reply_count=1,
            first_answer_at=utcnow(),
            first_answer_seconds=60 * i,
        )
        topics.append(topic)
    big = Topic(
        community_id=community.id, author_id=viewer.id, kind="help", title="Big thread", tags=[TopicTag(tag="python")]
    )
    db.session.add_all([*topics, big])
    db.session.flush()
    posts = [
        Post(
            topic_id=t.id,
            community_id=community.id,
            author_id=t.author_id,
            is_opening=True,
            body="Some text",
            body_html=html,
        )
        for t in topics
    ]
    posts.append(
        Post(topic_id=big.id, community_id=community.id, author_id=viewer.id, is_opening=True, body="Q", body_html=html)
    )
    replies = [
        Post(topic_id=big.id, community_id=community.id, author_id=p.id, body="Some text", body_html=html)
        for p in people
    ]
    db.session.add_all(posts + replies)
    big.reply_count = len(replies)
    db.session.flush()
    db.session.add_all(Reaction(post_id=r.id, user_id=viewer.id, kind="thanks") for r in replies[:30])
    db.session.add_all(Reaction(post_id=r.id, user_id=people[0].id, kind="helpful") for r in replies[1:30])
    db.session.add(Block(blocker_id=viewer.id, blocked_id=people[3].id))
    db.session.commit()
    return big


def _count(app, login_as, queries, n: int) -> dict[str, int]:
    admin = make_user("Admin")
    viewer = make_user("Viewer", skills=["python"])
    community = make_community(admin=admin, members=[viewer])
    big = _fill(community, viewer, n)
    client = login_as(viewer)
    htmx = login_as(viewer, htmx=True)
    pages = {
        "index": lambda: client.get(board_url(community)),
        "index help filter": lambda: client.get(board_url(community, "/?filter=for-me&tag=python")),
        "load more": lambda: htmx.get(board_url(community, "/?page=2"), headers={"HX-Target": "load-more"}),
        # page 1 asked for: a returning reader is otherwise sent on to their first unread reply (test_reading.py)
        "topic page": lambda: client.get(board_url(community, f"/t/{big.id}?page=1")),
        "topic page 2": lambda: client.get(board_url(community, f"/t/{big.id}?page=2")),
        "search": lambda: client.get(board_url(community, "/search?q=some+text")),
        "community page": lambda: client.get(f"/c/{community.slug}"),
    }
    counts = {}
    for name, fetch in pages.items():
        fetch()  # warm caches (e.g. the FTS5 rank configuration)
        with queries() as q:
            response = fetch()
        assert response.status_code == 200, name
        counts[name] = q.count
    return counts


def test_query_counts_do_not_grow_with_the_data(app, login_as, queries):
    small = _count(app, login_as, queries, 10)
    db.session.remove()
    _empty_all_tables()
    large = _count(app, login_as, queries, 1000)
    # With 11 topics "load more" has no second page; with 1,000 it costs at most what the whole page 1 does
    # (the fragment skips the layout's navigation badges).
    assert small.pop("load more") <= large["index"] and large.pop("load more") <= large["index"]
    assert large == small
    # And they are small: a page is a handful of queries, not one per row.
    assert max(small.values()) <= 12, small
    # The index: the session's person, the board with the navigation's counts, its topics with their tags and
    # how many there are in all (one query each).
    assert small["index"] == small["index help filter"] == 3, small
