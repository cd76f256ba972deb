"""Reading the board: topic lists, a topic's posts, reaction counts, statistics (what a viewer may see of them
is permissions/board.py's Viewer).

Each builder loads what a page shows in a constant number of queries, whatever the amount of data.
"""

from dataclasses import dataclass, field
from datetime import timedelta
from functools import lru_cache

from flask_babel import lazy_gettext as _l
from sqlalchemy import BindParameter, Integer, and_, bindparam, case, exists, func, select, type_coerce, union_all

from mentorship.extensions import db
from mentorship.models import Block, Post, Reaction, Topic, TopicTag, User, UserSkill, utcnow
from mentorship.models.board import REACTION_KINDS
from mentorship.pagination import PageNumbers
from mentorship.permissions.board import Viewer

TOPICS_PER_PAGE = 20
REPLIES_PER_PAGE = 25
FILTERS = {
    "all": _l("Everything"),
    "discussions": _l("Discussions"),
    "help": _l("Help requests"),
    "unanswered": _l("Unanswered"),
    "for-me": _l("Matches my skills"),
}
STATS_WINDOW = timedelta(days=90)


def _rows(statement, params: dict | None = None):
    """Run a select of plain columns on the session's connection: rows, without the ORM's bookkeeping."""
    return db.session.connection().execute(statement, params or {})


# A topic as lists show it: plain rows, with the author's name, whether they left, and whether the viewer
# blocked them (bind "viewer_id").
TOPIC_ROW_COLUMNS = (
    Topic.id,
    Topic.kind,
    Topic.title,
    Topic.is_anonymous,
    Topic.author_id,
    Topic.urgency,
    Topic.reply_count,
    Topic.created_at,
    Topic.last_activity_at,
    Topic.solved_post_id,
    Topic.hidden_at,
    User.display_name.label("author_display_name"),
    User.deleted_at.label("author_deleted_at"),
    exists()
    .where(Block.blocker_id == bindparam("viewer_id"), Block.blocked_id == Topic.author_id)
    .label("author_blocked"),
)


@dataclass
class Page(PageNumbers):
    """One page of a list: its rows, how many there are in all, and the numbers pagination needs."""

    items: list
    total: int
    page: int
    per_page: int
    tags: dict[int, list[str]] = field(default_factory=dict)


def visible_topics(community_id, viewer: Viewer):
    """Topic rows of a community the viewer may see (hidden ones only for moderators), without ordering.

    `community_id`: a number, or a bind parameter for a statement built once."""
    query = (
        select(*TOPIC_ROW_COLUMNS)
        .outerjoin(User, User.id == Topic.author_id)
        .where(Topic.community_id == community_id, Topic.deleted_at.is_(None))
    )
    if not viewer.is_moderator:
        query = query.where(Topic.hidden_at.is_(None))
    return query


def topic_list_query(community_id, viewer: Viewer, filter_name: str = "all", tag=""):
    """The board index: newest activity first, with its filter and tag (a value, or a bind parameter)."""
    query = visible_topics(community_id, viewer)
    if filter_name == "discussions":
        query = query.where(Topic.kind == "discussion")
    elif filter_name == "help":
        query = query.where(Topic.kind == "help")
    elif filter_name == "unanswered":
        query = query.where(Topic.first_answer_at.is_(None))
    elif filter_name == "for-me":
        skills = select(UserSkill.tag).where(UserSkill.user_id == bindparam("viewer_id"))
        matching = select(TopicTag.topic_id).where(TopicTag.tag.in_(skills))
        query = query.where(Topic.kind == "help", Topic.solved_post_id.is_(None), Topic.id.in_(matching))
    if isinstance(tag, BindParameter) or tag:
        query = query.where(Topic.id.in_(select(TopicTag.topic_id).where(TopicTag.tag == tag)))
    return query.order_by(Topic.last_activity_at.desc(), Topic.id.desc())


def _with_count_and_tags(query):
    """`query` with, on each row, how many rows there are in all and the topic's tag names (one string)."""
    tag_names = select(func.aggregate_strings(TopicTag.tag, "\n")).where(TopicTag.topic_id == Topic.id)
    return query.add_columns(func.count().over().label("rows_in_all"), tag_names.scalar_subquery().label("tag_names"))


@lru_cache(maxsize=64)
def _board_index(filter_name: str, tagged: bool, moderator: bool):
    """The index statement of one shape, built once (community, viewer, tag, limit and offset are binds)."""
    tag = bindparam("tag") if tagged else ""
    query = topic_list_query(bindparam("community_id"), Viewer(0, moderator), filter_name, tag)
    return _with_count_and_tags(query).limit(bindparam("limit")).offset(bindparam("offset"))


def board_index_page(community_id: int, viewer: Viewer, filter_name: str, tag: str, page: int) -> Page:
    """A page of the board index: its topics, their tags and how many there are, in one query (the topic list,
    the count and the tags were three)."""
    statement = _board_index(filter_name, bool(tag), viewer.is_moderator)
    params = {
        "community_id": community_id,
        "viewer_id": viewer.user_id,
        "limit": TOPICS_PER_PAGE,
        "offset": (page - 1) * TOPICS_PER_PAGE,
    }
    if tag:
        params["tag"] = tag
    rows = _rows(statement, params).all()
    # Past the last page no row carries the count; that page says "No more topics here" and offers no next
    # page, so the count is not asked for: the topics before it stand in (a lower bound).
    total = rows[0].rows_in_all if rows else (page - 1) * TOPICS_PER_PAGE
    tags = {row.id: sorted(row.tag_names.split("\n")) if row.tag_names else [] for row in rows}
    return Page(items=rows, total=total, page=page, per_page=TOPICS_PER_PAGE, tags=tags)


def topic_page(query, viewer: Viewer, page: int, per_page: int) -> Page:
    """A page of topic rows with how many there are in all (count(*) OVER (): the rows are found, and ranked,
    once), then the page's tags (two queries; tags per row in the first would be read for every match). Past the
    last page no row carries the count: it is then counted on its own."""
    params = {"viewer_id": viewer.user_id}
    counted = query.add_columns(func.count().over().label("rows_in_all"))
    rows = _rows(counted.limit(per_page).offset((page - 1) * per_page), params).all()
    if rows:
        total = rows[0].rows_in_all
    elif page > 1:
        total = _rows(select(func.count()).select_from(query.order_by(None).subquery()), params).scalar_one()
    else:
        total = 0
    return Page(items=rows, total=total, page=page, per_page=per_page, tags=tags_of([row.id for row in rows]))


def tags_of(topic_ids: list[int]) -> dict[int, list[str]]:
    tags: dict[int, list[str]] = {topic_id: [] for topic_id in topic_ids}
    if topic_ids:
        statement = select(TopicTag.topic_id, TopicTag.tag).where(TopicTag.topic_id.in_(topic_ids))
        for topic_id, tag in _rows(statement.order_by(TopicTag.tag)):
            tags[topic_id].append(tag)
    return tags


def _whether(column, name: str):
    """Whether a datetime column is set, as 0/1: pages show none of these times, and converting a
    datetime costs a call per row and column (see tests/board/test_fragments.py for the key it makes)."""
    return type_coerce(column.is_not(None), Integer).label(name)


# A post as pages show it: plain rows (no ORM objects), with the author's name and whether they left.
POST_ROW_COLUMNS = (
    Post.id,
    Post.topic_id,
    Post.is_opening,
    Post.is_anonymous,
    Post.author_id,
    Post.body_html,
    Post.created_at,
    Post.lang,
    _whether(Post.edited_at, "edited"),
    _whether(Post.deleted_at, "deleted"),
    _whether(Post.hidden_at, "hidden"),
    User.display_name.label("author_display_name"),
    _whether(User.deleted_at, "author_gone"),
)


def _viewer_columns() -> list:
    """Per post: whether the viewer blocked its author (author_blocked), and per reaction kind how many
    gave it (<kind>_count) and whether the viewer did (<kind>_mine)."""
    viewer_id = bindparam("viewer_id")
    blocked = exists().where(Block.blocker_id == viewer_id, Block.blocked_id == Post.author_id)
    columns = [blocked.label("author_blocked")]
    for kind in REACTION_KINDS:
        of_kind = (Reaction.post_id == Post.id, Reaction.kind == kind)
        columns.append(select(func.count()).where(*of_kind).scalar_subquery().label(f"{kind}_count"))
        columns.append(exists().where(*of_kind, Reaction.user_id == viewer_id).label(f"{kind}_mine"))
    return columns


def _topic_posts_statement():
    """Built once: the opening post and one page of replies with authors, reactions and the reply count."""
    topic_id = bindparam("topic_id")
    replies = (Post.topic_id == topic_id, Post.is_opening.is_(False))
    page = select(Post.id).where(*replies).order_by(Post.id).limit(bindparam("limit")).offset(bindparam("offset"))
    opening = select(Post.id).where(Post.topic_id == topic_id, Post.is_opening.is_(True))
    # The posts by id (an index range for the page, then one lookup each); `topic_id = ? AND (opening OR id IN
    # page)` would read every post of the topic, bodies and all.
    ids = union_all(opening, select(page.subquery().c.id))
    total = select(func.count()).where(*replies).scalar_subquery().label("total")
    return (
        select(*POST_ROW_COLUMNS, *_viewer_columns(), total)
        .outerjoin(User, User.id == Post.author_id)
        .where(Post.id.in_(ids))
        .order_by(Post.is_opening.desc(), Post.id)
    )


# Prepared once: a page shows these on every request, and building the statement costs more than running it.
TOPIC_POSTS = _topic_posts_statement()
ONE_POST = (
    select(*POST_ROW_COLUMNS, *_viewer_columns())
    .outerjoin(User, User.id == Post.author_id)
    .where(Post.id == bindparam("post_id"))
)
# A post row's own columns (what decides how it looks); TOPIC_POSTS adds the topic's reply count after them.
POST_ROW_WIDTH = len(ONE_POST.selected_columns)


def topic_posts(topic: Topic, page: int, viewer_id: int) -> tuple[object | None, list, int]:
    """(opening post, one page of replies oldest first, number of replies), with reactions, in one query."""
    params = {"topic_id": topic.id, "viewer_id": viewer_id, "limit": REPLIES_PER_PAGE}
    rows = _rows(TOPIC_POSTS, {**params, "offset": (page - 1) * REPLIES_PER_PAGE}).all()
    opening = rows[0] if rows and rows[0].is_opening else None
    replies = rows[1:] if opening is not None else rows
    count = rows[0].total if rows else 0
    return opening, replies, count


def post_row(post_id: int, viewer_id: int):
    """One post as pages show it (for fragments: after an edit, a delete, a reaction)."""
    return _rows(ONE_POST, {"post_id": post_id, "viewer_id": viewer_id}).one()


def page_of_post(post: Post) -> int:
    """Which page of its topic a reply is on (the opening post is on every page)."""
    if post.is_opening:
        return 1
    before = db.session.scalar(
        select(func.count()).where(Post.topic_id == post.topic_id, Post.is_opening.is_(False), Post.id < post.id)
    )
    return before // REPLIES_PER_PAGE + 1


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


def open_help_requests(community_id: int, viewer: Viewer, limit: int = 5) -> Page:
    """The newest unsolved help requests, urgent ones first, leaving out people the viewer blocked."""
    query = visible_topics(community_id, viewer).where(Topic.kind == "help", Topic.solved_post_id.is_(None))
    blocked = exists().where(Block.blocker_id == viewer.user_id, Block.blocked_id == Topic.author_id)
    query = query.where(~and_(blocked, Topic.is_anonymous.is_(False)))
    urgency_order = case({"high": 0, "normal": 1}, value=Topic.urgency, else_=2)
    rows = _rows(query.order_by(urgency_order, Topic.created_at.desc()).limit(limit), {"viewer_id": viewer.user_id})
    rows = rows.all()
    return Page(items=rows, total=len(rows), page=1, per_page=limit, tags=tags_of([row.id for row in rows]))


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
