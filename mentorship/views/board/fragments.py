"""Rendered posts, kept in each worker's memory and shared by everyone who sees a post alike.

A post's HTML is a pure function of what the viewer sees of it: the post row (body, edits, deletion,
hiding, its author, the reaction counts and the viewer's own reactions, whether the viewer blocked
the author), whether the post is the viewer's own, the viewer's rights (may write, moderates), the
topic's solution and asker, the page it is shown on and its "3 hours ago". The key holds all of
them, so nothing ever needs invalidating: an edit, a reaction, a hide or a block changes the row and
with it the key, and the old entry ages out. The CSRF token is the one per-person part: fragments
keep a slot for it that each response fills in.

A topic page shows up to 26 posts; rendering them was most of its cost (docs/board.md, "Speed").
"""

from flask import current_app, render_template, request
from flask_babel import get_locale
from markupsafe import Markup

from mentorship.forms.board import ReplyForm
from mentorship.forms.once import new_submission_token
from mentorship.permissions.board import Board, can_mark_solution, can_write_on_board
from mentorship.services.board import read
from mentorship.views.board.display import BoardLinks, post_view
from mentorship.web.fragments import CSRF_SLOT, FragmentCache, fill_csrf
from mentorship.web.templating import timeago

__all__ = ["CSRF_SLOT", "FORMS", "POSTS", "FragmentCache", "blank_reply_form", "fill_csrf", "post_fragments"]

SUBMISSION_SLOT = "<submission-slot>"  # the reply form's one-time token (web/once.py): fresh in every answer
CACHE_BYTES = 32 * 1024 * 1024  # per worker process: a few thousand posts of a few KB


POSTS = FragmentCache(CACHE_BYTES)
FORMS = FragmentCache(1024 * 1024)


def post_fragments(board: Board, topic, rows, page_number: int) -> list[str]:
    """Each row's <article>, as the board's viewer sees it, from the cache where the same post was shown alike.
    The CSRF slot is still open: fill_csrf() what is sent."""
    community, membership, viewer = board
    writable = can_write_on_board(membership)
    user_id = viewer.user_id
    asker = can_mark_solution(viewer, topic)
    page_key = (
        request.script_root,
        str(get_locale()),
        community.slug,
        topic.id,
        page_number,
        topic.solved_post_id,
        asker,
    )
    viewer_key = (writable, viewer.is_moderator)
    links = None
    fragments = []
    for row in rows:
        key = (
            page_key,
            viewer_key,
            tuple(row)[: read.POST_ROW_WIDTH],
            row.author_id == user_id,
            timeago(row.created_at),
        )
        html = POSTS.get(key)
        if html is None:
            links = links or BoardLinks(community, topic, page_number)
            html = render_article(post_view(row, topic=topic, viewer=viewer, writable=writable, links=links), links)
            POSTS.put(key, html)
        fragments.append(html)
    return fragments


def blank_reply_form(board: Board, topic, pages: int) -> Markup | None:
    """The empty reply form (most topic views), kept like posts; None when it must be rendered afresh
    (a suspended member sees a notice instead)."""
    community, membership, _ = board
    if not can_write_on_board(membership):
        return None
    needs_coc = membership.coc_accepted_at is None
    key = (
        "reply-form",
        request.script_root,
        str(get_locale()),
        community.slug,
        topic.id,
        pages,
        needs_coc and community.code_of_conduct,
    )
    html = FORMS.get(key)
    if html is None:
        form = ReplyForm(formdata=None)
        form.page.data = str(pages)
        form.needs_coc = needs_coc
        context = {"form": form, "community": community, "membership": membership, "topic": topic}
        html = render_template(
            "board/_reply_form.html", **context, csrf=Markup(CSRF_SLOT), submission=Markup(SUBMISSION_SLOT)
        )
        FORMS.put(key, html)
    return fill_csrf(html.replace(SUBMISSION_SLOT, new_submission_token()))


def render_article(view, links) -> str:
    """One PostView through board/_post_article.html, with the CSRF slot left open."""
    template = current_app.jinja_env.get_template("board/_post_article.html")
    return template.render(post=view, links=links, csrf=Markup(CSRF_SLOT))
