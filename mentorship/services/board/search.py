"""Full-text search of a community's board behind one function, on SQLite (FTS5) and PostgreSQL.

SQLite: the FTS5 table board_posts_fts (title of the topic on its opening post, body of every post),
kept in sync by triggers. PostgreSQL: a stored tsvector column per table (search_vector, generated from the
body or the title) under a GIN index with the community; matches are ranked from the stored vectors, not
parsed again. Both are made by DDL events in models/board.py. Every word must match; the last one also
matches as a prefix (search as you type). The page and its total (count(*) OVER ()) come from one query, so
the matches are found and ranked once; the page's tags from a second.
"""

import re

from sqlalchemy import and_, column, exists, func, literal_column, select, table, text, union_all

from mentorship.extensions import db
from mentorship.models import Block, Post, Topic
from mentorship.models.board import SEARCH_VECTOR
from mentorship.services.board.read import Viewer, topic_page, visible_topics

MAX_WORDS = 8
PER_PAGE = 20
_ENGLISH = literal_column("'english'::regconfig")


def query_words(query: str) -> list[str]:
    """The words of a search, lower-cased; punctuation and operators are dropped."""
    return re.findall(r"\w+", (query or "").lower())[:MAX_WORDS]


def search_topics(community_id: int, query: str, page: int = 1, viewer: Viewer | None = None):
    """Topic rows whose title or posts match every word of `query`, best match first (a Page, or None)."""
    words = query_words(query)
    if not words:
        return None
    viewer = viewer or Viewer(user_id=0)
    visible = _post_visible(viewer)
    if db.engine.dialect.name == "postgresql":
        hits = _postgres_hits(community_id, words, visible, viewer)
        order = (hits.c.score.desc(), Topic.last_activity_at.desc())
    else:
        hits = _sqlite_hits(community_id, words, visible)
        order = (hits.c.score, Topic.last_activity_at.desc())  # bm25: lower is better
    stmt = visible_topics(community_id, viewer).join(hits, hits.c.topic_id == Topic.id).order_by(*order, Topic.id)
    return topic_page(stmt, viewer, page, PER_PAGE)


def _post_visible(viewer: Viewer):
    # An opening post whose body was deleted still carries the title of a topic that lives on.
    conditions = [(Post.deleted_at.is_(None)) | Post.is_opening.is_(True)]
    if not viewer.is_moderator:
        conditions.append(Post.hidden_at.is_(None))
    # The words of a person the viewer blocked stay collapsed: a search does not find a topic by them either
    # (their topics still list, collapsed, when other words match).
    blocked = exists().where(Block.blocker_id == viewer.user_id, Block.blocked_id == Post.author_id)
    conditions.append(~and_(blocked, Post.is_anonymous.is_(False)))
    return conditions


def _sqlite_hits(community_id: int, words: list[str], visible: list):
    terms = [f'"{w}"' for w in words[:-1]] + [f'"{words[-1]}"*']
    fts = table("board_posts_fts", column("rowid"), column("rank"))
    matched = (
        select(fts.c.rowid.label("post_id"), fts.c.rank.label("score"))
        .select_from(fts)
        .where(text("board_posts_fts MATCH :fts_query").bindparams(fts_query=" ".join(terms)))
        .subquery()
    )
    return (
        select(Post.topic_id.label("topic_id"), func.min(matched.c.score).label("score"))
        .join(matched, matched.c.post_id == Post.id)
        .where(Post.community_id == community_id, *visible)
        .group_by(Post.topic_id)
        .subquery()
    )


def _postgres_hits(community_id: int, words: list[str], visible: list, viewer: Viewer):
    # Words are \w+ only, so they are safe inside to_tsquery's syntax.
    tsquery = func.to_tsquery(_ENGLISH, " & ".join(words[:-1] + [words[-1] + ":*"]))
    # The stored vectors (generated columns, not on the models: see models/board.py).
    body_vector = literal_column(f"{Post.__tablename__}.{SEARCH_VECTOR}")
    title_vector = literal_column(f"{Topic.__tablename__}.{SEARCH_VECTOR}")
    in_bodies = select(Post.topic_id.label("topic_id"), func.ts_rank(body_vector, tsquery).label("score")).where(
        body_vector.op("@@")(tsquery), Post.community_id == community_id, *visible
    )
    in_titles = select(Topic.id.label("topic_id"), (func.ts_rank(title_vector, tsquery) * 4).label("score")).where(
        title_vector.op("@@")(tsquery),
        Topic.community_id == community_id,
        ~and_(
            exists().where(Block.blocker_id == viewer.user_id, Block.blocked_id == Topic.author_id),
            Topic.is_anonymous.is_(False),
        ),
    )
    both = union_all(in_bodies, in_titles).subquery()
    return select(both.c.topic_id, func.max(both.c.score).label("score")).group_by(both.c.topic_id).subquery()
