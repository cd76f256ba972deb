"""The community board: topics, replies, edits, deletion and reactions. Every action commits.

Solutions and help invitations live in services/board/help_requests.py, export and erasure in
services/board/data.py (re-exported here), reading the board in services/board/read.py and
full-text search in services/board/search.py.
"""

from collections import defaultdict

from sqlalchemy import and_, delete, func, or_, select
from sqlalchemy.exc import IntegrityError

from mentorship.extensions import db
from mentorship.models import Block, Community, Membership, Post, Reaction, Topic, TopicTag, User, UserSkill, utcnow
from mentorship.models.board import REACTION_KINDS, TOPIC_KINDS, URGENCIES
from mentorship.permissions.board import (
    can_write_on_board,
    delete_refusal,
    edit_refusal,
    reaction_refusal,
    reply_refusal,
)
from mentorship.services.board.data import ERASED, erase_board_content, export_board_data
from mentorship.services.communities.suspension import suspension_text
from mentorship.services.notify.links import site_path
from mentorship.services.notify.notifications import notify
from mentorship.text import MAX_TAGS, parse_tags, render_markdown

__all__ = ["ERASED", "BoardError", "erase_board_content", "export_board_data"]  # export/erase: for account data

TITLE_MIN, TITLE_MAX = 3, 150
BODY_MAX = 10_000


class BoardError(ValueError):
    """An action refused, with a message for the person (and the form field it is about)."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def blocked_either_way(a: int, b: int) -> bool:
    return db.session.scalar(Block.select_between(a, b).limit(1)) is not None


def _check_can_write(
    community: Community, author: User, membership: Membership | None, accept_code_of_conduct: bool
) -> None:
    """The author's membership (passed in, never looked up again) may write here: not suspended, code accepted."""
    if membership is None:
        raise BoardError("Join this community to post on its board.")
    if not can_write_on_board(membership):
        raise BoardError(suspension_text(community, membership, author.timezone))
    if membership.coc_accepted_at is None:
        if not accept_code_of_conduct:
            raise BoardError("Please read and accept the code of conduct before your first post.", "accept_coc")
        membership.coc_accepted_at = utcnow()


def _clean_body(body: str) -> str:
    text = (body or "").strip()
    if not text:
        raise BoardError("Write something first.", "body")
    if len(text) > BODY_MAX:
        raise BoardError(f"Keep it under {BODY_MAX:,} characters (this has {len(text):,}).", "body")
    return text


def _clean_title(title: str) -> str:
    text = " ".join((title or "").split())
    if not TITLE_MIN <= len(text) <= TITLE_MAX:
        raise BoardError(f"Give it a title of {TITLE_MIN} to {TITLE_MAX} characters.", "title")
    return text


def clean_tags(raw: str | list[str], required: bool) -> list[str]:
    """Tags from what was typed, or a BoardError that names the ones that can't be used."""
    tags, invalid = parse_tags(raw)
    if invalid:
        raise BoardError(
            "These tags can't be used: " + ", ".join(invalid) + ". Tags use letters, digits, + # . and - "
            "(up to 30 characters).",
            "tags",
        )
    if len(tags) > MAX_TAGS:
        raise BoardError(f"Use at most {MAX_TAGS} tags.", "tags")
    if required and not tags:
        raise BoardError("Add at least one skill tag so the right people hear about your request.", "tags")
    return tags


def create_topic(
    community: Community,
    author: User,
    membership: Membership | None,
    *,
    kind: str,
    title: str,
    body: str,
    tags: str | list[str] = "",
    urgency: str = "normal",
    anonymous: bool = False,
    accept_code_of_conduct: bool = False,
) -> Topic:
    """Open a discussion or a help request; skilled members hear about a help request at once. Commits."""
    if kind not in TOPIC_KINDS:
        raise BoardError("Choose a discussion or a help request.", "kind")
    title, body = _clean_title(title), _clean_body(body)
    tag_list = clean_tags(tags, required=kind == "help")
    if kind == "help" and urgency not in URGENCIES:
        raise BoardError("Choose how urgent it is.", "urgency")
    _check_can_write(community, author, membership, accept_code_of_conduct)
    now = utcnow()
    anonymous = bool(anonymous) and kind == "help"
    topic = Topic(
        community_id=community.id,
        author_id=author.id,
        kind=kind,
        title=title,
        is_anonymous=anonymous,
        urgency=urgency if kind == "help" else "normal",
        created_at=now,
        last_activity_at=now,
        tags=[TopicTag(tag=tag) for tag in tag_list],
    )
    db.session.add(topic)
    db.session.flush()
    db.session.add(
        Post(
            topic_id=topic.id,
            community_id=community.id,
            author_id=author.id,
            is_opening=True,
            is_anonymous=anonymous,
            body=body,
            body_html=str(render_markdown(body)),
            created_at=now,
        )
    )
    if kind == "help":
        notify_skilled_members(community, topic, author)
    db.session.commit()
    return topic


def notify_skilled_members(community: Community, topic: Topic, asker: User) -> int:
    """Notify members whose skills match the request's tags (one query); never names an anonymous asker."""
    tags = topic.tag_names
    if not tags:
        return 0
    now = utcnow()
    blocks = (
        select(Block.blocker_id)
        .where(Block.blocked_id == asker.id)
        .union(select(Block.blocked_id).where(Block.blocker_id == asker.id))
    )
    rows = db.session.execute(
        select(UserSkill.user_id, UserSkill.tag)
        .join(Membership, and_(Membership.user_id == UserSkill.user_id, Membership.community_id == community.id))
        .join(User, User.id == UserSkill.user_id)
        .where(
            UserSkill.tag.in_(tags),
            UserSkill.user_id != asker.id,
            User.deleted_at.is_(None),
            or_(Membership.suspended_until.is_(None), Membership.suspended_until <= now),
            UserSkill.user_id.not_in(blocks),
        )
        .order_by(UserSkill.user_id, UserSkill.tag)
    ).all()
    matches: dict[int, list[str]] = defaultdict(list)
    for user_id, tag in rows:
        matches[user_id].append(tag)
    who = "Someone" if topic.is_anonymous else asker.display_name
    link = site_path("board.show_topic", slug=community.slug, topic_id=topic.id)
    # Their accounts in one query, so the e-mail preference check costs nothing per person.
    users = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(list(matches))))} if matches else {}
    for user_id, skill_tags in matches.items():
        text = f"{who} asked for help in {community.name}: “{topic.title}” (your skills: {', '.join(skill_tags)})."
        notify(user_id, "help_request", text, link, user=users.get(user_id), author=asker, blocks_checked=True)
    return len(matches)


def post_reply(
    topic: Topic, author: User, membership: Membership | None, body: str, accept_code_of_conduct: bool = False
) -> Post:
    """Reply in a topic; updates its counters and tells the author of the topic. Commits."""
    body = _clean_body(body)
    if (refusal := reply_refusal(topic)) is not None:
        raise BoardError(refusal)
    _check_can_write(topic.community, author, membership, accept_code_of_conduct)
    now = utcnow()
    post = Post(
        topic_id=topic.id,
        community_id=topic.community_id,
        author_id=author.id,
        is_anonymous=topic.is_anonymous and author.id == topic.author_id,
        body=body,
        body_html=str(render_markdown(body)),
        created_at=now,
    )
    db.session.add(post)
    topic.reply_count = Topic.reply_count + 1
    topic.last_activity_at = now
    if topic.first_answer_at is None and author.id != topic.author_id:
        topic.first_answer_at = now
        topic.first_answer_seconds = max(0, int((now - topic.created_at).total_seconds()))
    db.session.flush()
    if topic.author_id and topic.author_id != author.id and not blocked_either_way(topic.author_id, author.id):
        link = site_path("board.show_post", slug=topic.community.slug, post_id=post.id)
        notify(
            topic.author_id,
            "board_reply",
            f"{author.display_name} replied to “{topic.title}”.",
            link,
            bundle_key=f"board-topic-{topic.id}",
            author=author,
        )
    db.session.commit()
    return post


def edit_post(
    post: Post,
    user: User,
    body: str,
    title: str | None = None,
    tags: str | list[str] | None = None,
    urgency: str | None = None,
) -> Post:
    """Change your own post (and, for an opening post, the topic's title, tags and urgency). Commits."""
    if (refusal := edit_refusal(user, post)) is not None:
        raise BoardError(refusal)
    body = _clean_body(body)
    topic = post.topic
    if post.is_opening:
        new_title = _clean_title(title if title is not None else topic.title)
        new_tags = clean_tags(tags, required=topic.is_help) if tags is not None else topic.tag_names
        if topic.is_help and urgency is not None:
            if urgency not in URGENCIES:
                raise BoardError("Choose how urgent it is.", "urgency")
            topic.urgency = urgency
        topic.title = new_title
        if new_tags != topic.tag_names:
            topic.tags = [TopicTag(tag=tag) for tag in new_tags]
    post.body = body
    post.body_html = str(render_markdown(body))
    post.edited_at = utcnow()
    db.session.commit()
    return post


def live_reply_count(topic_id: int) -> int:
    return db.session.scalar(
        select(func.count()).where(Post.topic_id == topic_id, Post.is_opening.is_(False), Post.deleted_at.is_(None))
    )


def delete_post(post: Post, user: User) -> Topic:
    """Delete your own post: it shows as "post deleted". An opening post without replies takes its topic along."""
    if (refusal := delete_refusal(user, post)) is not None:
        raise BoardError(refusal)
    topic = post.topic
    now = utcnow()
    post.deleted_at = now
    post.body = ""
    post.body_html = ""
    db.session.execute(delete(Reaction).where(Reaction.post_id == post.id))
    if post.is_opening:
        if live_reply_count(topic.id) == 0:
            topic.deleted_at = now
    else:
        topic.reply_count = Topic.reply_count - 1
        if topic.solved_post_id == post.id:
            topic.solved_post_id = None
            topic.solved_at = None
    db.session.commit()
    return topic


def toggle_reaction(post: Post, user: User, kind: str) -> bool:
    """Give or take back a "thanks" / "helpful"; returns whether it is now given. Commits."""
    if kind not in REACTION_KINDS:
        raise BoardError("Unknown reaction.")
    if (refusal := reaction_refusal(user, post)) is not None:
        raise BoardError(refusal)
    existing = db.session.get(Reaction, (post.id, user.id, kind))
    if existing is not None:
        db.session.delete(existing)
        db.session.commit()
        return False
    db.session.add(Reaction(post_id=post.id, user_id=user.id, kind=kind))
    try:
        db.session.commit()
    except IntegrityError:  # a double click that raced itself: it is given either way
        db.session.rollback()
    return True
