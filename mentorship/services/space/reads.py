"""Read markers and unread counts of the mentorship threads.

The main thread's marker is MentorshipMember.last_read_message_id; a circle's side threads
keep theirs in ThreadRead. The navigation's badge runs the same statement, summed, in services/space/navigation.py.
"""

from sqlalchemy import and_, bindparam, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm.attributes import set_committed_value

from mentorship.database import write_transaction
from mentorship.extensions import db
from mentorship.models import MentorshipMember
from mentorship.models.space import MAIN_THREAD, Message, ThreadRead, side_thread_key

# The two databases the site runs on each have their own INSERT ... ON CONFLICT construct.
DIALECT_INSERTS = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}


def _dialect_insert():
    return DIALECT_INSERTS[db.engine.dialect.name]


def mark_read(mentorship_id: int, user_id: int, thread_key: str, up_to_id: int) -> None:
    """Move the person's read marker of a thread forward to up_to_id (never back); the caller commits."""
    if thread_key == MAIN_THREAD:
        db.session.execute(
            update(MentorshipMember)
            .where(
                MentorshipMember.mentorship_id == mentorship_id,
                MentorshipMember.user_id == user_id,
                MentorshipMember.last_read_message_id < up_to_id,
            )
            .values(last_read_message_id=up_to_id)
            .execution_options(synchronize_session=False)
        )
        return
    insert = _dialect_insert()
    stmt = insert(ThreadRead).values(
        mentorship_id=mentorship_id, user_id=user_id, thread_key=thread_key, last_read_id=up_to_id
    )
    stmt = stmt.on_conflict_do_update(
        index_elements=["mentorship_id", "user_id", "thread_key"],
        set_={"last_read_id": up_to_id},
        where=ThreadRead.last_read_id < up_to_id,
    )
    db.session.execute(stmt)


def _build_unread_query():
    """The unread-counts statement, built once with bind parameters (the nav runs it on every page)."""
    member, read = MentorshipMember, ThreadRead
    user_id = bindparam("user_id")
    unseen = [Message.deleted_at.is_(None), or_(Message.author_id.is_(None), Message.author_id != user_id)]
    # Main threads: an index range from each read marker on. Side threads (circles only): their own markers.
    main = (
        select(Message.mentorship_id, Message.thread_key, func.count())
        .join(member, and_(member.mentorship_id == Message.mentorship_id, member.user_id == user_id))
        .where(Message.thread_key == MAIN_THREAD, Message.id > member.last_read_message_id, *unseen)
        .group_by(Message.mentorship_id, Message.thread_key)
    )
    side = (
        select(Message.mentorship_id, Message.thread_key, func.count())
        .join(member, and_(member.mentorship_id == Message.mentorship_id, member.user_id == user_id))
        .outerjoin(
            read,
            and_(
                read.mentorship_id == Message.mentorship_id,
                read.user_id == user_id,
                read.thread_key == Message.thread_key,
            ),
        )
        .where(
            Message.thread_key > "side-",
            Message.thread_key < "side-~",
            or_(Message.thread_key == bindparam("side_key"), member.role == "mentor"),
            Message.id > func.coalesce(read.last_read_id, 0),
            *unseen,
        )
        .group_by(Message.mentorship_id, Message.thread_key)
    )
    return main.union_all(side)


UNREAD_QUERY = _build_unread_query()


def unread_counts(user_id: int) -> dict[tuple[int, str], int]:
    """Unread messages by (mentorship id, thread key) for one person: one aggregate query."""
    # Core on the session's connection: same transaction, without the ORM's per-call work.
    rows = db.session.connection().execute(UNREAD_QUERY, {"user_id": user_id, "side_key": side_thread_key(user_id)})
    return {(mentorship_id, key): count for mentorship_id, key, count in rows}


def unread_by_mentorship(user_id: int) -> dict[int, int]:
    """Unread messages per mentorship (its threads summed) for one person."""
    totals: dict[int, int] = {}
    for (mentorship_id, _key), count in unread_counts(user_id).items():
        totals[mentorship_id] = totals.get(mentorship_id, 0) + count
    return totals


def _write_keeping_loaded_objects(write) -> None:
    """Run `write` in its own IMMEDIATE transaction without expiring what the request already loaded."""
    session = db.session()
    keep = session.expire_on_commit
    session.expire_on_commit = False
    try:
        with write_transaction(db.session):
            write()
    finally:
        session.expire_on_commit = keep


def mark_read_in_request(member: MentorshipMember, thread_key: str, up_to_id: int) -> None:
    """Mark a thread read while serving a GET (one UPDATE, only when something is new); commits."""
    if thread_key == MAIN_THREAD and member.last_read_message_id >= up_to_id:
        return
    _write_keeping_loaded_objects(lambda: mark_read(member.mentorship_id, member.user_id, thread_key, up_to_id))
    if thread_key == MAIN_THREAD:
        # The UPDATE bypassed the session; keep the loaded member in step without a refresh.
        set_committed_value(member, "last_read_message_id", up_to_id)


def mark_read_after_poll(mentorship_id: int, user_id: int, thread_key: str, up_to_id: int) -> None:
    """Mark messages delivered by a poll as read; commits."""
    _write_keeping_loaded_objects(lambda: mark_read(mentorship_id, user_id, thread_key, up_to_id))
