"""The outcome report: the change shows from five people, "fewer than 5 answers" before; CSV hides it too; free
text only where the survey said so, names only when ticked; a constant number of queries."""

import csv
import io

from sqlalchemy import select

from mentorship.extensions import db
from mentorship.models.outcomes import Survey
from mentorship.services.programs.pairing import create_mentorship
from tests.factories import make_enrollment

from .conftest import add_people


def _surveys(program_id):
    return db.session.scalars(select(Survey).where(Survey.program_id == program_id).order_by(Survey.id)).all()


def make_pairs(pair, count: int, start: int = 0):
    """`count` more pairs in the program; returns their (mentorship, mentee)."""
    people = add_people(pair.community, 2 * count, start)
    result = []
    for i in range(count):
        mentor, mentee = people[2 * i], people[2 * i + 1]
        m = create_mentorship(
            pair.program,
            make_enrollment(pair.program, mentor, "mentor"),
            [make_enrollment(pair.program, mentee, "mentee")],
        )
        result.append((m, mentee))
    db.session.commit()
    return result


def answer(login_as, mentorship, person, survey, values: dict, show_name=False):
    data = {f"q-{q.id}": values[i] for i, q in enumerate(survey.questions) if i in values}
    if show_name:
        data["show_name"] = "y"
    response = login_as(person).post(f"/m/{mentorship.id}/surveys/{survey.id}", data=data)
    assert response.status_code == 303, response.get_data(as_text=True)[:500]


def _report(login_as, pair):
    return login_as(pair.admin).get(f"/c/{pair.community.slug}/programs/{pair.program.id}/outcomes")


def test_the_change_shows_from_five_people_and_not_before(pair, login_as):
    start, end = _surveys(pair.program.id)
    pairs = make_pairs(pair, 5)
    for i, (m, mentee) in enumerate(pairs[:4]):
        answer(login_as, m, mentee, start, {0: "2", 1: "2", 2: "3"})
        answer(login_as, m, mentee, end, {0: "4", 1: "3", 2: "3", 3: "9", 4: f"Secret lesson {i}"})
    page = _report(login_as, pair).get_data(as_text=True)
    assert "fewer than 5 answers" in page
    assert "Secret lesson" not in page
    base = f"/c/{pair.community.slug}/programs/{pair.program.id}/outcomes"
    rows = list(
        csv.reader(io.StringIO(login_as(pair.admin).get(f"{base}/q{start.questions[0].id}.csv").get_data(as_text=True)))
    )
    assert rows == [["Answer", "Answers"], ["fewer than 5 answers"]]
    m, mentee = pairs[4]
    answer(login_as, m, mentee, start, {0: "1", 1: "2", 2: "3"})
    answer(login_as, m, mentee, end, {0: "5", 1: "3", 2: "3", 3: "10", 4: "Secret lesson 4"}, show_name=True)
    response = _report(login_as, pair)
    page = response.get_data(as_text=True)
    confidence = start.questions[0].text
    # (4 people from 2 to 4, one from 1 to 5) -> before 1.8, after 4.2, change +2.4, n = 5
    assert f'<th scope="row">{confidence}</th><td>1.8</td><td>4.2</td><td>2.4</td><td>5</td>' in page
    assert "Secret lesson 0" in page and "Secret lesson 4" in page
    assert mentee.display_name in page  # ticked "show my name"
    assert pairs[0][1].display_name not in page  # did not
    rows = list(csv.reader(io.StringIO(login_as(pair.admin).get(f"{base}/change.csv").get_data(as_text=True))))
    assert rows[1][0] == confidence and rows[1][1:] == ["1.8", "4.2", "2.4", "5"]


def test_free_text_stays_private_unless_the_survey_said_so(pair, login_as):
    admin = login_as(pair.admin)
    base = f"/c/{pair.community.slug}/programs/{pair.program.id}/surveys"
    admin.post(
        base, data={"title": "Private note", "moment": "midpoint", "kind": "text", "text": "Anything on your mind?"}
    )
    survey = _surveys(pair.program.id)[-1]
    for i, (m, mentee) in enumerate(make_pairs(pair, 5)):
        answer(login_as, m, mentee, survey, {0: f"Unshared thought {i}"}, show_name=True)
    page = _report(login_as, pair).get_data(as_text=True)
    assert "Unshared thought" not in page and "stay private" in page
    assert (
        admin.get(
            f"/c/{pair.community.slug}/programs/{pair.program.id}/outcomes/text{survey.questions[0].id}.csv"
        ).status_code
        == 404
    )


def test_goals_sessions_and_weeks_show_from_five_mentorships(pair, login_as):
    page = _report(login_as, pair).get_data(as_text=True)
    assert page.count("fewer than 5 answers") >= 3
    make_pairs(pair, 3)
    page = _report(login_as, pair).get_data(as_text=True)
    assert "Goals and how many were reached" in page and "Weeks of the program completed" in page


def test_the_report_runs_a_constant_number_of_queries(pair, login_as, queries):
    start, end = _surveys(pair.program.id)
    pairs = make_pairs(pair, 6)
    path = f"/c/{pair.community.slug}/programs/{pair.program.id}/outcomes"
    admin = login_as(pair.admin)
    for m, mentee in pairs[:3]:
        answer(login_as, m, mentee, start, {0: "2"})
    with queries() as small:
        assert admin.get(path).status_code == 200
    for m, mentee in pairs[3:]:
        answer(login_as, m, mentee, start, {0: "3", 1: "4"})
        answer(login_as, m, mentee, end, {0: "4", 4: "Fine"})
    with queries() as large:
        assert admin.get(path).status_code == 200
    assert small.count == large.count
