"""Every payload of the XSS corpus, typed as a goal, its success line, a milestone, a survey question, a choice
and an answer, comes out as text on every page that shows it."""

import html
import re
from html.parser import HTMLParser

from markupsafe import escape
from sqlalchemy import delete, select

from mentorship.extensions import db
from mentorship.models.outcomes import Goal, Survey, SurveyAnswer, SurveyQuestion, SurveyResponse
from tests.xss_corpus import PAYLOADS

from .test_report import make_pairs


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))


def assert_inert(page: str) -> None:
    parser = _Tags()
    parser.feed(page)
    for tag, attrs in parser.tags:
        assert (
            tag not in ("iframe", "object", "embed", "base", "meta")
            or tag == "meta"
            and not dict(attrs).get("http-equiv")
        ), tag
        if tag == "script":
            assert (dict(attrs).get("src") or "").startswith("/static/"), attrs
        for name, value in attrs:
            assert not name.startswith("on"), (tag, name)
            if name in ("href", "src", "action", "formaction"):
                url = re.sub(r"[\s\x00-\x1f]", "", html.unescape(value or "")).lower()
                assert not url.startswith(("javascript:", "data:", "vbscript:")), url
    assert not re.search(r"<\s*script>alert", page, re.I)


def _chunks(items, size):
    return [items[i : i + size] for i in range(0, len(items), size)]


def test_goals_and_milestones_stay_text(pair, login_as):
    mentee = login_as(pair.mentee)
    m = pair.mentorship.id
    db.session.execute(delete(Goal))
    db.session.commit()
    for chunk in _chunks(PAYLOADS, 5):
        for payload in chunk:
            response = mentee.post(f"/m/{m}/goals", data={"title": payload[:200], "success": payload})
            assert response.status_code == 303, payload
        goal = db.session.scalars(select(Goal)).first()
        for payload in chunk:
            mentee.post(f"/m/{m}/goals/{goal.id}/milestones", data={"title": payload[:200]})
        for path in (f"/m/{m}/goals", f"/m/{m}/checkin", f"/m/{m}/goals/{goal.id}/edit"):
            page = login_as(pair.mentor).get(path).get_data(as_text=True)
            assert_inert(page)
        page = login_as(pair.mentor).get(f"/m/{m}/goals").get_data(as_text=True)
        titles = db.session.scalars(select(Goal.title)).all()
        assert len(titles) == len(chunk) and all(str(escape(title)) in page for title in titles)
        db.session.execute(delete(Goal))
        db.session.commit()


def test_survey_questions_choices_and_answers_stay_text(pair, login_as):
    admin = login_as(pair.admin)
    base = f"/c/{pair.community.slug}/programs/{pair.program.id}/surveys"
    for payload in PAYLOADS[:: max(1, len(PAYLOADS) // 12)]:
        response = admin.post(
            base,
            data={
                "title": payload[:120],
                "moment": "midpoint",
                "kind": "single",
                "text": payload[:300],
                "choices": f"{payload[:100]}\nSafe choice",
            },
        )
        assert response.status_code == 303, payload
    text_survey = Survey(program_id=pair.program.id, title="Texts", moment="end")
    text_survey.questions = [SurveyQuestion(kind="text", text="Say anything", admins_read=True)]
    db.session.add(text_survey)
    db.session.commit()
    people = make_pairs(pair, 5)
    for i, payload in enumerate(PAYLOADS):
        mentorship, mentee = people[i % 5]
        response = SurveyResponse(survey_id=text_survey.id, user_id=mentee.id, mentorship_id=mentorship.id, occasion=i)
        # The request cleaning strips NUL bytes; these rows skip it (PostgreSQL refuses them).
        response.answers = [SurveyAnswer(question_id=text_survey.questions[0].id, text=payload.replace("\x00", ""))]
        db.session.add(response)
    db.session.commit()
    assert_inert(admin.get(f"/c/{pair.community.slug}/programs/{pair.program.id}/outcomes").get_data(as_text=True))
    assert_inert(admin.get(base).get_data(as_text=True))
    for survey in db.session.scalars(select(Survey).where(Survey.moment == "midpoint")):
        assert_inert(admin.get(f"{base}/{survey.id}").get_data(as_text=True))
        page = login_as(pair.mentee).get(f"/m/{pair.mentorship.id}/surveys/{survey.id}").get_data(as_text=True)
        assert_inert(page)
