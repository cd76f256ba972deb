"""Accessibility gate: axe-core on every main page (zero serious or critical violations), and a walk through
the main journey with the keyboard alone (Tab, Shift+Tab, Enter, Space: no clicks).

axe-core is vendored under tests/e2e/vendor/axe-core/ and injected by the test. The site's CSP
(script-src 'self') refuses an injected script, so the axe runs, and only they, use a browser context
opened with bypass_csp=True. Every other browser test runs under the real CSP.
"""

from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.helpers import axe_violations, describe, log_in, release
from tests.factories import (
    add_member,
    make_community,
    make_enrollment,
    make_mentorship,
    make_program,
    make_reply,
    make_topic,
    make_user,
)


@pytest.fixture
def axe_page(browser, live_server):
    """Open a page in a context that bypasses the CSP (for the injected axe-core only)."""
    contexts = []

    def open_page(viewport=(1200, 900)) -> Page:
        context = browser.new_context(
            base_url=live_server.url,
            bypass_csp=True,
            viewport={"width": viewport[0], "height": viewport[1]},
            locale="en-GB",
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def world(app):
    """A public community with an admin, a moderator, members and an open program with sign-ups and a
    suggested pair; a private community; a draft program. Plain copies only (the server writes)."""
    from mentorship.extensions import db
    from mentorship.models import JoinRequest
    from mentorship.services.programs.runs import run_matching

    admin, moderator, member = make_user("Ada Admin"), make_user("Mo Moderator"), make_user("Mia Member")
    mentor, mentee, newcomer = make_user("Max Mentor"), make_user("Tia Mentee"), make_user("Nia Newcomer")
    community = make_community(admin=admin, members=[member, mentor, mentee], name="Calm Coders")
    add_member(community, moderator, "moderator")
    private = make_community(admin=admin, name="Quiet Room", private=True)
    db.session.add(JoinRequest(community_id=private.id, user_id=newcomer.id, message="I would like to join, please."))
    program = make_program(community, admin, status="open")
    draft = make_program(community, admin, template="skill-development", status="draft")
    make_enrollment(program, mentor, "mentor", topics=["sql", "leadership"], capacity=2)
    make_enrollment(program, mentee, "mentee", topics=["sql", "leadership"])
    make_enrollment(program, make_user("Pat Pending"), "mentee", status="pending")
    run_matching(program, admin)
    partner = make_user("Pat Partner")
    add_member(community, partner)
    mentorship = make_mentorship(community, mentor, partner, program=program)
    from mentorship.services.space import thread as space

    space.send_message(space.load_space(mentorship.id), partner, "main", "Hello! *Looking forward* to this.")
    topic = make_topic(community, member, "How do I read a stack trace?", kind="help", tags=["python"])
    reply = make_reply(topic, mentor, "Start from the **bottom** line.")
    from mentorship.services.moderation import reports as moderation
    from mentorship.services.notify.notifications import notify

    moderation.file_report(member, moderation.take_snapshot("post", reply.id, member, None), "spam", "An advert?")

    from mentorship.models import EmailOutbox, Invitation

    db.session.add_all(
        [
            Invitation(community_id=private.id, kind="link", token="gate-link", max_uses=5),
            EmailOutbox(
                id=9001,
                user_id=member.id,
                to_addr=member.email,
                subject="A reply to your question",
                text_body="Open it: http://127.0.0.1:5000/",
                html_body="<p>Open it</p>",
                kind="board_reply",
            ),
            Invitation(
                community_id=community.id,
                kind="email",
                email="friend@example.org",
                token="gate-mail",
                max_uses=1,
                sends=1,
                sent_at=moderation_time(),
            ),
        ]
    )
    notify(member.id, "board_reply", "Max Mentor replied to your question", f"/c/{community.slug}/board/t/{topic.id}")
    from mentorship.models import PushSubscription

    phone = "Mozilla/5.0 (Linux; Android 14) Chrome/130.0 Mobile"
    db.session.add(
        PushSubscription(
            user_id=member.id, endpoint="https://push.example.com/a", p256dh="x", auth="y", user_agent=phone
        )
    )
    db.session.commit()
    from sqlalchemy import select

    from mentorship.models import Survey

    survey_id = db.session.scalars(select(Survey.id).where(Survey.program_id == program.id).order_by(Survey.id)).first()
    world = release(
        reply=reply,
        mentorship=mentorship,
        topic=topic,
        admin=admin,
        moderator=moderator,
        member=member,
        mentor=mentor,
        community=community,
        private=private,
        program=program,
        draft=draft,
    )
    world.survey = survey_id
    return world


def moderation_time():
    from mentorship.models import utcnow

    return utcnow()


def check_pages(page: Page, paths: list[str]) -> None:
    """Open each page, run axe; fail with every serious/critical violation found, page by page."""
    found = {}
    for path in paths:
        response = page.goto(path)
        assert response.status < 400, f"{path} answered {response.status}"
        violations = axe_violations(page)
        if violations:
            found[path] = violations
    assert not found, "axe found serious or critical violations:\n" + describe(found)


def test_pages_for_visitors_have_no_serious_violations(world, axe_page):
    page = axe_page()
    check_pages(
        page,
        [
            "/",
            "/about",
            "/signup",
            "/login",
            "/forgot",
            "/c/",
            f"/c/{world.community.slug}",
            f"/c/{world.private.slug}",
            "/offline",
        ],
    )
    # A form with errors (messages tied to their fields) and an error page.
    page.goto("/signup")
    page.locator("main").get_by_role("button", name="Create my account").click()
    expect(page.get_by_role("alert").filter(has_text="Please correct the problems below.")).to_be_visible()
    assert not axe_violations(page), describe(axe_violations(page))
    page.goto("/no-such-page")
    assert not axe_violations(page), describe(axe_violations(page))


def test_pages_for_members_have_no_serious_violations(world, axe_page):
    page = axe_page()
    log_in(page, world.member.email)
    c, p = world.community.slug, world.program.id
    check_pages(
        page,
        [
            "/",
            "/c/",
            f"/c/{c}",
            f"/c/{c}/members",
            f"/c/{world.private.slug}/join",
            "/c/new",
            "/settings/",
            "/settings/notifications",
            "/settings/account",
            "/settings/push",
            "/settings/account/delete",
            "/programs",
            f"/c/{c}/programs",
            f"/c/{c}/programs/{p}",
            f"/c/{c}/programs/{p}/signup?role=mentee",
            f"/c/{c}/programs/{p}/signup?role=mentor",
            f"/c/{c}/board/",
            f"/c/{c}/board/?filter=help",
            f"/c/{c}/board/t/{world.topic.id}",
            f"/c/{c}/board/new",
            f"/c/{c}/board/new?kind=help",
            f"/c/{c}/board/search?q=stack",
            "/notifications",
            "/notifications?show=unread",
            f"/report/post/{world.reply.id}",
            "/reports/mine",
            f"/people/{world.mentor.id}/block",
            "/settings/blocked",
            f"/c/{c}/people/{world.mentor.id}",
            f"/c/{c}/people/{world.member.id}",
            "/settings/picture",
        ],
    )
    # The phone layout of the busiest member page, and of a profile.
    phone = axe_page(viewport=(390, 844))
    log_in(phone, world.mentor.email)
    check_pages(
        phone, ["/", f"/c/{c}/programs/{p}", f"/c/{c}/board/t/{world.topic.id}", f"/c/{c}/people/{world.member.id}"]
    )


def test_mentorship_space_pages_have_no_serious_violations(world, axe_page):
    m = f"/m/{world.mentorship.id}"
    for viewport in ((1200, 900), (390, 844)):
        page = axe_page(viewport=viewport)
        log_in(page, world.mentor.email)
        check_pages(
            page,
            ["/m/", m, f"{m}/program", f"{m}/checkin", f"{m}/manage", f"{m}/sessions", "/settings/calendar"]
            + [f"{m}/goals", f"{m}/achieved", f"{m}/surveys/{world.survey}"],
        )
    check_pages(page, [f"{m}/complete", f"{m}/end", f"{m}/uneasy"])


def test_admin_pages_have_no_serious_violations(world, axe_page):
    page = axe_page()
    log_in(page, world.admin.email)
    c, p = world.community.slug, world.program.id
    check_pages(
        page,
        [
            "/",
            f"/c/{c}",
            f"/c/{c}/members",
            f"/c/{world.private.slug}/requests",
            f"/c/{c}/programs",
            f"/c/{c}/programs/new",
            f"/c/{c}/programs/import",
            f"/c/{c}/programs/{p}",
            f"/c/{c}/programs/{p}/edit",
            f"/c/{c}/programs/{p}/steps",
            f"/c/{c}/programs/{p}/signups",
            f"/c/{c}/programs/{p}/matching/",
            f"/c/{c}/programs/{world.draft.id}",
            f"/c/{c}/programs/{world.draft.id}/edit",
            f"/c/{c}/programs/{p}/health",
            f"/c/{c}/programs/{p}/surveys",
            f"/c/{c}/programs/{p}/surveys/{world.survey}",
            f"/c/{c}/programs/{p}/outcomes",
            f"/c/{c}/health",
            f"/c/{c}/moderation/",
            f"/c/{c}/moderation/?show=closed",
            f"/c/{c}/moderation/post/{world.reply.id}",
            f"/c/{c}/moderation/post/{world.reply.id}/hide",
            f"/c/{c}/moderation/log",
            f"/c/{c}/moderation/settings",
            f"/c/{c}/settings",
            f"/c/{c}/invitations",
            f"/c/{world.private.slug}/invitations",
        ],
    )
    # The to-do where moderators land, on a phone too; an invitation's page for a visitor and for a newcomer.
    for viewport in ((1200, 900), (390, 844)):
        moderator = axe_page(viewport=viewport)
        log_in(moderator, world.moderator.email)
        check_pages(moderator, ["/"])
        expect(moderator.get_by_role("heading", name="Waiting for you")).to_be_visible()
    check_pages(axe_page(), ["/invite/gate-link", "/dev/mail", "/dev/mail/9001"])
    newcomer = axe_page(viewport=(390, 844))
    log_in(newcomer, world.member.email)
    check_pages(newcomer, ["/invite/gate-link"])


# --- keyboard only --------------------------------------------------------------------------------


def tab_to(page: Page, locator, limit: int = 80) -> None:
    """Press Tab until `locator` has the focus (as a keyboard user would), failing after `limit` presses."""
    target = locator.element_handle()
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("el => document.activeElement === el", target):
            # A visible focus ring: a keyboard user must see where they are.
            outline = page.evaluate(
                "el => { const s = getComputedStyle(el); return [s.outlineStyle, s.outlineWidth, s.boxShadow]; }",
                target,
            )
            assert outline[0] != "none" or outline[2] != "none", f"no visible focus on {locator}"
            return
    raise AssertionError(f"Tab never reached {locator}")


def type_into(page: Page, locator, text: str) -> None:
    tab_to(page, locator)
    page.keyboard.type(text)


def test_keyboard_only_sign_up_join_a_community_and_sign_up_to_a_program(app, new_page):
    admin = make_user("Ada Admin")
    community = make_community(admin=admin, name="Calm Coders")
    program = make_program(community, admin, status="open")
    world = release(community=community, program=program)

    page = new_page()
    page.goto("/")
    # The first Tab reaches the skip link.
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to content")).to_be_focused()

    tab_to(page, page.get_by_role("link", name="Sign up", exact=True).first)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Join the mentorship site")).to_be_visible()
    type_into(page, page.get_by_label("E-mail"), "kim@example.org")
    type_into(page, page.get_by_label("Display name"), "Kim Keys")
    type_into(page, page.get_by_label("Password"), "a-calm-long-passphrase")
    tab_to(page, page.get_by_label("Date of birth"))
    page.keyboard.type("15061991")  # a date input takes its parts typed in a row
    tab_to(page, page.get_by_role("button", name="Create my account"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Hello, Kim Keys")).to_be_visible()

    tab_to(page, page.get_by_role("link", name="Communities", exact=True))
    page.keyboard.press("Enter")
    tab_to(page, page.get_by_role("link", name="Calm Coders"))
    page.keyboard.press("Enter")
    tab_to(page, page.get_by_role("link", name="Join", exact=True))
    page.keyboard.press("Enter")
    tab_to(page, page.get_by_label("I have read and accept the code of conduct"))
    page.keyboard.press("Space")
    expect(page.get_by_label("I have read and accept the code of conduct")).to_be_checked()
    tab_to(page, page.get_by_role("button", name="Join Calm Coders"))
    page.keyboard.press("Enter")
    expect(page.get_by_text("Welcome to Calm Coders!")).to_be_visible()

    tab_to(page, page.locator("main").get_by_role("link", name="Programs", exact=True))
    page.keyboard.press("Enter")
    tab_to(page, page.get_by_role("link", name="Career advancement").first)
    page.keyboard.press("Enter")
    tab_to(page, page.get_by_role("link", name="Join as mentee"))
    page.keyboard.press("Enter")
    type_into(page, page.get_by_label("Your goals"), "Grow from analyst into a data lead")
    type_into(page, page.get_by_label("Topics", exact=True), "sql, leadership")
    tab_to(page, page.get_by_label("Wednesday evening"))
    page.keyboard.press("Space")
    type_into(page, page.get_by_label("What would you like to be true about your work"), "Leading a small team")
    type_into(page, page.get_by_label("Is there anything your partner should know"), "Short weekly calls")
    tab_to(page, page.get_by_role("button", name="Sign up"))
    page.keyboard.press("Enter")
    expect(page.get_by_text("Waiting for approval")).to_be_visible()
    assert f"/c/{world.community.slug}/programs/{world.program.id}" in page.url


def test_events_pages_have_no_serious_violations(world, axe_page):
    from mentorship.extensions import db
    from mentorship.models import CommunityEvent, EventRsvp, utcnow

    event = CommunityEvent(
        community_id=world.community.id,
        organizer_id=world.admin.id,
        title="Monthly strategy session",
        description="We plan the quarter together.",
        starts_at=utcnow().replace(microsecond=0) + timedelta(days=5),
        minutes=60,
        place="https://meet.example.org/strategy",
        capacity=1,
        going_count=1,
        uid="event-axe@mentorship",
    )
    db.session.add(event)
    db.session.flush()
    db.session.add(EventRsvp(event_id=event.id, user_id=world.admin.id, answer="going"))
    db.session.add(EventRsvp(event_id=event.id, user_id=world.member.id, answer="waitlist"))
    db.session.commit()
    c, e = world.community.slug, event.id
    db.session.rollback()
    for person, paths in (
        (world.member, [f"/c/{c}/events", f"/c/{c}/events?when=past", f"/c/{c}/events/{e}"]),
        (world.admin, [f"/c/{c}/events", f"/c/{c}/events/new", f"/c/{c}/events/{e}", f"/c/{c}/events/{e}/edit"]),
    ):
        for viewport in ((1200, 900), (390, 844)):
            page = axe_page(viewport=viewport)
            log_in(page, person.email)
            check_pages(page, paths)
