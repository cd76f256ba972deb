"""How far each member has read a topic: the newest reply they were shown, stored per topic (board_topic_reads).

The topic page's first query carries the marker and the number of replies up to it (COLUMNS), so choosing the
page to open at costs no query of its own; moving the marker on is one upsert, only when something new was shown.
"""

from sqlalchemy import bindparam, func, select
from sqlalchemy.dialects import postgresql, sqlite

from mentorship.database import write_transaction
from mentorship.extensions import db
from mentorship.models import Post, TopicRead

DIALECT_INSERTS = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}


def _columns():
    marker = (
        select(TopicRead.last_read_post_id)
        .where(TopicRead.topic_id == bindparam("topic_id"), TopicRead.user_id == bindparam("user_id"))
        .scalar_subquery()
    )
    read_replies = (
        select(func.count())
        .where(Post.topic_id == bindparam("topic_id"), Post.is_opening.is_(False), Post.id <= marker)
        .scalar_subquery()
    )
    return marker.label("last_read_post_id"), read_replies.label("read_replies")


COLUMNS = _columns()  # binds topic_id and user_id (the topic page's first query has both)


def landing_page(last_read_post_id: int | None, read_replies: int, total_replies: int, per_page: int) -> int | None:
    """The page to open a topic at when no page was asked for: the first unread reply's, else the latest page.

    None for a first visit (the topic reads from its start) or when it is page 1 anyway."""
    if last_read_post_id is None or total_replies <= per_page:
        return None
    last_page = (total_replies - 1) // per_page + 1
    page = read_replies // per_page + 1 if read_replies < total_replies else last_page
    return page if page > 1 else None


def mark_topic_read(topic_id: int, user_id: int, up_to_post_id: int, known: int | None) -> None:
    """Move the member's marker on to the newest reply shown (never back); commits (a GET's one write)."""
    if known is not None and known >= up_to_post_id:
        return
    insert = DIALECT_INSERTS[db.engine.dialect.name]
    statement = insert(TopicRead).values(topic_id=topic_id, user_id=user_id, last_read_post_id=up_to_post_id)
    statement = statement.on_conflict_do_update(
        index_elements=["topic_id", "user_id"],
        set_={"last_read_post_id": up_to_post_id},
        where=TopicRead.last_read_post_id < up_to_post_id,
    )
    session = db.session()
    keep, session.expire_on_commit = session.expire_on_commit, False  # what the request loaded stays loaded
    try:
        with write_transaction(db.session):
            db.session.execute(statement)
    finally:
        session.expire_on_commit = keep
