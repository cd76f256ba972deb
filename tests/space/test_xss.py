"""Every payload of the stored-XSS corpus goes through a message body and comes out inert."""

import html
import re
from html.parser import HTMLParser

import pytest

from mentorship.extensions import db
from mentorship.models.space import Message
from mentorship.text import ALLOWED_ATTRIBUTES, ALLOWED_TAGS
from tests.space.conftest import client_for, make_cast, refresh
from tests.xss_corpus import PAYLOADS

SAFE_SCHEMES = ("http://", "https://", "mailto:")


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))


def assert_inert(fragment: str) -> None:
    """Only the Markdown subset's tags and attributes, and only web or mail links."""
    assert not re.search(r"<\s*script", fragment, re.I)
    assert not re.search(r"<[^>]*\son[a-z]+\s*=", fragment, re.I)
    parser = _Tags()
    parser.feed(fragment)
    for tag, attrs in parser.tags:
        assert tag in ALLOWED_TAGS, tag
        allowed = ALLOWED_ATTRIBUTES.get(tag, set()) | ({"rel"} if tag == "a" else set())
        for name, value in attrs:
            assert name in allowed, (tag, name)
            if name == "href":
                url = re.sub(r"[\s\x00-\x1f]", "", html.unescape(value or "")).lower()
                assert url.startswith(SAFE_SCHEMES) or not re.match(r"^[a-z][a-z0-9+.\-]*:", url), url
                assert not url.startswith(("javascript:", "data:", "vbscript:"))
                assert dict(attrs).get("rel") == "nofollow ugc noopener"


def _message_body(page: str, message_id: int) -> str:
    start = page.index(f'<li id="msg-{message_id}"')
    # The Markdown subset has no <div>, so the first </div> closes the message's body.
    return re.compile(r'<div class="prose"[^>]*>(.*?)</div>', re.S).search(page, start).group(1)


def test_the_corpus_is_big_enough_and_plain():
    assert len(PAYLOADS) >= 50 and len(set(PAYLOADS)) == len(PAYLOADS)
    assert all(isinstance(p, str) and p for p in PAYLOADS)


@pytest.mark.parametrize("payload", PAYLOADS, ids=range(len(PAYLOADS)))
def test_payload_stays_inert_through_the_thread(app, payload):
    cast = make_cast()
    response = client_for(app, cast.mentor, htmx=True).post(
        f"/m/{cast.mentorship.id}/t/main/messages", data={"body": payload}
    )
    assert response.status_code == 200
    refresh()
    (message,) = db.session.query(Message).all()
    assert message.body == re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", "", payload).strip()
    assert_inert(message.body_html)
    assert_inert(_message_body(response.get_data(as_text=True), message.id))
    page = client_for(app, cast.mentee).get(f"/m/{cast.mentorship.id}").get_data(as_text=True)
    assert_inert(_message_body(page, message.id))
    # The page's only scripts are the site's own files.
    assert all('src="/static/' in tag for tag in re.findall(r"<script[^>]*>", page, re.I))


def test_links_are_kept_and_marked_as_user_content(app):
    cast = make_cast()
    client_for(app, cast.mentor).post(
        f"/m/{cast.mentorship.id}/t/main/messages", data={"body": "See [the guide](https://example.com/guide)."}
    )
    refresh()
    (message,) = db.session.query(Message).all()
    assert '<a href="https://example.com/guide" rel="nofollow ugc noopener">the guide</a>' in message.body_html


@pytest.mark.parametrize(
    "unsafe",
    [
        "<script>alert(1)</script>",
        '<a href="javascript:alert(1)" rel="nofollow ugc noopener">x</a>',
        '<a href="data:text/html,x" rel="nofollow ugc noopener">x</a>',
        '<p onclick="alert(1)">x</p>',
        "<svg></svg>",
        "<iframe></iframe>",
        '<p style="color:red">x</p>',
        '<a href="https://ok.example">no rel</a>',
    ],
)
def test_the_checker_itself_catches_unsafe_markup(unsafe):
    with pytest.raises(AssertionError):
        assert_inert(unsafe)
