"""Goals through the pages: drafts from the sign-up, agreeing in week 1, bad input, milestones, and progress
moved at two check-ins, drawn on the check-in chart."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from mentorship.extensions import db
from mentorship.models import CheckIn, utcnow
from mentorship.models.outcomes import Goal, GoalProgress, Milestone
from mentorship.services.outcomes.goals import signup_goal_titles


def _goals(mentorship_id):
    db.session.expire_all()
    return db.session.scalars(select(Goal).where(Goal.mentorship_id == mentorship_id).order_by(Goal.id)).all()


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_sign_up_goals_become_drafts_at_the_introduction(pair, login_as):
    assert [(g.title, g.status, g.owner_id) for g in _goals(pair.mentorship.id)] == [
        ("Lead my first data project", "draft", None),
        ("Learn to present results to managers", "draft", None),
    ]
    page = login_as(pair.mentor).get(f"/m/{pair.mentorship.id}/goals").get_data(as_text=True)
    assert "This is week 1" in page and "Agree on these 2 goals" in page


def test_sign_up_text_is_split_into_at_most_five_goals():
    assert signup_goal_titles("One; two\n- three\n* four\nfive\nsix") == ["One", "two", "three", "four", "five"]
    assert signup_goal_titles("") == []


def test_agreeing_needs_what_success_looks_like_then_confirms_all(pair, login_as):
    mentee = login_as(pair.mentee)
    base = f"/m/{pair.mentorship.id}/goals"
    response = mentee.post(f"{base}/confirm")
    assert response.status_code == 303
    assert "Say what success looks like" in mentee.get(base).get_data(as_text=True)
    assert {g.status for g in _goals(pair.mentorship.id)} == {"draft"}
    for goal in _goals(pair.mentorship.id):
        response = mentee.post(f"{base}/{goal.id}/edit", data={"title": goal.title, "success": "A result I can show"})
        assert response.status_code == 303
    assert {g.status for g in _goals(pair.mentorship.id)} == {"confirmed"}


@pytest.mark.parametrize(
    "data, message",
    [
        ({"title": "   ", "success": "x"}, "Write the goal in a few words."),
        ({"title": "A goal", "target_date": "2001-01-01"}, "on or after the start of the program"),
        ({"title": "A goal", "target_date": "not a date"}, "Not a valid date value."),
        ({"title": "x" * 201}, "Field cannot be longer than 200 characters."),
    ],
)
def test_bad_goals_are_refused_with_a_message_and_the_input_kept(pair, login_as, data, message):
    before = len(_goals(pair.mentorship.id))
    response = login_as(pair.mentee).post(f"/m/{pair.mentorship.id}/goals", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in page
    if data["title"].strip():
        assert f'value="{data["title"]}"' in page
    assert len(_goals(pair.mentorship.id)) == before


def test_a_sixth_goal_is_refused(pair, login_as):
    mentee = login_as(pair.mentee)
    for i in range(3):
        assert mentee.post(f"/m/{pair.mentorship.id}/goals", data={"title": f"Goal {i}"}).status_code == 303
    response = mentee.post(f"/m/{pair.mentorship.id}/goals", data={"title": "One too many", "success": "?"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "at most 5 goals" in page and 'value="One too many"' in page
    assert len(_goals(pair.mentorship.id)) == 5


def test_htmx_add_answers_the_form_fragment_in_place_on_error(pair, login_as):
    response = login_as(pair.mentee, htmx=True).post(f"/m/{pair.mentorship.id}/goals", data={"title": ""})
    body = response.get_data(as_text=True)
    assert response.status_code == 422 and "<html" not in body and 'id="goal-form"' in body


def test_milestones_and_done(pair, login_as):
    mentor = login_as(pair.mentor)
    goal = _goals(pair.mentorship.id)[0]
    base = f"/m/{pair.mentorship.id}/goals/{goal.id}"
    assert mentor.post(f"{base}/milestones", data={"title": "Pick the dataset"}).status_code == 303
    assert mentor.post(f"{base}/milestones", data={"title": " "}).status_code == 303  # refused, flashed
    (milestone,) = db.session.scalars(select(Milestone)).all()
    assert mentor.post(f"{base}/milestones/{milestone.id}/done").status_code == 303
    db.session.expire_all()
    assert milestone.done_at is not None
    assert mentor.post(f"{base}/done").status_code == 303  # a draft needs what success looks like first
    assert _goals(pair.mentorship.id)[0].status == "draft"
    assert mentor.post(f"{base}/edit", data={"title": goal.title, "success": "Presented"}).status_code == 303
    assert mentor.post(f"{base}/done").status_code == 303
    assert _goals(pair.mentorship.id)[0].status == "done"
    page = mentor.get(f"/m/{pair.mentorship.id}/goals").get_data(as_text=True)
    assert "Pick the dataset" in page and "Reached" in page


def test_progress_moves_at_two_check_ins_and_is_drawn(pair, login_as):
    for goal in _goals(pair.mentorship.id):
        goal.status, goal.success = "confirmed", "Shown to my manager"
    db.session.commit()
    first, second = _goals(pair.mentorship.id)
    mentee = login_as(pair.mentee)
    checkin = f"/m/{pair.mentorship.id}/checkin"
    page = mentee.get(checkin).get_data(as_text=True)
    assert f'name="progress-{first.id}"' in page and "How far did each goal get this week?" in page
    data = {"rating": "4", "note": "", "next_goal": "", f"progress-{first.id}": "1", f"progress-{second.id}": "0"}
    assert mentee.post(checkin, data=data).status_code == 303
    # A week later: the second check-in moves both goals on.
    pair.mentorship.started_at = utcnow() - timedelta(days=8)
    db.session.commit()
    data = {**data, f"progress-{first.id}": "2", f"progress-{second.id}": "3"}
    assert mentee.post(checkin, data=data).status_code == 303
    rows = db.session.scalars(select(GoalProgress).order_by(GoalProgress.week, GoalProgress.goal_id)).all()
    assert [(r.goal_id, r.week, r.level) for r in rows] == [
        (first.id, 1, 1),
        (second.id, 1, 0),
        (first.id, 2, 2),
        (second.id, 2, 3),
    ]
    assert _goals(pair.mentorship.id)[1].status == "done"  # "done" at the check-in marks the goal reached
    page = login_as(pair.mentor).get(checkin).get_data(as_text=True)
    assert 'id="progress-chart"' in page and "Goal progress by week" in page
    assert page.count("<circle") >= 4


def test_a_progress_value_outside_the_scale_is_refused_and_nothing_is_stored(pair, login_as):
    goal = _goals(pair.mentorship.id)[0]
    goal.status = "confirmed"
    db.session.commit()
    data = {"rating": "4", "note": "Fine", "next_goal": "", f"progress-{goal.id}": "7"}
    response = login_as(pair.mentee).post(f"/m/{pair.mentorship.id}/checkin", data=data)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Choose how far the goal got" in page and "Fine</textarea>" in page
    assert _count(GoalProgress) == 0 and _count(CheckIn) == 0


def test_one_tap_saves_in_place_with_htmx(pair, login_as):
    goal = _goals(pair.mentorship.id)[0]
    goal.status = "confirmed"
    db.session.commit()
    response = login_as(pair.mentor, htmx=True).post(
        f"/m/{pair.mentorship.id}/goals/{goal.id}/progress", data={"level": "2", "from": "checkin"}
    )
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in body and f'id="progress-{goal.id}"' in body
    assert "Saved: Most" in body
    assert db.session.scalar(select(GoalProgress.level)) == 2


def test_a_circle_has_shared_goals_and_each_mentees_own(app, login_as):
    from mentorship.services.programs.pairing import create_mentorship
    from tests.factories import make_community, make_enrollment, make_program, make_user

    admin, mentor, ann, bob = (make_user(n) for n in ("Ada Admin", "Cy Mentor", "Ann Mentee", "Bob Mentee"))
    community = make_community(admin=admin, members=[mentor, ann, bob])
    program = make_program(community, admin, template="group-circle", status="running")
    circle = create_mentorship(
        program,
        make_enrollment(program, mentor, "mentor", capacity=1),
        [make_enrollment(program, ann, "mentee", goals="Ann's secret plan"), make_enrollment(program, bob, "mentee")],
    )
    db.session.commit()
    owners = {g.title: g.owner_id for g in _goals(circle.id)}
    assert owners["Ann's secret plan"] == ann.id
    assert (
        login_as(bob).post(f"/m/{circle.id}/goals", data={"title": "Circle goal", "owner": "shared"}).status_code == 303
    )
    bob_page = login_as(bob).get(f"/m/{circle.id}/goals").get_data(as_text=True)
    assert "Circle goal" in bob_page and "Ann&#39;s secret plan" not in bob_page
    mentor_page = login_as(mentor).get(f"/m/{circle.id}/goals").get_data(as_text=True)
    assert "Ann&#39;s secret plan" in mentor_page and "Circle goal" in mentor_page
    ann_goal = next(g for g in _goals(circle.id) if g.owner_id == ann.id)
    assert login_as(bob).get(f"/m/{circle.id}/goals/{ann_goal.id}/edit").status_code == 404


def test_the_goals_and_check_in_pages_run_a_constant_number_of_queries(pair, login_as, queries):
    mentee = login_as(pair.mentee)
    m = pair.mentorship.id
    counts = []
    for _round in range(3):
        with queries() as q:
            assert mentee.get(f"/m/{m}/goals").status_code == 200
            assert mentee.get(f"/m/{m}/checkin").status_code == 200
        counts.append(q.count)
        for goal in _goals(m):
            mentee.post(f"/m/{m}/goals/{goal.id}/edit", data={"title": goal.title, "success": "Seen"})
            mentee.post(f"/m/{m}/goals/{goal.id}/milestones", data={"title": "A step"})
            mentee.post(f"/m/{m}/goals/{goal.id}/progress", data={"level": "1"})
        mentee.post(f"/m/{m}/goals", data={"title": "Another goal"})
    # Round 1 has only drafts (the check-in skips the progress query); then 2 goals or 3, more milestones: the same.
    assert counts[1] == counts[2]
