"""A weekly series in two browsers: the mentor proposes "every week" for four weeks, the mentee accepts it on the
Sessions tab, the mentor cancels one session of the series on its own; the mentee's next .ics has the same UID,
a higher SEQUENCE and an EXDATE, and their list shows the other three. With JavaScript and without."""

from datetime import UTC, datetime

import icalendar
import pytest
import recurring_ical_events
from playwright.sync_api import Page, expect
from sqlalchemy import select

from mentorship.extensions import db
from mentorship.models import EmailOutbox
from tests.e2e.helpers import log_in, release
from tests.sessions.conftest import make_pair


def _latest_ics(user_id: int) -> icalendar.Calendar:
    mail = db.session.scalars(
        select(EmailOutbox).where(EmailOutbox.user_id == user_id).order_by(EmailOutbox.id.desc())
    ).first()
    ics = mail.calendar_ics
    db.session.rollback()
    return icalendar.Calendar.from_ical(ics)


def _sessions_tab(page: Page, mentorship_id: int) -> None:
    page.goto(f"/m/{mentorship_id}")
    page.get_by_role("navigation", name="This mentorship").get_by_role("link", name="Sessions").click()
    expect(page.get_by_role("heading", name="Propose a session")).to_be_visible()


@pytest.mark.parametrize("javascript", [True, False], ids=["htmx", "no-js"])
def test_a_weekly_series_and_one_session_cancelled_on_its_own(app, new_page, javascript):
    pair = make_pair()
    pair.mentorship.started_at = datetime(2031, 3, 1, tzinfo=UTC)
    pair.mentorship.weeks = 12
    db.session.commit()
    w = release(mentor=pair.mentor, mentee=pair.mentee, mentorship=pair.mentorship)

    mentor = new_page(timezone_id="Asia/Tokyo", javascript=javascript)
    mentor.on("dialog", lambda dialog: dialog.accept())
    log_in(mentor, w.mentor.email)
    _sessions_tab(mentor, w.mentorship.id)
    mentor.get_by_label("Date").fill("2031-03-18")
    mentor.get_by_label("Start time").fill("09:00")
    mentor.get_by_label("Duration in minutes").fill("45")
    mentor.get_by_label("Time zone").select_option("Asia/Tokyo")
    mentor.get_by_label("Repeat").select_option(label="Every week until the program ends")
    mentor.get_by_label("Number of sessions (empty: until the program ends, 26 at most)").fill("4")
    mentor.get_by_role("button", name="Propose session").click()
    expect(mentor.get_by_text("Session proposed")).to_be_visible()

    mentee = new_page(timezone_id="America/New_York", javascript=javascript)
    log_in(mentee, w.mentee.email)
    _sessions_tab(mentee, w.mentorship.id)
    mentee.get_by_role("button", name="Accept").click()
    expect(mentee.get_by_text("Session accepted")).to_be_visible()
    first = _latest_ics(w.mentor.id).walk("VEVENT")[0]

    mentor.reload()
    mentor.get_by_text("Every week: 4 sessions").click()
    mentor.locator("ul.occurrences li").nth(1).get_by_role("button", name="Cancel this one").click()
    expect(mentor.get_by_text("That session is cancelled")).to_be_visible()

    calendar = _latest_ics(w.mentee.id)
    master = calendar.walk("VEVENT")[0]
    assert str(master["UID"]) == str(first["UID"]) and int(master["SEQUENCE"]) > int(first["SEQUENCE"])
    assert master.get("EXDATE") is not None
    between = recurring_ical_events.of(calendar).between(
        datetime(2031, 1, 1, tzinfo=UTC), datetime(2032, 1, 1, tzinfo=UTC)
    )
    assert len(between) == 3
    mentee.reload()
    mentee.get_by_text("Every week: 4 sessions").click()
    expect(mentee.locator("ul.occurrences li")).to_have_count(3)
