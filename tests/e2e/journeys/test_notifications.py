"""A real browser: the bell counts, a notification leads to its target, one-click unsubscribe, and no-JS."""

import re

from playwright.sync_api import Page, expect
from sqlalchemy import select

from mentorship.extensions import db
from mentorship.models import EmailOutbox, Notification, User
from tests.factories import PASSWORD, make_community, make_notification, make_user


def log_in(page: Page, email: str) -> None:
    page.goto("/login")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("link", name=re.compile("Notifications"))).to_be_visible()


def bell(page: Page):
    return page.locator("#notification-bell")


def test_a_join_request_rings_the_admins_bell_and_leads_to_the_requests(new_page):
    admin, newcomer = make_user(name="Ada Admin"), make_user(name="Noor Newcomer")
    private = make_community(admin=admin, name="Quiet Data Circle", private=True)
    # Plain values only from here: touching a model would open a SQLite transaction in the test.
    admin_id, admin_email, newcomer_email, slug = admin.id, admin.email, newcomer.email, private.slug
    db.session.rollback()

    ada = new_page()
    log_in(ada, admin_email)
    expect(bell(ada)).to_have_text(re.compile(r"^\s*Notifications\s*$"))

    noor = new_page()
    log_in(noor, newcomer_email)
    noor.goto(f"/c/{slug}/join")
    noor.get_by_label("I have read and accept the code of conduct").check()
    noor.get_by_role("button", name="Send my request").click()
    expect(noor.get_by_text("Your request is sent")).to_be_visible()

    ada.reload()
    expect(bell(ada)).to_contain_text("1 unread")
    bell(ada).click()
    expect(ada.get_by_role("heading", name="Notifications")).to_be_visible()
    ada.get_by_role("link", name="Noor Newcomer asks to join Quiet Data Circle.").click()
    expect(ada.get_by_role("heading", name="Join requests")).to_be_visible()
    expect(bell(ada)).not_to_contain_text("unread")
    assert db.session.scalar(select(Notification.read_at).where(Notification.user_id == admin_id)) is not None
    db.session.rollback()


def test_mark_read_with_htmx_updates_the_bell_without_a_reload(new_page):
    user = make_user(name="Lin")
    for text in ("First thing", "Second thing"):
        make_notification(user, text)
    email = user.email
    db.session.rollback()
    lin = new_page()
    log_in(lin, email)
    lin.goto("/notifications")
    expect(bell(lin)).to_contain_text("2 unread")
    lin.get_by_role("button", name="Mark read: Second thing").click()
    expect(bell(lin)).to_contain_text("1 unread")
    expect(lin.get_by_role("button", name="Mark read: Second thing")).to_have_count(0)
    lin.get_by_role("button", name="Mark all as read").click()
    expect(bell(lin)).not_to_contain_text("unread")
    expect(lin.get_by_role("button", name="Mark all as read")).to_have_count(0)


def test_without_javascript_everything_still_works(browser, live_server):
    user = make_user(name="Sam")
    make_notification(user, "Plain old HTML", link="/c")
    email = user.email
    db.session.rollback()
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    try:
        log_in(page, email)
        expect(bell(page)).to_contain_text("1 unread")
        page.goto("/notifications")
        page.get_by_role("button", name="Mark all as read").click()
        expect(page.get_by_text("Marked 1 notification as read.")).to_be_visible()
        expect(bell(page)).not_to_contain_text("unread")
    finally:
        context.close()


def test_one_click_unsubscribe_from_the_link_in_a_mail(page, live_server):
    user = make_user(name="Kai")
    from mentorship.services.notify.notifications import notify

    user_id = user.id
    notify(user_id, "help_request", "Someone needs help with Kubernetes.", "/c")
    db.session.commit()
    body = db.session.scalar(select(EmailOutbox.text_body))
    db.session.rollback()
    link = re.search(r"https?://\S+/unsubscribe/\S+", body).group(0)
    page.goto(link)
    expect(page.get_by_role("heading", name="Stop this kind of e-mail?")).to_be_visible()
    page.get_by_role("button", name="Unsubscribe").click()
    expect(page.get_by_role("heading", name="You're unsubscribed")).to_be_visible()
    assert not db.session.get(User, user_id).wants_email("email_help")
    db.session.rollback()
    page.get_by_role("button", name="Turn it back on").click()
    expect(page.get_by_role("heading", name="Welcome back")).to_be_visible()
