"""In a real browser: a member asks for help, a skilled member is notified and answers, the asker marks it solved.

Fixtures are prefixed `board_` so they never clash with a shared tests/e2e/conftest.py.
"""

import pytest
from sqlalchemy import select

from mentorship.extensions import db
from mentorship.models import Notification, Post, Topic
from tests.board.conftest import fresh_request_globals  # noqa: F401
from tests.factories import PASSWORD, make_community, make_user


@pytest.fixture
def board_live_server(live_server):
    """The shared live server (tests/e2e/conftest.py)."""
    return live_server.url


@pytest.fixture
def board_browser(browser):
    return browser


def log_in(browser, base: str, email: str):
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{base}/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_url(lambda url: "/login" not in url)
    return page


def test_ask_for_help_get_an_answer_and_mark_it_solved(app, board_live_server, board_browser):
    base = board_live_server
    asker = make_user("Asha Asker", email="asha@example.com")
    helper = make_user("Hugo Helper", email="hugo@example.com", skills=["python"])
    community = make_community(members=[asker, helper])
    slug, helper_id = community.slug, helper.id
    db.session.rollback()

    # The asker opens the board and asks for help.
    asking = log_in(board_browser, base, "asha@example.com")
    asking.goto(f"{base}/c/{slug}/board/")
    asking.get_by_role("link", name="Ask for help").click()
    asking.get_by_label("Title").fill("My script crashes with KeyError")
    asking.get_by_label("Describe your situation").fill("It fails on `data['name']`. What am I missing?")
    asking.get_by_label("Skills you need").fill("python")
    asking.get_by_label("Urgent: today if possible").check()
    asking.get_by_role("button", name="Ask for help").click()
    asking.wait_for_url(lambda url: "/board/t/" in url, wait_until="domcontentloaded")
    assert asking.get_by_role("heading", level=1).inner_text() == "My script crashes with KeyError"

    # The skilled member was told at once, with a link to the request.
    kind, text, link = db.session.execute(
        select(Notification.kind, Notification.text, Notification.link).where(Notification.user_id == helper_id)
    ).one()
    db.session.rollback()  # end the read: outside a request SQLite transactions begin IMMEDIATE and hold the lock
    assert kind == "help_request" and "your skills: python" in text

    # They follow it and answer; with htmx the answer appears in place.
    helping = log_in(board_browser, base, "hugo@example.com")
    helping.goto(base + link)
    helping.get_by_label("Your reply").fill("Use `data.get('name')` or check the key first.")
    helping.get_by_role("button", name="Post reply").click()
    helping.locator("#replies article").filter(has_text="check the key first").wait_for()
    assert helping.get_by_label("Your reply").input_value() == ""

    # The asker thanks them in place, marks the answer as the solution, and the board shows "solved".
    asking.reload()
    answer = asking.locator("#replies article").filter(has_text="check the key first")
    answer.get_by_role("button", name="Helpful").click()
    asking.locator("#replies button[aria-pressed=true]").wait_for()
    answer.get_by_role("button", name="Mark as solution").click()
    asking.locator(".pill.solved", has_text="Solution").wait_for()
    asking.get_by_role("link", name="← Board").click()
    row = asking.locator(".topic-row", has_text="My script crashes with KeyError")
    assert "✓ Solved" in row.inner_text()

    topic = db.session.scalar(select(Topic))
    solution = db.session.scalar(select(Post).where(Post.author_id == helper_id))
    assert topic.solved_post_id == solution.id and topic.first_answer_seconds is not None
