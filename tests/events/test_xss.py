"""Every payload of the XSS corpus, typed as an event's title, description and address, comes out as text; the
description (an organiser's words for the page) never rides along in a mail, a notice or a calendar file."""

import html
import re
from datetime import timedelta
from html.parser import HTMLParser

from sqlalchemy import select

from mentorship.extensions import db
from mentorship.models import CommunityEvent, EmailOutbox, Notification, utcnow
from tests.events.conftest import FORM, create_event
from tests.xss_corpus import PAYLOADS


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))


def _assert_inert(part: str) -> None:
    assert not re.search(r"<\s*(script|iframe|object|embed|svg|img|style|body)", part, re.I)
    assert not re.search(r"<[^>]*\son[a-z]+\s*=", part, re.I)
    parser = _Tags()
    parser.feed(part)
    for tag, attrs in parser.tags:
        for name, value in attrs:
            assert not name.startswith("on"), (tag, name)
            if name in ("href", "src", "action"):
                url = re.sub(r"[\s\x00-\x1f]", "", html.unescape(value or "")).lower()
                assert not url.startswith(("javascript:", "data:", "vbscript:")), url


def _main(page: str) -> str:
    return page[page.index("<main") : page.index("</main>")]


def test_event_text_is_escaped_on_every_events_page(club, login_as):
    admin = login_as(club.admin)
    for i, payload in enumerate(PAYLOADS):
        day = (utcnow() + timedelta(days=30 + i)).date().isoformat()
        data = {"title": payload[:120], "description": payload, "place_kind": "address", "place": payload[:500]}
        response = create_event(admin, club, day=day, **data)
        assert response.status_code == 303, payload
    ann = login_as(club.ann)
    slug = club.community.slug
    pages = [f"/c/{slug}", f"/c/{slug}/events", f"/c/{slug}/events?page=2", f"/c/{slug}/events?page=3"]
    pages += [f"/c/{slug}/events/{e.id}" for e in db.session.scalars(select(CommunityEvent))]
    for path in pages:
        _assert_inert(_main(ann.get(path).get_data(as_text=True)))
    one = _main(ann.get(pages[4]).get_data(as_text=True))
    assert html.escape(PAYLOADS[0]) in one or html.escape(PAYLOADS[0], quote=False) in one


def test_the_description_is_in_no_mail_notice_or_calendar_file(club, login_as):
    create_event(login_as(club.admin), club, description="Our salary figures")
    event = db.session.scalar(select(CommunityEvent))
    path = f"/c/{club.community.slug}/events/{event.id}"
    login_as(club.ann).post(f"{path}/answer", data={"answer": "going"})
    login_as(club.admin).post(f"{path}/edit", data={**FORM, "description": "Our salary figures", "at": "19:00"})
    login_as(club.admin).post(f"{path}/cancel")
    mails = db.session.scalars(select(EmailOutbox)).all()
    assert len(mails) == 3
    for mail in mails:
        for text in (mail.subject, mail.text_body, mail.html_body, mail.calendar_ics):
            assert "salary" not in text
    assert all("salary" not in n.text for n in db.session.scalars(select(Notification)))
    assert "salary" not in login_as(club.ann).get(f"{path}.ics").get_data(as_text=True)
