"""The XSS corpus through titles, bodies, tags and search stays inert in every board page and fragment."""

import re
from html.parser import HTMLParser

from sqlalchemy import select

from mentorship.extensions import db
from mentorship.models import Post, Topic
from tests.board.conftest import board_url, fresh_request_globals  # noqa: F401
from tests.factories import make_community, make_user
from tests.xss_corpus import XSS_PAYLOADS

FORBIDDEN_TAGS = (
    {"iframe", "object", "embed", "svg", "math", "img", "style", "base", "frame", "frameset", "video", "audio"}
    | {"source", "marquee", "template", "noscript", "body", "title", "textarea", "select", "button", "input"}
    | {"form", "link", "meta", "script", "details", "html", "head"}
)
# What our own templates legitimately use, checked separately below.
OWN = {
    "script",
    "link",
    "meta",
    "form",
    "button",
    "input",
    "textarea",
    "details",
    "html",
    "head",
    "body",
    "title",
    "select",
}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "hx-get", "hx-post"}
BAD_SCHEME = re.compile(r"^\s*(javascript|vbscript|data)\s*:", re.I)


class InertChecker(HTMLParser):
    """Collects every element that could run script or navigate somewhere unexpected."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in FORBIDDEN_TAGS and tag not in OWN:
            self.problems.append(f"<{tag}>")
        if tag == "script" and not (attributes.get("src") or "").startswith("/static/"):
            self.problems.append("inline or foreign <script>")
        href = attributes.get("href") or ""
        if tag == "link" and not (href.startswith("/static/") or href == "/manifest.webmanifest"):  # the app's own
            self.problems.append("foreign <link>")
        if tag == "meta" and "http-equiv" in attributes:
            self.problems.append("<meta http-equiv>")
        if tag == "form" and not (attributes.get("action") or "").startswith("/"):
            self.problems.append("form posting elsewhere")
        for name, value in attrs:
            value = value or ""
            if (
                name.startswith("on")
                or name.startswith("hx-on")
                or name.startswith("data-hx")
                or name in ("style", "srcdoc")
            ):
                self.problems.append(f"attribute {name}")
            if name in URL_ATTRIBUTES and BAD_SCHEME.match(value):
                self.problems.append(f"{name}={value[:40]}")
            if name in ("hx-get", "hx-post", "hx-target") and not value.startswith(("/", "#", "this")):
                self.problems.append(f"{name}={value[:40]}")
            if name == "hx-trigger" and "load" in value:
                self.problems.append("hx-trigger load")


def assert_inert(html: str, where: str) -> None:
    checker = InertChecker()
    checker.feed(html)
    assert not checker.problems, f"{where}: {checker.problems}"


def test_the_checker_catches_live_markup():
    live_markup = (
        "<img src=x onerror=alert(1)>",
        '<a href="javascript:alert(1)">x</a>',
        "<script>alert(1)</script>",
        '<div hx-get="/logout" hx-trigger="load">',
        '<p style="x">',
    )
    for live in live_markup:
        checker = InertChecker()
        checker.feed(live)
        assert checker.problems, live


def test_corpus_is_inert_in_titles_bodies_tags_and_search(app, login_as):
    author, reader = make_user("Author"), make_user("Reader")
    community = make_community(members=[author, reader])
    writer, viewer, viewer_htmx = login_as(author), login_as(reader), login_as(reader, htmx=True)
    created = 0
    for n, payload in enumerate(XSS_PAYLOADS):
        title = f"{n} {payload}"
        refused = writer.post(
            board_url(community, "/new"), data={"kind": "help", "title": title, "body": payload, "tags": payload}
        )
        assert refused.status_code in (303, 422), payload
        assert_inert(refused.get_data(as_text=True), f"form re-rendered with {payload!r}")
        response = writer.post(
            board_url(community, "/new"), data={"kind": "discussion", "title": title, "body": payload}
        )
        assert_inert(response.get_data(as_text=True), f"new topic {payload!r}")
        if response.status_code != 303:
            continue
        created += 1
        topic_path = response.headers["Location"]
        reply = writer.post(topic_path + "/reply", data={"body": payload})
        assert reply.status_code == 303
        pages = {
            "topic page": viewer.get(topic_path),
            "search": viewer.get(board_url(community, "/search"), query_string={"q": payload}),
            "search fragment": viewer_htmx.get(board_url(community, "/search"), query_string={"q": payload}),
        }
        for where, page in pages.items():
            assert page.status_code == 200
            assert_inert(page.get_data(as_text=True), f"{where} with {payload!r}")
        post_id = db.session.scalar(select(Post.id).order_by(Post.id.desc()))
        quoted = viewer_htmx.get(topic_path, query_string={"quote": post_id}, headers={"HX-Target": "reply-form"})
        assert_inert(quoted.get_data(as_text=True), f"quote of {payload!r}")
        edit = writer.get(board_url(community, f"/p/{post_id}/edit"))
        assert_inert(edit.get_data(as_text=True), f"edit form of {payload!r}")
    assert created >= len(XSS_PAYLOADS) - 5
    for path in ("/", "/?filter=discussions", "/?page=2", "/?page=3", "/?page=4"):
        assert_inert(viewer.get(board_url(community, path)).get_data(as_text=True), f"index {path}")
    assert_inert(viewer.get(f"/c/{community.slug}").get_data(as_text=True), "community page")
    # What was typed is shown as text, not dropped: the title comes back escaped.
    topic = db.session.scalar(select(Topic).where(Topic.title.like("0 %")))
    page = viewer.get(board_url(community, f"/t/{topic.id}")).get_data(as_text=True)
    assert "0 &lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_a_tag_filter_with_markup_is_ignored(app, login_as):
    user = make_user()
    community = make_community(members=[user])
    for payload in XSS_PAYLOADS[:20]:
        response = login_as(user).get(board_url(community), query_string={"tag": payload, "filter": payload})
        assert response.status_code == 200
        assert_inert(response.get_data(as_text=True), f"index filtered by {payload!r}")
