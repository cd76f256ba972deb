"""The everyday loop (issue 14) in chromium at 1280x800 and 390x844, with and without JavaScript: invitations,
first steps, the to-do and its counts, blocking from the space, a long thread and a long topic, the mentee's
"choose your mentor", and the join step a non-member is offered. Elements are found by label and role.
"""

import pytest
from playwright.sync_api import expect

from mentorship.extensions import db
from mentorship.models import Invitation, utcnow
from tests.e2e.helpers import log_in, release
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

SIZES = [((1280, 800), True), ((1280, 800), False), ((390, 844), True), ((390, 844), False)]
IDS = ["desktop-js", "desktop-nojs", "phone-js", "phone-nojs"]


def shot(page, name: str, viewport, javascript) -> None:
    page.screenshot(path=f"test-results/everyday-{name}-{viewport[0]}x{viewport[1]}-js{int(javascript)}.png")


def accept_confirm(page, javascript: bool) -> None:
    if javascript:
        page.once("dialog", lambda dialog: dialog.accept())


@pytest.mark.parametrize(("viewport", "javascript"), SIZES, ids=IDS)
def test_an_admin_invites_by_link_and_e_mail_and_a_newcomer_joins_a_private_community(
    app, new_page, viewport, javascript
):
    ada, nia, late = make_user("Ada Admin"), make_user("Nia Newcomer"), make_user("Lee Late")
    community = make_community(admin=ada, name="Quiet Room", private=True)
    world = release(community=community, ada=ada, nia=nia, late=late)

    admin = new_page(viewport=viewport, javascript=javascript)
    log_in(admin, world.ada.email)
    admin.goto(f"/c/{world.community.slug}/settings")
    admin.get_by_label("What is this community about?").fill("A calm room for careful questions.")
    admin.get_by_role("button", name="Save settings").click()
    expect(admin.get_by_text("Settings saved.")).to_be_visible()
    admin.get_by_role("link", name="Invitations").click()
    admin.get_by_label("The link stops working").select_option(label="After 7 days")
    admin.get_by_label("How many people may join with it (optional)").fill("1")
    admin.get_by_role("button", name="Make a link").click()
    expect(admin.get_by_text("A new invitation link is ready")).to_be_visible()
    link = admin.get_by_label("Invitation link 1").input_value()
    assert "/invite/" in link
    # a malformed address: refused with the list kept, nothing sent
    addresses = admin.get_by_label("E-mail addresses")
    addresses.fill("ana@example.com, not-an-address")
    admin.get_by_role("button", name="Send the invitations").click()
    expect(admin.get_by_text("These don't look like e-mail addresses: not-an-address.")).to_be_visible()
    expect(admin.get_by_label("E-mail addresses")).to_have_value("ana@example.com, not-an-address")
    admin.get_by_label("E-mail addresses").fill("ana@example.com")
    admin.get_by_role("button", name="Send the invitations").click()
    expect(admin.get_by_text("1 invitation sent.")).to_be_visible()
    expect(admin.get_by_role("button", name="Resend to ana@example.com")).to_be_visible()
    shot(admin, "invitations", viewport, javascript)

    newcomer = new_page(viewport=viewport, javascript=javascript)
    log_in(newcomer, world.nia.email)
    newcomer.goto(link)
    expect(newcomer.get_by_role("heading", name="You're invited to Quiet Room")).to_be_visible()
    newcomer.get_by_role("button", name="Join Quiet Room").click()
    expect(newcomer.get_by_text("Please accept the code of conduct to join.")).to_be_visible()
    newcomer.get_by_label("I have read and accept the code of conduct").check()
    newcomer.get_by_role("button", name="Join Quiet Room").click()
    expect(newcomer.get_by_text("Welcome to Quiet Room!")).to_be_visible()
    expect(newcomer.get_by_role("link", name="Board", exact=True)).to_be_visible()  # a member at once: no join request

    # the link allowed one use: the next person is told, and the page is a 410
    other = new_page(viewport=viewport, javascript=javascript)
    log_in(other, world.late.email)
    response = other.goto(link)
    assert response.status == 410
    expect(other.get_by_text("used as many times as it allows")).to_be_visible()


@pytest.mark.parametrize(("viewport", "javascript"), SIZES, ids=IDS)
def test_a_withdrawn_link_stops_working(app, new_page, viewport, javascript):
    ada = make_user("Ada Admin")
    community = make_community(admin=ada, name="Quiet Room", private=True)
    db.session.add(Invitation(community_id=community.id, kind="link", token="share-me"))
    world = release(community=community, ada=ada)
    admin = new_page(viewport=viewport, javascript=javascript)
    log_in(admin, world.ada.email)
    admin.goto(f"/c/{world.community.slug}/invitations")
    accept_confirm(admin, javascript)
    admin.get_by_role("button", name="Withdraw this link").click()
    expect(admin.get_by_text("Invitation withdrawn: its link no longer works.")).to_be_visible()
    visitor = new_page(viewport=viewport, javascript=javascript)
    assert visitor.goto("/invite/share-me").status == 410
    expect(visitor.get_by_text("This invitation was withdrawn")).to_be_visible()


@pytest.mark.parametrize(("viewport", "javascript"), SIZES, ids=IDS)
def test_first_steps_lead_a_newcomer_and_a_topic_offers_the_join_step(app, new_page, viewport, javascript):
    ada, nia = make_user("Ada Admin"), make_user("Nia Newcomer")
    community = make_community(admin=ada, name="Open Door", description="Everyone welcome.")
    program = make_program(community, ada, status="open")
    topic = make_topic(community, ada, "Welcome, everyone")
    title = program.title
    world = release(community=community, ada=ada, nia=nia, program=program, topic=topic)
    page = new_page(viewport=viewport, javascript=javascript)
    log_in(page, world.nia.email)
    page.goto("/")
    steps = page.get_by_role("region", name="Your first steps")
    expect(steps).to_contain_text("Next: join a community.")
    join = steps.get_by_role("link", name="Join Open Door")
    expect(join).to_be_in_viewport()  # on the first screen, phone included
    shot(page, "first-steps", viewport, javascript)

    # a topic of the public community: the refusal offers the join step and comes back to the topic
    page.goto(f"/c/{world.community.slug}/board/t/{world.topic.id}")
    expect(page.get_by_text("Join this community to see that.")).to_be_visible()
    page.get_by_role("link", name="Join Open Door").click()
    page.get_by_label("I have read and accept the code of conduct").check()
    page.get_by_role("button", name="Join Open Door").click()
    expect(page.get_by_role("heading", name="Welcome, everyone")).to_be_visible()

    page.goto("/")
    steps = page.get_by_role("region", name="Your first steps")
    expect(steps).to_contain_text("1 of 3 done")
    steps.get_by_role("link", name=f"Sign up to {title}").click()
    expect(page).to_have_url(f"{page.url.split('/c/')[0]}/c/{world.community.slug}/programs/{world.program.id}/signup")


@pytest.mark.parametrize(("viewport", "javascript"), SIZES, ids=IDS)
def test_a_moderator_works_the_to_do_and_the_counts_follow(app, new_page, viewport, javascript):
    from mentorship.services.moderation import reports as moderation

    ada, mo, wes, mia = make_user("Ada Admin"), make_user("Mo Moderator"), make_user("Wes Writer"), make_user("Mia")
    community = make_community(admin=ada, name="Calm Coders", members=[wes, mia])
    add_member(community, mo, "moderator")
    topic = make_topic(community, mia, "Help with SQL", kind="help")
    posts = [make_reply(topic, mia, f"Buy my course {n}") for n in range(2)]
    for post in posts:
        moderation.file_report(wes, moderation.take_snapshot("post", post.id, wes, None), "spam", "An advert")
    world = release(community=community, mo=mo)
    page = new_page(viewport=viewport, javascript=javascript)
    log_in(page, world.mo.email)
    page.goto("/")
    todo = page.get_by_role("region", name="Waiting for you")
    expect(todo).to_contain_text("Calm Coders")
    header = page.get_by_role("navigation", name="Main").get_by_role("link", name="To do")
    expect(header).to_contain_text("2")
    shot(page, "todo", viewport, javascript)
    todo.get_by_role("link", name="2 reports to review").click()
    expect(page.get_by_text("2 things to review, oldest first.")).to_be_visible()
    page.get_by_role("button", name="Dismiss: no rule broken").first.click()
    # in place with JavaScript (the counts swapped out of band), after a redirect without
    expect(page.get_by_text("1 thing to review, oldest first.")).to_be_visible()
    expect(page.get_by_role("navigation", name="Main").get_by_role("link", name="To do")).to_contain_text("1")


@pytest.mark.parametrize(("viewport", "javascript"), SIZES, ids=IDS)
def test_blocking_from_the_space_says_what_it_does_and_keeps_it_true_on_each_side(app, new_page, viewport, javascript):
    from mentorship.services.space import thread as space

    ada, mel, tess = make_user("Ada Admin"), make_user("Mel Mentor"), make_user("Tess Mentee")
    community = make_community(admin=ada, name="Calm Coders", members=[mel, tess])
    mentorship = make_mentorship(community, mel, [tess])
    space.send_message(space.load_space(mentorship.id), mel, "main", "Hello Tess, shall we start?")
    world = release(mentorship=mentorship, mel=mel, tess=tess)
    page = new_page(viewport=viewport, javascript=javascript)
    log_in(page, world.tess.email)
    page.goto(f"/m/{world.mentorship.id}/manage")
    page.get_by_role("link", name="Block Mel Mentor…").click()
    expect(page.get_by_role("heading", name="Block Mel Mentor?")).to_be_visible()
    expect(page.get_by_text("a mentorship you share is paused")).to_be_visible()
    expect(page.get_by_text("they are not told that you blocked them")).to_be_visible()
    shot(page, "block-confirm", viewport, javascript)
    page.get_by_role("button", name="Block Mel Mentor").click()
    expect(page.get_by_text("You blocked Mel Mentor.")).to_be_visible()
    page.goto(f"/m/{world.mentorship.id}")
    expect(page.get_by_text("You blocked someone in this thread, so no messages can be sent here")).to_be_visible()
    expect(page.get_by_text("Hello Tess, shall we start?")).to_have_count(0)
    page.get_by_role("link", name="Show this message").click()
    expect(page.get_by_text("Hello Tess, shall we start?")).to_be_visible()

    other = new_page(viewport=viewport, javascript=javascript)
    log_in(other, world.mel.email)
    other.goto(f"/m/{world.mentorship.id}")
    expect(other.get_by_text("Messages are closed in this mentorship for now.")).to_be_visible()
    expect(other.get_by_role("textbox", name="Message")).to_have_count(0)
    assert "block" not in other.locator("main").inner_text().lower()
    shot(other, "blocked-side", viewport, javascript)


@pytest.mark.parametrize(("viewport", "javascript"), SIZES, ids=IDS)
def test_a_long_thread_opens_at_the_first_unread_message(app, new_page, viewport, javascript):
    from mentorship.models import MentorshipMember
    from mentorship.services.space import thread as space

    mel, tess = make_user("Mel Mentor"), make_user("Tess Mentee")
    community = make_community(admin=make_user(), members=[mel, tess])
    mentorship = make_mentorship(community, mel, [tess])
    loaded = space.load_space(mentorship.id)
    sent = [space.send_message(loaded, mel if n % 2 else tess, "main", f"Message number {n}") for n in range(1, 41)]
    member = db.session.query(MentorshipMember).filter_by(mentorship_id=mentorship.id, user_id=tess.id).one()
    member.last_read_message_id = sent[29].id  # read up to 30
    world = release(mentorship=mentorship, tess=tess)
    page = new_page(viewport=viewport, javascript=javascript)
    log_in(page, world.tess.email)
    page.goto("/m/")
    page.get_by_role("link", name="Mel Mentor").first.click()
    marker = page.get_by_text("New messages")
    expect(marker).to_be_in_viewport()
    expect(page.get_by_text("Message number 2", exact=True)).not_to_be_in_viewport()
    shot(page, "thread-unread", viewport, javascript)
    page.get_by_role("link", name="Jump to the latest message").click()
    expect(page.get_by_role("textbox", name="Message")).to_be_in_viewport()


@pytest.mark.parametrize(("viewport", "javascript"), SIZES, ids=IDS)
def test_a_long_topic_pages_in_order_and_lands_on_the_first_unread_reply(app, new_page, viewport, javascript):
    from mentorship.models import TopicRead
    from mentorship.services.board.read import REPLIES_PER_PAGE

    ada, rae = make_user("Ada Admin"), make_user("Rae Reader")
    community = make_community(admin=ada, name="Calm Coders", members=[rae])
    topic = make_topic(community, ada, "A long conversation")
    replies = [make_reply(topic, ada, f"Reply number {n}") for n in range(1, REPLIES_PER_PAGE + 6)]
    db.session.add(TopicRead(topic_id=topic.id, user_id=rae.id, last_read_post_id=replies[REPLIES_PER_PAGE + 1].id))
    world = release(community=community, topic=topic, rae=rae)
    page = new_page(viewport=viewport, javascript=javascript)
    log_in(page, world.rae.email)
    page.goto(f"/c/{world.community.slug}/board/t/{world.topic.id}")
    expect(page.get_by_text("New since your last visit")).to_be_in_viewport()
    expect(page.get_by_text(f"Reply number {REPLIES_PER_PAGE + 3}", exact=True)).to_be_visible()
    pages = page.get_by_role("navigation", name="Pages").first
    expect(pages.get_by_role("link", name="← Earlier replies")).to_be_visible()
    expect(pages).to_contain_text("Latest replies")
    shot(page, "topic-unread", viewport, javascript)
    pages.get_by_role("link", name="← Earlier replies").click()
    expect(page.get_by_text("Reply number 1", exact=True)).to_be_visible()
    expect(
        page.get_by_role("navigation", name="Pages").first.get_by_role("link", name="Later replies →")
    ).to_be_visible()


@pytest.mark.parametrize(("viewport", "javascript"), SIZES, ids=IDS)
def test_an_approved_mentee_is_sent_to_choose_her_mentor(app, new_page, viewport, javascript):
    from mentorship.services.programs.enrollments import decide

    ada, cho, mel = make_user("Ada Admin"), make_user("Cho Chooser"), make_user("Mel Mentor")
    community = make_community(admin=ada, name="Calm Coders", members=[cho, mel])
    program = make_program(community, ada, status="open", matching_mode="mentee_choice", title="Pick a mentor")
    make_enrollment(program, mel, "mentor")
    signup = make_enrollment(program, cho, "mentee", status="pending")
    decide(signup, ada, "approve")
    world = release(cho=cho, program=program, community=community)
    page = new_page(viewport=viewport, javascript=javascript)
    log_in(page, world.cho.email)
    page.goto("/")
    expect(page.get_by_text("You're approved: now choose your mentor.")).to_be_visible()
    shot(page, "choose-mentor", viewport, javascript)
    page.get_by_role("link", name="Choose your mentor in Pick a mentor").click()
    expect(page).to_have_url(f"{page.url.split('/c/')[0]}/c/{world.community.slug}/programs/{world.program.id}/mentors")
    expect(page.get_by_text("Mel Mentor").first).to_be_visible()


def test_an_expired_invitation_says_so(app, new_page):
    ada = make_user("Ada Admin")
    community = make_community(admin=ada, name="Quiet Room", private=True)
    db.session.add(
        Invitation(community_id=community.id, kind="link", token="too-late", expires_at=utcnow().replace(year=2020))
    )
    release(community=community)
    page = new_page(viewport=(390, 844), javascript=False)
    assert page.goto("/invite/too-late").status == 410
    expect(page.get_by_text("This invitation has expired.")).to_be_visible()


@pytest.mark.parametrize(("viewport", "javascript"), SIZES, ids=IDS)
def test_sign_up_chooses_a_time_zone_by_city_with_or_without_javascript(app, new_page, viewport, javascript):
    page = new_page(viewport=viewport, javascript=javascript, timezone_id="Asia/Tokyo")
    page.goto("/signup")
    zone = page.get_by_label("Time zone")
    if javascript:
        expect(zone).to_have_value("Asia/Tokyo")  # the browser's zone, chosen for the person
    else:
        expect(zone).to_have_value("UTC")
        zone.select_option(label="Tokyo (UTC+09:00)")
    page.get_by_label("E-mail").fill("kei@example.com")
    page.get_by_label("Display name").fill("Kei")
    page.get_by_label("Password", exact=True).fill("lighthouse-marmalade-42")
    page.get_by_label("Date of birth").fill("1990-04-01")
    page.locator("main").get_by_role("button", name="Create my account").click()
    expect(page.get_by_role("heading", name="Hello, Kei")).to_be_visible()
    page.goto("/settings/")
    expect(page.get_by_label("Timezone")).to_have_value("Asia/Tokyo")
