"""Sessions that took place: "Did you meet this week?" answered in one tap on the check-in, and "sessions held"
on program health as counts only."""

from datetime import timedelta

from sqlalchemy import func, select

from mentorship.extensions import db
from mentorship.models import CallSession, CheckIn, utcnow


def _held(pair, hours_ago: int = 3) -> CallSession:
    session = CallSession(
        mentorship_id=pair.mentorship.id,
        proposer_id=pair.mentor.id,
        starts_at=utcnow() - timedelta(hours=hours_ago),
        minutes=45,
        place_kind="phone",
        place="+1 555 0100",
        agenda="A private agenda",
        status="accepted",
        uid=f"session-held-{hours_ago}@mentorship",
    )
    db.session.add(session)
    db.session.commit()
    return session


def _started(pair):
    pair.mentorship.started_at = utcnow() - timedelta(days=1)
    db.session.commit()


def test_a_session_this_week_answers_did_you_meet_already(pair, login_as):
    _started(pair)
    _held(pair)
    mentee = login_as(pair.mentee)
    page = mentee.get(f"/m/{pair.mentorship.id}/checkin").get_data(as_text=True)
    assert "Did you meet this week?" in page and "took place" in page
    assert 'checked id="met-0" name="met" type="radio" value="yes"' in page or 'value="yes" checked' in page
    response = mentee.post(f"/m/{pair.mentorship.id}/checkin", data={"rating": "4", "met": "yes"})
    assert response.status_code == 303
    assert db.session.scalar(select(CheckIn.met)) is True


def test_no_session_leaves_the_question_open_and_a_bad_answer_is_refused(pair, login_as):
    _started(pair)
    mentee = login_as(pair.mentee)
    page = mentee.get(f"/m/{pair.mentorship.id}/checkin").get_data(as_text=True)
    assert "Did you meet this week?" in page and "checked" not in page.split("Did you meet")[1].split("</fieldset>")[0]
    bad = mentee.post(f"/m/{pair.mentorship.id}/checkin", data={"rating": "4", "met": "perhaps", "note": "Kept"})
    assert bad.status_code == 422 and "Kept" in bad.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(CheckIn)) == 0
    assert mentee.post(f"/m/{pair.mentorship.id}/checkin", data={"rating": "3", "met": "no"}).status_code == 303
    assert db.session.scalar(select(CheckIn.met)) is False


def test_program_health_counts_sessions_held_and_shows_nothing_else(pair, login_as):
    _held(pair, 3)
    _held(pair, 30)
    future = _held(pair, -30)
    assert future.starts_at > utcnow()
    page = (
        login_as(pair.admin)
        .get(f"/c/{pair.community.slug}/programs/{pair.mentorship.program_id}/health")
        .get_data(as_text=True)
    )
    assert "Sessions held" in page and "A private agenda" not in page and "555 0100" not in page
    figure = page.split("Sessions held")[1][:200]
    assert "<dd>2 " in figure and "(1 pair or circle)" in figure
