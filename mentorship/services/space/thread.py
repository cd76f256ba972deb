"""The private thread of a mentorship: who sees which thread, messages, read markers, unread counts.

A pair has one thread ("main"). A circle has the shared "main" thread plus one private side
thread per mentee ("side-<mentee id>") that only that mentee and the mentor see.
"""

import re
from datetime import datetime, timedelta
from typing import NamedTuple

from sqlalchemy import Integer, Select, String, and_, bindparam, cast, literal, null, or_, select, union_all
from sqlalchemy.orm import joinedload

from mentorship.extensions import db
from mentorship.models import Block, Membership, Mentorship, MentorshipMember, User, utcnow
from mentorship.models.space import MAIN_THREAD, MAX_MESSAGE_LENGTH, Message
from mentorship.permissions.space import (
    delete_refusal,
    edit_refusal,
    mentorship_with_members,
    thread_participants,
    visible_thread_keys,
    write_refusal,
)
from mentorship.services.communities.suspension import suspension_text
from mentorship.services.notify.links import site_path
from mentorship.services.notify.notifications import notify
from mentorship.services.space.reads import mark_read
from mentorship.text import render_markdown

PAGE_SIZE = 50
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class SpaceError(ValueError):
    """An action in the space refused, with a message for the person."""


class NotAllowed(SpaceError):
    """The person may see the thing but not do this to it (someone else's message, a closed window)."""


def load_space(mentorship_id: int) -> Mentorship | None:
    """A mentorship with its members, their users and its program, in one query (no access check: jobs,
    moderation; views use permissions.space.get_mentorship_or_404)."""
    return db.session.scalar(mentorship_with_members(mentorship_id))


def week_of(mentorship: Mentorship, at: datetime | None = None) -> int:
    """The program week (1-based) at a moment, counted in whole UTC days from started_at; 0 before it starts."""
    if mentorship.started_at is None:
        return 0
    elapsed = (at or utcnow()) - mentorship.started_at
    if elapsed < timedelta(0):
        return 0
    return elapsed.days // 7 + 1


def thread_title(mentorship: Mentorship, thread_key: str, viewer_id: int) -> str:
    """A thread's name as the viewer sees it."""
    if thread_key == MAIN_THREAD:
        return "Circle thread" if mentorship.kind == "circle" else "Messages"
    others = [m.user.display_name for m in thread_participants(mentorship, thread_key) if m.user_id != viewer_id]
    return "Private with " + " & ".join(others)


class Standing(NamedTuple):
    """Where the viewer of a thread stands: blocks either way, and a suspension in the community."""

    i_blocked: set[int]
    blocked_me: set[int]
    suspended_until: datetime | None  # set only while a suspension runs
    suspended: bool

    @property
    def blocked(self) -> bool:
        return bool(self.i_blocked or self.blocked_me)


def _standing_statement():
    """viewer_standing()'s one query, built once (binds user_id, community_id, now and the expanding others)."""
    user_id, others = bindparam("user_id"), bindparam("others", expanding=True)
    blocks = select(
        Block.blocker_id, Block.blocked_id, cast(null(), Membership.suspended_until.type).label("until")
    ).where(
        or_(
            and_(Block.blocker_id == user_id, Block.blocked_id.in_(others)),
            and_(Block.blocked_id == user_id, Block.blocker_id.in_(others)),
        )
    )
    suspension = select(cast(null(), Integer), cast(null(), Integer), Membership.suspended_until).where(
        Membership.community_id == bindparam("community_id"),
        Membership.user_id == user_id,
        Membership.suspended_until > bindparam("now", type_=Membership.suspended_until.type),
    )
    return union_all(suspension, blocks)  # first: the column types come from it


STANDING = _standing_statement()


def viewer_standing(user_id: int, community_id: int, other_ids: list[int]) -> Standing:
    """Blocks between the viewer and other_ids, and the viewer's running suspension, in one query."""
    params = {"user_id": user_id, "community_id": community_id, "now": utcnow(), "others": other_ids or [-1]}
    rows = db.session.execute(STANDING, params).all()
    mine = {blocked for blocker, blocked, until in rows if blocker == user_id}
    theirs = {blocker for blocker, blocked, until in rows if blocked == user_id}
    until = next((until for blocker, blocked, until in rows if until is not None), None)
    return Standing(mine, theirs, until, until is not None)


def _messages_statement(older: bool):
    query = (
        select(Message)
        .where(Message.mentorship_id == bindparam("mentorship_id"), Message.thread_key == bindparam("thread_key"))
        .order_by(Message.id.desc())
        .limit(PAGE_SIZE + 1)
    )
    return query.where(Message.id < bindparam("before")) if older else query


MESSAGES = {False: _messages_statement(False), True: _messages_statement(True)}  # keyed by "older than before?"


def messages_page(mentorship_id: int, thread_key: str, before: int | None = None) -> tuple[list[Message], bool]:
    """The newest PAGE_SIZE messages of a thread (older than `before`), oldest first, and whether more exist."""
    # Authors are the mentorship's members, already loaded with it: message.author comes from the
    # session's identity map without a query (a joined load would rebuild each author per row).
    params = {"mentorship_id": mentorship_id, "thread_key": thread_key, "before": before}
    rows = list(db.session.scalars(MESSAGES[bool(before)], params))
    return list(reversed(rows[:PAGE_SIZE])), len(rows) > PAGE_SIZE


def first_unread_id(messages: list[Message], last_read_id: int | None, viewer_id: int) -> int | None:
    """The first message of the page the viewer hasn't read (someone else's), or None."""
    if last_read_id is None:
        return None
    return next((m.id for m in messages if m.id > last_read_id and m.author_id != viewer_id), None)


def thread_standing(mentorship: Mentorship, user: User, thread_key: str) -> tuple[Standing, str | None]:
    """The person's standing in a thread (blocks, suspension) and why they can't write in it (None: they can).

    The rule is permissions.space.write_refusal; this supplies its facts (one query) and the suspension's sentence.
    """
    others = [m.user_id for m in thread_participants(mentorship, thread_key) if m.user_id != user.id]
    standing = viewer_standing(user.id, mentorship.community_id, others)
    suspension = suspension_text(mentorship.community, standing, user.timezone) if standing.suspended else ""
    return standing, write_refusal(mentorship, user.id, thread_key, standing, suspension)


def _check_can_post(mentorship: Mentorship, author: User, thread_key: str) -> None:
    _standing, refusal = thread_standing(mentorship, author, thread_key)
    if refusal is None:
        return
    if thread_key not in visible_thread_keys(mentorship, author.id):
        raise NotAllowed(refusal)
    raise SpaceError(refusal)


def clean_body(body: str) -> str:
    """Drop control characters (PostgreSQL refuses NUL), strip, check the length; raise SpaceError otherwise."""
    body = CONTROL_CHARS.sub("", body or "").strip()
    if not body:
        raise SpaceError("Write something first.")
    if len(body) > MAX_MESSAGE_LENGTH:
        raise SpaceError(f"Keep a message under {MAX_MESSAGE_LENGTH:,} characters.")
    return body


def send_message(mentorship: Mentorship, author: User, thread_key: str, body: str) -> Message:
    """Store a message (and its sanitised HTML), mark the thread read up to it; commits."""
    body = clean_body(body)
    _check_can_post(mentorship, author, thread_key)
    if db.engine.dialect.name == "postgresql":
        # Serialise inserts per mentorship so ids become visible in order (polling reads `id > after`).
        db.session.execute(select(Mentorship.id).where(Mentorship.id == mentorship.id).with_for_update())
    message = Message(
        mentorship_id=mentorship.id,
        thread_key=thread_key,
        author_id=author.id,
        body=body,
        body_html=str(render_markdown(body)),
    )
    db.session.add(message)
    db.session.flush()
    mark_read(mentorship.id, author.id, thread_key, message.id)
    _notify_new_message(mentorship, author, thread_key)
    db.session.commit()
    return message


def _notify_new_message(mentorship: Mentorship, author: User, thread_key: str) -> None:
    """One bundled notification per reader and mentorship ("3 new messages"), never the text."""
    link = site_path("mentorships.show", mentorship_id=mentorship.id)
    if thread_key == MAIN_THREAD:
        link += "#now"  # opens at the first unread message, with or without JavaScript
    for member in thread_participants(mentorship, thread_key):
        if member.user_id == author.id:
            continue
        notify(
            member.user_id,
            "new_message",
            f"New messages from {author.display_name} in your mentorship",
            link,
            bundle_key=f"messages-{mentorship.id}",
            author=author,
        )


def post_system_message(
    mentorship: Mentorship, text: str, thread_key: str = MAIN_THREAD, commit: bool = True
) -> Message:
    """A message without an author, shown distinctly (introductions, lifecycle events)."""
    message = Message(
        mentorship_id=mentorship.id,
        thread_key=thread_key,
        author_id=None,
        is_system=True,
        body=text,
        body_html=str(render_markdown(text)),
    )
    db.session.add(message)
    if commit:
        db.session.commit()
    else:
        db.session.flush()
    return message


def edit_message(message: Message, editor: User, body: str, now: datetime | None = None) -> Message:
    """Change one's own message within 15 minutes of sending it; re-renders its HTML; commits."""
    refusal = edit_refusal(message, editor.id, now)
    if refusal is not None:
        raise NotAllowed(refusal)
    body = clean_body(body)
    # Editing is writing: a block, a suspension or a closed thread refuse it as they refuse a new message.
    _check_can_post(db.session.get(Mentorship, message.mentorship_id), editor, message.thread_key)
    message.body = body
    message.body_html = str(render_markdown(body))
    message.edited_at = message.changed_at = now or utcnow()
    db.session.commit()
    return message


def delete_message(message: Message, user: User) -> Message:
    """Delete one's own message: its text is erased and "message deleted" stays in its place; commits."""
    refusal = delete_refusal(message, user.id)
    if refusal is not None:
        raise NotAllowed(refusal)
    message.body = message.body_html = ""
    message.deleted_at = message.changed_at = utcnow()
    db.session.commit()
    return message


def side_key_sql(user_id):
    """side_thread_key() in SQL, for a column or bind parameter holding the mentee's id."""
    return literal("side-") + cast(user_id, String)


def authors_i_blocked(user_id: int, author_ids: set[int]) -> set[int]:
    """Which of these authors the person blocked (their messages show collapsed on every path)."""
    if not author_ids - {user_id}:
        return set()
    statement = select(Block.blocked_id).where(Block.blocker_id == user_id, Block.blocked_id.in_(author_ids))
    return set(db.session.scalars(statement))


def poll_statement(side: bool, person=None) -> Select:
    """The poll's single query, built once per kind of thread and reused (only parameters change).

    Answers one row per new or changed message id, or one row with a NULL id when the person may see the
    thread and nothing is new, or no row at all when they may not. `person` names who asks: the bind parameter
    "user_id" by default, or a column of a table the caller adds (web/poll.py's fast path: the session row's).
    """
    member, mentorship, message = MentorshipMember.__table__, Mentorship.__table__, Message.__table__
    mentorship_id, thread_key, after = bindparam("mentorship_id"), bindparam("thread_key"), bindparam("after")
    in_thread = [message.c.mentorship_id == mentorship_id, message.c.thread_key == thread_key]
    # Two index range scans (new ids; recently changed) rather than an OR that would read the whole thread.
    news = (
        select(message.c.id)
        .where(*in_thread, message.c.id > after)
        .union_all(
            select(message.c.id).where(*in_thread, message.c.changed_at > bindparam("since"), message.c.id <= after)
        )
    )
    person = bindparam("user_id") if person is None else person
    conditions = [member.c.mentorship_id == mentorship_id, member.c.user_id == person]
    if side:
        # permissions.space.visible_thread_keys in SQL: a circle's side thread is its mentee's and the mentor's.
        own = thread_key == side_key_sql(member.c.user_id)
        conditions += [mentorship.c.kind == "circle", or_(member.c.role == "mentor", own)]
    return (
        select(message.c.id)
        .select_from(member.join(mentorship, mentorship.c.id == member.c.mentorship_id))
        .outerjoin(message, message.c.id.in_(news.scalar_subquery()))
        .where(*conditions)
        .order_by(message.c.id)
        .limit(PAGE_SIZE + 1)
    )


POLL_STATEMENTS = {False: poll_statement(False), True: poll_statement(True)}  # keyed by "a side thread?"


def poll(mentorship_id: int, user_id: int, thread_key: str, after: int, since: datetime) -> list[Message] | None:
    """New messages (id > after) and ones changed since `since`. One query when nothing is new.

    None: the person may not see this thread. []: nothing new.
    """
    params = {"mentorship_id": mentorship_id, "user_id": user_id, "thread_key": thread_key, "after": after}
    statement = POLL_STATEMENTS[thread_key != MAIN_THREAD]
    ids = db.session.connection().execute(statement, {**params, "since": since}).scalars().all()
    if not ids:
        return None
    ids = [i for i in ids if i is not None]
    if not ids:
        return []
    return list(
        db.session.scalars(
            select(Message).where(Message.id.in_(ids)).options(joinedload(Message.author)).order_by(Message.id)
        )
    )
