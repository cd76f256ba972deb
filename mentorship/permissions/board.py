"""Who may do what on a community's board, each rule once, and the board's loaders.

The board is for members only: a private community's board is a 404 to outsiders, a public one's a 403
("join first"). A hidden topic is a 404 except to moderators; an invitation exists only for its two people.
Each rule is a predicate (`can_edit_post(user, post)`) and, where a person sees the thing but may not do it,
a `*_refusal()` that gives the sentence refusing it (None when allowed). Views, the services' guards and
views/board/display.py (what each post offers) ask the same functions. A post is a `Post`, or a post row of
services/board/read.py (its `deleted`/`hidden` are 0/1); a person is a User, or the page's Viewer.
"""

from dataclasses import dataclass
from typing import NamedTuple

from flask import abort
from flask_login import current_user
from sqlalchemy import and_, bindparam, func, select
from sqlalchemy.orm import joinedload

from mentorship.extensions import db
from mentorship.models import Block, Community, HelpInvite, Membership, Post, Topic, TopicTag
from mentorship.permissions.communities import may_write, refuse_outsider

JOIN_FIRST = "Join this community to see that."
NOT_YOUR_POST = "You can only change your own posts."
POST_DELETED = "This post was deleted."
POST_HIDDEN = "The moderators hid this post, so it can't be changed."
OWN_POST_REACTION = "You can't react to your own post."
NO_REACTIONS = "This post can't take reactions."
REPLIES_CLOSED = "This topic is closed to replies."
ONLY_THE_ASKER_MARKS = "Only the person who asked can mark the solution."
NOT_A_REPLY_HERE = "Choose a reply in this help request."
OWN_ANSWER = "Mark someone else's answer as the solution."
ONLY_THE_ASKER_INVITES = "Only the person who asked can invite the helper."
NOT_YOUR_INVITATION = "This invitation is for someone else."


def _deleted_and_hidden(post) -> tuple[bool, bool]:
    """(deleted, hidden) of a Post or of a post row."""
    if isinstance(post, Post):
        return post.deleted_at is not None, post.hidden_at is not None
    return bool(post.deleted), bool(post.hidden)


@dataclass
class Viewer:
    """Who is looking: decides anonymity and hidden content in one place (whether they blocked an author comes
    with each row, services/board/read.py)."""

    user_id: int
    is_moderator: bool = False

    @property
    def id(self) -> int:
        """The person looking, so a Viewer can stand for them in this module's predicates."""
        return self.user_id

    def name_for(self, is_anonymous: bool, author_id: int | None, display_name: str | None, gone: bool) -> str:
        """The name to show: "Anonymous" (to everyone, moderators included), a deleted member, or the name."""
        if is_anonymous:
            return "Anonymous (you)" if author_id == self.user_id else "Anonymous"
        if author_id is None or display_name is None or gone:
            return "Deleted member"
        return display_name

    def revealed_for(self, is_anonymous: bool, author_id: int | None, display_name: str | None, gone: bool) -> str:
        """For moderators only: who wrote an anonymous item."""
        if not (self.is_moderator and is_anonymous) or author_id == self.user_id:
            return ""
        if author_id is None or display_name is None:
            return "erased by the author"
        return "Deleted member" if gone else display_name

    def author_name(self, item) -> str:
        """author name for an ORM Topic or Post (with its author loaded)."""
        author = item.author
        gone = bool(author and author.is_deleted)
        return self.name_for(item.is_anonymous, item.author_id, author and author.display_name, gone)

    def sees_body(self, post) -> bool:
        """A deleted post shows no body; a hidden one shows it to moderators only."""
        deleted, hidden = _deleted_and_hidden(post)
        return not deleted and (not hidden or self.is_moderator)


def viewer_for(user, is_moderator: bool) -> Viewer:
    """A Viewer for this user."""
    return Viewer(user_id=user.id, is_moderator=is_moderator)


class Board(NamedTuple):
    """A board as one member opens it: the community, their membership, and how they see it."""

    community: Community
    membership: Membership
    viewer: Viewer


# --- writing ---------------------------------------------------------------------------------------------


def can_write_on_board(membership: Membership | None) -> bool:
    """Members write unless suspended (the refusal, with its end date, is services.communities.suspension's)."""
    return may_write(membership)


def reply_refusal(topic: Topic) -> str | None:
    """A deleted or hidden topic takes no replies."""
    return REPLIES_CLOSED if topic.deleted_at is not None or topic.hidden_at is not None else None


def can_quote(post) -> bool:
    """A post is quoted while it is neither deleted nor hidden."""
    return not any(_deleted_and_hidden(post))


def can_quote_for(viewer: "Viewer", post) -> bool:
    """`?quote=`: a post the viewer may quote, and not one by a person they blocked (whose words stay collapsed
    for them on every path; an anonymous post shows to everyone alike, as on the board)."""
    if not can_quote(post):
        return False
    if post.is_anonymous or post.author_id is None or post.author_id == viewer.user_id:
        return True
    return db.session.get(Block, (viewer.user_id, post.author_id)) is None


def _person(user) -> int | None:
    return getattr(user, "id", None)


def edit_refusal(user, post) -> str | None:
    """Why `user` may not edit `post`, or None: only one's own post, while not deleted or hidden."""
    if post.author_id is None or post.author_id != _person(user):
        return NOT_YOUR_POST
    deleted, hidden = _deleted_and_hidden(post)
    if deleted:
        return POST_DELETED
    return POST_HIDDEN if hidden else None


def can_edit_post(user, post) -> bool:
    """One's own post, while it is neither deleted nor hidden by the moderators."""
    return edit_refusal(user, post) is None


def delete_refusal(user, post) -> str | None:
    """Why `user` may not delete `post`, or None: the editing rule (one's own live post)."""
    return edit_refusal(user, post)


def can_delete_post(user, post) -> bool:
    return delete_refusal(user, post) is None


def reaction_refusal(user, post) -> str | None:
    """Why `user` may not give `post` a reaction, or None: someone else's live post."""
    if post.author_id is not None and post.author_id == _person(user):
        return OWN_POST_REACTION
    return NO_REACTIONS if any(_deleted_and_hidden(post)) else None


def can_react(user, post) -> bool:
    return reaction_refusal(user, post) is None


# --- help requests ---------------------------------------------------------------------------------------


def _asks(user, topic: Topic) -> bool:
    return topic.is_help and topic.author_id is not None and topic.author_id == _person(user)


def can_mark_solution(user, topic: Topic) -> bool:
    """The person who asked for help marks (and unmarks) the reply that solved it."""
    return _asks(user, topic)


def solution_refusal(user, topic: Topic, post=None) -> str | None:
    """Why `user` may not mark `post` as the topic's solution (or, without a post, unmark it), or None."""
    if not can_mark_solution(user, topic):
        return ONLY_THE_ASKER_MARKS
    if post is None:
        return None
    if post.topic_id != topic.id or post.is_opening or any(_deleted_and_hidden(post)):
        return NOT_A_REPLY_HERE
    return OWN_ANSWER if post.author_id == _person(user) else None


def can_invite_helper(user, topic: Topic) -> bool:
    """The person who asked invites the author of the solution into a mentorship."""
    return _asks(user, topic)


def can_view_invite(user, invite: HelpInvite) -> bool:
    """An invitation is for its asker and its helper; to anyone else it does not exist."""
    return _person(user) in (invite.asker_id, invite.helper_id)


def can_decide_invite(user, invite: HelpInvite) -> bool:
    """Only the helper accepts or declines."""
    return invite.helper_id == _person(user)


# --- loaders ---------------------------------------------------------------------------------------------

# The community and my membership in one query: every board page starts with it (binds slug, user_id).
BOARD = (
    select(Community, Membership)
    .outerjoin(
        Membership,
        and_(Membership.community_id == Community.id, Membership.user_id == bindparam("user_id")),
    )
    .where(Community.slug == bindparam("slug"))
)
# ... and one of its topics with its tag names (one string): a topic page's first query (binds topic_id too).
BOARD_AND_TOPIC = BOARD.add_columns(
    Topic,
    select(func.aggregate_strings(TopicTag.tag, "\n")).where(TopicTag.topic_id == Topic.id).scalar_subquery(),
).outerjoin(Topic, and_(Topic.id == bindparam("topic_id"), Topic.community_id == Community.id))
TOPIC_WITH_TAGS = select(Topic).where(Topic.id == bindparam("topic_id")).options(joinedload(Topic.tags))
# An invitation with what its page shows: the topic and both people.
INVITE = (
    select(HelpInvite)
    .where(HelpInvite.id == bindparam("invite_id"))
    .options(joinedload(HelpInvite.topic), joinedload(HelpInvite.asker), joinedload(HelpInvite.helper))
)


def board_access(community: Community | None, membership: Membership | None, user) -> Board:
    """The board for this member; a 404 for an unknown or private community, a 403 "join first" otherwise."""
    if community is None or (membership is None and community.is_private):
        abort(404)
    if membership is None:
        refuse_outsider(community, user)
    return Board(community, membership, viewer_for(user, membership.is_moderator))


def get_board_or_404(slug: str) -> Board:
    """The community, my membership and my Viewer, in one query."""
    return get_board_row_or_404(slug)[0]


def get_board_row_or_404(slug: str, statement=BOARD, params: dict | None = None):
    """get_board_or_404() and the row it came from: `statement` may be BOARD with more columns (the board index
    adds the navigation's counts), and `params` their binds; the row carries them back."""
    row = db.session.execute(statement, {**(params or {}), "user_id": current_user.id, "slug": slug}).first()
    return board_access(*(row[:2] if row is not None else (None, None)), current_user), row


def get_board_topic_or_404(slug: str, topic_id: int, statement=BOARD_AND_TOPIC, params: dict | None = None):
    """get_board_or_404() and get_topic_or_404() in one query: (board, topic, its tag names, the row).

    `statement` may be BOARD_AND_TOPIC with more columns (the topic page adds the navigation's counts), and
    `params` their binds; the row carries them back."""
    binds = {**(params or {}), "user_id": current_user.id, "slug": slug, "topic_id": topic_id}
    row = db.session.execute(statement, binds).first()
    board = board_access(*(row[:2] if row is not None else (None, None)), current_user)
    topic = visible_topic(board, row[2])
    return board, topic, sorted(row[3].split("\n")) if row[3] else [], row


def can_see_topic(viewer: Viewer, topic: Topic) -> bool:
    """A live topic; a hidden one only for moderators."""
    return topic.deleted_at is None and (topic.hidden_at is None or viewer.is_moderator)


def visible_topic(board: Board, topic: Topic | None) -> Topic:
    """The topic when it is on this board and the viewer may see it, else a 404."""
    if topic is None or topic.community_id != board.community.id or not can_see_topic(board.viewer, topic):
        abort(404)
    return topic


def get_topic_or_404(board: Board, topic_id: int) -> Topic:
    """A topic of this board with its tags (one query), as visible_topic() allows."""
    return visible_topic(board, db.session.scalars(TOPIC_WITH_TAGS, {"topic_id": topic_id}).unique().first())


def get_post_or_404(board: Board, post_id: int | None) -> Post:
    """A post of this board, in a topic the viewer may see."""
    post = db.session.get(Post, post_id) if post_id else None
    if post is None or post.community_id != board.community.id:
        abort(404)
    get_topic_or_404(board, post.topic_id)
    return post


def get_invite_or_404(board: Board, invite_id: int) -> HelpInvite:
    """An invitation of this board, for its asker and its helper only."""
    invite = db.session.scalar(INVITE, {"invite_id": invite_id})
    if invite is None or invite.topic.community_id != board.community.id:
        abort(404)
    if not can_view_invite(current_user, invite):
        abort(404)
    return invite


TEMPLATE_PREDICATES = {
    "can_write_on_board": can_write_on_board,
    "can_mark_solution": can_mark_solution,
    "can_decide_invite": can_decide_invite,
}
