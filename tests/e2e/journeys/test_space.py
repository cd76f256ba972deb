"""Two people in one mentorship, two browsers: each sees the other's message arrive without reloading."""

import pytest

from mentorship.extensions import db
from mentorship.models import UserSession
from tests.space.conftest import make_cast


@pytest.fixture
def space_live_server(live_server):
    """The shared live server (tests/e2e/conftest.py)."""
    return live_server.url


@pytest.fixture
def space_browser(browser):
    return browser


def _logged_in_page(browser, app, base_url, user):
    """A browser context with its own signed-in session cookie (as if the person had logged in)."""
    row = UserSession(user_id=user.id)
    db.session.add(row)
    db.session.commit()
    cookie = app.session_interface.get_signing_serializer(app).dumps({"_user_id": row.token, "_fresh": True})
    context = browser.new_context()
    context.add_cookies([{"name": app.config["SESSION_COOKIE_NAME"], "value": cookie, "url": base_url}])
    return context.new_page()


def _send(page, text):
    page.fill("#body", text)
    page.click("form.compose button[type=submit]")


def test_each_sees_the_others_message_appear_without_reload(app, space_live_server, space_browser):
    from playwright.sync_api import expect

    cast = make_cast()
    url = f"{space_live_server}/m/{cast.mentorship.id}"
    mentor = _logged_in_page(space_browser, app, space_live_server, cast.mentor)
    mentee = _logged_in_page(space_browser, app, space_live_server, cast.mentee)
    # End the test's own transaction: on SQLite an open one would hold the write lock the server needs.
    db.session.commit()
    for page in (mentor, mentee):
        page.goto(url)
        expect(page.locator("h1")).to_be_visible()
        page.evaluate("window.__notReloaded = true")

    _send(mentor, "Hello from *Lin*")
    expect(mentor.locator("#messages li.message.mine")).to_have_count(1, timeout=3000)
    expect(mentor.locator("#body")).to_have_value("")
    expect(mentee.locator("#messages li.message", has_text="Hello from Lin")).to_have_count(1, timeout=5000)
    expect(mentee.locator("#messages em", has_text="Lin")).to_be_visible()

    _send(mentee, "Hi Lin, Sam here")
    expect(mentee.locator("#messages li.message.mine", has_text="Sam here")).to_have_count(1, timeout=3000)
    expect(mentor.locator("#messages li.message", has_text="Sam here")).to_have_count(1, timeout=5000)

    # After another poll, each message is still there exactly once, in order, and nobody reloaded.
    mentor.wait_for_timeout(3500)
    for page in (mentor, mentee):
        texts = page.locator("#messages li.message .prose").all_inner_texts()
        assert [t.strip() for t in texts] == ["Hello from Lin", "Hi Lin, Sam here"]
        assert page.evaluate("window.__notReloaded") is True
        expect(page.locator("[data-empty]")).to_be_hidden()


def test_edit_and_delete_in_place_and_the_partner_sees_it(app, space_live_server, space_browser):
    from playwright.sync_api import expect

    cast = make_cast()
    url = f"{space_live_server}/m/{cast.mentorship.id}"
    mentor = _logged_in_page(space_browser, app, space_live_server, cast.mentor)
    mentee = _logged_in_page(space_browser, app, space_live_server, cast.mentee)
    db.session.commit()
    mentor.on("dialog", lambda dialog: dialog.accept())
    for page in (mentor, mentee):
        page.goto(url)
    _send(mentor, "Meet on Tuesday")
    mine = mentor.locator("#messages li.message.mine")
    expect(mine).to_have_count(1, timeout=3000)
    mine.get_by_role("link", name="Edit").click()
    expect(mentor.locator("#messages li.editing textarea")).to_have_value("Meet on Tuesday")
    mentor.locator("#messages li.editing textarea").fill("Meet on *Wednesday*")
    mentor.locator("#messages li.editing").get_by_role("button", name="Save").click()
    expect(mine.locator("em", has_text="Wednesday")).to_be_visible(timeout=3000)
    expect(mine).to_contain_text("(edited)")
    # The partner's open page picks up the edit while polling.
    expect(mentee.locator("#messages li.message em", has_text="Wednesday")).to_be_visible(timeout=6000)
    mine.get_by_role("button", name="Delete").click()
    expect(mine).to_contain_text("Message deleted", timeout=3000)
    expect(mentee.locator("#messages li.message", has_text="Message deleted")).to_have_count(1, timeout=6000)
    expect(mentee.locator("#messages", has_text="Wednesday")).to_have_count(0)
