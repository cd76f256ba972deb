"""A mentorship's course: pause, resume, complete with feedback, end early, extend, swap roles, concerns."""

from datetime import timedelta

import pytest

from mentorship.extensions import db
from mentorship.models import Mentorship, MentorshipMember, Notification, utcnow
from mentorship.models.space import LifecycleEvent, MentorshipFeedback, Message, UneasyNote
from mentorship.permissions import space as space_rules
from mentorship.services.space import lifecycle as space_lifecycle
from tests.space.conftest import client_for, make_cast, make_circle, refresh


@pytest.fixture
def cast(app):
    return make_cast(weeks=6)


def _mentorship(cast) -> Mentorship:
    refresh()
    return db.session.get(Mentorship, cast.mentorship.id)


def _notes_for(user, kind=None):
    refresh()
    query = db.session.query(Notification).filter_by(user_id=user.id)
    if kind:
        query = query.filter_by(kind=kind)
    return [n.text for n in query]


def test_pause_and_resume_keep_the_weeks_counting_active_time(app, cast):
    started = cast.mentorship.started_at
    client = client_for(app, cast.mentee)
    response = client.post(f"/m/{cast.mentorship.id}/pause")
    assert response.status_code == 303 and response.headers["Location"].endswith("/manage")
    assert _mentorship(cast).status == "paused"
    assert "Sam Mentee paused the mentorship." in _notes_for(cast.mentor)
    assert "paused the mentorship" in client.get(f"/m/{cast.mentorship.id}").get_data(as_text=True)
    # Pretend the pause began ten days ago: resuming moves the start forward by as much.
    event = db.session.query(LifecycleEvent).filter_by(action="pause").one()
    event.created_at = utcnow() - timedelta(days=10)
    db.session.commit()
    assert client_for(app, cast.mentor).post(f"/m/{cast.mentorship.id}/resume").status_code == 303
    mentorship = _mentorship(cast)
    assert mentorship.status == "active"
    assert timedelta(days=9, hours=23) < mentorship.started_at - started < timedelta(days=10, minutes=1)
    history = client.get(f"/m/{cast.mentorship.id}/manage").get_data(as_text=True)
    assert "Lin Mentor: resumed" in history and "Sam Mentee: paused" in history


def test_a_refused_transition_changes_nothing_and_says_why(app, cast):
    client = client_for(app, cast.mentee)
    response = client.post(f"/m/{cast.mentorship.id}/resume", follow_redirects=True)
    assert "isn&#39;t possible while the mentorship is active" in response.get_data(as_text=True)
    assert _mentorship(cast).status == "active"
    assert db.session.query(LifecycleEvent).count() == 0


def test_completing_collects_feedback_and_the_partner_can_add_theirs(app, cast):
    url = f"/m/{cast.mentorship.id}/complete"
    form = client_for(app, cast.mentor).get(url).get_data(as_text=True)
    assert "How helpful was this mentorship?" in form and "Would you recommend" in form
    response = client_for(app, cast.mentor).post(
        url, data={"helpful": "5", "would_recommend": "yes", "comment": "Great pairing"}
    )
    assert response.status_code == 303
    mentorship = _mentorship(cast)
    assert mentorship.status == "completed" and mentorship.ended_at is not None
    (feedback,) = db.session.query(MentorshipFeedback).all()
    assert (feedback.user_id, feedback.helpful, feedback.would_recommend, feedback.comment) == (
        cast.mentor.id,
        5,
        True,
        "Great pairing",
    )
    manage = client_for(app, cast.mentee).get(f"/m/{cast.mentorship.id}/manage").get_data(as_text=True)
    assert "Give feedback" in manage and "Great pairing" not in manage
    feedback_url = f"/m/{cast.mentorship.id}/feedback"
    assert (
        client_for(app, cast.mentee).post(feedback_url, data={"helpful": "3", "would_recommend": "no"}).status_code
        == 303
    )
    again = client_for(app, cast.mentee).post(feedback_url, data={"helpful": "1", "would_recommend": "no"})
    assert again.status_code == 303
    refresh()
    assert sorted(f.helpful for f in db.session.query(MentorshipFeedback)) == [3, 5]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"would_recommend": "yes", "comment": "kept words"}, "Choose from 1 to 5."),
        ({"helpful": "4", "comment": "kept words"}, "Choose yes or no."),
        ({"helpful": "9", "would_recommend": "yes", "comment": "kept words"}, "Not a valid choice"),
    ],
)
def test_bad_completion_feedback_is_refused_and_kept(app, cast, data, message):
    response = client_for(app, cast.mentor).post(f"/m/{cast.mentorship.id}/complete", data=data)
    body = response.get_data(as_text=True)
    assert response.status_code == 422 and message in body and "kept words" in body
    fragment = client_for(app, cast.mentor, htmx=True).post(f"/m/{cast.mentorship.id}/complete", data=data)
    assert fragment.status_code == 422 and 'id="action-form"' in fragment.get_data(as_text=True)
    assert "<html" not in fragment.get_data(as_text=True)
    assert _mentorship(cast).status == "active" and db.session.query(MentorshipFeedback).count() == 0


def test_ending_early_needs_a_reason_that_only_admins_keep(app, cast):
    url = f"/m/{cast.mentorship.id}/end"
    empty = client_for(app, cast.mentee).post(url, data={"reason": ""})
    assert empty.status_code == 422 and "why it is ending" in empty.get_data(as_text=True)
    assert _mentorship(cast).status == "active"
    assert client_for(app, cast.mentee).post(url, data={"reason": "REASON-FOR-ADMINS"}).status_code == 303
    mentorship = _mentorship(cast)
    assert mentorship.status == "ended" and mentorship.end_reason == "REASON-FOR-ADMINS"
    assert "Sam Mentee ended the mentorship early." in _notes_for(cast.mentor)
    assert all("REASON" not in text for text in _notes_for(cast.mentor) + _notes_for(cast.admin))
    assert any("ended early" in text for text in _notes_for(cast.admin, "admin_alert"))
    for path in ("", "/manage", "/program", "/checkin"):
        assert "REASON-FOR-ADMINS" not in client_for(app, cast.mentor).get(f"/m/{cast.mentorship.id}{path}").get_data(
            as_text=True
        )
    # Ended: the thread is closed and the actions are gone.
    manage = client_for(app, cast.mentor).get(f"/m/{cast.mentorship.id}/manage").get_data(as_text=True)
    assert "End early…" not in manage and "Pause" not in manage


@pytest.mark.parametrize(("weeks", "message"), [("0", "1 to 12"), ("13", "1 to 12"), ("abc", "Not a valid integer")])
def test_bad_extensions_are_refused(app, cast, weeks, message):
    response = client_for(app, cast.mentor).post(f"/m/{cast.mentorship.id}/extend", data={"weeks": weeks})
    body = response.get_data(as_text=True)
    assert response.status_code == 422 and message in body and f'value="{weeks}"' in body
    fragment = client_for(app, cast.mentor, htmx=True).post(f"/m/{cast.mentorship.id}/extend", data={"weeks": weeks})
    assert fragment.status_code == 422 and 'id="extend-form"' in fragment.get_data(as_text=True)
    assert _mentorship(cast).weeks == 6


def test_extending_adds_weeks(app, cast):
    assert client_for(app, cast.mentee).post(f"/m/{cast.mentorship.id}/extend", data={"weeks": "3"}).status_code == 303
    assert _mentorship(cast).weeks == 9
    thread = db.session.query(Message).filter_by(is_system=True).one()
    assert "extended the mentorship by 3 weeks (now 9)" in thread.body


def test_swapping_roles_in_a_pair(app, cast):
    assert client_for(app, cast.mentee).post(f"/m/{cast.mentorship.id}/swap").status_code == 303
    roles = {m.user_id: m.role for m in _mentorship(cast).members}
    assert roles == {cast.mentor.id: "mentee", cast.mentee.id: "mentor"}
    assert "Sam Mentee swapped roles: Sam Mentee now mentors." in _notes_for(cast.mentor)
    page = client_for(app, cast.mentee).get(f"/m/{cast.mentorship.id}").get_data(as_text=True)
    assert "Mentoring Lin Mentor" in page


def test_circles_keep_their_mentor_and_mentees_cannot_end_them(app, cast):
    circle, mentor, (first, _second) = make_circle(cast.community, size=2)
    refused = client_for(app, mentor).post(f"/m/{circle.id}/swap", follow_redirects=True)
    assert "Roles can only be swapped in a pair" in refused.get_data(as_text=True)
    for path, data in (("pause", {}), ("end", {"reason": "leaving"}), ("extend", {"weeks": "2"})):
        client_for(app, first).post(f"/m/{circle.id}/{path}", data=data)
    refresh()
    circle = db.session.get(Mentorship, circle.id)
    assert circle.status == "active" and circle.weeks == 8
    assert {m.role for m in circle.members if m.user_id == mentor.id} == {"mentor"}
    end_page = client_for(app, first).get(f"/m/{circle.id}/end").get_data(as_text=True)
    assert "the mentor takes this step" in end_page
    assert client_for(app, mentor).post(f"/m/{circle.id}/pause").status_code == 303
    refresh()
    assert db.session.get(Mentorship, circle.id).status == "paused"


def test_an_uneasy_note_reaches_the_admins_only(app, cast):
    url = f"/m/{cast.mentorship.id}/uneasy"
    short = client_for(app, cast.mentee).post(url, data={"text": "hmm"})
    assert (
        short.status_code == 422
        and "10 to 4,000" in short.get_data(as_text=True)
        and "hmm" in short.get_data(as_text=True)
    )
    assert client_for(app, cast.mentee).post(url, data={"text": "PRIVATE-WORRY about the tone"}).status_code == 303
    refresh()
    (note,) = db.session.query(UneasyNote).all()
    assert note.author_id == cast.mentee.id and note.text == "PRIVATE-WORRY about the tone"
    assert _notes_for(cast.admin, "admin_alert") == [
        f"A member of mentorship #{cast.mentorship.id} raised a concern. It is on the health page."
    ]
    assert _notes_for(cast.mentor) == [] and _notes_for(cast.moderator) == []
    for path in ("", "/manage", "/program", "/checkin"):
        page = client_for(app, cast.mentor).get(f"/m/{cast.mentorship.id}{path}").get_data(as_text=True)
        assert "PRIVATE-WORRY" not in page and "concern" not in page
    assert db.session.query(Message).count() == 0


def test_feedback_reaches_admins_only_as_an_aggregate(app, cast):
    for mentorship, person, helpful, recommend, comment in (
        (cast.mentorship, cast.mentor, 5, True, "Loved it"),
        (cast.mentorship, cast.mentee, 3, False, ""),
        (cast.other_mentorship, cast.other_mentee, 4, True, "Good structure"),
    ):
        mentorship.status = "completed"
        db.session.add(
            MentorshipFeedback(
                mentorship_id=mentorship.id,
                user_id=person.id,
                helpful=helpful,
                would_recommend=recommend,
                comment=comment,
            )
        )
    db.session.commit()
    summary = space_lifecycle.feedback_summary(cast.community.id)
    assert summary == {
        "count": 3,
        "helpful_average": 4.0,
        "recommend_share": 0.67,
        "comments": ["Good structure", "Loved it"],
    }
    assert space_lifecycle.feedback_summary(cast.community.id, program_id=999)["count"] == 0


def test_lifecycle_rules_as_a_table(app, cast):
    circle, mentor, (first, _second) = make_circle(cast.community, size=2)
    refresh()
    pair = db.session.get(Mentorship, cast.mentorship.id)
    circle = db.session.get(Mentorship, circle.id)
    assert space_rules.allowed_actions(pair, cast.mentee.id) == {
        "pause": True,
        "resume": False,
        "complete": True,
        "end": True,
        "extend": True,
        "swap": True,
    }
    assert space_rules.allowed_actions(circle, first.id) == dict.fromkeys(space_lifecycle.TRANSITIONS, False)
    assert space_rules.allowed_actions(circle, mentor.id)["swap"] is False
    assert (
        space_rules.lifecycle_refusal(pair, cast.admin.id, "pause")
        == "Only the members of this mentorship can change it."
    )
    pair.status = "completed"
    assert not any(space_rules.allowed_actions(pair, cast.mentor.id).values())
    assert db.session.query(MentorshipMember).count() == 7


def test_feedback_after_the_end_is_validated_and_given_once(app, cast):
    cast.mentorship.status = "ended"
    db.session.commit()
    url = f"/m/{cast.mentorship.id}/feedback"
    bad = client_for(app, cast.mentee).post(url, data={"comment": "kept comment"})
    assert bad.status_code == 422 and "kept comment" in bad.get_data(as_text=True)
    assert db.session.query(MentorshipFeedback).count() == 0
    good = client_for(app, cast.mentee).post(url, data={"helpful": "2", "would_recommend": "no", "comment": "Meh"})
    assert good.status_code == 303
    again = client_for(app, cast.mentee).get(url, follow_redirects=True)
    assert "already gave your feedback" in again.get_data(as_text=True)
    refresh()
    assert db.session.query(MentorshipFeedback).count() == 1


def test_feedback_waits_until_the_end(app, cast):
    response = client_for(app, cast.mentee).post(
        f"/m/{cast.mentorship.id}/feedback", data={"helpful": "4", "would_recommend": "yes"}
    )
    assert response.status_code == 409 and "once the mentorship is over" in response.get_data(as_text=True)
    assert db.session.query(MentorshipFeedback).count() == 0
