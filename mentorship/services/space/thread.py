"""The private thread of a mentorship: who sees which thread, messages, read markers, unread counts.

A pair has one thread ("main"). A circle has the shared "main" thread plus one private side
thread per mentee ("side-<mentee id>") that only that mentee and the mentor see.
"""

import re
from datetime import datetime, timedelta
from typing import NamedTuple

from sqlalchemy import Integer, and_, bindparam, cast, null, or_, select, union_all
from sqlalchemy.orm import joinedload

from mentorship.extensions import db
from mentorship.models import Block, Membership, Mentorship, MentorshipMember, User, utcnow
from mentorship.models.space import MAIN_THREAD, MAX_MESSAGE_LENGTH, Message, side_thread_key
from mentorship.services.communities.suspension import refusal_if_suspended, suspension_text
from mentorship.services.space.reads import mark_read
from mentorship.text import render_markdown

PAGE_SIZE = 50
POSTABLE_STATUSES = ("active", "paused")
SIDE_KEY_RE = re.compile(r"^side-(\d{1,12})$")
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class SpaceError(ValueError):
    """An action in the space refused, with a message for the person."""


class NotAllowed(SpaceError):
    """The person may see the thing but not do this to it (someone else's message, a closed window)."""


def load_space(mentorship_id: int) -> Mentorship | None:
    """A mentorship with its members, their users and its program, in one query."""
    return db.session.scalar(
        select(Mentorship)
        .where(Mentorship.id == mentorship_id)
        .options(joinedload(Mentorship.members).joinedload(MentorshipMember.user), joinedload(Mentorship.program))
    )


def week_of(mentorship: Mentorship, at: datetime | None = None) -> int:
    """The program week (1-based) at a moment, counted in whole UTC days from started_at; 0 before it starts."""
    if mentorship.started_at is None:
        return 0
    elapsed = (at or utcnow()) - mentorship.started_at
    if elapsed < timedelta(0):
        return 0
    return elapsed.days // 7 + 1


def visible_thread_keys(mentorship: Mentorship, user_id: int) -> list[str]:
    """The threads a member sees: main, and for circles the side threads they take part in."""
    member = mentorship.member_for(user_id)
    if member is None:
        return []
    if mentorship.kind != "circle":
        return [MAIN_THREAD]
    if member.role == "mentor":
        return [MAIN_THREAD] + [side_thread_key(m.user_id) for m in mentorship.mentees]
    return [MAIN_THREAD, side_thread_key(user_id)]


def thread_participants(mentorship: Mentorship, thread_key: str) -> list[MentorshipMember]:
    """Who takes part in a thread: everyone in main; the mentor(s) and one mentee in a side thread."""
    if thread_key == MAIN_THREAD:
        return list(mentorship.members)
    match = SIDE_KEY_RE.match(thread_key)
    mentee_id = int(match.group(1)) if match else -1
    return [m for m in mentorship.members if m.role == "mentor" or m.user_id == mentee_id]


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


def viewer_standing(user_id: int, community_id: int, other_ids: list[int]) -> Standing:
    """Blocks between the viewer and other_ids, and the viewer's running suspension, in one query."""
    now = utcnow()
    blocks = select(
        Block.blocker_id, Block.blocked_id, cast(null(), Membership.suspended_until.type).label("until")
    ).where(
        or_(
            and_(Block.blocker_id == user_id, Block.blocked_id.in_(other_ids or [-1])),
            and_(Block.blocked_id == user_id, Block.blocker_id.in_(other_ids or [-1])),
        )
    )
    suspension = select(cast(null(), Integer), cast(null(), Integer), Membership.suspended_until).where(
        Membership.community_id == community_id,
        Membership.user_id == user_id,
        Membership.suspended_until > now,
    )
    rows = db.session.execute(union_all(suspension, blocks)).all()  # first: the column types come from it
    mine = {blocked for blocker, blocked, until in rows if blocker == user_id}
    theirs = {blocker for blocker, blocked, until in rows if blocked == user_id}
    until = next((until for blocker, blocked, until in rows if until is not None), None)
    return Standing(mine, theirs, until, until is not None)


def messages_page(mentorship_id: int, thread_key: str, before: int | None = None) -> tuple[list[Message], bool]:
    """The newest PAGE_SIZE messages of a thread (older than `before`), oldest first, and whether more exist."""
    # Authors are the mentorship's members, already loaded with it: message.author comes from the
    # session's identity map without a query (a joined load would rebuild each author per row).
    query = (
        select(Message)
        .where(Message.mentorship_id == mentorship_id, Message.thread_key == thread_key)
        .order_by(Message.id.desc())
        .limit(PAGE_SIZE + 1)
    )
    if before:
        query = query.where(Message.id < before)
    rows = list(db.session.scalars(query))
    return list(reversed(rows[:PAGE_SIZE])), len(rows) > PAGE_SIZE


def refuse_if_suspended(mentorship: Mentorship, user_id: int) -> None:
    """A member suspended in the mentorship's community reads the thread but doesn't write in it."""
    refusal = refusal_if_suspended(mentorship.community, user_id)
    if refusal is not None:
        raise SpaceError(refusal)


def _zone_of(user_id: int) -> str | None:
    person = db.session.get(User, user_id)
    return person.timezone if person else None


def _check_can_post(mentorship: Mentorship, author_id: int, thread_key: str) -> None:
    if thread_key not in visible_thread_keys(mentorship, author_id):
        raise NotAllowed("You are not part of that thread.")
    others = [m.user_id for m in thread_participants(mentorship, thread_key) if m.user_id != author_id]
    standing = viewer_standing(author_id, mentorship.community_id, others)
    if standing.suspended:
        raise SpaceError(suspension_text(mentorship.community, standing, _zone_of(author_id)))
    if mentorship.status not in POSTABLE_STATUSES:
        raise SpaceError(
            f"This mentorship is {mentorship.status}; its thread is kept to read but closed to new messages."
        )
    if standing.blocked:
        raise SpaceError("Messages can't be sent here because a block is in place between people in this thread.")


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
    _check_can_post(mentorship, author.id, thread_key)
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
    from mentorship.services.notify.notifications import notify

    for member in thread_participants(mentorship, thread_key):
        if member.user_id == author.id:
            continue
        notify(
            member.user_id,
            "new_message",
            f"New messages from {author.display_name} in your mentorship",
            f"/m/{mentorship.id}",
            bundle_key=f"messages-{mentorship.id}",
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
    if not message.can_edit(editor.id, now):
        if message.author_id != editor.id or message.is_system:
            raise NotAllowed("You can only edit your own messages.")
        raise NotAllowed("Messages can be edited for 15 minutes after sending; this one can no longer be changed.")
    body = clean_body(body)
    refuse_if_suspended(db.session.get(Mentorship, message.mentorship_id), editor.id)
    message.body = body
    message.body_html = str(render_markdown(body))
    message.edited_at = message.changed_at = now or utcnow()
    db.session.commit()
    return message


def delete_message(message: Message, user: User) -> Message:
    """Delete one's own message: its text is erased and "message deleted" stays in its place; commits."""
    if not message.can_delete(user.id):
        raise NotAllowed("You can only delete your own messages.")
    message.body = message.body_html = ""
    message.deleted_at = message.changed_at = utcnow()
    db.session.commit()
    return message


def get_message(mentorship: Mentorship, message_id: int, viewer_id: int) -> Message | None:
    """A message of this mentorship in a thread the viewer sees, or None."""
    message = db.session.get(Message, message_id)
    if message is None or message.mentorship_id != mentorship.id:
        return None
    if message.thread_key not in visible_thread_keys(mentorship, viewer_id):
        return None
    return message


def _poll_statement(access: str):
    """The poll's single query, built once per kind of access and reused (only parameters change).

    access: "main" (any member), "own-side" (a circle mentee's own side thread), "side" (mentor only).
    Answers one row per new or changed message id, or one row with a NULL id when the person may
    see the thread and nothing is new, or no row at all when they may not.
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
    conditions = [member.c.mentorship_id == mentorship_id, member.c.user_id == bindparam("user_id")]
    if access != "main":
        conditions.append(mentorship.c.kind == "circle")
    if access == "side":
        conditions.append(member.c.role == "mentor")
    return (
        select(message.c.id)
        .select_from(member.join(mentorship, mentorship.c.id == member.c.mentorship_id))
        .outerjoin(message, message.c.id.in_(news.scalar_subquery()))
        .where(*conditions)
        .order_by(message.c.id)
        .limit(PAGE_SIZE + 1)
    )


_POLL_STATEMENTS = {access: _poll_statement(access) for access in ("main", "own-side", "side")}


def poll(mentorship_id: int, user_id: int, thread_key: str, after: int, since: datetime) -> list[Message] | None:
    """New messages (id > after) and ones changed since `since`. One query when nothing is new.

    None: the person may not see this thread. []: nothing new.
    """
    if thread_key == MAIN_THREAD:
        access = "main"
    else:
        access = "own-side" if thread_key == side_thread_key(user_id) else "side"
    ids = (
        db.session.connection()
        .execute(
            _POLL_STATEMENTS[access],
            {
                "mentorship_id": mentorship_id,
                "user_id": user_id,
                "thread_key": thread_key,
                "after": after,
                "since": since,
            },
        )
        .scalars()
        .all()
    )
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
