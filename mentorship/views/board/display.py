"""What a viewer sees of each post and topic, worked out in Python once so templates only print it.

A topic page shows up to 26 posts and the index 20 topics; deciding anonymity, blocks, moderation,
reactions and the allowed actions here (and building their links from one url_for per kind) keeps
the pages fast. Templates never receive an anonymous author: only the label this viewer may see.
"""

from dataclasses import dataclass
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


class BoardLinks:
    """The URLs a board page repeats for every post and topic."""

    def __init__(self, community, topic=None, page: int | None = None):
        slug = community.slug
        self._posts = {
            action: url_for(f"board.{endpoint}", slug=slug, post_id=_ID)
            for action, endpoint in (("show", "show_post"), ("edit", "edit_post"), ("delete", "delete_post"))
        }
        self._react = url_for("board.react", slug=slug, post_id=_ID, kind="KIND")
        self._topic = url_for("board.show_topic", slug=slug, topic_id=_ID)
        self._tag = url_for("board.index", slug=slug, tag="TAG")
        self._report = url_for("reports.report", target_type="post", target_id=_ID)
        self._block = url_for("blocking.block", user_id=_ID)
        self._profile = url_for("people.profile", slug=slug, user_id=_ID)
        self._moderate = url_for(
            "moderation.hide_or_restore", slug=slug, target_type="post", target_id=_ID, verb="hide"
        )
        self._quote = ""
        self.solution = ""
        if topic is not None:
            self._quote = url_for("board.show_topic", slug=slug, topic_id=topic.id, page=page, quote=_ID)
            self.solution = url_for("board.mark_solution", slug=slug, topic_id=topic.id)

    def post(self, post_id: int, action: str = "show") -> str:
        return self._posts[action].replace(str(_ID), str(post_id))

    def react(self, post_id: int, kind: str) -> str:
        return self._react.replace(str(_ID), str(post_id)).replace("KIND", kind)

    def quote(self, post_id: int) -> str:
        return self._quote.replace(str(_ID), str(post_id))

    def topic(self, topic_id: int) -> str:
        return self._topic.replace(str(_ID), str(topic_id))

    def tag(self, tag: str) -> str:
        return self._tag.replace("TAG", quote(tag, safe=""))

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
    lang: str = ""  # the language it was written in, marked where it differs from the page


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
        lang=row.lang or "",
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
