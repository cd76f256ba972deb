"""Quiet pairs get one gentle nudge; community admins get a weekly digest of pairs needing attention."""

from datetime import UTC, datetime, timedelta

import pytest
from rq import Queue
from sqlalchemy import select

from mentorship.extensions import db
from mentorship.models import EmailOutbox, NoticeDelivery, Notification
from mentorship.services.programs import attention
from mentorship.services.space import activity
from tests.factories import make_checkin_program, make_community, make_mentorship, make_user
from tests.reminders.conftest import count, redis_conn

MONDAY_10 = datetime(2026, 3, 16, 10, 0, tzinfo=UTC)


@pytest.fixture
def quiet_pair(app):
    admin = make_user(name="Ada Admin")
    mentor, mentee = make_user(name="Mo Mentor"), make_user(name="Sam Mentee", timezone="Asia/Tokyo")
    community = make_community(admin=admin, members=[mentor, mentee])
    program = make_checkin_program(community, title="Career steps")
    mentorship = make_mentorship(community, mentor, mentee, program=program)
    mentorship.started_at = MONDAY_10 - timedelta(days=20)
    db.session.commit()
    return mentorship, mentor, mentee, admin


def queued(name="reminders"):
    return sorted(Queue(name, connection=redis_conn()).get_job_ids())


def test_quiet_pairs_are_nudged_in_the_members_daytime_only(quiet_pair):
    mentorship, mentor, mentee, _ = quiet_pair
    counts = attention.sweep_nudges(MONDAY_10)  # 10:00 in UTC, 19:00 in Tokyo
    assert counts.enqueued == 2
    assert all(job.startswith(f"nudge-{mentorship.id}-") for job in queued())
    Queue("reminders", connection=redis_conn()).empty()
    late = MONDAY_10 + timedelta(hours=2)  # 21:00 in Tokyo: the mentee is left alone tonight
    assert attention.sweep_nudges(late).enqueued == 1
    assert queued() == [attention.nudge_key(mentorship.id, mentor.id, mentorship.started_at)]


def test_a_nudge_is_delivered_once_per_quiet_stretch(quiet_pair):
    mentorship, mentor, _, _ = quiet_pair
    key = attention.nudge_key(mentorship.id, mentor.id, mentorship.started_at)
    args = (mentorship.id, mentor.id, key, mentorship.started_at)
    assert attention.deliver_nudge(*args, now=MONDAY_10) == "delivered"
    assert attention.deliver_nudge(*args, now=MONDAY_10) == "already"
    note = db.session.scalar(select(Notification))
    assert note.kind == "nudge" and note.link == f"/m/{mentorship.id}"
    assert "20 days" in note.text and "Sam Mentee" in note.text
    assert count(NoticeDelivery) == 1 and count(EmailOutbox, EmailOutbox.kind == "nudge") == 1
    Queue("reminders", connection=redis_conn()).empty()
    attention.sweep_nudges(MONDAY_10)
    assert key not in queued()


def test_recent_activity_means_no_nudge(quiet_pair, monkeypatch):
    mentorship, mentor, _, _ = quiet_pair
    monkeypatch.setattr(activity, "last_activity", lambda started: {m: MONDAY_10 - timedelta(days=3) for m in started})
    assert attention.sweep_nudges(MONDAY_10).enqueued == 0
    # Activity that arrives after the sweep looked: the job writes nothing.
    key = attention.nudge_key(mentorship.id, mentor.id, mentorship.started_at)
    assert attention.deliver_nudge(mentorship.id, mentor.id, key, mentorship.started_at, now=MONDAY_10) == "skipped"
    assert count(Notification) == 0 and count(NoticeDelivery) == 0


def test_young_pairs_are_not_quiet_yet(quiet_pair):
    mentorship, _, _, _ = quiet_pair
    mentorship.started_at = MONDAY_10 - timedelta(days=13)
    db.session.commit()
    assert attention.sweep_nudges(MONDAY_10).enqueued == 0


def test_admins_get_one_digest_a_week_listing_pairs_that_need_attention(quiet_pair, monkeypatch):
    mentorship, _, _, admin = quiet_pair
    assert attention.sweep_digests(MONDAY_10).enqueued == 1
    key = attention.digest_key(mentorship.community_id, admin.id, datetime(2026, 3, 16, 9, tzinfo=UTC))
    assert queued() == [key]
    assert attention.deliver_digest(mentorship.community_id, admin.id, key, now=MONDAY_10) == "delivered"
    assert attention.deliver_digest(mentorship.community_id, admin.id, key, now=MONDAY_10) == "already"
    note = db.session.scalar(select(Notification).where(Notification.user_id == admin.id))
    assert note.kind == "digest" and note.text.startswith("1 pair in ")
    mail = db.session.scalar(select(EmailOutbox).where(EmailOutbox.user_id == admin.id))
    for body in (mail.text_body, mail.html_body):
        assert "Mo Mentor &amp; Sam Mentee" in body or "Mo Mentor & Sam Mentee" in body
        assert "no activity for 20 days" in body and "2 check-ins missed" in body and "Career steps" in body
    Queue("reminders", connection=redis_conn()).empty()
    assert attention.sweep_digests(MONDAY_10 + timedelta(days=2)).enqueued == 0  # same week
    assert attention.sweep_digests(MONDAY_10 + timedelta(days=7)).enqueued == 1  # next Monday


def test_no_digest_notification_when_every_pair_is_fine(quiet_pair):
    mentorship, _, _, admin = quiet_pair
    mentorship.started_at = MONDAY_10 - timedelta(days=2)
    db.session.commit()
    key = attention.digest_key(mentorship.community_id, admin.id, MONDAY_10)
    assert attention.deliver_digest(mentorship.community_id, admin.id, key, now=MONDAY_10) == "delivered"
    assert count(Notification) == 0 and count(EmailOutbox) == 0 and count(NoticeDelivery) == 1


def test_only_admins_get_the_digest(quiet_pair):
    mentorship, mentor, _, _ = quiet_pair
    key = attention.digest_key(mentorship.community_id, mentor.id, MONDAY_10)
    assert attention.deliver_digest(mentorship.community_id, mentor.id, key, now=MONDAY_10) == "skipped"
    assert count(Notification) == 0 and count(NoticeDelivery) == 0
