"""Every payload of the XSS corpus, typed as a session's agenda and shared note, comes out as text."""

import html
import re
from datetime import timedelta
from html.parser import HTMLParser

from sqlalchemy import select

from mentorship.extensions import db
from mentorship.models import CallSession, utcnow
from tests.xss_corpus import PAYLOADS

FORM = {"at": "18:00", "minutes": "30", "zone": "UTC", "place_kind": "phone", "place": "+1 555 0100"}


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))


def _tags(fragment: str) -> list:
    parser = _Tags()
    parser.feed(fragment)
    return parser.tags


def _sessions_part(page: str) -> str:
    return page[page.index('id="sessions"') : page.index('id="propose-title"')]


def test_agendas_and_notes_are_escaped_on_the_sessions_tab(pair, login_as):
    mentor = login_as(pair.mentor)
    base = f"/m/{pair.mentorship.id}/sessions"
    for i, payload in enumerate(PAYLOADS):
        day = (utcnow() + timedelta(days=30 + i)).date().isoformat()
        response = mentor.post(base, data={**FORM, "day": day, "agenda": payload, "place": payload[:200]})
        assert response.status_code == 303, payload
    past = db.session.scalars(select(CallSession)).all()
    for session in past:
        session.status, session.starts_at = "accepted", utcnow() - timedelta(days=1, minutes=session.id)
    db.session.commit()
    for session, payload in zip(past, PAYLOADS, strict=True):
        assert mentor.post(f"{base}/{session.id}/note", data={"note": payload}).status_code == 303
    part = _sessions_part(login_as(pair.mentee).get(base).get_data(as_text=True))
    assert not re.search(r"<\s*(script|iframe|object|embed|svg|img|style|body)", part, re.I)
    assert not re.search(r"<[^>]*\son[a-z]+\s*=", part, re.I)
    for tag, attrs in _tags(part):
        for name, value in attrs:
            assert not name.startswith("on"), (tag, name)
            if name in ("href", "src", "action"):
                url = re.sub(r"[\s\x00-\x1f]", "", html.unescape(value or "")).lower()
                assert not url.startswith(("javascript:", "data:", "vbscript:")), url
    # Every agenda and every note is on the page, as text.
    assert part.count("<strong>Agenda:</strong>") == len(PAYLOADS)
    assert part.count("</textarea>") == len(PAYLOADS)
    assert html.escape("<script>alert(1)</script>") in part
