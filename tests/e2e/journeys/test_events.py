"""A community event in four browsers: the admin creates it with capacity 2, three members answer "Going", the
third lands on the waitlist, one of the first two says "Can't go" and the third moves up. With JavaScript (the
answer box swaps in place) and without (plain forms and redirects)."""

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from mentorship.extensions import db
from mentorship.models import CommunityEvent
from tests.e2e.helpers import log_in, release
from tests.factories import make_community, make_user


def _event_page(page: Page, slug: str, title: str) -> None:
    page.goto(f"/c/{slug}")
    page.get_by_role("navigation", name="Calm Coders").get_by_role("link", name="Events").click()
    page.get_by_role("link", name=title).click()
    expect(page.get_by_role("heading", name=title, level=1)).to_be_visible()


def _status(page: Page):
    return page.get_by_role("region", name="Your answer").get_by_role("status")


@pytest.mark.parametrize("javascript", [True, False], ids=["htmx", "no-js"])
def test_capacity_two_three_answers_a_waitlist_that_moves_up(app, new_page, javascript):
    admin, ann, bo, cy = make_user("Ada Admin"), make_user("Ann One"), make_user("Bo Two"), make_user("Cy Three")
    community = make_community(admin=admin, members=[ann, bo, cy], name="Calm Coders")
    w = release(admin=admin, ann=ann, bo=bo, cy=cy, community=community)

    host = new_page(javascript=javascript)
    log_in(host, w.admin.email)
    host.goto(f"/c/{w.community.slug}/events")
    host.get_by_role("link", name="New event").click()
    host.get_by_label("Title").fill("Ask me anything")
    host.get_by_label("Date").fill("2031-06-03")
    host.get_by_label("Start time").fill("18:00")
    host.get_by_label("Duration in minutes").fill("60")
    host.get_by_label("Time zone").select_option("Europe/Paris")
    host.get_by_label("Online: a link people open").check()
    host.get_by_label("Link or address").fill("https://meet.example.org/ama")
    host.get_by_label("Capacity (leave empty for no limit)").fill("2")
    host.get_by_role("button", name="Create the event").click()
    expect(host.get_by_text("The event is up")).to_be_visible()

    people = {}
    for name, person in (("ann", w.ann), ("bo", w.bo), ("cy", w.cy)):
        page = new_page(javascript=javascript)
        log_in(page, person.email)
        _event_page(page, w.community.slug, "Ask me anything")
        page.get_by_role("button", name="Going").click()
        people[name] = page
    expect(_status(people["ann"])).to_have_text("You're going.")
    expect(_status(people["bo"])).to_have_text("You're going.")
    expect(_status(people["cy"])).to_contain_text("number 1 on the waitlist")
    expect(people["cy"].get_by_role("list", name="Going")).to_contain_text("Ann One")

    people["bo"].get_by_role("button", name="Can't go").click()
    expect(_status(people["bo"])).to_have_text("You said you can't go.")
    people["cy"].reload()
    expect(_status(people["cy"])).to_have_text("You're going.")
    expect(people["cy"].get_by_text("2 of 2 seats taken.")).to_be_visible()
    going = people["cy"].get_by_role("list", name="Going")
    expect(going).to_contain_text("Cy Three")
    expect(going).not_to_contain_text("Bo Two")
    event = db.session.scalar(select(CommunityEvent))
    assert event.going_count == 2
    db.session.rollback()
