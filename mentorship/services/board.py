"""The community board: topics, replies, reactions, solutions and help invites. Every action commits.

Reading the board (lists, pages, counts, statistics) lives in services/board_read.py, full-text
search in services/search.py.
"""

from collections import defaultdict

from flask import current_app, has_request_context, url_for
from sqlalchemy import and_, delete, func, or_, select
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from ..models import (
    Block,
    Community,
    HelpInvite,
    Membership,
    Mentorship,
    MentorshipMember,
    Post,
    Reaction,
    Topic,
    TopicTag,
    User,
    UserSkill,
    utcnow,
)
from ..models.board import REACTION_KINDS, TOPIC_KINDS, URGENCIES
from .notifications import notify
from .text import MAX_TAGS, parse_tags, render_markdown

TITLE_MIN, TITLE_MAX = 3, 150
BODY_MAX = 10_000
ERASED = "[erased by the author]"


class BoardError(ValueError):
    """An action refused, with a message for the person (and the form field it is about)."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def site_path(endpoint: str, **values) -> str:
    """A site path for notifications, inside a request or not (jobs, CLI, tests)."""
    if has_request_context():
        return url_for(endpoint, **values)
    return current_app.url_map.bind("localhost").build(endpoint, values)


def blocked_either_way(a: int, b: int) -> bool:
    return db.session.scalar(Block.select_between(a, b).limit(1)) is not None


def _check_can_write(membership: Membership | None, accept_code_of_conduct: bool) -> None:
    if membership is None:
        raise BoardError("Join this community to post on its board.")
    if membership.is_suspended:
        raise BoardError("You are suspended in this community: you can read the board but not post.")
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
    _check_can_write(membership, accept_code_of_conduct)
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
    blocks = select(Block.blocker_id).where(Block.blocked_id == asker.id).union(
        select(Block.blocked_id).where(Block.blocker_id == asker.id)
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
    for user_id, skill_tags in matches.items():
        text = f"{who} asked for help in {community.name}: “{topic.title}” (your skills: {', '.join(skill_tags)})."
        notify(user_id, "help_request", text, link)
    return len(matches)


def post_reply(
    topic: Topic, author: User, membership: Membership | None, body: str, accept_code_of_conduct: bool = False
) -> Post:
    """Reply in a topic; updates its counters and tells the author of the topic. Commits."""
    body = _clean_body(body)
    if topic.deleted_at is not None or topic.hidden_at is not None:
        raise BoardError("This topic is closed to replies.")
    _check_can_write(membership, accept_code_of_conduct)
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
        )
    db.session.commit()
    return post


def _own_live_post(post: Post, user: User) -> None:
    if post.author_id != user.id:
        raise BoardError("You can only change your own posts.")
    if post.deleted_at is not None:
        raise BoardError("This post was deleted.")
    if post.hidden_at is not None:
        raise BoardError("The moderators hid this post, so it can't be changed.")


def edit_post(
    post: Post,
    user: User,
    body: str,
    title: str | None = None,
    tags: str | list[str] | None = None,
    urgency: str | None = None,
) -> Post:
    """Change your own post (and, for an opening post, the topic's title, tags and urgency). Commits."""
    _own_live_post(post, user)
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
    _own_live_post(post, user)
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
    if post.author_id == user.id:
        raise BoardError("You can't react to your own post.")
    if post.deleted_at is not None or post.hidden_at is not None:
        raise BoardError("This post can't take reactions.")
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


def mark_solution(topic: Topic, user: User, post: Post | None) -> None:
    """The asker marks a reply as the solution (or, with None, unmarks it). Commits."""
    if topic.author_id != user.id or not topic.is_help:
        raise BoardError("Only the person who asked can mark the solution.")
    if post is None:
        topic.solved_post_id = None
        topic.solved_at = None
        db.session.commit()
        return
    if post.topic_id != topic.id or post.is_opening or post.deleted_at or post.hidden_at:
        raise BoardError("Choose a reply in this help request.")
    if post.author_id == user.id:
        raise BoardError("Mark someone else's answer as the solution.")
    topic.solved_post_id = post.id
    topic.solved_at = utcnow()
    if post.author_id and not blocked_either_way(post.author_id, user.id):
        link = site_path("board.show_post", slug=topic.community.slug, post_id=post.id)
        notify(post.author_id, "board_solution", f"Your answer to “{topic.title}” was marked as the solution.", link)
    db.session.commit()


def solution_helper(topic: Topic) -> User | None:
    """The author of the solution, if there is one and they can still be invited."""
    if topic.solved_post_id is None:
        return None
    post = db.session.get(Post, topic.solved_post_id)
    if post is None or post.author is None or post.author.is_deleted:
        return None
    return post.author


def invite_helper(topic: Topic, asker: User, message: str = "") -> HelpInvite:
    """From a solved help request, invite its helper into an ongoing mentorship. Commits."""
    if topic.author_id != asker.id or not topic.is_help:
        raise BoardError("Only the person who asked can invite the helper.")
    helper = solution_helper(topic)
    if helper is None:
        raise BoardError("Mark an answer as the solution first.")
    if len(message) > 2000:
        raise BoardError("Keep the note under 2,000 characters.", "message")
    if _membership(topic.community_id, helper.id) is None:
        raise BoardError(f"{helper.display_name} is no longer a member of this community.")
    if blocked_either_way(asker.id, helper.id):
        raise BoardError("You can't invite this member.")
    exists = db.session.scalar(
        select(HelpInvite).where(HelpInvite.topic_id == topic.id, HelpInvite.helper_id == helper.id)
    )
    if exists is not None:
        raise BoardError(f"You already invited {helper.display_name}.")
    invite = HelpInvite(topic_id=topic.id, asker_id=asker.id, helper_id=helper.id, message=message.strip())
    db.session.add(invite)
    db.session.flush()
    link = site_path("board.show_invite", slug=topic.community.slug, invite_id=invite.id)
    notify(
        helper.id,
        "help_invite",
        f"{asker.display_name} would like you as their mentor, after you solved “{topic.title}”.",
        link,
    )
    db.session.commit()
    return invite


def _membership(community_id: int, user_id: int) -> Membership | None:
    return db.session.scalar(
        select(Membership).where(Membership.community_id == community_id, Membership.user_id == user_id)
    )


def decide_invite(invite: HelpInvite, helper: User, accept: bool) -> Mentorship | None:
    """The helper accepts (a mentorship outside any program begins) or declines. Commits."""
    if invite.helper_id != helper.id:
        raise BoardError("This invitation is for someone else.")
    if invite.status != "pending":
        raise BoardError(f"This invitation was already {invite.status}.")
    topic = invite.topic
    invite.decided_at = utcnow()
    link = site_path("board.show_invite", slug=topic.community.slug, invite_id=invite.id)
    if not accept:
        invite.status = "declined"
        notify(invite.asker_id, "help_invite", f"{helper.display_name} can't take on a mentorship right now.", link)
        db.session.commit()
        return None
    if _membership(topic.community_id, invite.asker_id) is None or blocked_either_way(invite.asker_id, helper.id):
        raise BoardError("This mentorship can't start: the person who invited you has left the community.")
    mentorship = Mentorship(
        community_id=topic.community_id,
        program_id=None,
        origin="help_request",
        kind="pair",
        status="active",
        started_at=utcnow(),
        reasons=[f"Grew out of the help request “{topic.title}”"],
    )
    mentorship.members = [
        MentorshipMember(user_id=helper.id, role="mentor", topics=topic.tag_names),
        MentorshipMember(user_id=invite.asker_id, role="mentee", goals=topic.title, topics=topic.tag_names),
    ]
    db.session.add(mentorship)
    db.session.flush()
    invite.status = "accepted"
    invite.mentorship_id = mentorship.id
    notify(invite.asker_id, "help_invite", f"{helper.display_name} accepted: your mentorship has begun.", link)
    notify(helper.id, "help_invite", f"Your mentorship with {invite.asker.display_name} has begun.", link)
    db.session.commit()
    return mentorship


def export_board_data(user: User) -> dict:
    """Everything a person wrote or gave on boards, for their data export."""
    topics = db.session.scalars(select(Topic).where(Topic.author_id == user.id).order_by(Topic.id)).all()
    posts = db.session.execute(
        select(Post, Topic.title)
        .join(Topic, Topic.id == Post.topic_id)
        .where(Post.author_id == user.id, Post.deleted_at.is_(None))
        .order_by(Post.id)
    ).all()
    reactions = db.session.scalars(select(Reaction).where(Reaction.user_id == user.id)).all()
    invites = db.session.scalars(
        select(HelpInvite).where(or_(HelpInvite.asker_id == user.id, HelpInvite.helper_id == user.id))
    ).all()
    return {
        "topics": [
            {
                "id": t.id,
                "community_id": t.community_id,
                "kind": t.kind,
                "title": t.title,
                "anonymous": t.is_anonymous,
                "urgency": t.urgency if t.is_help else None,
                "tags": t.tag_names,
                "created_at": t.created_at.isoformat(),
                "solved": t.is_solved,
                "deleted": t.deleted_at is not None,
            }
            for t in topics
        ],
        "posts": [
            {
                "id": p.id,
                "topic_id": p.topic_id,
                "topic_title": title,
                "body": p.body,
                "anonymous": p.is_anonymous,
                "created_at": p.created_at.isoformat(),
                "edited_at": p.edited_at.isoformat() if p.edited_at else None,
            }
            for p, title in posts
        ],
        "reactions": [{"post_id": r.post_id, "kind": r.kind, "created_at": r.created_at.isoformat()} for r in reactions],
        "help_invites": [
            {
                "topic_id": i.topic_id,
                "role": "asker" if i.asker_id == user.id else "helper",
                "status": i.status,
                "created_at": i.created_at.isoformat(),
            }
            for i in invites
        ],
    }


def erase_board_content(user: User) -> None:
    """Replace everything a person wrote on boards with a marker; anonymous posts lose their author link.

    Replies by others stay (they are theirs); reactions given and pending invitations go. Commits.
    """
    now = utcnow()
    erased_html = str(render_markdown(ERASED))
    db.session.execute(
        Post.__table__.update()
        .where(Post.author_id == user.id, Post.deleted_at.is_(None))
        .values(body=ERASED, body_html=erased_html, edited_at=now)
    )
    topic_ids = select(Topic.id).where(Topic.author_id == user.id).scalar_subquery()
    db.session.execute(delete(TopicTag).where(TopicTag.topic_id.in_(topic_ids)))
    db.session.execute(Topic.__table__.update().where(Topic.author_id == user.id).values(title=ERASED))
    # Nobody needs to know who wrote an anonymous post any more: drop the link.
    db.session.execute(Post.__table__.update().where(Post.author_id == user.id, Post.is_anonymous).values(author_id=None))
    db.session.execute(
        Topic.__table__.update().where(Topic.author_id == user.id, Topic.is_anonymous).values(author_id=None)
    )
    db.session.execute(delete(Reaction).where(Reaction.user_id == user.id))
    db.session.execute(
        delete(HelpInvite).where(
            HelpInvite.status == "pending", or_(HelpInvite.asker_id == user.id, HelpInvite.helper_id == user.id)
        )
    )
    db.session.commit()
