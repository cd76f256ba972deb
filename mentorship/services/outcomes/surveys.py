"""A program's surveys: built-in start and end surveys with the same self-ratings (mentorship/data/surveys/),
the admins' own (rating 1-5, one or several choices, short text, NPS 0-10), and a member's answers: one
response per survey, member and occasion, so answering again changes the answers."""

import json
import re
from functools import cache

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from mentorship.config import DATA_DIR
from mentorship.database import one_row
from mentorship.extensions import db
from mentorship.models import Mentorship, Program, User
from mentorship.models.outcomes import (
    QuestionKind,
    Survey,
    SurveyAnswer,
    SurveyDelivery,
    SurveyMoment,
    SurveyQuestion,
    SurveyResponse,
)
from mentorship.services.outcomes import OutcomeError

SURVEY_DIR = DATA_DIR / "surveys"
MOMENT_LABELS = {
    "start": _l("At the start (week 1)"),
    "midpoint": _l("At the midpoint"),
    "end": _l("At the end (the last week, or on completion)"),
    "after_session": _l("After each session"),
}
KIND_LABELS = {
    "rating": _l("Rating from 1 to 5"),
    "single": _l("One of several choices"),
    "multiple": _l("Any of several choices"),
    "text": _l("Short text"),
    "nps": _l("How likely to recommend (0 to 10)"),
}
SCALES = {"rating": (1, 5), "nps": (0, 10)}
MAX_QUESTIONS = 12
MAX_CHOICES = 10
TEXT_MAX = 500
_MEASURE = re.compile(r"^[a-z][a-z0-9_-]{0,39}$")


@cache
def _built_in(template_key: str) -> tuple[dict, ...]:
    path = SURVEY_DIR / f"{template_key}.json"
    if not path.is_file():
        return ()
    return tuple(json.loads(path.read_text(encoding="utf-8"))["surveys"])


def add_built_in_surveys(program: Program, template_key: str) -> list[Survey]:
    """The template's start and end surveys, copied into a new program (the caller commits)."""
    surveys = []
    for data in _built_in(template_key):
        survey = Survey(program_id=program.id, title=data["title"], intro=data.get("intro", ""), moment=data["moment"])
        survey.questions = [
            SurveyQuestion(
                position=i,
                kind=q["kind"],
                text=q["text"],
                choices=list(q.get("choices", [])),
                measure=q.get("measure", ""),
                admins_read=bool(q.get("admins_read", False)),
            )
            for i, q in enumerate(data["questions"])
        ]
        db.session.add(survey)
        surveys.append(survey)
    return surveys


def program_surveys(program_id: int) -> list[Survey]:
    """A program's surveys with their questions, oldest first."""
    return list(
        db.session.scalars(
            select(Survey)
            .where(Survey.program_id == program_id)
            .options(selectinload(Survey.questions))
            .order_by(Survey.id)
        )
    )


def check_survey(title: str, moment: str, intro: str) -> dict[str, str]:
    problems = {}
    if not (title or "").strip():
        problems["title"] = _("Give the survey a title.")
    elif len(title.strip()) > 120:
        problems["title"] = _("Keep the title under 120 characters.")
    if moment not in SurveyMoment.__members__.values():
        problems["moment"] = _("Choose when the survey arrives.")
    if len((intro or "").strip()) > 1000:
        problems["intro"] = _("Keep the introduction under 1,000 characters.")
    return problems


def check_question(kind: str, text: str, choices: list[str], measure: str, admins_read: bool) -> dict[str, str]:
    """The problems of a question's fields, by field name (empty when it is fine)."""
    problems = {}
    if kind not in QuestionKind.__members__.values():
        problems["kind"] = _("Choose what kind of question it is.")
    if not (text or "").strip():
        problems["text"] = _("A survey needs at least one question: write it here.")
    elif len(text.strip()) > 300:
        problems["text"] = _("Keep the question under 300 characters.")
    if kind in ("single", "multiple"):
        if len(choices) < 2 or len(choices) > MAX_CHOICES:
            problems["choices"] = _("Give 2 to %(n)d choices, one per line.", n=MAX_CHOICES)
        elif any(len(c) > 100 for c in choices):
            problems["choices"] = _("Keep each choice under 100 characters.")
    if measure and (kind != "rating" or not _MEASURE.match(measure)):
        problems["measure"] = _(
            "A measure is a short name in small letters (like “confidence”), for rating questions only."
        )
    if admins_read and kind != "text":
        problems["admins_read"] = _("Only short text answers can be passed on to the admins.")
    return problems


def _question(position: int, kind: str, text: str, choices: list[str], measure: str, admins_read: bool):
    return SurveyQuestion(
        position=position,
        kind=kind,
        text=text.strip(),
        choices=choices if kind in ("single", "multiple") else [],
        measure=measure if kind == "rating" else "",
        admins_read=admins_read if kind == "text" else False,
    )


def create_survey(program: Program, title: str, moment: str, intro: str, question: dict) -> Survey:
    """A new survey with its first question (a survey with no question is refused); commits."""
    problems = {**check_survey(title, moment, intro), **check_question(**question)}
    if problems:
        raise OutcomeError(" ".join(problems.values()))
    survey = Survey(program_id=program.id, title=title.strip(), moment=moment, intro=(intro or "").strip())
    survey.questions = [_question(0, **question)]
    db.session.add(survey)
    db.session.commit()
    return survey


def edit_survey(survey: Survey, title: str, moment: str, intro: str) -> Survey:
    problems = check_survey(title, moment, intro)
    if problems:
        raise OutcomeError(" ".join(problems.values()))
    survey.title, survey.moment, survey.intro = title.strip(), moment, (intro or "").strip()
    db.session.commit()
    return survey


def add_question(survey: Survey, question: dict) -> SurveyQuestion:
    problems = check_question(**question)
    if problems:
        raise OutcomeError(" ".join(problems.values()))
    if len(survey.questions) >= MAX_QUESTIONS:
        raise OutcomeError(_("A survey has at most %(n)d questions: keep it short.", n=MAX_QUESTIONS))
    position = max((q.position for q in survey.questions), default=-1) + 1
    row = _question(position, **question)
    survey.questions.append(row)
    db.session.commit()
    return row


def delete_question(survey: Survey, question: SurveyQuestion) -> None:
    """Remove a question and its answers; the last question stays (a survey needs one)."""
    if len(survey.questions) <= 1:
        raise OutcomeError(_("A survey needs at least one question: delete the survey instead."))
    survey.questions.remove(question)
    db.session.commit()


def delete_survey(survey: Survey) -> None:
    db.session.delete(survey)
    db.session.commit()


def parse_answers(survey: Survey, form) -> tuple[dict[int, tuple[int | None, str]], dict[int, str]]:
    """The answers a form gives (question id -> (number, text)) and the problems by question id.

    `form` is a MultiDict (q-<id> fields; several q-<id> for several choices). An unanswered question is
    left out; a value outside its scale is a problem."""
    answers, problems = {}, {}
    for q in survey.questions:
        name = f"q-{q.id}"
        values = [v.strip() for v in form.getlist(name) if v.strip()]
        if not values:
            continue
        if q.kind == "text":
            text = values[0]
            if len(text) > TEXT_MAX:
                problems[q.id] = _("Keep the answer under %(n)d characters.", n=TEXT_MAX)
            else:
                answers[q.id] = (None, text)
            continue
        try:
            numbers = [int(v) for v in values]
        except ValueError:
            numbers = [-1]
        if q.kind in SCALES:
            low, high = SCALES[q.kind]
            if len(numbers) != 1 or not low <= numbers[0] <= high:
                problems[q.id] = _("Choose from %(low)d to %(high)d.", low=low, high=high)
            else:
                answers[q.id] = (numbers[0], "")
        else:
            if any(not 0 <= n < len(q.choices) for n in numbers) or (q.kind == "single" and len(numbers) != 1):
                problems[q.id] = _("Choose one of the choices given.")
            else:
                answers[q.id] = (sum(1 << n for n in set(numbers)) if q.kind == "multiple" else numbers[0], "")
    if not answers and not problems:
        problems[0] = _("Answer at least one question.")
    return answers, problems


def save_response(
    survey: Survey,
    mentorship: Mentorship,
    user: User,
    occasion: int,
    answers: dict[int, tuple[int | None, str]],
    show_name: bool,
) -> SurveyResponse:
    """Store a member's answers; answering again changes them (one response, one answer per question); commits."""
    if mentorship.member_for(user.id) is None:
        raise OutcomeError(_("Only the members of this mentorship can answer its surveys."))
    response = one_row(
        db.session,
        SurveyResponse,
        {"mentorship_id": mentorship.id},
        survey_id=survey.id,
        user_id=user.id,
        occasion=occasion,
    )
    response.show_name = bool(show_name)
    stored = {a.question_id: a for a in response.answers}
    for question_id, answer in list(stored.items()):
        if question_id not in answers:
            response.answers.remove(answer)
    for question_id, (number, text) in answers.items():
        row = stored.get(question_id)
        if row is None:
            row = SurveyAnswer(question_id=question_id)
            response.answers.append(row)
        row.number, row.text = number, text
    db.session.commit()
    return response


def my_response(survey_id: int, user_id: int, occasion: int) -> SurveyResponse | None:
    return db.session.scalar(
        select(SurveyResponse).where(
            SurveyResponse.survey_id == survey_id,
            SurveyResponse.user_id == user_id,
            SurveyResponse.occasion == occasion,
        )
    )


def answer_values(response: SurveyResponse | None) -> dict[int, list[str]]:
    """A stored response as the form's values (question id -> the chosen values as text), to fill the form."""
    if response is None:
        return {}
    values = {}
    questions = {q.id: q for q in db.session.get(Survey, response.survey_id).questions}
    for a in response.answers:
        q = questions.get(a.question_id)
        if q is None:
            continue
        if q.kind == "text":
            values[q.id] = [a.text]
        elif q.kind == "multiple":
            values[q.id] = [str(i) for i in range(len(q.choices)) if (a.number or 0) >> i & 1]
        else:
            values[q.id] = [str(a.number)]
    return values


def waiting_surveys(mentorship_id: int, user_id: int) -> list[tuple[Survey, int]]:
    """The surveys sent to this member in this mentorship and not answered yet: (survey, occasion), one query."""
    answered = (
        select(SurveyResponse.id)
        .where(
            SurveyResponse.survey_id == SurveyDelivery.survey_id,
            SurveyResponse.user_id == SurveyDelivery.user_id,
            SurveyResponse.occasion == SurveyDelivery.occasion,
        )
        .exists()
    )
    rows = db.session.execute(
        select(Survey, SurveyDelivery.occasion)
        .join(SurveyDelivery, SurveyDelivery.survey_id == Survey.id)
        .where(
            SurveyDelivery.mentorship_id == mentorship_id,
            SurveyDelivery.user_id == user_id,
            SurveyDelivery.kind == "invite",
            ~answered,
        )
        .order_by(SurveyDelivery.id)
    ).all()
    return [(survey, occasion) for survey, occasion in rows]
