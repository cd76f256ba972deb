"""Regression: one mentee locked to two mentors gave a 500 on "Run matching" (two classes named MatchingError).

The second lock is refused when it is added; a lock (or any input) the solver refuses is a message on the
matching page, plain and htmx, never a 500.
"""

import pytest
from sqlalchemy import func, select

from mentorship.extensions import db
from mentorship.models.matching import MatchRun, PairDecision
from mentorship.services.matching import suggest
from mentorship.services.programs import runs as match_runs
from tests.factories import make_community, make_enrollment, make_program, make_user


@pytest.fixture
def w(app):
    admin = make_user("Ada Admin")
    community = make_community(admin=admin)
    program = make_program(community, admin, status="open")
    mentors = [make_enrollment(program, make_user(name), "mentor") for name in ("Mo Mentor", "Max Mentor")]
    mentee = make_enrollment(program, make_user("Lin Mentee"), "mentee")
    url = f"/c/{community.slug}/programs/{program.id}/matching/"
    return {"admin": admin, "program": program, "mentors": mentors, "mentee": mentee, "url": url}


def locks() -> int:
    return db.session.scalar(select(func.count(PairDecision.id)).where(PairDecision.decision == "locked"))


def runs() -> int:
    return db.session.scalar(select(func.count(MatchRun.id)))


def lock_both_by_hand(w) -> None:
    """Two locks for one mentee, as stored before the rule was checked when adding them."""
    for mentor in w["mentors"]:
        db.session.add(
            PairDecision(
                program_id=w["program"].id,
                mentor_enrollment_id=mentor.id,
                mentee_enrollment_id=w["mentee"].id,
                decision="locked",
                created_by_id=w["admin"].id,
            )
        )
    db.session.commit()


def test_there_is_one_matching_error_class():
    assert match_runs.MatchingError is suggest.MatchingError


def test_the_second_lock_of_a_mentee_is_refused_in_the_service(w):
    first, second = w["mentors"]
    match_runs.set_pair_decision(w["program"], first, w["mentee"], "locked", w["admin"])
    with pytest.raises(match_runs.MatchingError, match="Lin Mentee is already locked to Mo Mentor"):
        match_runs.set_pair_decision(w["program"], second, w["mentee"], "locked", w["admin"])
    db.session.rollback()
    assert locks() == 1
    match_runs.set_pair_decision(w["program"], first, w["mentee"], "locked", w["admin"])  # the same lock again
    match_runs.set_pair_decision(w["program"], second, w["mentee"], "forbidden", w["admin"])  # forbidding is fine
    assert locks() == 1


def test_a_mentor_gets_no_more_locks_than_places(w):
    mentor = w["mentors"][0]
    other = make_enrollment(w["program"], make_user("Ola Mentee"), "mentee")
    match_runs.set_pair_decision(w["program"], mentor, w["mentee"], "locked", w["admin"])
    with pytest.raises(match_runs.MatchingError, match="Mo Mentor has room for 1"):
        match_runs.set_pair_decision(w["program"], mentor, other, "locked", w["admin"])


def test_a_double_lock_already_stored_is_refused_by_the_run_with_names(w):
    lock_both_by_hand(w)
    with pytest.raises(match_runs.MatchingError, match=r"Lin Mentee is locked to two mentors \(Mo Mentor and Max"):
        match_runs.run_matching(w["program"], w["admin"])
    db.session.rollback()
    assert runs() == 0


def test_the_second_lock_is_refused_through_the_view_plain_and_htmx(w, login_as):
    first, second = w["mentors"]
    data = {"mentor": first.id, "mentee": w["mentee"].id, "decision": "lock"}
    assert login_as(w["admin"]).post(w["url"] + "rules", data=data).status_code == 303
    data["mentor"] = second.id
    browser = login_as(w["admin"])
    response = browser.post(w["url"] + "rules", data=data)
    assert response.status_code == 303 and response.headers["Location"] == w["url"] + "#rules"
    assert "already locked to Mo Mentor" in browser.get(w["url"]).get_data(as_text=True)
    response = login_as(w["admin"], htmx=True).post(w["url"] + "rules", data=data)
    body = response.get_data(as_text=True)
    assert response.status_code == 409 and "already locked to Mo Mentor" in body and "<html" not in body
    assert locks() == 1


def test_run_matching_shows_a_solver_refusal_as_a_message_plain_and_htmx(w, login_as):
    lock_both_by_hand(w)
    browser = login_as(w["admin"])
    response = browser.post(w["url"] + "run")
    assert response.status_code == 303 and response.headers["Location"] == w["url"]
    page = browser.get(w["url"]).get_data(as_text=True)
    assert "Lin Mentee is locked to two mentors" in page
    response = login_as(w["admin"], htmx=True).post(w["url"] + "run")
    body = response.get_data(as_text=True)
    assert response.status_code == 409 and "Lin Mentee is locked to two mentors" in body and "<html" not in body
    assert runs() == 0


def test_weights_the_solver_refuses_are_a_message_too(w, login_as):
    w["program"].match_weights = {"topics": -5}
    db.session.commit()
    response = login_as(w["admin"], htmx=True).post(w["url"] + "run")
    assert response.status_code == 409 and "Weights must be zero or more." in response.get_data(as_text=True)
    response = login_as(w["admin"]).post(w["url"] + "run")
    assert response.status_code == 303
    assert runs() == 0
