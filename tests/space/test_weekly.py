"""The guided program's weeks and the weekly check-ins, with their alerts to the admins."""

import re
from datetime import timedelta

import pytest
from rq import SimpleWorker

from mentorship.extensions import db
from mentorship.models import Notification, utcnow
from mentorship.models.space import AdminAlert, CheckIn, StepProgress
from mentorship.queue import get_queue
from mentorship.services.space import checkins
from mentorship.services.space import thread as space
from tests.factories import make_mentorship
from tests.space.conftest import client_for, make_cast, make_circle, refresh


def _in_week(mentorship, week: int) -> None:
    """Move the start back so that today falls in the given week."""
    mentorship.started_at = utcnow() - timedelta(days=7 * (week - 1) + 1)
    db.session.commit()


@pytest.fixture
def cast(app):
    cast = make_cast(weeks=6)
    _in_week(cast.mentorship, 3)
    return cast


def test_week_numbers_count_whole_utc_weeks_from_the_start(app, cast):
    start = cast.mentorship.started_at
    assert space.week_of(cast.mentorship, start) == 1
    assert space.week_of(cast.mentorship, start + timedelta(days=6, hours=23)) == 1
    assert space.week_of(cast.mentorship, start + timedelta(days=7)) == 2
    assert space.week_of(cast.mentorship, start - timedelta(seconds=1)) == 0


def test_this_week_shows_the_step_guidance_and_activity(app, cast):
    page = client_for(app, cast.mentee).get(f"/m/{cast.mentorship.id}/program").get_data(as_text=True)
    this_week = page.split('id="this-week"', 1)[1].split("</section>", 1)[0]
    assert "week 3 of 6" in this_week and "Week 3 step" in this_week
    assert "Guidance for week 3: <em>listen</em> first." in this_week and "Activity for week 3." in this_week
    assert 'aria-valuenow="0"' in page and "0 of 6 weeks done" in page
    past = page.split('id="past-title"', 1)[1].split("</section>", 1)[0]
    assert "Week 2: Week 2 step" in past and "Week 1: Week 1 step" in past and "not marked done" in past
    upcoming = page.split('id="upcoming-title"', 1)[1]
    assert all(f"Week {w}: Week {w} step" in upcoming for w in (4, 5, 6))


def test_the_program_page_serves_this_week_as_a_fragment_to_htmx(app, cast):
    response = client_for(app, cast.mentee, htmx=True).get(f"/m/{cast.mentorship.id}/program")
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in body and 'id="this-week"' in body
    assert "Past weeks" not in body and "HX-Request" in response.headers["Vary"]


def test_marking_a_week_done_with_a_note(app, cast):
    response = client_for(app, cast.mentee).post(
        f"/m/{cast.mentorship.id}/program/3/done", data={"note": "Practised the pitch twice."}
    )
    assert response.status_code == 303 and response.headers["Location"].endswith("/program#week-3")
    refresh()
    (progress,) = db.session.query(StepProgress).all()
    assert (progress.week, progress.note, progress.done_by_id) == (3, "Practised the pitch twice.", cast.mentee.id)
    page = client_for(app, cast.mentor).get(f"/m/{cast.mentorship.id}/program").get_data(as_text=True)
    assert "1 of 6 weeks done" in page and "width: 17%" in page
    assert "Marked done by Sam Mentee" in page and "Practised the pitch twice." in page
    # Past weeks can be caught up on; undo removes the mark.
    client_for(app, cast.mentor).post(f"/m/{cast.mentorship.id}/program/1/done", data={"note": ""})
    client_for(app, cast.mentor).post(f"/m/{cast.mentorship.id}/program/3/undo")
    refresh()
    assert [p.week for p in db.session.query(StepProgress).all()] == [1]


@pytest.mark.parametrize(
    ("week", "note", "message"),
    [(4, "ahead", "started yet"), (9, "", "not part of this mentorship"), (3, "x" * 2001, "under 2,000")],
)
def test_bad_week_marks_are_refused(app, cast, week, note, message):
    response = client_for(app, cast.mentee).post(f"/m/{cast.mentorship.id}/program/{week}/done", data={"note": note})
    body = response.get_data(as_text=True)
    assert response.status_code == 422 and message in body
    if week == 3:
        assert note in body and 'aria-invalid="true"' in body
    refresh()
    assert db.session.query(StepProgress).count() == 0


def test_a_mentorship_without_a_program_has_weeks_for_its_own_goals(app, cast):
    pair = make_mentorship(cast.community, cast.member, cast.other_mentee)
    page = client_for(app, cast.member).get(f"/m/{pair.id}/program").get_data(as_text=True)
    assert "Your own goals" in page and "no guided program" in page


def test_a_check_in_is_stored_once_per_week_and_can_be_changed(app, cast):
    client = client_for(app, cast.mentee)
    url = f"/m/{cast.mentorship.id}/checkin"
    assert client.post(url, data={"rating": "3", "note": "Busy week", "next_goal": "Draft CV"}).status_code == 303
    assert client.post(url, data={"rating": "4", "note": "Better now", "next_goal": "Send CV"}).status_code == 303
    refresh()
    (checkin,) = db.session.query(CheckIn).all()
    assert (checkin.week, checkin.rating, checkin.note, checkin.next_goal) == (3, 4, "Better now", "Send CV")
    page = client.get(url).get_data(as_text=True)
    assert "Update check-in" in page and re.search(r'<input checked[^>]*value="4"', page)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"note": "kept text"}, "Choose from 1 to 5."),
        ({"rating": "7", "note": "kept text"}, "Not a valid choice"),
        ({"rating": "2", "note": "kept text", "next_goal": "g" * 301}, "under 300"),
    ],
)
def test_bad_check_ins_are_refused_and_the_input_kept(app, cast, data, message):
    response = client_for(app, cast.mentee).post(f"/m/{cast.mentorship.id}/checkin", data=data)
    body = response.get_data(as_text=True)
    assert response.status_code == 422 and message in body and "kept text" in body
    htmx = client_for(app, cast.mentee, htmx=True).post(f"/m/{cast.mentorship.id}/checkin", data=data)
    fragment = htmx.get_data(as_text=True)
    assert htmx.status_code == 422 and "<html" not in fragment and 'id="checkin-form"' in fragment
    refresh()
    assert db.session.query(CheckIn).count() == 0


def test_check_ins_wait_while_paused(app, cast):
    cast.mentorship.status = "paused"
    db.session.commit()
    response = client_for(app, cast.mentee).post(f"/m/{cast.mentorship.id}/checkin", data={"rating": "3"})
    assert response.status_code == 422 and "while the mentorship is active" in response.get_data(as_text=True)


def _checkin(mentorship_id, user, week, rating, note=""):
    db.session.add(CheckIn(mentorship_id=mentorship_id, user_id=user.id, week=week, rating=rating, note=note))
    db.session.commit()


def test_both_see_the_history_as_a_chart_and_a_table(app, cast):
    m = cast.mentorship.id
    for week, (mentor, mentee) in enumerate([(4, 3), (5, 4)], start=1):
        _checkin(m, cast.mentor, week, mentor, f"mentor note {week}")
        _checkin(m, cast.mentee, week, mentee, f"mentee note {week}")
    for person in (cast.mentor, cast.mentee):
        page = client_for(app, person).get(f"/m/{m}/checkin").get_data(as_text=True)
        assert page.count("<polyline") == 2 and page.count("<circle") == 4
        assert "Check-in ratings by week" in page and "Lin Mentor" in page and "Sam Mentee" in page
        table = page.split("<table>", 1)[1].split("</table>", 1)[0]
        assert re.search(r'<th scope="row">1</th><td>4</td><td>3</td>', table)
        assert re.search(r'<th scope="row">2</th><td>5</td><td>4</td>', table)
        assert "mentor note 2" in page and "mentee note 1" in page


def test_in_a_circle_mentees_see_only_their_own_and_the_mentors_check_ins(app, cast):
    circle, mentor, (first, second) = make_circle(cast.community, size=2)
    _checkin(circle.id, mentor, 1, 4, "mentor says")
    _checkin(circle.id, first, 1, 2, "first says")
    _checkin(circle.id, second, 1, 5, "second says")
    page = client_for(app, second).get(f"/m/{circle.id}/checkin").get_data(as_text=True)
    assert "second says" in page and "mentor says" in page and "first says" not in page
    assert page.count("<polyline") == 2
    assert client_for(app, mentor).get(f"/m/{circle.id}/checkin").get_data(as_text=True).count("<polyline") == 3


def _alerts_for(user, about: str = ""):
    refresh()
    texts = [n.text for n in db.session.query(Notification).filter_by(user_id=user.id, kind="admin_alert")]
    return [text for text in texts if about in text]


def test_diverging_ratings_alert_the_admins_once_without_the_notes(app, cast):
    url = f"/m/{cast.mentorship.id}/checkin"
    client_for(app, cast.mentor).post(url, data={"rating": "5", "note": "SECRET-MENTOR-NOTE"})
    assert _alerts_for(cast.admin, "diverge") == []
    client_for(app, cast.mentee).post(url, data={"rating": "3", "note": "SECRET-MENTEE-NOTE"})
    client_for(app, cast.mentee).post(url, data={"rating": "2", "note": "SECRET-MENTEE-NOTE"})
    (alert,) = _alerts_for(cast.admin, "diverge")
    assert f"Mentorship #{cast.mentorship.id}" in alert and "ratings diverge this week (week 3)" in alert
    assert all("SECRET" not in text for text in _alerts_for(cast.admin))
    assert _alerts_for(cast.moderator) == [] and _alerts_for(cast.mentee) == []
    assert db.session.query(AdminAlert).filter_by(reason="diverge", week=3).count() == 1


def test_ratings_one_point_apart_raise_nothing(app, cast):
    url = f"/m/{cast.mentorship.id}/checkin"
    client_for(app, cast.mentor).post(url, data={"rating": "4"})
    client_for(app, cast.mentee).post(url, data={"rating": "3"})
    assert _alerts_for(cast.admin, "diverge") == []


def test_a_member_quiet_for_two_weeks_is_named_to_the_admins(app, cast):
    m = cast.mentorship.id
    _checkin(m, cast.mentee, 1, 4)
    _checkin(m, cast.mentee, 2, 4)
    client_for(app, cast.mentee).post(f"/m/{m}/checkin", data={"rating": "4", "note": "all good"})
    (alert,) = _alerts_for(cast.admin)
    assert "Lin Mentor has not checked in for 2 weeks" in alert and "Sam" not in alert


def test_the_sweep_finds_pairs_where_nobody_checks_in_and_alerts_once(app, cast):
    assert checkins.sweep_alerts() == 1
    assert checkins.sweep_alerts() == 0
    (alert,) = _alerts_for(cast.admin)
    assert "Lin Mentor and Sam Mentee have not checked in for 2 weeks" in alert
    # A pair in its second week is not quiet yet, and a paused one is left alone.
    refresh()
    assert db.session.query(AdminAlert).count() == 1


def test_no_quiet_alert_in_the_first_two_weeks(app, cast):
    _in_week(cast.mentorship, 2)
    assert checkins.sweep_alerts() == 0
    cast.mentorship.status = "paused"
    _in_week(cast.mentorship, 5)
    assert checkins.sweep_alerts() == 0


def test_the_alert_sweep_runs_as_an_rq_job(app, cast):

    queue = get_queue("default")
    job = queue.enqueue("jobs.space.sweep_checkin_alerts")
    SimpleWorker([queue], connection=queue.connection).work(burst=True)
    job.refresh()
    assert job.get_status() == "finished" and job.return_value() == 1
    assert len(_alerts_for(cast.admin, "have not checked in")) == 1
