"""Surveys: built-in start and end surveys, the admins' own (bad input), delivery once with one reminder, and a
member's answers (answering twice changes them, never a second row)."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from mentorship.extensions import db
from mentorship.models import EmailOutbox, Notification, utcnow
from mentorship.models.outcomes import Survey, SurveyAnswer, SurveyDelivery, SurveyResponse
from mentorship.services.outcomes.delivery import deliver_survey, find_due_surveys


def _count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def _surveys(program_id):
    db.session.expire_all()
    return db.session.scalars(select(Survey).where(Survey.program_id == program_id).order_by(Survey.id)).all()


def test_each_built_in_template_ships_a_start_and_an_end_survey_with_the_same_self_ratings(app):
    from mentorship.services.programs.setup import BUILT_IN_TEMPLATES
    from tests.factories import make_community, make_program, make_user

    admin = make_user("Ada Admin")
    community = make_community(admin=admin)
    for key in BUILT_IN_TEMPLATES:
        program = make_program(community, admin, template=key)
        start, end = _surveys(program.id)
        assert (start.moment, end.moment) == ("start", "end")
        before = [(q.measure, q.text) for q in start.questions if q.measure]
        after = [(q.measure, q.text) for q in end.questions if q.measure]
        assert len(before) >= 3 and before == after
        assert any(q.kind == "nps" for q in end.questions)


def test_a_survey_is_delivered_once_with_one_reminder(pair):
    start, _end = _surveys(pair.program.id)
    now = utcnow()
    due = [d for d in find_due_surveys(now) if d.survey_id == start.id]
    assert {(d.mentorship_id, d.user_id, d.kind) for d in due} >= {
        (pair.mentorship.id, pair.mentor.id, "invite"),
        (pair.mentorship.id, pair.mentee.id, "invite"),
    }
    mine = next(d for d in due if d.user_id == pair.mentee.id)
    args = (mine.survey_id, mine.mentorship_id, mine.user_id, mine.occasion)
    assert deliver_survey(*args, "invite") == "delivered"
    assert deliver_survey(*args, "invite") == "already"
    assert _count(Notification, Notification.user_id == pair.mentee.id, Notification.kind == "survey") == 1
    mail = db.session.scalar(
        select(EmailOutbox).where(EmailOutbox.user_id == pair.mentee.id, EmailOutbox.kind == "survey")
    )
    assert f"/m/{pair.mentorship.id}/surveys/{start.id}" in mail.text_body
    assert not [d for d in find_due_surveys(now) if d.key == mine.key]
    # Three days later, unanswered: exactly one reminder.
    later = now + timedelta(days=3, minutes=1)
    reminders = [d for d in find_due_surveys(later) if d.kind == "reminder" and d.user_id == pair.mentee.id]
    assert len(reminders) == 1
    assert deliver_survey(*args, "reminder") == "delivered"
    assert deliver_survey(*args, "reminder") == "already"
    assert not [d for d in find_due_surveys(later) if d.kind == "reminder" and d.user_id == pair.mentee.id]
    assert _count(SurveyDelivery, SurveyDelivery.user_id == pair.mentee.id) == 2


def test_no_reminder_once_answered(pair, login_as):
    start, _end = _surveys(pair.program.id)
    assert deliver_survey(start.id, pair.mentorship.id, pair.mentee.id, 0, "invite") == "delivered"
    question = start.questions[0]
    goals = login_as(pair.mentee).get(f"/m/{pair.mentorship.id}/goals").get_data(as_text=True)
    assert "A survey is waiting for you" in goals and start.title in goals
    login_as(pair.mentee).post(f"/m/{pair.mentorship.id}/surveys/{start.id}", data={f"q-{question.id}": "3"})
    goals = login_as(pair.mentee).get(f"/m/{pair.mentorship.id}/goals").get_data(as_text=True)
    assert "A survey is waiting for you" not in goals
    later = utcnow() + timedelta(days=4)
    assert not [d for d in find_due_surveys(later) if d.kind == "reminder" and d.user_id == pair.mentee.id]
    assert deliver_survey(start.id, pair.mentorship.id, pair.mentee.id, 0, "reminder") == "skipped"


def test_the_mail_follows_the_check_in_preference(pair):
    start, _end = _surveys(pair.program.id)
    pair.mentee.reminder_prefs = {**pair.mentee.reminder_prefs, "email_checkin": False}
    db.session.commit()
    assert deliver_survey(start.id, pair.mentorship.id, pair.mentee.id, 0, "invite") == "delivered"
    assert _count(EmailOutbox, EmailOutbox.kind == "survey") == 0
    assert _count(Notification, Notification.kind == "survey") == 1


def test_the_sweep_enqueues_a_job_per_due_survey_and_the_worker_delivers_once(pair, app):
    from rq import SimpleWorker

    from jobs.outcomes import sweep_survey_deliveries
    from mentorship.queue import get_queue

    report = sweep_survey_deliveries()
    assert report["enqueued"] >= 4  # two pairs, two members each, the start survey
    assert sweep_survey_deliveries()["enqueued"] == 0  # the same job ids: nothing twice
    queue = get_queue("reminders")
    SimpleWorker([queue], connection=queue.connection).work(burst=True)
    db.session.expire_all()
    assert _count(SurveyDelivery) == report["enqueued"]


def test_answering_twice_changes_the_answers_never_a_second_row(pair, login_as):
    start, _end = _surveys(pair.program.id)
    first, second = start.questions[0], start.questions[1]
    mentee = login_as(pair.mentee)
    path = f"/m/{pair.mentorship.id}/surveys/{start.id}"
    page = mentee.get(path).get_data(as_text=True)
    assert start.title in page and first.text in page
    assert mentee.post(path, data={f"q-{first.id}": "2", f"q-{second.id}": "3"}).status_code == 303
    assert mentee.post(path, data={f"q-{first.id}": "4"}).status_code == 303
    assert _count(SurveyResponse) == 1
    answers = db.session.scalars(select(SurveyAnswer)).all()
    assert [(a.question_id, a.number) for a in answers] == [(first.id, 4)]
    page = mentee.get(path).get_data(as_text=True)
    assert "You answered this survey" in page and f'name="q-{first.id}" value="4" checked' in page


@pytest.mark.parametrize(
    "kind, value, message",
    [
        ("rating", "6", "Choose from 1 to 5."),
        ("rating", "x", "Choose from 1 to 5."),
        ("nps", "11", "Choose from 0 to 10."),
    ],
)
def test_an_answer_outside_the_scale_is_refused(pair, login_as, kind, value, message):
    start, end = _surveys(pair.program.id)
    survey = start if kind == "rating" else end
    question = next(q for q in survey.questions if q.kind == kind)
    response = login_as(pair.mentee).post(
        f"/m/{pair.mentorship.id}/surveys/{survey.id}", data={f"q-{question.id}": value}
    )
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert _count(SurveyResponse) == 0


def test_an_empty_answer_is_refused_with_a_message(pair, login_as):
    start, _end = _surveys(pair.program.id)
    response = login_as(pair.mentee).post(f"/m/{pair.mentorship.id}/surveys/{start.id}", data={})
    assert response.status_code == 422 and "Answer at least one question." in response.get_data(as_text=True)


def test_a_survey_of_another_program_or_an_outsider_is_a_404(pair, login_as):
    start, _end = _surveys(pair.program.id)
    assert login_as(pair.admin).get(f"/m/{pair.mentorship.id}/surveys/{start.id}").status_code == 404
    assert login_as(pair.mentee).get(f"/m/{pair.mentorship.id}/surveys/{start.id + 999}").status_code == 404
    assert login_as(pair.mentee).get(f"/m/{pair.mentorship.id}/surveys/{start.id}?occasion=5").status_code == 404


def test_admins_add_a_survey_with_questions(pair, login_as):
    admin = login_as(pair.admin)
    base = f"/c/{pair.community.slug}/programs/{pair.program.id}/surveys"
    response = admin.post(
        base,
        data={
            "title": "Pulse",
            "moment": "after_session",
            "kind": "single",
            "text": "Was it useful?",
            "choices": "Yes\nSomewhat\nNo",
        },
    )
    assert response.status_code == 303
    survey = _surveys(pair.program.id)[-1]
    assert (survey.title, survey.moment, survey.questions[0].choices) == (
        "Pulse",
        "after_session",
        ["Yes", "Somewhat", "No"],
    )
    response = admin.post(
        f"{base}/{survey.id}/questions", data={"kind": "text", "text": "Anything else?", "admins_read": "y"}
    )
    assert response.status_code == 303
    assert [q.kind for q in _surveys(pair.program.id)[-1].questions] == ["single", "text"]


@pytest.mark.parametrize(
    "data, message",
    [
        ({"title": "Pulse", "moment": "start", "kind": "rating", "text": ""}, "A survey needs at least one question"),
        ({"title": "", "moment": "start", "kind": "rating", "text": "Q?"}, "Give the survey a title."),
        (
            {"title": "Pulse", "moment": "start", "kind": "single", "text": "Q?", "choices": "Only one"},
            "Give 2 to 10 choices",
        ),
        (
            {"title": "Pulse", "moment": "start", "kind": "nps", "text": "Q?", "admins_read": "y"},
            "Only short text answers",
        ),
    ],
)
def test_bad_surveys_are_refused_with_a_message_and_nothing_stored(pair, login_as, data, message):
    before = len(_surveys(pair.program.id))
    response = login_as(pair.admin).post(f"/c/{pair.community.slug}/programs/{pair.program.id}/surveys", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and message in page
    if data["title"]:
        assert f'value="{data["title"]}"' in page
    assert len(_surveys(pair.program.id)) == before


def test_the_last_question_stays(pair, login_as):
    admin = login_as(pair.admin)
    base = f"/c/{pair.community.slug}/programs/{pair.program.id}/surveys"
    admin.post(base, data={"title": "One", "moment": "midpoint", "kind": "rating", "text": "How is it?"})
    survey = _surveys(pair.program.id)[-1]
    assert admin.post(f"{base}/{survey.id}/questions/{survey.questions[0].id}/delete").status_code == 303
    assert len(_surveys(pair.program.id)[-1].questions) == 1
