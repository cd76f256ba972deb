"""Page builders shared by the board's views (topics.py, posts.py, help_requests.py). No blueprint here; the loaders and
rules are permissions/board.py's."""

from typing import NamedTuple
from urllib.parse import quote

from flask import make_response, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from mentorship.extensions import db
from mentorship.forms.board import ReplyForm
from mentorship.models import HelpInvite, Post, Topic
from mentorship.permissions.board import (
    BOARD,
    BOARD_AND_TOPIC,
    Board,
    can_invite_helper,
    can_quote_for,
    can_write_on_board,
    get_board_row_or_404,
    get_board_topic_or_404,
    viewer_for,
)
from mentorship.permissions.communities import is_moderator
from mentorship.services.board import pace as posting_pace
from mentorship.services.board import progress, read
from mentorship.services.board.posting import BoardError
from mentorship.services.communities.suspension import suspension_text
from mentorship.services.space import navigation as nav_badges
from mentorship.views.board.display import BoardLinks, topic_views
from mentorship.views.board.fragments import blank_reply_form, fill_csrf, post_fragments
from mentorship.web import navigation
from mentorship.web.errors import abort_with, error_response
from mentorship.web.htmx import htmx_target, is_htmx, render
from mentorship.web.inputs import page_number, query_id

UNREAD_MARKER = '<li class="unread-marker" id="first-unread"><span>New since your last visit</span></li>'

# A topic page's first query: the board, the topic and its tags, the navigation's counts and how far I read it.
TOPIC_PAGE_ROW = BOARD_AND_TOPIC.add_columns(*nav_badges.COLUMNS, *progress.COLUMNS)


class Reading(NamedTuple):
    """How far the viewer had read the topic before this page: the newest reply seen, and how many replies
    that makes (None: never opened)."""

    last_read_post_id: int | None
    read_replies: int


# The board index's first query: the board and the navigation's counts.
BOARD_PAGE_ROW = BOARD.add_columns(*nav_badges.COLUMNS)


def load_board(slug: str) -> Board:
    """The board (community, membership, viewer) in one query that carries the navigation's counts too (a
    fragment for htmx shows no navigation: the board alone)."""
    if is_htmx():
        return get_board_row_or_404(slug)[0]
    board, row = get_board_row_or_404(slug, BOARD_PAGE_ROW, nav_badges.params(current_user.id))
    navigation.remember(row.badge_notifications, row.badge_messages, row.badge_staff)
    return board


def load_topic(slug: str, topic_id: int) -> tuple[Board, Topic, list[str]]:
    """The board, a topic and its tag names in one query that carries the navigation's counts too."""
    board, topic, tag_names, _reading = load_topic_and_reading(slug, topic_id)
    return board, topic, tag_names


def load_topic_and_reading(slug: str, topic_id: int) -> tuple[Board, Topic, list[str], Reading]:
    """load_topic(), and how far the viewer had read it (from the same query)."""
    params = nav_badges.params(current_user.id)
    board, topic, tag_names, row = get_board_topic_or_404(slug, topic_id, TOPIC_PAGE_ROW, params)
    navigation.remember(row.badge_notifications, row.badge_messages, row.badge_staff)
    return board, topic, tag_names, Reading(row.last_read_post_id, int(row.read_replies or 0))


def require_can_write(board: Board) -> None:
    """A suspended member reads but can't write: a 403 that says until when."""
    if not can_write_on_board(board.membership):
        abort_with(403, suspension_text(board.community, board.membership, current_user.timezone))


def too_fast(board: Board, topic_id: int | None = None) -> posting_pace.PostingTooFast | None:
    """Why this post must wait (a new member's first day, slow mode), or None."""
    try:
        posting_pace.check_pace(board.community, board.membership, topic_id)
    except posting_pace.PostingTooFast as refusal:
        return refusal
    return None


def too_fast_response(refusal: posting_pace.PostingTooFast, response=None):
    """429 with Retry-After: the given page, or the error page (a fragment for htmx, shown in #flash)."""
    response = response or error_response(429, str(refusal), title=_("Please wait a moment"))
    response.status_code = 429
    response.headers["Retry-After"] = str(refusal.retry_after)
    return response


def slowed_down(refusal: posting_pace.PostingTooFast, form, page):
    """A post that must wait: for htmx the message alone (the form stays as typed, #flash shows it); otherwise
    `page()` again with the message above the form. Both are a 429 with Retry-After."""
    if is_htmx():
        return too_fast_response(refusal)
    form.form_errors.append(str(refusal))
    return too_fast_response(refusal, page())


def post_url(community, post: Post) -> str:
    """The page of its topic where a post is, with its anchor."""
    topic_url = url_for("board.show_topic", slug=community.slug, topic_id=post.topic_id, page=read.page_of_post(post))
    return f"{topic_url}#post-{post.id}"


def field_error(form, error: BoardError) -> None:
    """Show a refusal from the service on the field it is about (or above the form)."""
    field = getattr(form, error.field or "", None)
    if field is not None:
        field.errors = [*field.errors, str(error)]
    else:
        form.form_errors.append(str(error))


def topic_page(board: Board, topic: Topic, form=None, status: int = 200, tag_names=None, reading=None):
    """Everything the topic page shows, in a constant number of queries."""
    number = page_number()
    opening_row, reply_rows, total = read.topic_posts(topic, number, current_user.id)
    page = read.Page(items=[], total=total, page=number, per_page=read.REPLIES_PER_PAGE)
    rows = [opening_row, *reply_rows] if opening_row is not None else reply_rows
    fragments = post_fragments(board, topic, rows, number)
    opening = fill_csrf(fragments.pop(0)) if opening_row is not None else None
    first_unread = _first_unread(reply_rows, reading)
    items = []
    for row, html in zip(reply_rows, fragments, strict=False):
        if row.id == first_unread:
            items.append(UNREAD_MARKER)
        items.append(f"<li>{html}</li>")
    reply_form_html = None
    if form is None and not request.args.get("quote"):
        reply_form_html = blank_reply_form(board, topic, page.pages)
    if reply_form_html is None:
        form = form or reply_form(board, topic, page)
    response = render(
        "board/topic.html",
        "reply_form" if htmx_target() == "reply-form" else None,
        status=status,
        **board._asdict(),
        topic=topic,
        opening=opening,
        replies=fill_csrf("".join(items)),
        page=page,
        form=form,
        reply_form_html=reply_form_html,
        invite=_asker_invite(topic),
        tag_links=tag_links(board.community, topic.tag_names if tag_names is None else tag_names),
        first_unread=first_unread,
    )
    if reading is not None and reply_rows:
        progress.mark_topic_read(
            topic.id, current_user.id, max(row.id for row in reply_rows), reading.last_read_post_id
        )
    return response


def _first_unread(reply_rows, reading) -> int | None:
    """The first reply of this page the viewer hadn't seen (not their own), for the "new" marker."""
    if reading is None or reading.last_read_post_id is None:
        return None
    return next(
        (row.id for row in reply_rows if row.id > reading.last_read_post_id and row.author_id != current_user.id),
        None,
    )


def _asker_invite(topic: Topic) -> HelpInvite | None:
    """For the asker of a solved help request: their invitation of the helper, if they sent one."""
    if not (can_invite_helper(current_user, topic) and topic.solved_post_id):
        return None
    statement = select(HelpInvite).where(HelpInvite.topic_id == topic.id).options(joinedload(HelpInvite.helper))
    return db.session.scalar(statement)


def tag_links(community, tags: list[str]) -> list[tuple[str, str]]:
    """(tag, link to the board filtered by it): one url_for for all of them."""
    board = url_for("board.index", slug=community.slug)
    return [(tag, f"{board}?tag={quote(tag, safe='')}") for tag in tags]


def reply_form(board: Board, topic: Topic, page) -> ReplyForm:
    """An empty reply form, or one that quotes `?quote=<post id>` (as the viewer sees its author)."""
    form = ReplyForm(formdata=None)
    form.page.data = str(page.pages or 1)
    quote_id = query_id("quote")
    quoted = db.session.get(Post, quote_id) if quote_id else None
    viewer = board.viewer
    if quoted and quoted.topic_id == topic.id and can_quote_for(viewer, quoted):
        lines = quoted.body[:1500].splitlines() or [""]
        form.body.data = f"> {viewer.author_name(quoted)} wrote:\n>\n" + "\n".join(f"> {line}" for line in lines)
        form.body.data += "\n\n"
    form.needs_coc = board.membership.coc_accepted_at is None
    return form


def single_post(board: Board, post: Post, template: str = "board/_post.html", **extra):
    """One post's fragment (after an edit, a delete, a cancel, a reaction or an htmx reply)."""
    row = read.post_row(post.id, current_user.id)
    post_html = fill_csrf(post_fragments(board, post.topic, [row], read.page_of_post(post))[0])
    body = render_template(template, **board._asdict(), topic=post.topic, post_html=post_html, **extra)
    return make_response(body)


def help_summary(community) -> dict:
    """For the community page: open help requests and how fast help comes (computed in SQL)."""
    viewer = viewer_for(current_user, is_moderator(current_user, community))
    stats = read.help_stats(community.id)
    stats["median_words"] = read.duration_words(stats["median_seconds"])
    topics = topic_views(read.open_help_requests(community.id, viewer), viewer, BoardLinks(community))
    return {"stats": stats, "open": topics}
