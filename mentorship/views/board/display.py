"""What a viewer sees of each post and topic, worked out in Python once so templates only print it.

A topic page shows up to 26 posts and the index 20 topics; deciding anonymity, blocks, moderation,
reactions and the allowed actions here (and building their links from one url_for per kind) keeps
the pages fast. Templates never receive an anonymous author: only the label this viewer may see.
"""

from dataclasses import dataclass
from functools import cached_property, lru_cache
from urllib.parse import quote

from flask import url_for
from markupsafe import Markup

from mentorship.models.board import REACTION_KINDS
from mentorship.permissions.board import (
    Viewer,
    can_delete_post,
    can_edit_post,
    can_quote,
    can_react,
    solution_refusal,
)
from mentorship.web.templating import timeago

_ID = 987654321  # a stand-in id: each kind of link is built by url_for once per page, then filled in


@lru_cache(maxsize=4096)
def _quoted(tag: str) -> str:
    """A tag in a URL (tags are few and repeat on every row of the index)."""
    return quote(tag, safe="")


class BoardLinks:
    """The URLs a board page repeats for every post and topic, each kind built by url_for once (when first used)."""

    def __init__(self, community, topic=None, page: int | None = None):
        self._slug = community.slug
        self._topic_id = topic.id if topic is not None else None
        self._page = page

    @cached_property
    def _posts(self) -> dict[str, str]:
        return {
            action: url_for(f"board.{endpoint}", slug=self._slug, post_id=_ID)
            for action, endpoint in (("show", "show_post"), ("edit", "edit_post"), ("delete", "delete_post"))
        }

    @cached_property
    def _react(self) -> str:
        return url_for("board.react", slug=self._slug, post_id=_ID, kind="KIND")

    @cached_property
    def _topic(self) -> str:
        return url_for("board.show_topic", slug=self._slug, topic_id=_ID)

    @cached_property
    def _tag(self) -> str:
        return url_for("board.index", slug=self._slug, tag="TAG")

    @cached_property
    def _report(self) -> str:
        return url_for("reports.report", target_type="post", target_id=_ID)

    @cached_property
    def _block(self) -> str:
        return url_for("blocking.block", user_id=_ID)

    @cached_property
    def _profile(self) -> str:
        return url_for("people.profile", slug=self._slug, user_id=_ID)

    @cached_property
    def _moderate(self) -> str:
        return url_for("moderation.hide_or_restore", slug=self._slug, target_type="post", target_id=_ID, verb="hide")

    @cached_property
    def _quote(self) -> str:
        if self._topic_id is None:
            return ""
        return url_for("board.show_topic", slug=self._slug, topic_id=self._topic_id, page=self._page, quote=_ID)

    @cached_property
    def solution(self) -> str:
        if self._topic_id is None:
            return ""
        return url_for("board.mark_solution", slug=self._slug, topic_id=self._topic_id)

    def post(self, post_id: int, action: str = "show") -> str:
        return self._posts[action].replace(str(_ID), str(post_id))

    def react(self, post_id: int, kind: str) -> str:
        return self._react.replace(str(_ID), str(post_id)).replace("KIND", kind)

    def quote(self, post_id: int) -> str:
        return self._quote.replace(str(_ID), str(post_id))

    def topic(self, topic_id: int) -> str:
        return self._topic.replace(str(_ID), str(topic_id))

    def tag(self, tag: str) -> str:
        return self._tag.replace("TAG", _quoted(tag))

    def report(self, post_id: int) -> str:
        return self._report.replace(str(_ID), str(post_id))

    def block(self, user_id: int) -> str:
        return self._block.replace(str(_ID), str(user_id))

    def profile(self, user_id: int) -> str:
        return self._profile.replace(str(_ID), str(user_id))

    def moderate(self, post_id: int, verb: str) -> str:
        return self._moderate.replace(str(_ID), str(post_id)).removesuffix("hide") + verb


@dataclass(slots=True)
class ReactionView:
    kind: str
    label: str
    count: int
    mine: bool
    url: str


@dataclass(slots=True)
class PostView:
    id: int
    is_opening: bool
    author: str
    revealed_author: str  # moderators only
    created_iso: str
    created_ago: str
    edited: bool
    deleted: bool
    hidden: bool  # shown to moderators with a pill; to others as a placeholder
    shows_body: bool
    blocked: bool
    body_html: Markup
    is_solution: bool
    can_react: bool
    reactions: list[ReactionView]
    url: str
    quote_url: str = ""
    edit_url: str = ""
    delete_url: str = ""
    solution_action: str = ""  # "mark" | "unmark" | ""
    report_url: str = ""
    block_url: str = ""  # never for an anonymous post: the link would name its author
    moderate_url: str = ""  # moderators: hide, or restore a hidden post
    author_url: str = ""  # the author's profile; never for an anonymous post


def post_view(row, *, topic, viewer: Viewer, writable: bool, links: BoardLinks):
    """How `viewer` sees one post row (see services/board/read.py: POST_ROW_COLUMNS); what it offers them is
    what permissions/board.py allows (and `writable`: their membership may write)."""
    gone = bool(row.author_gone)
    own = row.author_id == viewer.user_id
    deleted, hidden = bool(row.deleted), bool(row.hidden)
    blocked = bool(row.author_blocked) and not row.is_anonymous  # collapsing an anonymous post would unmask it
    reacts = writable and can_react(viewer, row)
    view = PostView(
        id=row.id,
        is_opening=row.is_opening,
        author=viewer.name_for(row.is_anonymous, row.author_id, row.author_display_name, gone),
        revealed_author=viewer.revealed_for(row.is_anonymous, row.author_id, row.author_display_name, gone),
        created_iso=row.created_at.isoformat(),
        created_ago=timeago(row.created_at),
        edited=bool(row.edited) and not deleted,
        deleted=deleted,
        hidden=hidden,
        shows_body=viewer.sees_body(row),
        blocked=blocked,
        body_html=Markup(row.body_html),
        is_solution=topic.solved_post_id == row.id,
        can_react=reacts,
        reactions=[
            ReactionView(
                kind,
                label,
                row._mapping[f"{kind}_count"],
                bool(row._mapping[f"{kind}_mine"]),
                links.react(row.id, kind) if reacts else "",
            )
            for kind, label in REACTION_KINDS.items()
        ],
        url=links.post(row.id),
    )
    if writable and not blocked and can_quote(row):
        view.quote_url = links.quote(row.id)
    if writable and can_edit_post(viewer, row):
        view.edit_url = links.post(row.id, "edit")
    if writable and can_delete_post(viewer, row):
        view.delete_url = links.post(row.id, "delete")
    if solution_refusal(viewer, topic, row) is None:
        view.solution_action = "unmark" if view.is_solution else "mark"
    if not own and view.shows_body:
        view.report_url = links.report(row.id)
    if not own and not row.is_anonymous and row.author_id and not gone and not blocked:
        view.block_url = links.block(row.author_id)
    if not row.is_anonymous and row.author_id and not gone:
        view.author_url = links.profile(row.author_id)
    if viewer.is_moderator and not deleted:
        view.moderate_url = links.moderate(row.id, "restore" if hidden else "hide")
    return view


@dataclass(slots=True)
class TopicView:
    id: int
    url: str
    title: str
    is_help: bool
    urgent: bool
    solved: bool
    hidden: bool
    author: str
    revealed_author: str  # moderators only
    blocked: bool
    reply_count: int
    active_iso: str
    active_ago: str
    tags: list[tuple[str, str]]  # (tag, link to the board filtered by it)


def topic_views(page, viewer: Viewer, links: BoardLinks) -> list[TopicView]:
    """How `viewer` sees each topic row of a services/board/read.py Page."""
    views = []
    for row in page.items:
        gone = row.author_deleted_at is not None
        views.append(
            TopicView(
                id=row.id,
                url=links.topic(row.id),
                title=row.title,
                is_help=row.kind == "help",
                urgent=row.kind == "help" and row.urgency == "high",
                solved=row.solved_post_id is not None,
                hidden=row.hidden_at is not None,
                author=viewer.name_for(row.is_anonymous, row.author_id, row.author_display_name, gone),
                revealed_author=viewer.revealed_for(row.is_anonymous, row.author_id, row.author_display_name, gone),
                blocked=bool(row.author_blocked) and not row.is_anonymous,
                reply_count=row.reply_count,
                active_iso=row.last_activity_at.isoformat(),
                active_ago=timeago(row.last_activity_at),
                tags=[(tag, links.tag(tag)) for tag in page.tags.get(row.id, [])],
            )
        )
    return views
