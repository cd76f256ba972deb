"""Reading the board: topic lists, a topic's posts, reaction counts, what a viewer may see, statistics.

Each builder loads what a page shows in a constant number of queries, whatever the amount of data.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import joinedload, selectinload

from ..extensions import db
from ..models import Block, Post, Reaction, Topic, TopicTag, UserSkill, utcnow
from ..models.board import REACTION_KINDS

TOPICS_PER_PAGE = 20
REPLIES_PER_PAGE = 25
FILTERS = {
    "all": "Everything",
    "discussions": "Discussions",
    "help": "Help requests",
    "unanswered": "Unanswered",
    "for-me": "Matches my skills",
}
STATS_WINDOW = timedelta(days=90)


@dataclass
class Viewer:
    """Who is looking: decides anonymity, hidden content and blocked authors in one place."""

    user_id: int
    is_moderator: bool = False
    blocked: set[int] = field(default_factory=set)

    def author_name(self, item) -> str:
        """The name to show for a topic or post: anonymous, deleted or the person's name."""
        if item.is_anonymous:
            return "Anonymous (you)" if item.author_id == self.user_id else "Anonymous"
        if item.author is None or item.author.is_deleted:
            return "Deleted member"
        return item.author.display_name

    def revealed_author(self, item) -> str:
        """For moderators only: who wrote an anonymous item."""
        if not (self.is_moderator and item.is_anonymous) or item.author_id == self.user_id:
            return ""
        if item.author is None:
            return "erased by the author"
        return "Deleted member" if item.author.is_deleted else item.author.display_name

    def has_blocked(self, item) -> bool:
        """Collapse content by someone the viewer blocked (never for anonymous items: that would unmask them)."""
        return not item.is_anonymous and item.author_id is not None and item.author_id in self.blocked

    def sees_body(self, post: Post) -> bool:
        return post.deleted_at is None and (post.hidden_at is None or self.is_moderator)


def viewer_for(user, is_moderator: bool) -> Viewer:
    """A Viewer with the set of people this user blocked (one query)."""
    blocked = set(db.session.scalars(select(Block.blocked_id).where(Block.blocker_id == user.id)))
    return Viewer(user_id=user.id, is_moderator=is_moderator, blocked=blocked)


def visible_topics(community_id: int, viewer: Viewer):
    """Topics of a community the viewer may see (hidden ones only for moderators), without ordering."""
    query = select(Topic).where(Topic.community_id == community_id, Topic.deleted_at.is_(None))
    if not viewer.is_moderator:
        query = query.where(Topic.hidden_at.is_(None))
    return query.options(joinedload(Topic.author), selectinload(Topic.tags))


def topic_list_query(community_id: int, viewer: Viewer, filter_name: str = "all", tag: str = ""):
    """The board index: newest activity first, with its filter and tag."""
    query = visible_topics(community_id, viewer)
    if filter_name == "discussions":
        query = query.where(Topic.kind == "discussion")
    elif filter_name == "help":
        query = query.where(Topic.kind == "help")
    elif filter_name == "unanswered":
        query = query.where(Topic.first_answer_at.is_(None))
    elif filter_name == "for-me":
        skills = select(UserSkill.tag).where(UserSkill.user_id == viewer.user_id)
        matching = select(TopicTag.topic_id).where(TopicTag.tag.in_(skills))
        query = query.where(Topic.kind == "help", Topic.solved_post_id.is_(None), Topic.id.in_(matching))
    if tag:
        query = query.where(Topic.id.in_(select(TopicTag.topic_id).where(TopicTag.tag == tag)))
    return query.order_by(Topic.last_activity_at.desc(), Topic.id.desc())


def opening_post(topic: Topic) -> Post | None:
    return db.session.scalar(
        select(Post).where(Post.topic_id == topic.id, Post.is_opening.is_(True)).options(joinedload(Post.author))
    )


def reply_page(topic: Topic, page: int):
    """One page of a topic's replies, oldest first, with their authors."""
    query = (
        select(Post)
        .where(Post.topic_id == topic.id, Post.is_opening.is_(False))
        .options(joinedload(Post.author))
        .order_by(Post.id)
    )
    return db.paginate(query, page=page, per_page=REPLIES_PER_PAGE, error_out=False, count=True)


def page_of_post(post: Post) -> int:
    """Which page of its topic a reply is on (the opening post is on every page)."""
    if post.is_opening:
        return 1
    before = db.session.scalar(
        select(func.count()).where(Post.topic_id == post.topic_id, Post.is_opening.is_(False), Post.id < post.id)
    )
    return before // REPLIES_PER_PAGE + 1


def last_page(topic: Topic) -> int:
    total = db.session.scalar(select(func.count()).where(Post.topic_id == topic.id, Post.is_opening.is_(False)))
    return max(1, -(-total // REPLIES_PER_PAGE))


def reaction_summary(post_ids: list[int], viewer_id: int) -> dict[int, dict[str, tuple[int, bool]]]:
    """{post_id: {kind: (count, given by the viewer)}} for a page of posts, in one grouped query."""
    summary: dict[int, dict[str, tuple[int, bool]]] = {pid: {k: (0, False) for k in REACTION_KINDS} for pid in post_ids}
    if not post_ids:
        return summary
    rows = db.session.execute(
        select(
            Reaction.post_id,
            Reaction.kind,
            func.count(),
            func.max(case((Reaction.user_id == viewer_id, 1), else_=0)),
        )
        .where(Reaction.post_id.in_(post_ids))
        .group_by(Reaction.post_id, Reaction.kind)
    ).all()
    for post_id, kind, count, mine in rows:
        if kind in REACTION_KINDS:
            summary[post_id][kind] = (count, bool(mine))
    return summary


def _help_topics(community_id: int):
    return and_(
        Topic.community_id == community_id,
        Topic.kind == "help",
        Topic.deleted_at.is_(None),
        Topic.hidden_at.is_(None),
    )


def help_stats(community_id: int) -> dict:
    """Open help requests, median time to first answer and share answered within 24 h (last 90 days), in SQL."""
    now = utcnow()
    since = now - STATS_WINDOW
    day_old = now - timedelta(hours=24)
    answered_in_a_day = and_(Topic.first_answer_seconds.is_not(None), Topic.first_answer_seconds <= 86400)
    open_count, old_count, old_answered = db.session.execute(
        select(
            func.coalesce(func.sum(case((Topic.solved_post_id.is_(None), 1), else_=0)), 0),
            func.coalesce(
                func.sum(case((and_(Topic.created_at >= since, Topic.created_at <= day_old), 1), else_=0)), 0
            ),
            func.coalesce(
                func.sum(
                    case((and_(Topic.created_at >= since, Topic.created_at <= day_old, answered_in_a_day), 1), else_=0)
                ),
                0,
            ),
        ).where(_help_topics(community_id))
    ).one()
    ranked = (
        select(
            Topic.first_answer_seconds.label("seconds"),
            func.row_number().over(order_by=Topic.first_answer_seconds).label("rn"),
            func.count().over().label("n"),
        )
        .where(_help_topics(community_id), Topic.first_answer_seconds.is_not(None), Topic.created_at >= since)
        .subquery()
    )
    median = db.session.scalar(
        select(func.avg(ranked.c.seconds)).where(ranked.c.rn.in_([(ranked.c.n + 1) // 2, (ranked.c.n + 2) // 2]))
    )
    return {
        "open_count": int(open_count),
        "median_seconds": float(median) if median is not None else None,
        "share_24h": (int(old_answered) / int(old_count)) if old_count else None,
        "measured": int(old_count),
    }


def open_help_requests(community_id: int, viewer: Viewer, limit: int = 5) -> list[Topic]:
    """The newest unsolved help requests, urgent ones first, leaving out people the viewer blocked."""
    query = visible_topics(community_id, viewer).where(Topic.kind == "help", Topic.solved_post_id.is_(None))
    if viewer.blocked:
        query = query.where(~and_(Topic.author_id.in_(viewer.blocked), Topic.is_anonymous.is_(False)))
    urgency_order = case({"high": 0, "normal": 1}, value=Topic.urgency, else_=2)
    return db.session.scalars(query.order_by(urgency_order, Topic.created_at.desc()).limit(limit)).unique().all()


def duration_words(seconds: float | None) -> str:
    """'45 min', '3 h 10 min', '2 days'."""
    if seconds is None:
        return "no answers yet"
    minutes = int(seconds // 60)
    if minutes < 1:
        return "under a minute"
    if minutes < 60:
        return f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    if hours < 48:
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    return f"{hours // 24} days"
