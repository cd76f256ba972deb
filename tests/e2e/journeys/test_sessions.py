"""A session in two browsers: the mentor proposes, the mentee accepts from the mail's one-click link, both see
the call link in their own zones, the mentor moves it and the mentee's next .ics is the same event, newer.
With JavaScript and without."""

import re

import icalendar
import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from mentorship.extensions import db
from mentorship.models import EmailOutbox
from tests.e2e.helpers import log_in, release
from tests.sessions.conftest import make_pair


def _latest_invite(user_id: int) -> EmailOutbox:
    mail = db.session.scalars(
        select(EmailOutbox).where(EmailOutbox.user_id == user_id).order_by(EmailOutbox.id.desc())
    ).first()
    text, ics = mail.text_body, mail.calendar_ics
    db.session.rollback()
    return text, next(iter(icalendar.Calendar.from_ical(ics).walk("VEVENT")))


def _sessions_tab(page: Page, mentorship_id: int) -> None:
    page.goto(f"/m/{mentorship_id}")
    page.get_by_role("navigation", name="This mentorship").get_by_role("link", name="Sessions").click()
    expect(page.get_by_role("heading", name="Propose a session")).to_be_visible()


@pytest.mark.parametrize("javascript", [True, False], ids=["htmx", "no-js"])
def test_propose_accept_from_the_mail_and_move(app, new_page, javascript):
    pair = make_pair()
    w = release(mentor=pair.mentor, mentee=pair.mentee, mentorship=pair.mentorship)

    mentor = new_page(timezone_id="Asia/Tokyo", javascript=javascript)
    log_in(mentor, w.mentor.email)
    _sessions_tab(mentor, w.mentorship.id)
    mentor.get_by_label("Date").fill("2031-06-03")
    mentor.get_by_label("Start time").fill("09:00")
    mentor.get_by_label("Duration in minutes").fill("45")
    mentor.get_by_label("Time zone").select_option("Asia/Tokyo")
    mentor.get_by_label("Agenda (only the members see it)").fill("Your first month")
    mentor.get_by_role("button", name="Propose session").click()
    expect(mentor.get_by_text("Session proposed")).to_be_visible()

    text, first = _latest_invite(w.mentee.id)
    link = re.search(r"https?://[^/\s]+(/sessions/accept/\S+)", text).group(1)
    mentee = new_page(timezone_id="America/New_York", javascript=javascript)
    mentee.goto(link)
    mentee.get_by_role("button", name="Accept this session").click()
    expect(mentee.get_by_role("heading", name="Session accepted")).to_be_visible()

    log_in(mentee, w.mentee.email)
    _sessions_tab(mentee, w.mentorship.id)
    card = mentee.locator("li", has_text="Your first month")
    expect(card).to_contain_text("(America/New_York)")
    expect(card).to_contain_text("20:00")  # Tokyo 09:00 on 3 June is New York 20:00 on 2 June
    expect(card).to_contain_text("Sam Mentor: Tue 03 Jun, 09:00 (Asia/Tokyo)")
    expect(card.get_by_role("link", name="Join the video call")).to_have_attribute(
        "href", re.compile(r"^https://meet\.jit\.si/mentorship-")
    )
    _, accepted = _latest_invite(w.mentor.id)

    mentor.reload()
    mentor.locator("li", has_text="Your first month").get_by_role("link", name="Move").click()
    mentor.get_by_label("Date").fill("2031-06-04")
    mentor.get_by_label("Start time").fill("09:30")
    mentor.get_by_role("button", name="Move session").click()
    expect(mentor.get_by_text("Session moved")).to_be_visible()

    _, moved = _latest_invite(w.mentee.id)
    assert str(moved["UID"]) == str(first["UID"]) == str(accepted["UID"])
    assert int(moved["SEQUENCE"]) > int(accepted["SEQUENCE"]) > int(first["SEQUENCE"])
