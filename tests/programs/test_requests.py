"""Mentee-choice programs: the directory, the two-open-requests limit, answers and the 7/14-day rules."""

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from jobs.programs import expire_mentor_requests
from mentorship.extensions import db
from mentorship.models import Block, Mentorship, Notification, utcnow
from mentorship.models.matching import MentorRequest
from mentorship.services.programs import enrollments
from mentorship.services.programs import requests as service
from tests.factories import make_community, make_enrollment, make_mentorship, make_program, make_user


@pytest.fixture
def world(app):
    admin = make_user("Ada Admin")
    community = make_community(admin=admin)
    program = make_program(community, admin, status="open", matching_mode="mentee_choice")
    mentee = make_enrollment(program, make_user("Mia Mentee"), "mentee", timezone="Europe/Paris")
    return community, admin, program, mentee


def mentor(program, name="Mentor", **fields):
    return make_enrollment(program, make_user(name), "mentor", **fields)


def listed(program, viewer, **filters) -> list[str]:
    entries, _ = service.directory(program, viewer, **filters)
    return [e.mentor.user.display_name for e in entries]


def notes(kind: str) -> list[Notification]:
    return db.session.scalars(select(Notification).where(Notification.kind == kind)).all()


def test_directory_lists_mentors_with_free_places_and_hides_full_paused_and_blocked_ones(world):
    community, _, program, mentee = world
    mentor(program, "Free Fay", capacity=2)
    full = mentor(program, "Full Finn", capacity=1)
    make_mentorship(community, full.user, make_user(), program=program)
    mentor(program, "Paused Pat", paused=True)
    blocked = mentor(program, "Blocked Bo")
    db.session.add(Block(blocker_id=blocked.user_id, blocked_id=mentee.user_id))
    mentor(program, "Pending Pia", status="pending")
    db.session.commit()
    assert listed(program, mentee) == ["Free Fay"]
    entries, _ = service.directory(program, mentee)
    assert entries[0].free_places == 2


def test_directory_filters_by_topic_timezone_and_language(world):
    _, _, program, mentee = world
    mentor(program, "Paris Python", topics=["python"], timezone="Europe/Berlin", languages=["french"])
    mentor(program, "Tokyo Design", topics=["design"], timezone="Asia/Tokyo", languages=["english"])
    assert listed(program, mentee, topic="design") == ["Tokyo Design"]
    assert listed(program, mentee, max_hours=2) == ["Paris Python"]
    assert listed(program, mentee, language="english") == ["Tokyo Design"]
    _, choices = service.directory(program, mentee)
    assert choices == {"topics": ["design", "python"], "languages": ["english", "french"]}


def test_a_mentee_has_at_most_two_open_requests(world):
    _, _, program, mentee = world
    first, second, third = mentor(program, "One"), mentor(program, "Two"), mentor(program, "Three")
    service.request_mentor(program, mentee, first, "Hello")
    service.request_mentor(program, mentee, second, "")
    with pytest.raises(service.RequestError, match="at most 2 open requests"):
        service.request_mentor(program, mentee, third, "")
    with pytest.raises(service.RequestError, match="already asked"):
        service.request_mentor(program, mentee, first, "")
    assert db.session.scalar(select(func.count(MentorRequest.id))) == 2
    assert [n.user_id for n in notes("mentor_request")] == [first.user_id, second.user_id]
    service.withdraw_request(
        db.session.scalar(select(MentorRequest).where(MentorRequest.mentor_enrollment_id == first.id))
    )
    service.request_mentor(program, mentee, third, "")


@pytest.mark.parametrize(
    "problem", ["not approved", "not mentee choice", "blocked", "already tried", "mentor full", "closed", "long note"]
)
def test_requests_that_break_a_rule_are_refused(world, problem):
    community, admin, program, mentee = world
    target = mentor(program, "Target")
    message = "x" * 1001 if problem == "long note" else ""
    if problem == "not approved":
        mentee.status = "pending"
    elif problem == "not mentee choice":
        program.matching_mode = "suggested"
    elif problem == "blocked":
        db.session.add(Block(blocker_id=mentee.user_id, blocked_id=target.user_id))
    elif problem == "already tried":
        make_mentorship(community, target.user, mentee.user, program=program, status="ended")
    elif problem == "mentor full":
        make_mentorship(community, target.user, make_user(), program=program)
    elif problem == "closed":
        program.status = "closed"
    db.session.commit()
    with pytest.raises(service.RequestError):
        service.request_mentor(program, mentee, target, message)
    assert db.session.scalar(select(func.count(MentorRequest.id))) == 0


def test_accepting_pairs_them_and_closes_the_other_requests(world):
    _, _, program, mentee = world
    chosen = mentor(program, "Chosen", capacity=1)
    other = mentor(program, "Other")
    to_chosen = service.request_mentor(program, mentee, chosen, "Please?")
    to_other = service.request_mentor(program, mentee, other, "")
    rival = make_enrollment(program, make_user("Rival"), "mentee")
    rival_request = service.request_mentor(program, rival, chosen, "")
    mentorship = service.accept_request(to_chosen)
    assert mentorship.status == "active"
    assert {m.user_id: m.role for m in mentorship.members} == {chosen.user_id: "mentor", mentee.user_id: "mentee"}
    assert to_chosen.status == "accepted" and to_chosen.mentorship_id == mentorship.id
    assert to_other.status == "closed"
    # The chosen mentor is now full: their other waiting mentee is told, and they leave the directory.
    assert rival_request.status == "closed"
    assert [n.user_id for n in notes("request_closed")] == [rival.user_id]
    assert "Chosen" not in listed(program, rival)
    assert {n.user_id for n in notes("introduced")} == {chosen.user_id, mentee.user_id}


def test_declining_tells_the_mentee_and_they_cannot_ask_again(world):
    _, _, program, mentee = world
    target = mentor(program, "Busy Bea")
    request = service.request_mentor(program, mentee, target, "")
    service.decline_request(request)
    assert request.status == "declined"
    [told] = notes("request_declined")
    assert told.user_id == mentee.user_id and "Busy Bea" in told.text
    with pytest.raises(service.RequestError, match="declined an earlier request"):
        service.request_mentor(program, mentee, target, "")
    with pytest.raises(service.RequestError):
        service.accept_request(request)
    assert db.session.scalar(select(func.count(Mentorship.id))) == 0


def test_seven_days_remind_the_mentor_once_and_fourteen_close_the_request(world):
    _, _, program, mentee = world
    target = mentor(program, "Slow Sol")
    request = service.request_mentor(program, mentee, target, "")
    start = request.created_at
    assert service.expire_mentor_requests(start + timedelta(days=6, hours=23)) == {"reminded": 0, "expired": 0}
    assert service.expire_mentor_requests(start + timedelta(days=7)) == {"reminded": 1, "expired": 0}
    assert service.expire_mentor_requests(start + timedelta(days=8)) == {"reminded": 0, "expired": 0}
    [reminder] = notes("request_reminder")
    assert reminder.user_id == target.user_id and request.status == "open"
    assert service.expire_mentor_requests(start + timedelta(days=13, hours=23)) == {"reminded": 0, "expired": 0}
    assert service.expire_mentor_requests(start + timedelta(days=14)) == {"reminded": 0, "expired": 1}
    assert request.status == "expired"
    [closed] = notes("request_expired")
    assert closed.user_id == mentee.user_id and "14 days" in closed.text
    assert service.expire_mentor_requests(start + timedelta(days=30)) == {"reminded": 0, "expired": 0}


def test_answered_requests_are_left_alone_by_the_daily_job(world):
    _, _, program, mentee = world
    request = service.request_mentor(program, mentee, mentor(program), "")
    service.decline_request(request)
    assert service.expire_mentor_requests(utcnow() + timedelta(days=20)) == {"reminded": 0, "expired": 0}
    assert request.status == "declined"


def test_the_job_wraps_the_service_and_is_scheduled_daily(world):
    _, _, program, mentee = world
    request = service.request_mentor(program, mentee, mentor(program), "")
    request.created_at = utcnow() - timedelta(days=15)
    db.session.commit()
    assert expire_mentor_requests() == {"reminded": 0, "expired": 1}
    cron = Path(__file__).resolve().parents[2] / "jobs" / "cron_config.py"
    assert 'cron.register(expire_mentor_requests, queue_name="default", cron="30 6 * * *"' in cron.read_text()


def test_withdrawing_a_sign_up_closes_open_requests_and_tells_the_mentor(world):
    _, _, program, mentee = world
    target = mentor(program, "Kind Kim")
    request = service.request_mentor(program, mentee, target, "")
    enrollments.withdraw(mentee)
    assert request.status == "closed"
    assert [n.user_id for n in notes("request_closed")] == [target.user_id]
