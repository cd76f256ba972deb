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

from collections import OrderedDict
from threading import Lock

from flask import current_app, render_template, request
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup

from mentorship.forms.board import ReplyForm
from mentorship.permissions.communities import may_write
from mentorship.services.board import read
from mentorship.views.board.display import BoardLinks, post_view
from mentorship.web.templating import timeago

# In the HTML only where the template puts it: user text is escaped ("<" -> "&lt;") and post bodies
# pass the sanitiser, which drops unknown tags.
CSRF_SLOT = "<csrf-slot>"
CACHE_BYTES = 32 * 1024 * 1024  # per worker process: a few thousand posts of a few KB


class FragmentCache:
    """A least-recently-used map of HTML strings within a byte budget, safe for threaded servers.

    An entry counts twice its HTML: the key holds the post's body again."""

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self.bytes = 0
        self._items: OrderedDict = OrderedDict()
        self._lock = Lock()

    @staticmethod
    def _cost(value: str) -> int:
        return 2 * len(value) + 256

    def get(self, key):
        with self._lock:
            value = self._items.get(key)
            if value is not None:
                self._items.move_to_end(key)
            return value

    def put(self, key, value: str) -> None:
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self.bytes -= self._cost(old)
            self._items[key] = value
            self.bytes += self._cost(value)
            while self.bytes > self.max_bytes and self._items:
                _, dropped = self._items.popitem(last=False)
                self.bytes -= self._cost(dropped)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self.bytes = 0


POSTS = FragmentCache(CACHE_BYTES)
FORMS = FragmentCache(1024 * 1024)


def post_fragments(community, membership, viewer, topic, rows, page_number: int) -> list[str]:
    """Each row's <article>, as `viewer` sees it, from the cache where the same post was shown alike.
    The CSRF slot is still open: fill_csrf() what is sent."""
    writable = may_write(membership)
    user_id = viewer.user_id
    asker = topic.is_help and topic.author_id == user_id
    page_key = (request.script_root, community.slug, topic.id, page_number, topic.solved_post_id, asker)
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
            view = post_view(row, topic=topic, viewer=viewer, user_id=user_id, writable=writable, links=links)
            html = render_article(view, links)
            POSTS.put(key, html)
        fragments.append(html)
    return fragments


def fill_csrf(html: str) -> Markup:
    """Cached HTML with this person's CSRF token in its slots."""
    return Markup(html.replace(CSRF_SLOT, generate_csrf()))


def blank_reply_form(community, membership, topic, pages: int) -> Markup | None:
    """The empty reply form (most topic views), kept like posts; None when it must be rendered afresh
    (a suspended member sees a notice instead)."""
    if not may_write(membership):
        return None
    needs_coc = membership.coc_accepted_at is None
    key = ("reply-form", request.script_root, community.slug, topic.id, pages, needs_coc and community.code_of_conduct)
    html = FORMS.get(key)
    if html is None:
        form = ReplyForm(formdata=None)
        form.page.data = str(pages)
        form.needs_coc = needs_coc
        html = render_template(
            "board/_reply_form.html", form=form, community=community, topic=topic, csrf=Markup(CSRF_SLOT)
        )
        FORMS.put(key, html)
    return fill_csrf(html)


def render_article(view, links) -> str:
    """One PostView through board/_post_article.html, with the CSRF slot left open."""
    template = current_app.jinja_env.get_template("board/_post_article.html")
    return template.render(post=view, links=links, csrf=Markup(CSRF_SLOT))
