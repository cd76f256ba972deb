"""Outcomes in a real browser, with and without JavaScript: a pair agrees on its goals in week 1, moves them at
two check-ins and completes with a summary; a member answers the start and the end survey from the mail; the
admin's outcome report shows "fewer than 5 answers" until the fifth person, then the change."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from mentorship.extensions import db
from mentorship.models import EmailOutbox, Mentorship, utcnow
from mentorship.models.outcomes import GoalProgress, Survey
from mentorship.services.outcomes.delivery import deliver_survey
from mentorship.services.outcomes.surveys import save_response
from tests.e2e.helpers import log_in, release
from tests.outcomes.conftest import make_outcome_pair
from tests.outcomes.test_report import make_pairs

JS = pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])


def tab(page: Page, name: str) -> None:
    page.get_by_role("navigation", name="This mentorship").get_by_role("link", name=name).click()


def check_in(page: Page, rating: str, levels: dict[str, str], javascript: bool) -> None:
    tab(page, "Check-ins")
    page.get_by_label(rating).check()
    for goal, level in levels.items():
        choice = page.get_by_role("group", name=goal).get_by_label(level)
        tapped = not choice.is_checked()
        choice.check()
        if javascript and tapped:  # one tap saves at once
            expect(page.get_by_role("group", name=goal).get_by_role("status")).to_have_text(f"Saved: {level}")
    page.get_by_role("button", name=re.compile("(Save|Update) check-in")).click()
    expect(page.get_by_text(re.compile(r"Your check-in for week \d is saved"))).to_be_visible()


@JS
def test_a_pair_agrees_on_goals_moves_them_and_completes_with_a_summary(app, new_page, javascript):
    pair = make_outcome_pair()
    w = release(mentee=pair.mentee, mentorship=pair.mentorship)
    page = new_page(javascript=javascript)
    log_in(page, w.mentee.email)
    page.goto(f"/m/{w.mentorship.id}")
    tab(page, "Goals")
    expect(page.get_by_role("region", name="Agree on your goals")).to_contain_text("This is week 1")

    page.get_by_role("link", name="Edit “Lead my first data project”").click()
    page.get_by_label("Goal", exact=True).fill("Lead a data project end to end")
    page.get_by_label("What success looks like").fill("The team uses my dashboard every week")
    page.get_by_role("button", name="Save goal").click()
    expect(page.get_by_text("Goal saved.")).to_be_visible()
    page.get_by_role("link", name="Edit “Learn to present results to managers”").click()
    page.get_by_label("What success looks like").fill("I present at the monthly review")
    page.get_by_role("button", name="Save goal").click()
    expect(page.get_by_role("region", name="Agree on your goals")).to_have_count(0)
    page.get_by_label("New milestone for “Lead a data project end to end”").fill("Pick the dataset")
    page.get_by_role("button", name="Add milestone").first.click()
    expect(page.get_by_text("Pick the dataset")).to_be_visible()

    check_in(
        page,
        "3 · OK",
        {"Lead a data project end to end": "Some", "Learn to present results to managers": "Not started"},
        javascript,
    )
    mentorship = db.session.get(Mentorship, w.mentorship.id)
    mentorship.started_at = utcnow() - timedelta(days=8)  # a week later
    db.session.commit()
    check_in(
        page,
        "4 · Good",
        {"Lead a data project end to end": "Most", "Learn to present results to managers": "Done"},
        javascript,
    )
    expect(page.locator("#progress-chart")).to_be_visible()
    rows = db.session.execute(
        select(GoalProgress.week, GoalProgress.level).order_by(GoalProgress.week, GoalProgress.goal_id)
    ).all()
    db.session.rollback()
    assert rows == [(1, 1), (1, 0), (2, 2), (2, 3)]

    tab(page, "Manage")
    page.get_by_role("link", name="Complete…").click()
    page.get_by_label("5 · Very").check()
    page.get_by_label("Yes").check()
    page.get_by_role("button", name="Complete").click()
    summary = page.get_by_role("region", name="What we achieved")
    expect(summary).to_contain_text("Lead a data project end to end")
    expect(summary).to_contain_text("Most")
    expect(summary).to_contain_text("Goals reached")
    page.get_by_label("In your own words (optional)").fill("I finally feel confident with data.")
    page.get_by_role("button", name="Save my words").click()
    expect(page.get_by_role("blockquote")).to_contain_text("I finally feel confident with data.")
    page.get_by_role("button", name="Create a link").click()
    link = page.get_by_label("Link to share").input_value()
    reader = new_page(javascript=javascript)
    reader.goto(link)
    expect(reader.get_by_role("heading", name="What we achieved")).to_be_visible()
    expect(reader.locator("main")).not_to_contain_text("Sam Mentee")


def answer_survey(page: Page, link: str, values: dict[str, str], button: str) -> None:
    page.goto(link)
    for question, value in values.items():
        page.get_by_role("group", name=question).get_by_label(value, exact=True).check()
    page.get_by_role("button", name=button).click()
    expect(page.get_by_text("Thank you! Your answers are saved.")).to_be_visible()


@JS
def test_a_member_answers_from_the_mail_and_the_report_shows_the_change_at_five(app, new_page, javascript):
    pair = make_outcome_pair()
    start, end = db.session.scalars(select(Survey).where(Survey.program_id == pair.program.id).order_by(Survey.id))
    for mentorship, mentee in make_pairs(pair, 4):  # four people answered already
        save_response(start, mentorship, mentee, 0, {q.id: (2, "") for q in start.questions}, False)
        save_response(end, mentorship, mentee, 0, {q.id: (4, "") for q in end.questions if q.measure}, False)
    deliver_survey(start.id, pair.mentorship.id, pair.mentee.id, 0, "invite")
    questions = [q.text for q in start.questions]
    end_id, mentorship_id, mentee_id = end.id, pair.mentorship.id, pair.mentee.id
    w = release(mentee=pair.mentee, admin=pair.admin, community=pair.community, program=pair.program)
    mail = db.session.scalar(select(EmailOutbox).where(EmailOutbox.kind == "survey"))
    start_link = re.search(r"https?://\S+/surveys/\d+", mail.text_body).group(0)
    db.session.rollback()

    admin = new_page(javascript=javascript)
    log_in(admin, w.admin.email)
    admin.goto(f"/c/{w.community.slug}/programs/{w.program.id}/outcomes")
    change = admin.get_by_role("region", name=re.compile("Before and after"))
    expect(change).to_contain_text("fewer than 5 answers")

    member = new_page(viewport=(390, 844), javascript=javascript)  # one screen on a phone
    log_in(member, w.mentee.email)
    answer_survey(member, start_link, {questions[0]: "1", questions[1]: "2", questions[2]: "3"}, "Send my answers")
    answer_survey(member, start_link, {questions[0]: "2"}, "Save my answers")  # changed, not a second answer
    deliver_survey(end_id, mentorship_id, mentee_id, 0, "invite")
    mail = db.session.scalar(select(EmailOutbox).where(EmailOutbox.kind == "survey").order_by(EmailOutbox.id.desc()))
    end_link = re.search(r"https?://\S+/surveys/\d+", mail.text_body).group(0)
    db.session.rollback()
    answer_survey(member, end_link, {questions[0]: "5", questions[1]: "4", questions[2]: "4"}, "Send my answers")

    admin.reload()
    change = admin.get_by_role("region", name=re.compile("^Before and after: self-ratings"))
    change.get_by_text(re.compile("as a table$")).click()
    row = change.get_by_role("row", name=re.compile(re.escape(questions[0])))
    expect(row).to_contain_text("2.0")  # before: everyone 2
    expect(row).to_contain_text("4.2")  # after: four 4s and a 5
    expect(row).to_contain_text("5")
    expect(admin.locator("main")).not_to_contain_text("Before and after: withheld")
