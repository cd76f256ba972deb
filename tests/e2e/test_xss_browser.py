"""The XSS corpus (tests/xss_corpus.py) through every text field a person can fill, then the pages that show
them opened in a real chromium: no dialog opens, the sentinel `window.__xss` stays undefined, and the DOM
holds no event-handler attribute, javascript: URL, foreign script or frame.

Each payload's `alert(1)` becomes `alert(window.__xss=1)`, so a payload that runs both opens a dialog and
sets the sentinel. The pages are opened with the CSP bypassed: this checks the escaping and sanitising on
their own (tests/security/test_headers.py checks the CSP). Requests to anything but the live server are
aborted, so a payload's remote image or script never leaves the machine.

Values are stored through the real forms (the Flask test client, CSRF off for those posts); a value over a
field's length limit is cut to the limit first, as a person would have to.
"""

import re
from urllib.parse import quote, urlsplit

import pytest
from sqlalchemy import func, select

from mentorship.extensions import db
from mentorship.models import Community, Enrollment, Post, Program, Report, Topic, User
from tests.conftest import login_client
from tests.e2e.helpers import log_in
from tests.factories import add_member, make_community, make_program, make_user
from tests.xss_corpus import XSS_PAYLOADS

PAYLOADS = [payload.replace("alert(1)", "alert(window.__xss=1)") for payload in XSS_PAYLOADS]
# What is stored: NUL characters are dropped from every form value (mentorship/web/inputs.py).
STORED = [payload.replace("\x00", "") for payload in PAYLOADS]

INERT_CHECK = """() => {
  const bad = [];
  const urlAttrs = ['href', 'src', 'action', 'formaction', 'data', 'xlink:href', 'poster', 'background'];
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.attributes) {
      const name = a.name.toLowerCase(), value = a.value.replace(/[\\s\\u0000-\\u001f]/g, '').toLowerCase();
      if (/^(on|hx-on|data-hx-on)/.test(name) || name === "srcdoc")
        bad.push(el.tagName + '[' + name + ']');
      if (urlAttrs.includes(name) && /^(javascript|vbscript|data):/.test(value))
        bad.push(el.tagName + '[' + name + ']=' + value);
    }
    if (['IFRAME', 'FRAME', 'OBJECT', 'EMBED', 'BASE'].includes(el.tagName)) bad.push(el.tagName);
    if (el.tagName === 'SCRIPT' && !(el.getAttribute('src') || '').startsWith('/static/')) bad.push('SCRIPT');
    if (el.tagName === 'META' && el.hasAttribute('http-equiv')) bad.push('META http-equiv');
  }
  if (document.querySelector('[hx-get="/logout"], [data-hx-post="/x"]')) bad.push('injected htmx attributes');
  return {bad: bad.slice(0, 10), sentinel: typeof window.__xss !== 'undefined'};
}"""


def cut(text: str, limit: int) -> str:
    return text[:limit]


def store(client, url: str, data: dict) -> bool:
    """Post a form; True when it was stored (303), False when refused with a message (422)."""
    response = client.post(url, data=data)
    assert response.status_code in (303, 422), f"{url}: {response.status_code}"
    return response.status_code == 303


@pytest.fixture
def no_csrf(app):
    """The live server turns CSRF on; the test client's set-up posts run without it, then it goes back on."""

    def store_without_csrf(fn):
        saved = app.config["WTF_CSRF_ENABLED"]
        app.config["WTF_CSRF_ENABLED"] = False
        try:
            fn()
        finally:
            app.config["WTF_CSRF_ENABLED"] = saved
            db.session.commit()
            db.session.close()

    return store_without_csrf


@pytest.fixture
def inert(browser, live_server):
    """`inert.person(email=None)` opens a context (logged in when an e-mail is given); `inert.check(page,
    paths)` opens each path and fails with every page where a payload ran or left something active."""
    contexts, dialogs = [], []
    host = urlsplit(live_server.url).netloc

    class Inert:
        def person(self, email: str | None = None):
            context = browser.new_context(base_url=live_server.url, bypass_csp=True)
            context.set_default_timeout(10_000)
            # Only requests elsewhere are intercepted (and aborted); the live server's go straight through.
            context.route(re.compile(rf"^(?!https?://{re.escape(host)}/)"), lambda route: route.abort())
            contexts.append(context)
            page = context.new_page()
            page.on("dialog", lambda dialog: (dialogs.append(f"{page.url}: {dialog.message}"), dialog.dismiss()))
            if email:
                log_in(page, email)
            return page

        def check(self, page, paths: list[str]) -> None:
            found = {}
            for path in paths:
                response = page.goto(path)
                assert response.status == 200, f"{path}: {response.status}"
                result = page.evaluate(INERT_CHECK)
                if result["bad"] or result["sentinel"]:
                    found[path] = result
            assert not dialogs, f"a payload opened a dialog: {dialogs[:5]}"
            assert not found, f"payloads ran or stayed active: {found}"

    yield Inert()
    for context in contexts:
        context.close()


def pages(path: str, count: int, per_page: int) -> list[str]:
    joiner = "&" if "?" in path else "?"
    return [f"{path}{joiner}page={n}" for n in range(1, (count - 1) // per_page + 2)]


def test_profiles_and_communities(app, no_csrf, inert):
    owner = make_user("Owner", email="owner@example.com")
    home = make_community(admin=owner, name="Home")
    people = [make_user(email=f"p{n}@example.com") for n in range(len(PAYLOADS))]
    for user in people:
        add_member(home, user, commit=False)
    db.session.commit()
    slug, ids = home.slug, [u.id for u in people]

    def fill_fields():
        for user_id, payload in zip(ids, PAYLOADS, strict=True):
            client = login_client(app, db.session.get(User, user_id))
            profile = {"display_name": cut(payload, 60), "timezone": "UTC", "skills": payload, "bio": payload}
            if not store(client, "/settings/", profile):  # a tag refused: the other fields on their own
                store(client, "/settings/", {**profile, "skills": "python"})
            store(
                client,
                "/c/new",
                {"name": cut(payload, 80), "description": payload, "code_of_conduct": payload},
            )

    no_csrf(fill_fields)
    renamed = db.session.scalar(select(func.count()).where(User.display_name.in_([cut(p, 60).strip() for p in STORED])))
    communities = db.session.scalars(select(Community.slug).where(Community.slug != slug)).all()
    db.session.close()
    assert renamed > len(PAYLOADS) * 0.8 and len(communities) > len(PAYLOADS) * 0.8  # most were stored

    visitor = inert.person()
    inert.check(visitor, pages("/c/", len(communities) + 1, 20) + [f"/c/{c}" for c in communities])
    owner_page = inert.person("owner@example.com")
    inert.check(owner_page, pages(f"/c/{slug}/members", len(ids) + 1, 50))
    for email in ("p0@example.com", "p1@example.com", "p39@example.com"):
        inert.check(inert.person(email), ["/settings/", "/"])


def test_programs_and_sign_ups(app, no_csrf, inert):
    admin = make_user("Ada Admin", email="ada@example.com")
    community = make_community(admin=admin, name="Programs Home")
    applicants = [make_user(email=f"s{n}@example.com") for n in range(len(PAYLOADS))]
    for user in applicants:
        add_member(community, user, commit=False)
    signup_target = make_program(community, admin, status="open")
    programs = [make_program(community, admin, status="open").id for _ in PAYLOADS]
    slug, target_id, admin_id, ids = community.slug, signup_target.id, admin.id, [u.id for u in applicants]

    def fill_fields():
        as_admin = login_client(app, db.session.get(User, admin_id))
        for program_id, payload in zip(programs, PAYLOADS, strict=True):
            base = f"/c/{slug}/programs/{program_id}"
            settings = {
                "title": cut(payload, 120) if len(payload) >= 3 else payload + "___",
                "description": payload,
                "format": "one_to_one",
                "weeks": "8",
                "matching_mode": "suggested",
                "default_capacity": "2",
                "circle_size": "5",
                "checkin_weekday": "1",
                "signup_questions": cut(payload, 200),
                "mentor_label": cut(payload, 60),
                "mentor_help": cut(payload, 500),
                "mentee_label": cut(payload, 60),
                "mentee_help": cut(payload, 500),
            }
            store(as_admin, base + "/edit", settings)
            store(
                as_admin,
                base + "/steps/1",
                {"w1-title": cut(payload, 120), "w1-guidance": payload, "w1-activity": payload},
            )
        for user_id, payload in zip(ids, PAYLOADS, strict=True):
            client = login_client(app, db.session.get(User, user_id))
            signup = {
                "role": "mentee",
                "goals": payload if len(payload) >= 10 else payload + " and more words",
                "topics": payload,
                "languages": payload,
                "experience_years": "1",
                "availability": ["mon-evening"],
                "timezone": "UTC",
                "answer_0": payload,
                "answer_1": payload,
            }
            url = f"/c/{slug}/programs/{target_id}/signup"
            if not store(client, url, signup):  # a tag refused: the other fields on their own
                store(client, url, {**signup, "topics": "sql", "languages": ""})

    no_csrf(fill_fields)
    edited = db.session.scalar(select(func.count()).where(Program.description.in_(STORED)))
    signed_up = db.session.scalar(select(func.count()).where(Enrollment.program_id == target_id))
    db.session.close()
    assert edited > len(PAYLOADS) * 0.8 and signed_up > len(PAYLOADS) * 0.5

    base = f"/c/{slug}/programs"
    member = inert.person("s0@example.com")
    inert.check(
        member,
        pages(base, len(programs) + 1, 20)
        + [f"{base}/{p}" for p in programs]
        + [f"{base}/{p}/signup?role=mentor" for p in programs[::3]]
        + ["/programs", "/"],
    )
    admin_page = inert.person("ada@example.com")
    inert.check(
        admin_page,
        pages(f"{base}/{target_id}/signups", signed_up, 50)
        + [f"{base}/{target_id}/matching/"]
        + [f"{base}/{p}/steps" for p in programs[::5]]
        + [f"{base}/{p}/edit" for p in programs[::5]],
    )


def test_board_topics_replies_tags_and_search(app, no_csrf, inert):
    admin = make_user("Ada Admin", email="ada@example.com")
    community = make_community(admin=admin, name="Board Home")
    writers = [make_user(email=f"w{n}@example.com") for n in range(len(PAYLOADS))]
    for user in writers:
        add_member(community, user, commit=False)
    db.session.commit()
    slug, ids = community.slug, [u.id for u in writers]

    def fill_fields():
        for user_id, payload in zip(ids, PAYLOADS, strict=True):
            client = login_client(app, db.session.get(User, user_id))
            topic = {
                "kind": "help" if user_id % 2 else "discussion",
                "title": cut(payload, 120),
                "body": payload,
                "tags": payload,
                "urgency": "normal",
                "accept_coc": "y",
            }
            if not store(client, f"/c/{slug}/board/new", topic):
                store(client, f"/c/{slug}/board/new", {**topic, "tags": "python"})
        first = db.session.scalar(select(Topic.id).order_by(Topic.id))
        for user_id, payload in zip(ids, PAYLOADS, strict=True):
            store(
                login_client(app, db.session.get(User, user_id)), f"/c/{slug}/board/t/{first}/reply", {"body": payload}
            )
        # Each writer reports the next writer's reply, saying why in the payload (the moderators read it).
        replies = db.session.scalars(
            select(Post.id).where(Post.topic_id == first, Post.is_opening.is_(False)).order_by(Post.id)
        ).all()
        for n, (user_id, payload) in enumerate(zip(ids, PAYLOADS, strict=True)):
            store(
                login_client(app, db.session.get(User, user_id)),
                f"/report/post/{replies[(n + 1) % len(replies)]}",
                {"reason": "spam", "details": cut(payload, 1000)},
            )

    no_csrf(fill_fields)
    topics = db.session.scalars(select(Topic.id).order_by(Topic.id)).all()
    replies = db.session.scalar(select(func.count()).select_from(Post))
    db.session.close()
    assert len(topics) > len(PAYLOADS) * 0.8 and replies > len(PAYLOADS)

    reader = inert.person("ada@example.com")
    board = f"/c/{slug}/board"
    searches = [f"{board}/search?q={quote(p)}" for p in PAYLOADS[:: max(1, len(PAYLOADS) // 10)]]
    inert.check(reader, [f"{board}/", f"{board}/?filter=help"] + [f"{board}/t/{t}" for t in topics] + searches)
    reported = db.session.scalars(select(Report.target_id).distinct()).all()
    db.session.close()
    assert len(reported) > len(PAYLOADS) * 0.8
    moderation = f"/c/{slug}/moderation"
    inert.check(reader, pages(f"{moderation}/", len(reported), 20) + [f"{moderation}/post/{r}" for r in reported[::4]])
    # The first topic's author was told about every reply, names and all.
    inert.check(inert.person("w0@example.com"), ["/notifications", "/notifications?show=unread", "/"])


def test_the_checker_catches_a_payload_that_runs(app, inert):
    """The check itself can fail: a page that does run a payload is caught."""
    page = inert.person()
    page.goto("/about")
    page.evaluate("document.body.insertAdjacentHTML('beforeend', '<img src=x onerror=\"window.__xss=1\">')")
    page.wait_for_function("() => window.__xss === 1")
    result = page.evaluate(INERT_CHECK)
    assert result["sentinel"] and "IMG[onerror]" in result["bad"]


def packed(payloads: list[str], limit: int) -> list[str]:
    """The payloads joined by blank lines into as few texts of at most `limit` characters as they fit in
    (for plain-text fields shown escaped, where neighbours can't change how a payload is read)."""
    texts, current = [], ""
    for payload in payloads:
        payload = cut(payload, limit)
        if current and len(current) + 2 + len(payload) > limit:
            texts.append(current)
            current = ""
        current = f"{current}\n\n{payload}" if current else payload
    return [*texts, current]


def test_mentorship_messages_check_ins_and_weekly_notes(app, no_csrf, inert, redis_url):
    from redis import Redis

    from mentorship.models import CheckIn, Message, StepProgress
    from tests.factories import make_mentorship
    from tests.space.conftest import make_cast

    cast = make_cast()
    mentor_id, mentee_id, first = cast.mentor.id, cast.mentee.id, cast.mentorship.id
    notes, goals = packed(PAYLOADS, 2000), packed(PAYLOADS, 300)
    spaces = [first] + [
        make_mentorship(cast.community, cast.mentor, cast.mentee).id for _ in range(max(len(notes), len(goals)) - 1)
    ]
    mentor_email, mentee_email = cast.mentor.email, cast.mentee.email

    def fill_fields():
        mentor = login_client(app, db.session.get(User, mentor_id))
        mentee = login_client(app, db.session.get(User, mentee_id))
        for n, payload in enumerate(PAYLOADS):
            if n % 40 == 0:
                Redis.from_url(redis_url).flushdb()  # sending is limited per address; the test posts fast
            store(mentor if n % 2 else mentee, f"/m/{first}/t/main/messages", {"body": payload})
        for n, space_id in enumerate(spaces):
            note, goal = notes[n % len(notes)], goals[n % len(goals)]
            store(mentee, f"/m/{space_id}/checkin", {"rating": "3", "note": note, "next_goal": goal})
            store(mentor, f"/m/{space_id}/checkin", {"rating": "4", "note": goal, "next_goal": goal})
            store(mentee, f"/m/{space_id}/program/1/done", {"note": note})

    no_csrf(fill_fields)
    ids = db.session.scalars(select(Message.id).where(Message.mentorship_id == first).order_by(Message.id)).all()
    checkins = db.session.scalar(select(func.count()).select_from(CheckIn))
    steps = db.session.scalar(select(func.count()).select_from(StepProgress))
    db.session.close()
    assert len(ids) > len(PAYLOADS) * 0.9 and checkins == 2 * len(spaces) and steps == len(spaces)

    older = f"/m/{first}?before={ids[-50]}"
    for email in (mentee_email, mentor_email):
        page = inert.person(email)
        inert.check(page, [f"/m/{first}", older, f"/m/{first}/t/main/poll?after={ids[-20]}", "/m/", "/"])
        inert.check(page, [f"/m/{s}/checkin" for s in spaces] + [f"/m/{s}/program" for s in spaces])


def test_community_events(app, no_csrf, inert):
    """Every payload as an event's title, description and address, on the lists, the event pages and the
    community's front page, in a real browser."""
    from datetime import timedelta

    from mentorship.models import CommunityEvent, utcnow

    admin = make_user("Eve Organiser", email="eve@example.com")
    community = make_community(admin=admin, name="Events Home")
    slug, admin_id = community.slug, admin.id
    db.session.commit()

    def fill_events():
        client = login_client(app, db.session.get(User, admin_id))
        for n, payload in enumerate(PAYLOADS):
            day = (utcnow() + timedelta(days=10 + n)).date().isoformat()
            data = {"title": cut(payload, 120), "description": payload, "day": day, "at": "18:00"}
            data |= {"minutes": "60", "zone": "UTC", "place_kind": "address", "place": cut(payload, 500)}
            store(client, f"/c/{slug}/events/new", data)

    no_csrf(fill_events)
    ids = db.session.scalars(select(CommunityEvent.id)).all()
    db.session.close()
    assert len(ids) > len(PAYLOADS) * 0.8
    page = inert.person("eve@example.com")
    inert.check(page, [f"/c/{slug}", *pages(f"/c/{slug}/events", len(ids), 20)])
    inert.check(page, [f"/c/{slug}/events/{i}" for i in ids])
