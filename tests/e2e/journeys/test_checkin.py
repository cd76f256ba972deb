"""The weekly check-in in a real browser: the mentee finds their mentorship from the main navigation, writes to
their mentor, checks in for the week, changes their answer; the mentor, in another browser, sees both."""

from playwright.sync_api import Page, expect
from sqlalchemy import select

from mentorship.extensions import db
from mentorship.models import CheckIn
from tests.e2e.helpers import log_in, release
from tests.space.conftest import make_cast


def open_my_mentorship(page: Page, partner: str) -> None:
    page.get_by_role("link", name="My mentorships").click()
    page.locator("main").get_by_role("link", name=partner).first.click()
    expect(page.get_by_role("navigation", name="This mentorship")).to_be_visible()


def check_in(page: Page, rating: str, note: str, goal: str, button: str) -> None:
    page.get_by_role("navigation", name="This mentorship").get_by_role("link", name="Check-ins").click()
    page.get_by_label(rating).check()
    page.get_by_label("A note").fill(note)
    page.get_by_label("Your next goal").fill(goal)
    page.get_by_role("button", name=button).click()


def test_the_weekly_check_in(app, new_page):
    cast = make_cast()
    w = release(mentor=cast.mentor, mentee=cast.mentee, mentorship=cast.mentorship)

    mentee = new_page()
    log_in(mentee, w.mentee.email)
    open_my_mentorship(mentee, "Lin Mentor")
    mentee.get_by_role("textbox", name="Message").fill("I finished the first exercise!")
    mentee.get_by_role("button", name="Send").click()
    expect(mentee.locator("#messages li.message.mine", has_text="first exercise")).to_be_visible()

    check_in(mentee, "3 · OK", "Slow start, but I practised twice.", "Practise three times", "Save check-in")
    expect(mentee.get_by_text("Your check-in for week 1 is saved.")).to_be_visible()
    check_in(mentee, "4 · Good", "Better than I thought: practised twice.", "Practise three times", "Update check-in")
    expect(mentee.get_by_text("Your check-in for week 1 is saved.")).to_be_visible()
    notes = mentee.get_by_role("region", name="Notes and goals")
    expect(notes).to_contain_text("Week 1 · Sam Mentee (you)")
    expect(notes).to_contain_text("4/5")
    expect(notes).to_contain_text("Better than I thought")

    rows = db.session.execute(select(CheckIn.user_id, CheckIn.week, CheckIn.rating)).all()
    db.session.rollback()
    assert rows == [(w.mentee.id, 1, 4)]  # changed in place, not stored twice

    mentor = new_page(timezone_id="America/New_York")
    log_in(mentor, w.mentor.email)
    open_my_mentorship(mentor, "Sam Mentee")
    expect(mentor.locator("#messages li.message", has_text="I finished the first exercise!")).to_be_visible()
    mentor.get_by_role("navigation", name="This mentorship").get_by_role("link", name="Check-ins").click()
    notes = mentor.get_by_role("region", name="Notes and goals")
    expect(notes).to_contain_text("Week 1 · Sam Mentee")
    expect(notes).to_contain_text("Next goal: Practise three times")
