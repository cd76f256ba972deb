"""A real browser: sign up, confirm the e-mail from the outbox, create a community, a second person joins."""

import re

from playwright.sync_api import Page, expect
from sqlalchemy import select

from mentorship.extensions import db
from mentorship.models import EmailOutbox, User


def outbox_link(email: str, kind: str = "verify") -> str:
    """The link in the newest mail of this kind to this address (read, then release SQLite at once)."""
    try:
        body = db.session.scalar(
            select(EmailOutbox.text_body)
            .where(EmailOutbox.to_addr == email, EmailOutbox.kind == kind)
            .order_by(EmailOutbox.id.desc())
        )
    finally:
        db.session.rollback()
    assert body, f"no {kind} mail to {email}"
    return re.search(r"https?://\S+", body).group(0)


def sign_up(page: Page, email: str, name: str) -> None:
    page.goto("/")
    page.get_by_role("link", name="Sign up", exact=True).click()
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Display name").fill(name)
    page.get_by_label("Password").fill("a-calm-long-passphrase")
    page.get_by_label("Date of birth").fill("1991-06-15")
    page.get_by_role("button", name="Create my account").click()
    expect(page.get_by_role("heading", name=f"Hello, {name}")).to_be_visible()


def test_sign_up_verify_create_a_community_and_a_second_person_joins(new_page):
    ada = new_page(timezone_id="Europe/Berlin")

    # Sign up: under 18 first, refused in place (htmx), nothing stored.
    ada.goto("/signup")
    ada.get_by_label("E-mail").fill("ada@example.org")
    ada.get_by_label("Display name").fill("Ada")
    ada.get_by_label("Password").fill("a-calm-long-passphrase")
    ada.get_by_label("Date of birth").fill("2015-01-01")
    ada.get_by_role("button", name="Create my account").click()
    expect(ada.get_by_text("You must be 18 or older to join.")).to_be_visible()
    expect(ada.get_by_label("E-mail")).to_have_value("ada@example.org")
    assert db.session.scalar(select(User.id)) is None
    db.session.rollback()

    sign_up(ada, "ada@example.org", "Ada")
    expect(ada.get_by_text("Please confirm your e-mail address")).to_be_visible()
    user = db.session.scalar(select(User).where(User.email == "ada@example.org"))
    assert user.timezone == "Europe/Berlin"  # guessed from the browser
    db.session.rollback()

    # Confirm the address with the link from the outbox.
    ada.goto(outbox_link("ada@example.org"))
    expect(ada.get_by_text("Thanks, your e-mail address is confirmed.")).to_be_visible()
    expect(ada.get_by_text("Please confirm your e-mail address")).to_have_count(0)

    # Create a community.
    ada.get_by_role("link", name="Communities", exact=True).click()
    ada.get_by_role("link", name="Create a community").click()
    ada.get_by_label("Name").fill("Calm Coders")
    ada.get_by_label("What is this community about?").fill("Learning to code, gently.")
    ada.get_by_role("button", name="Create community").click()
    expect(ada.get_by_role("heading", name="Calm Coders")).to_be_visible()
    expect(ada.get_by_text("Calm Coders is ready. You are its admin.")).to_be_visible()
    expect(ada.get_by_text("You are an admin")).to_be_visible()

    # A second person, in another browser, finds it and joins (accepting the code of conduct).
    ben = new_page(viewport=(390, 844), timezone_id="America/New_York")
    sign_up(ben, "ben@example.org", "Ben")
    ben.get_by_role("link", name="Communities", exact=True).click()
    ben.get_by_role("link", name="Calm Coders").click()
    expect(ben.get_by_role("heading", name="Code of conduct")).to_be_visible()
    ben.get_by_role("link", name="Join", exact=True).click()
    ben.get_by_role("button", name="Join Calm Coders").click()
    expect(ben.get_by_text("Please accept the code of conduct to join.")).to_be_visible()
    ben.get_by_label("I have read and accept the code of conduct").check()
    ben.get_by_role("button", name="Join Calm Coders").click()
    expect(ben.get_by_text("Welcome to Calm Coders!")).to_be_visible()
    expect(ben.get_by_text("You are a member")).to_be_visible()

    # The admin sees the new member in the members list.
    ada.get_by_role("link", name="Members").click()
    members = ada.locator("#members")
    expect(members.get_by_role("listitem").filter(has_text="Ben")).to_be_visible()
    expect(members.get_by_label("Role of Ben")).to_have_value("member")
