"""Full-text search behind one function: SQLite FTS5 here, PostgreSQL full-text search with DATABASE_URL."""

import pytest
from sqlalchemy import select, text

from mentorship.extensions import db
from mentorship.models import Post, utcnow
from mentorship.permissions.board import Viewer
from mentorship.services.board import posting as service
from mentorship.services.board.search import query_words, search_topics
from tests.board.conftest import board_url, fresh_request_globals  # noqa: F401
from tests.factories import make_community, make_reply, make_topic, make_user


@pytest.fixture
def board(app):
    alice, bob = make_user("Alice"), make_user("Bob")
    community = make_community(members=[alice, bob])
    other = make_community(members=[bob])
    interview = make_topic(community, alice, "Preparing for a technical interview", body="Any tips on whiteboards?")
    salary = make_topic(community, bob, "Negotiating salary", body="How do I ask for more?")
    make_reply(salary, alice, "Research market rates for your role and interviewing city.")
    make_topic(other, bob, "Interview elsewhere", body="Another community's interview question")
    return community, alice, bob, interview, salary


def titles(page) -> list[str]:
    return [t.title for t in page.items]


def test_finds_titles_bodies_and_replies_within_the_community(board):
    community, alice, bob, interview, salary = board
    assert titles(search_topics(community.id, "technical")) == ["Preparing for a technical interview"]
    assert titles(search_topics(community.id, "whiteboards")) == ["Preparing for a technical interview"]
    assert titles(search_topics(community.id, "market rates")) == ["Negotiating salary"]
    assert titles(search_topics(community.id, "market unicorn")) == []


def test_stems_and_prefixes_as_you_type(board):
    community, alice, bob, interview, salary = board
    assert titles(search_topics(community.id, "negotiate")) == ["Negotiating salary"]
    assert titles(search_topics(community.id, "sal")) == ["Negotiating salary"]
    assert set(titles(search_topics(community.id, "interv"))) == {
        "Preparing for a technical interview",
        "Negotiating salary",
    }
    # A title match ranks above a match in a reply.
    assert titles(search_topics(community.id, "interview"))[0] == "Preparing for a technical interview"


def test_operators_and_quotes_are_just_words(board):
    community, alice, bob, interview, salary = board
    assert query_words('"salary" OR NEAR(x) -- * :* & |') == ["salary", "or", "near", "x"]
    for query in ('"', "*", "AND", "NOT salary", "salary)", "(", "' OR 1=1 --", "::", "&|!"):
        search_topics(community.id, query)  # must not raise
    assert search_topics(community.id, "   ") is None


def test_deleted_hidden_and_edited_content(board):
    community, alice, bob, interview, salary = board
    reply = make_reply(interview, bob, "Practise with a friend on zoom")
    assert titles(search_topics(community.id, "zoom")) == ["Preparing for a technical interview"]
    service.edit_post(reply, bob, "Practise with a friend on video")
    assert titles(search_topics(community.id, "zoom")) == []
    assert titles(search_topics(community.id, "video")) == ["Preparing for a technical interview"]
    service.delete_post(reply, bob)
    assert titles(search_topics(community.id, "video")) == []
    salary.hidden_at = utcnow()
    db.session.commit()
    assert titles(search_topics(community.id, "salary")) == []
    moderator = Viewer(user_id=alice.id, is_moderator=True)
    assert titles(search_topics(community.id, "salary", viewer=moderator)) == ["Negotiating salary"]


def test_title_edits_are_searchable(board):
    community, alice, bob, interview, salary = board
    opening = db.session.scalar(select(Post).where(Post.topic_id == interview.id, Post.is_opening.is_(True)))
    service.edit_post(opening, alice, "Any tips on whiteboards?", title="Preparing for a coding screen", tags="")
    assert titles(search_topics(community.id, "coding screen")) == ["Preparing for a coding screen"]
    assert titles(search_topics(community.id, "technical")) == []


def test_search_pages_plain_and_htmx(board, login_as):
    community, alice, bob, interview, salary = board
    page = login_as(alice).get(board_url(community, "/search?q=salary"))
    body = page.get_data(as_text=True)
    assert page.status_code == 200 and "<html" in body and "Negotiating salary" in body and "1 topic matches" in body
    fragment = login_as(alice, htmx=True).get(board_url(community, "/search?q=nothing+like+this"))
    body = fragment.get_data(as_text=True)
    assert "<html" not in body and 'id="search-results"' in body and "Nothing matches" in body
    assert "HX-Request" in fragment.headers["Vary"]
    empty = login_as(alice).get(board_url(community, "/search")).get_data(as_text=True)
    assert "Type a few words" in empty


def test_search_paginates(board):
    community, alice, bob, interview, salary = board
    for n in range(25):
        make_topic(community, alice, f"Budget question {n}", commit=False)
    db.session.commit()
    first, second = search_topics(community.id, "budget"), search_topics(community.id, "budget", page=2)
    assert first.total == 25 and len(first.items) == 20 and len(second.items) == 5
    assert second.total == 25 and second.tags == {row.id: [] for row in second.items}
    # Past the last page no row carries the count: it is counted on its own.
    past = search_topics(community.id, "budget", page=3)
    assert past.items == [] and past.total == 25


def test_the_search_index_exists_for_this_database(app):
    if db.engine.dialect.name == "sqlite":
        names = db.session.execute(text("SELECT name FROM sqlite_master WHERE name LIKE 'board_%fts%'")).scalars()
        assert {"board_posts_fts", "board_posts_fts_insert", "board_topics_fts_title"} <= set(names)
    else:
        names = set(db.session.execute(text("SELECT indexname FROM pg_indexes WHERE indexname LIKE '%_fts'")).scalars())
        assert names == {"ix_board_posts_body_fts", "ix_board_topics_title_fts"}
