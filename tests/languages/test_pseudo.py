"""Nothing is left unwrapped: every page of the route matrix (each person who may open it, in the matrix's world
with a board, reports, a mentorship, sessions and a program) and every kind of mail, rendered in a pseudo-language
whose every message reads ⟦ƥšéüðö⟧, shows no English word outside what people wrote (any text stored in the
database) and the few names that are not words (languages, browsers, the CSV format).

The pseudo-language is Esperanto's code ("eo", which Babel knows and the site does not ship), its catalog built
here from every extracted message."""

import re
from html.parser import HTMLParser
from zoneinfo import available_timezones

import pytest
from babel.dates import get_day_names, get_month_names
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from flask import render_template
from sqlalchemy import JSON, String, Text, select

from mentorship import languages
from mentorship.extensions import db
from tests.conftest import login_client
from tests.languages.catalogs import extracted
from tests.security.routes import ROUTES
from tests.security.test_route_matrix import fill
from tests.security.world import build_world

PSEUDO = "eo"
ACCENTED = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", "àƀçðéƒĝĥîĵķĺɱñöƥqŕšţüṽŵẋýžÀßÇÐÉƑĜĤÎĴĶĹṀÑÖƤQŔŠŢÜṼŴẊÝŽ"
)
# What a translation leaves alone: placeholders, HTML entities and tags, format fields.
KEEP = re.compile(r"%\(\w+\)[sd]|%[sd%]|&\w+;|<[^>]+>|\{\w+\}")
# Not words of a language: names of languages (in their own names), brands, formats, time-zone ids.
NOT_ENGLISH = {"English", "Deutsch", "Español", "CSV", "JSON", "Jitsi", "Meet", "Markdown", "Google", "Outlook"}
NOT_ENGLISH |= {"Apple", "Firefox", "Chrome", "Safari", "Edge", "Opera", "Windows", "macOS", "Linux", "Android"}
NOT_ENGLISH |= {"iPhone", "iPad", "ChromeOS", "UTC", "GMT", "ics", "python", "sql", "mentorship"}
WORD = re.compile(r"[^\W\d_][\w'’-]*")
ENGLISH_LOOKING = re.compile(r"[A-Za-z][a-z'’-]+")  # a word in plain ASCII letters (initials like "AL" are not words)
HIDDEN_TAGS = {"script", "style", "template", "textarea"}
VISIBLE_ATTRIBUTES = {"title", "placeholder", "aria-label", "alt", "data-confirm"}


def pseudo(text: str) -> str:
    parts, last = [], 0
    for match in KEEP.finditer(text):
        parts += [text[last : match.start()].translate(ACCENTED), match.group(0)]
        last = match.end()
    return "⟦" + "".join(parts) + text[last:].translate(ACCENTED) + "⟧"


@pytest.fixture
def pseudo_language(app, tmp_path, monkeypatch):
    """A compiled catalog for "eo" with every extracted message, and the site willing to speak it."""
    catalog = Catalog(locale=PSEUDO)
    for message, _where in extracted().values():
        if isinstance(message, tuple):
            catalog.add(message, (pseudo(message[0]), pseudo(message[1])))
        else:
            catalog.add(message, pseudo(message))
    folder = tmp_path / PSEUDO / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with open(folder / "messages.mo", "wb") as mo:
        write_mo(mo, catalog)
    babel = app.extensions["babel"]
    monkeypatch.setattr(babel, "translation_directories", [*babel.translation_directories, str(tmp_path)])
    babel.instance.domain_instance.cache.clear()
    monkeypatch.setitem(languages.LANGUAGES, PSEUDO, "Pseŭdo")
    yield
    babel.instance.domain_instance.cache.clear()


class VisibleText(HTMLParser):
    """The words a person reads: text nodes and the attributes a browser shows, outside scripts and styles."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in HIDDEN_TAGS:
            self.hidden += 1
        attributes = dict(attrs)
        if attributes.get("type") == "hidden":
            return
        self.parts += [value for name, value in attrs if name in VISIBLE_ATTRIBUTES and value]
        if tag == "input" and attributes.get("type") in ("submit", "button") and attributes.get("value"):
            self.parts.append(attributes["value"])

    def handle_endtag(self, tag):
        if tag in HIDDEN_TAGS and self.hidden:
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def user_words() -> set[str]:
    """Every word stored in the database: names, titles, bodies, addresses, tags... (what people wrote)."""
    words = set()
    for table in db.metadata.sorted_tables:
        columns = [c for c in table.columns if isinstance(c.type, String | Text | JSON)]
        if not columns:
            continue
        for row in db.session.execute(select(*columns)).all():
            for value in row:
                words |= {word.strip("'’-") for word in WORD.findall(str(value or ""))}
    db.session.rollback()
    return words


ZONE_WORDS = {word for zone in available_timezones() for word in WORD.findall(zone.replace("_", " "))}
# Babel's own month and day names for the pseudo-language (dates are formatted by Babel, not by us).
CLDR_WORDS = {
    word
    for names in (get_month_names("abbreviated", locale=PSEUDO), get_month_names("wide", locale=PSEUDO))
    + (get_day_names("abbreviated", locale=PSEUDO), get_day_names("wide", locale=PSEUDO))
    for name in names.values()
    for word in WORD.findall(name)
}
CLDR_WORDS |= {w.capitalize() for w in CLDR_WORDS}


def english_left(text: str, allowed: set[str]) -> list[str]:
    outside = re.sub(r"⟦[^⟧]*⟧", " ", text)
    words = {w.strip("'’-") for w in WORD.findall(outside)}
    return sorted(
        w
        for w in words
        if ENGLISH_LOOKING.fullmatch(w) and w not in allowed and w not in ZONE_WORDS and w not in CLDR_WORDS
    )


def test_every_page_in_a_pseudo_language_shows_no_english(app, pseudo_language):
    world = build_world()
    for user in world.people.values():
        if user is not None:
            user.locale = PSEUDO
    db.session.commit()
    allowed = user_words() | NOT_ENGLISH
    clients = {"visitor": app.test_client()}
    clients["visitor"].set_cookie("lang", PSEUDO)
    problems = {}
    for endpoint, row in sorted(ROUTES.items()):
        if not row.get or row.get_changes_state:
            continue
        for person, status in row.get.items():
            if status != 200:
                continue
            client = clients.get(person) or clients.setdefault(person, login_client(app, world.people[person]))
            response = client.get(fill(row.path, world))
            if response.status_code != 200 or "html" not in response.content_type:
                continue
            parser = VisibleText()
            parser.feed(response.get_data(as_text=True))
            text = " ".join(parser.parts)
            left = english_left(text, allowed)
            if left:
                contexts = [re.search(rf".{{0,40}}\b{re.escape(w)}\b.{{0,40}}", text, re.S) for w in left[:3]]
                problems[f"{endpoint} as {person}"] = [*left, *[" ".join(c.group(0).split()) for c in contexts if c]]
            break  # one person per page: the others see the same words in other states (their own tests)
    report = "\n".join(f"  {page}: {words}" for page, words in problems.items())
    assert not problems, f"English outside user content in {len(problems)} page(s):\n{report}"


MAIL_WORDS = {"Zoë", "Zed", "https", "example", "org", "settings", "unsubscribe", "accept", "space", "new", "call"}
MAIL_CONTEXT = dict(
    link="https://example.org/x",
    text="⟦ţéẋţ⟧",
    lead="⟦ĺéàð⟧",
    subject="⟦šüƀĵéçţ⟧",
    settings_url="https://example.org/settings",
    unsubscribe_url="https://example.org/unsubscribe",
)


def test_every_mail_in_a_pseudo_language_shows_no_english(app, pseudo_language):
    from flask_babel import force_locale

    from tests.factories import make_user

    user = make_user("Zoë Zed")
    names = sorted(
        {
            p.name.rsplit(".", 1)[0]
            for p in (app.root_path and __import__("pathlib").Path(app.root_path, "templates", "email")).iterdir()
            if not p.name.startswith("_")
        }
    )
    problems = {}
    with force_locale(PSEUDO):
        for name in names:
            for ext in ("txt", "html"):
                try:
                    body = render_template(f"email/{name}.{ext}", user=user, **MAIL_CONTEXT, **_mail_extras(name))
                except Exception as error:  # noqa: BLE001 - a template needing other context is reported below
                    if "TemplateNotFound" in type(error).__name__:
                        continue
                    problems[f"{name}.{ext}"] = [f"could not render: {error!r}"]
                    continue
                if ext == "html":
                    parser = VisibleText()
                    parser.feed(body)
                    body = " ".join(parser.parts)
                left = english_left(
                    body, NOT_ENGLISH | {"Zoë", "Zed", "https", "example", "org", "settings", "unsubscribe", "x"}
                )
                if left:
                    problems[f"{name}.{ext}"] = left
    assert not problems, f"English in mails: {problems}"


def _mail_extras(name: str) -> dict:
    """The few mails that need more than a notification's context."""
    from types import SimpleNamespace

    return {
        "week": 3,
        "weeks": 8,
        "with_whom": "Zed",
        "step": SimpleNamespace(title="⟦šţéƥ⟧", activity="⟦àçţîṽîţý⟧"),
        "last_checkin": None,
        "minutes": 15,
        "new_email": "new@example.org",
        "total": 2,
        "items": [],
        "community": SimpleNamespace(name="Zed"),
        "accept_url": "https://example.org/accept",
        "space_url": "https://example.org/space",
        "when": "⟦ŵĥéñ⟧",
        "subject_line": "⟦šüƀĵéçţ⟧",
        "actor": SimpleNamespace(display_name="Zed"),
        "session": SimpleNamespace(minutes=30, place_kind="link", place="https://example.org/call"),
        "event": SimpleNamespace(title="⟦éṽéñţ⟧", minutes=60, place_kind="link", place="https://example.org/x"),
        "event_url": "https://example.org/x",
    }
