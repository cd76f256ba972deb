"""The outcome report for a program's admins: survey answers in aggregate (distribution, average, NPS), the
before-after change of each self-rating with its number of answers, goal completion, sessions held and weeks
completed. Aggregates only, from a fixed number of GROUP BY queries whatever the program's size.

Privacy: any figure built from fewer than MIN_PEOPLE people is withheld ("fewer than 5 answers", and left
out of the CSV). Short text answers reach the admins only from questions whose survey said so above the
question (`admins_read`), from at least MIN_PEOPLE people, and never with a name unless the person ticked
"show my name". Nothing here reads goals' or milestones' words, summaries or check-in notes.
"""

from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import case, distinct, func, select
from sqlalchemy.orm import selectinload

from mentorship.extensions import db
from mentorship.models import Mentorship, StepProgress, User, utcnow
from mentorship.models.outcomes import Goal, Survey, SurveyAnswer, SurveyQuestion, SurveyResponse
from mentorship.models.sessions import CallSession

MIN_PEOPLE = 5
TEXTS_ON_PAGE = 50  # the rest are in the CSV
STARTED = ("active", "paused", "completed", "ended")


@dataclass
class Figures:
    """One table of the report: the page draws its chart (macros/charts.html) and table, the CSV writes it.
    `hidden`: built from fewer than MIN_PEOPLE people, so neither the page nor the CSV shows its numbers."""

    key: str
    title: str
    columns: list[str]
    rows: list[list] = field(default_factory=list)
    chart: str = "bar"
    plot: list[str] | None = None
    hidden: bool = False
    n: int = 0
    withheld: list[str] = field(default_factory=list)  # rows left out: fewer than MIN_PEOPLE people
    rate: float | None = None

    def series(self) -> list[dict]:
        names = self.plot or self.columns[1:]
        return [{"name": name, "values": [row[self.columns.index(name)] or 0 for row in self.rows]} for name in names]

    def csv_rows(self) -> list[list]:
        return [[_("fewer than 5 answers")]] if self.hidden else self.rows


def _counts(question_ids: list[int]) -> dict[int, dict[int, int]]:
    """question id -> {number: answers} (read from the (question, number) index alone)."""
    rows = db.session.execute(
        select(SurveyAnswer.question_id, SurveyAnswer.number, func.count())
        .where(SurveyAnswer.question_id.in_(question_ids), SurveyAnswer.number.is_not(None))
        .group_by(SurveyAnswer.question_id, SurveyAnswer.number)
    ).all()
    result: dict[int, dict[int, int]] = {}
    for question_id, number, count in rows:
        result.setdefault(question_id, {})[number] = count
    return result


def _people(question_ids: list[int]) -> dict[int, int]:
    """question id -> how many different people answered it."""
    rows = db.session.execute(
        select(SurveyAnswer.question_id, func.count(distinct(SurveyResponse.user_id)))
        .join(SurveyResponse, SurveyResponse.id == SurveyAnswer.response_id)
        .where(SurveyAnswer.question_id.in_(question_ids))
        .group_by(SurveyAnswer.question_id)
    ).all()
    return dict(rows)


def _texts(program_id: int, question_ids: list[int]) -> dict[int, list[tuple[str, str | None]]]:
    """question id -> [(text, name or None)], sorted by text: names only where the person said so."""
    if not question_ids:
        return {}
    rows = db.session.execute(
        select(SurveyAnswer.question_id, SurveyAnswer.text, SurveyResponse.show_name, User.display_name)
        .join(SurveyResponse, SurveyResponse.id == SurveyAnswer.response_id)
        .join(User, User.id == SurveyResponse.user_id)
        .where(SurveyAnswer.question_id.in_(question_ids), SurveyAnswer.text != "")
    ).all()
    result: dict[int, list] = {}
    for question_id, text, show_name, name in rows:
        result.setdefault(question_id, []).append((text, name if show_name else None))
    return {q: sorted(items, key=lambda item: item[0].casefold()) for q, items in result.items()}


def _distribution(question: SurveyQuestion, counts: dict[int, int], people: int) -> tuple[Figures, dict]:
    key = f"q{question.id}"
    facts: dict = {"n": people, "hidden": people < MIN_PEOPLE, "average": None, "nps": None}
    table = Figures(key, question.text, [_("Answer"), _("Answers")], n=people, hidden=people < MIN_PEOPLE)
    if question.kind in ("rating", "nps"):
        low, high = (1, 5) if question.kind == "rating" else (0, 10)
        table.rows = [[str(v), counts.get(v, 0)] for v in range(low, high + 1)]
        total = sum(counts.values())
        if total:
            facts["average"] = round(sum(v * c for v, c in counts.items()) / total, 2)
        if question.kind == "nps" and total:
            promoters = sum(c for v, c in counts.items() if v >= 9)
            detractors = sum(c for v, c in counts.items() if v <= 6)
            facts["nps"] = round(100 * (promoters - detractors) / total)
    elif question.kind == "single":
        table.rows = [[choice, counts.get(i, 0)] for i, choice in enumerate(question.choices)]
    elif question.kind == "multiple":
        table.rows = [
            [choice, sum(c for mask, c in counts.items() if mask >> i & 1)] for i, choice in enumerate(question.choices)
        ]
    else:
        table.chart = "none"
    if facts["hidden"]:
        table.rows = []
    return table, facts


def _changes(surveys: list[Survey]) -> Figures:
    """Each self-rating asked at the start and the end: people who answered both, averages and the change.

    One query: each person's start and end answer per measure (grouped by person), then averaged per measure;
    no self-join of the answers."""
    measured = {
        q.id: (q, s.moment)
        for s in surveys
        if s.moment in ("start", "end")
        for q in s.questions
        if q.measure and q.kind == "rating"
    }
    texts: dict[str, tuple[int, str]] = {}
    for question, moment in measured.values():
        if moment == "start" and (question.measure not in texts or question.position < texts[question.measure][0]):
            texts[question.measure] = (question.position, question.text)
    paired: dict[str, tuple[int, float, float]] = {}
    if measured:
        start_ids = [qid for qid, (_q, moment) in measured.items() if moment == "start"]
        end_ids = [qid for qid, (_q, moment) in measured.items() if moment == "end"]
        measure = case({qid: q.measure for qid, (q, _m) in measured.items()}, value=SurveyAnswer.question_id)
        per_person = (
            select(
                measure.label("measure"),
                func.max(case((SurveyAnswer.question_id.in_(start_ids), SurveyAnswer.number))).label("before"),
                func.max(case((SurveyAnswer.question_id.in_(end_ids), SurveyAnswer.number))).label("after"),
            )
            .join(SurveyResponse, SurveyResponse.id == SurveyAnswer.response_id)
            .where(SurveyAnswer.question_id.in_(list(measured)), SurveyAnswer.number.is_not(None))
            .group_by(SurveyResponse.user_id, SurveyResponse.mentorship_id, measure)
            .subquery()
        )
        rows = db.session.execute(
            select(per_person.c.measure, func.count(), func.avg(per_person.c.before), func.avg(per_person.c.after))
            .where(per_person.c.before.is_not(None), per_person.c.after.is_not(None))
            .group_by(per_person.c.measure)
        ).all()
        paired = {m: (int(n), float(before), float(after)) for m, n, before, after in rows}
    table = Figures(
        "change",
        _("Before and after: self-ratings at the start and the end (1 to 5)"),
        [_("Self-rating"), _("Before"), _("After"), _("Change"), _("People")],
        plot=[_("Before"), _("After")],
    )
    for name in sorted(paired, key=lambda m: texts.get(m, (0, m))[0]):
        people, before, after = paired[name]
        text = texts.get(name, (0, name))[1]
        if people < MIN_PEOPLE:
            table.withheld.append(text)
            continue
        table.rows.append([text, round(before, 2), round(after, 2), round(after - before, 2), people])
    table.n = max((r[4] for r in table.rows), default=0)
    return table


def _goal_figures(program_id: int) -> Figures:
    def _status(value):
        return func.sum(case((Goal.status == value, 1), else_=0))

    row = db.session.execute(
        select(func.count(distinct(Goal.mentorship_id)), _status("draft"), _status("confirmed"), _status("done"))
        .join(Mentorship, Mentorship.id == Goal.mentorship_id)
        .where(Mentorship.program_id == program_id)
    ).one()
    mentorships = row[0]
    by_status = {"draft": int(row[1] or 0), "confirmed": int(row[2] or 0), "done": int(row[3] or 0)}
    total = sum(by_status.values())
    done = by_status.get("done", 0)
    table = Figures(
        "goals",
        _("Goals and how many were reached"),
        [_("Goals"), _("Count")],
        chart="bar",
        n=mentorships or 0,
        hidden=(mentorships or 0) < MIN_PEOPLE,
    )
    if not table.hidden:
        table.rows = [
            [_("Draft"), by_status.get("draft", 0)],
            [_("Agreed"), by_status.get("confirmed", 0)],
            [_("Done"), done],
        ]
    table.rate = round(done / total, 2) if total and not table.hidden else None
    return table


def _activity(program_id: int, now: datetime) -> tuple[Figures, Figures, dict]:
    started = db.session.execute(
        select(func.count(), func.sum(case((Mentorship.status == "completed", 1), else_=0))).where(
            Mentorship.program_id == program_id, Mentorship.status.in_(STARTED)
        )
    ).one()
    mentorships, completed = int(started[0] or 0), int(started[1] or 0)
    held = db.session.execute(
        select(func.count(), func.count(distinct(CallSession.mentorship_id)))
        .join(Mentorship, Mentorship.id == CallSession.mentorship_id)
        .where(Mentorship.program_id == program_id, CallSession.status == "accepted", CallSession.starts_at <= now)
    ).one()
    per_mentorship = (
        select(StepProgress.mentorship_id, func.count().label("done"))
        .join(Mentorship, Mentorship.id == StepProgress.mentorship_id)
        .where(Mentorship.program_id == program_id)
        .group_by(StepProgress.mentorship_id)
        .subquery()
    )
    weeks_rows = db.session.execute(
        select(per_mentorship.c.done, func.count()).group_by(per_mentorship.c.done).order_by(per_mentorship.c.done)
    ).all()
    hidden = mentorships < MIN_PEOPLE
    weeks = Figures(
        "weeks",
        _("Weeks of the program completed, per mentorship"),
        [_("Weeks completed"), _("Mentorships")],
        n=mentorships,
        hidden=hidden,
    )
    with_steps = sum(c for _w, c in weeks_rows)
    if not hidden:
        weeks.rows = ([[0, mentorships - with_steps]] if mentorships > with_steps else []) + [
            [w, c] for w, c in weeks_rows
        ]
    sessions = Figures(
        "sessions",
        _("Sessions held"),
        [_("Figure"), _("Value")],
        chart="none",
        n=mentorships,
        hidden=hidden,
    )
    if not hidden:
        sessions.rows = [
            [_("Sessions held"), int(held[0] or 0)],
            [_("Mentorships with at least one session"), int(held[1] or 0)],
            [_("Sessions per mentorship"), round((held[0] or 0) / mentorships, 2) if mentorships else 0],
        ]
    total_weeks = sum(w * c for w, c in weeks_rows)
    facts = {
        "mentorships": mentorships,
        "completed": completed,
        "sessions": int(held[0] or 0),
        "weeks_average": round(total_weeks / mentorships, 1) if mentorships else None,
        "hidden": hidden,
    }
    return weeks, sessions, facts


def program_report(program_id: int, now: datetime | None = None) -> dict:
    """Everything the outcome report shows, and its tables by key for the CSV downloads."""
    now = now or utcnow()
    surveys = db.session.scalars(
        select(Survey)
        .where(Survey.program_id == program_id)
        .options(selectinload(Survey.questions))
        .order_by(Survey.id)
    ).all()
    question_ids = [q.id for s in surveys for q in s.questions]
    counts, people = _counts(question_ids), _people(question_ids)
    readable = [q.id for s in surveys for q in s.questions if q.kind == "text" and q.admins_read]
    texts = _texts(program_id, [q for q in readable if people.get(q, 0) >= MIN_PEOPLE])
    tables: dict[str, Figures] = {}
    sections = []
    for survey in surveys:
        questions = []
        for question in survey.questions:
            table, facts = _distribution(question, counts.get(question.id, {}), people.get(question.id, 0))
            tables[table.key] = table
            shown = texts.get(question.id, []) if question.admins_read and not facts["hidden"] else []
            questions.append(
                {
                    "question": question,
                    "table": table,
                    "texts": shown[:TEXTS_ON_PAGE],
                    "more": len(shown) - len(shown[:TEXTS_ON_PAGE]),
                    **facts,
                }
            )
        sections.append({"survey": survey, "questions": questions})
    change = _changes(surveys)
    goals = _goal_figures(program_id)
    weeks, sessions, activity = _activity(program_id, now)
    for table in (change, goals, weeks, sessions):
        tables[table.key] = table
    for question_id, items in texts.items():
        tables[f"text{question_id}"] = Figures(
            f"text{question_id}", _("Short answers"), [_("Answer"), _("Name")], rows=[[t, n or ""] for t, n in items]
        )
    return {
        "sections": sections,
        "change": change,
        "goals": goals,
        "weeks": weeks,
        "sessions": sessions,
        "activity": activity,
        "tables": tables,
    }
