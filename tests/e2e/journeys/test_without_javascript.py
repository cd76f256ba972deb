"""The main journeys with JavaScript turned off in the browser: plain forms, real redirects, no htmx.

Sign up and join a community; an admin creates a program, two members sign up, the admin approves them
and pairs them; a member asks for help on the board, another answers, the asker marks it solved; a pair
writes to each other in their space and checks in for the week.
Elements are found by their labels and roles, as a screen reader would.
"""

from playwright.sync_api import Page, expect
from sqlalchemy import func, select

from mentorship.extensions import db
from mentorship.models import Membership, Mentorship, Topic, User
from tests.e2e.helpers import log_in, release
from tests.factories import make_community, make_user


def no_js(new_page, **kwargs) -> Page:
    page = new_page(javascript=False, **kwargs)
    page.goto("/about")
    assert page.evaluate("1 + 1") == 2  # Playwright's own evaluation still works; the page's scripts do not
    return page


def assert_htmx_is_off(page: Page) -> None:
    """htmx never ran: it would have set its class on <body> elements it processed (htmx-request etc.)."""
    assert page.evaluate("typeof window.htmx") == "undefined"


def test_sign_up_and_join_a_community_without_javascript(app, new_page):
    admin = make_user("Ada Admin")
    release(community=make_community(admin=admin, name="Calm Coders"))

    page = no_js(new_page)
    assert_htmx_is_off(page)
    page.get_by_role("link", name="Sign up", exact=True).first.click()
    page.get_by_label("E-mail").fill("kim@example.org")
    page.get_by_label("Display name").fill("Kim")
    page.get_by_label("Password").fill("a-calm-long-passphrase")
    page.get_by_label("Date of birth").fill("2012-03-04")
    page.get_by_role("button", name="Create my account").click()
    expect(page.get_by_text("You must be 18 or older to join.")).to_be_visible()  # a whole page, input kept
    expect(page.get_by_label("E-mail")).to_have_value("kim@example.org")
    page.get_by_label("Password").fill("a-calm-long-passphrase")
    page.get_by_label("Date of birth").fill("1991-06-15")
    page.get_by_role("button", name="Create my account").click()
    expect(page.get_by_role("heading", name="Hello, Kim")).to_be_visible()

    page.get_by_role("link", name="Communities", exact=True).click()
    page.get_by_role("link", name="Calm Coders").click()
    page.get_by_role("link", name="Join", exact=True).click()
    page.get_by_role("button", name="Join Calm Coders").click()
    expect(page.get_by_text("Please accept the code of conduct to join.")).to_be_visible()
    page.get_by_label("I have read and accept the code of conduct").check()
    page.get_by_role("button", name="Join Calm Coders").click()
    expect(page.get_by_text("Welcome to Calm Coders!")).to_be_visible()
    expect(page.get_by_text("You are a member")).to_be_visible()
    user = db.session.scalar(select(User).where(User.email == "kim@example.org"))
    assert user.timezone == "UTC"  # no guess from the browser without JavaScript
    assert db.session.scalar(select(Membership.role).where(Membership.user_id == user.id)) == "member"
    db.session.rollback()


def sign_up_to_program(page: Page, slug: str, role: str, goals: str) -> None:
    page.goto(f"/c/{slug}")
    page.locator("main").get_by_role("link", name="Programs", exact=True).click()
    page.get_by_role("link", name="Career advancement").first.click()
    page.get_by_role("link", name=f"Join as {role}").click()
    page.get_by_label("Your goals").fill(goals)
    page.get_by_label("Topics", exact=True).fill("sql, leadership")
    page.get_by_label("Years of experience in these topics").fill("9" if role == "mentor" else "1")
    page.get_by_label("Wednesday evening").check()
    if role == "mentor":
        page.get_by_label("How many mentees can you take on?").fill("2")
    page.get_by_label("What would you like to be true about your work").fill("Leading a small team")
    page.get_by_label("Is there anything your partner should know").fill("Short weekly calls")
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_text("Waiting for approval")).to_be_visible()


def test_program_sign_up_and_admin_pairing_without_javascript(app, new_page):
    ada, max_, mia = make_user("Ada Admin"), make_user("Max Mentor"), make_user("Mia Mentee")
    w = release(ada=ada, max=max_, mia=mia, community=make_community(admin=ada, members=[max_, mia], name="Data"))

    admin = no_js(new_page)
    log_in(admin, w.ada.email)
    admin.goto(f"/c/{w.community.slug}")
    admin.locator("main").get_by_role("link", name="Programs", exact=True).click()
    admin.get_by_role("link", name="New program").click()
    admin.get_by_text("Career advancement", exact=True).click()
    admin.get_by_role("button", name="Create the draft").click()
    admin.get_by_role("button", name="Open for sign-up").click()
    expect(admin.get_by_text("Open for sign-up", exact=True).first).to_be_visible()

    for person, role, goals in (
        (w.max, "mentor", "Help analysts grow into leads"),
        (w.mia, "mentee", "Grow into a lead"),
    ):
        page = no_js(new_page)
        log_in(page, person.email)
        sign_up_to_program(page, w.community.slug, role, goals)

    admin.get_by_role("link", name="Sign-ups").click()
    for name in ("Max Mentor", "Mia Mentee"):
        admin.locator(".signup-row").filter(has_text=name).get_by_role("button", name="Approve").click()
        expect(admin.get_by_role("status")).to_contain_text(f"{name} is now approved and has been told.")
    admin.get_by_role("link", name="Matching").click()
    admin.get_by_role("button", name="Run matching").click()
    suggestion = admin.locator(".suggestion").filter(has_text="Max Mentor").filter(has_text="Mia Mentee")
    suggestion.get_by_role("button", name="Accept").click()
    expect(admin.get_by_text("Paired and introduced.")).to_be_visible()
    mentorship = db.session.scalar(select(Mentorship))
    assert mentorship.status == "active" and {m.user_id for m in mentorship.members} == {w.max.id, w.mia.id}
    db.session.rollback()


def test_ask_for_help_answer_and_mark_solved_without_javascript(app, new_page):
    asker, helper = make_user("Asha Asker"), make_user("Hugo Helper", skills=["python"])
    w = release(asker=asker, helper=helper, community=make_community(members=[asker, helper], name="Pythonistas"))

    asking = no_js(new_page)
    log_in(asking, w.asker.email)
    asking.goto(f"/c/{w.community.slug}/board/")
    asking.get_by_role("link", name="Ask for help").click()
    asking.get_by_label("Title").fill("My script crashes with KeyError")
    asking.get_by_label("Describe your situation").fill("It fails on data['name']. What am I missing?")
    asking.get_by_label("Skills you need").fill("python")
    asking.get_by_role("button", name="Ask for help").click()
    expect(asking.get_by_role("heading", level=1)).to_have_text("My script crashes with KeyError")
    topic_url = asking.url

    helping = no_js(new_page)
    log_in(helping, w.helper.email)
    helping.goto(topic_url)
    helping.get_by_label("Your reply").fill("Use data.get('name') or check the key first.")
    helping.get_by_role("button", name="Post reply").click()
    expect(helping.locator("#replies article").filter(has_text="check the key first")).to_be_visible()

    asking.reload()
    answer = asking.locator("#replies article").filter(has_text="check the key first")
    answer.get_by_role("button", name="Helpful").click()
    answer = asking.locator("#replies article").filter(has_text="check the key first")
    expect(answer.get_by_role("button", name="Helpful")).to_have_attribute("aria-pressed", "true")
    answer.get_by_role("button", name="Mark as solution").click()
    expect(asking.locator(".pill.solved", has_text="Solution")).to_be_visible()
    asking.get_by_role("link", name="← Board").click()
    expect(asking.locator(".topic-row", has_text="My script crashes with KeyError")).to_contain_text("✓ Solved")
    assert db.session.scalar(select(Topic.solved_post_id)) is not None
    db.session.rollback()


def test_messages_and_the_weekly_check_in_without_javascript(app, new_page):
    from mentorship.models import CheckIn, Message
    from tests.e2e.journeys.test_checkin import check_in, open_my_mentorship
    from tests.space.conftest import make_cast

    cast = make_cast()
    w = release(mentor=cast.mentor, mentee=cast.mentee)

    mentee = no_js(new_page)
    log_in(mentee, w.mentee.email)
    open_my_mentorship(mentee, "Lin Mentor")
    mentee.get_by_role("textbox", name="Message").fill("Hello Lin, no JavaScript here.")
    mentee.get_by_role("button", name="Send").click()
    expect(mentee.locator("#messages li.message.mine", has_text="no JavaScript here")).to_be_visible()
    check_in(mentee, "4 · Good", "Going fine.", "Read chapter two", "Save check-in")
    expect(mentee.get_by_text("Your check-in for week 1 is saved.")).to_be_visible()

    mentor = no_js(new_page)
    log_in(mentor, w.mentor.email)
    open_my_mentorship(mentor, "Sam Mentee")
    expect(mentor.locator("#messages li.message", has_text="no JavaScript here")).to_be_visible()
    mentor.get_by_role("textbox", name="Message").fill("Great to hear, Sam.")
    mentor.get_by_role("button", name="Send").click()
    # No polling without JavaScript: opening the messages again shows what arrived.
    mentee.get_by_role("navigation", name="This mentorship").get_by_role("link", name="Messages").click()
    expect(mentee.locator("#messages li.message", has_text="Great to hear, Sam.")).to_be_visible()
    assert db.session.scalar(select(func.count()).select_from(Message).where(Message.is_system.is_(False))) == 2
    assert db.session.scalar(select(CheckIn.rating)) == 4
    db.session.rollback()


def test_report_a_post_and_a_moderator_hides_it_without_javascript(app, new_page):
    from mentorship.models import Post
    from tests.factories import add_member, make_reply, make_topic

    reporter, spammer, moderator = make_user("Rita Reporter"), make_user("Sam Spammer"), make_user("Mo Moderator")
    community = make_community(name="Kind Coders", members=[reporter, spammer])
    add_member(community, moderator, "moderator")
    topic = make_topic(community, reporter, "Where do I start with SQL?")
    post = make_reply(topic, spammer, "Buy my course at cheap-courses.example!!!")
    w = release(reporter=reporter, moderator=moderator, community=community, topic=topic, post=post)

    rita = no_js(new_page)
    log_in(rita, w.reporter.email)
    rita.goto(f"/c/{w.community.slug}/board/t/{w.topic.id}")
    rita.locator(f"#post-{w.post.id}").get_by_role("link", name="Report this post").click()
    rita.get_by_label("Spam or advertising").check()
    rita.get_by_role("button", name="Send report").click()
    expect(rita.get_by_text("Thank you. The moderators will look at it")).to_be_visible()

    mo = no_js(new_page)
    log_in(mo, w.moderator.email)
    mo.goto(f"/c/{w.community.slug}")
    mo.get_by_role("link", name="Moderation").click()
    item = mo.locator(f"#item-post-{w.post.id}")
    expect(item).to_contain_text("Buy my course at cheap-courses.example!!!")
    item.get_by_text("Hide…").click()
    item.get_by_label("Reason (the author is told it)").fill("Advertising is not allowed here.")
    item.get_by_role("button", name="Hide", exact=True).click()
    expect(mo.get_by_text("Nothing to review.")).to_be_visible()
    assert db.session.scalar(select(Post.hidden_at).where(Post.id == w.post.id)) is not None
    db.session.rollback()

    rita.goto(f"/c/{w.community.slug}/board/t/{w.topic.id}")
    expect(rita.locator(f"#post-{w.post.id}")).to_contain_text("This post was hidden by the moderators.")
    expect(rita.get_by_text("cheap-courses")).to_have_count(0)
