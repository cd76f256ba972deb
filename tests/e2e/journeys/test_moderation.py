"""In a real browser: a member reports a post, a moderator hides it from the queue, the reporter is told."""

from playwright.sync_api import Page, expect
from sqlalchemy import select

from mentorship.extensions import db
from mentorship.models import AuditLog, Post
from tests.factories import PASSWORD, add_member, make_community, make_reply, make_topic, make_user


def log_in(page: Page, email: str) -> None:
    page.goto("/login")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(lambda url: "/login" not in url)


def test_a_reported_post_is_hidden_from_the_queue_and_the_reporter_is_told(new_page):
    reporter = make_user("Rita Reporter", email="rita@example.com")
    spammer = make_user("Sam Spammer", email="sam@example.com")
    moderator = make_user("Mo Moderator", email="mo@example.com")
    community = make_community(name="Kind Coders", members=[reporter, spammer])
    add_member(community, moderator, "moderator")
    topic = make_topic(community, reporter, "Where do I start with SQL?")
    post = make_reply(topic, spammer, "Buy my course at cheap-courses.example!!!")
    slug, topic_id, post_id = community.slug, topic.id, post.id
    db.session.rollback()

    # The member reports the post from the topic page.
    rita = new_page()
    log_in(rita, "rita@example.com")
    rita.goto(f"/c/{slug}/board/t/{topic_id}")
    rita.locator(f"#post-{post_id}").get_by_role("link", name="Report this post").click()
    expect(rita.get_by_role("heading", level=1)).to_contain_text("Report a post by Sam Spammer")
    rita.get_by_label("Spam or advertising").check()
    rita.get_by_label("Anything the moderators should know? (optional)").fill("Third advert this week.")
    rita.get_by_role("button", name="Send report").click()
    expect(rita.get_by_text("Thank you. The moderators will look at it")).to_be_visible()
    assert f"/board/t/{topic_id}" in rita.url  # back where she was

    # The moderator finds it in the queue with the snapshot and who reported it, and hides it.
    mo = new_page(viewport=(390, 844))
    log_in(mo, "mo@example.com")
    mo.goto(f"/c/{slug}")
    mo.get_by_role("link", name="Moderation").click()
    item = mo.locator(f"#item-post-{post_id}")
    expect(item).to_contain_text("Buy my course at cheap-courses.example!!!")
    expect(item).to_contain_text("Rita Reporter")
    expect(item).to_contain_text("Third advert this week.")
    item.get_by_text("Hide…").click()
    item.get_by_label("Reason (the author is told it)").fill("Advertising is not allowed here.")
    mo.once("dialog", lambda dialog: dialog.accept())
    item.get_by_role("button", name="Hide", exact=True).click()
    expect(mo.locator(f"#item-post-{post_id}")).to_contain_text("Done. Hidden.")
    mo.reload()
    expect(mo.get_by_text("Nothing to review.")).to_be_visible()

    hidden_at = db.session.scalar(select(Post.hidden_at).where(Post.id == post_id))
    audit = db.session.scalars(select(AuditLog.action).where(AuditLog.target_id == post_id)).all()
    db.session.rollback()
    assert hidden_at is not None and audit == ["hidden"]

    # The reporter is told the outcome: the bell, the notification, her reports; members no longer see the post.
    rita.goto("/")
    bell = rita.locator("#notification-bell")
    expect(bell).to_contain_text("1 unread")
    bell.click()
    outcome = rita.get_by_role("link", name="Your report about a post in Kind Coders: The moderators hid it.")
    expect(outcome).to_be_visible()
    outcome.click()
    rita.wait_for_url("**/reports/mine")
    expect(rita.get_by_text("The moderators hid it.")).to_be_visible()
    expect(rita.get_by_text("action taken")).to_be_visible()
    rita.goto(f"/c/{slug}/board/t/{topic_id}")
    expect(rita.locator(f"#post-{post_id}")).to_contain_text("This post was hidden by the moderators.")
    expect(rita.get_by_text("cheap-courses")).to_have_count(0)
