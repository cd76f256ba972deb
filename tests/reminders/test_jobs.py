"""The reminder job is idempotent, and the sweep enqueues each (mentorship, member, week) once."""

from datetime import UTC, datetime, timedelta

import pytest
from rq import Queue
from rq.job import Job
from sqlalchemy import select

from mentorship.extensions import db
from mentorship.models import EmailOutbox, MentorshipMember, Notification, ReminderDelivery, utcnow
from mentorship.queue import enqueue, enqueue_unique_many
from mentorship.services.space import reminders as reminder_service
from mentorship.services.space import reminders as service
from tests.factories import make_checkin_program, make_community, make_mentorship, make_user
from tests.reminders.conftest import bulk_due_pairs, count, outbox_fixture, redis_conn, run_worker  # noqa: F401

DUE = datetime(2026, 3, 9, 9, 0, tzinfo=UTC)


@pytest.fixture
def pair(app):
    mentor, mentee = make_user(name="Ada Mentor"), make_user(name="Sam Mentee")
    community = make_community(admin=make_user(), members=[mentor, mentee])
    program = make_checkin_program(community, weekday=utcnow().weekday(), weeks=8)
    mentorship = make_mentorship(community, mentor, mentee, program=program)
    mentorship.started_at = utcnow() - timedelta(days=10)
    db.session.commit()
    return mentorship, mentor, mentee


def deliver(mentorship, user, week=2, due_at=DUE, now=DUE + timedelta(minutes=5)):
    return service.deliver_checkin(mentorship.id, user.id, week, due_at, now=now)


def test_running_the_job_twice_writes_one_of_everything(pair):
    mentorship, _, mentee = pair
    assert deliver(mentorship, mentee) == "delivered"
    assert deliver(mentorship, mentee) == "already"
    assert count(ReminderDelivery) == 1
    assert count(Notification, Notification.user_id == mentee.id, Notification.kind == "checkin_due") == 1
    assert count(EmailOutbox, EmailOutbox.user_id == mentee.id) == 1


def test_a_delivery_stored_by_a_concurrent_run_makes_this_run_write_nothing(pair):
    """Another worker committed the delivery first: the insert's conflict clause skips it, and with it the rest."""
    mentorship, _, mentee = pair
    db.session.add(ReminderDelivery(mentorship_id=mentorship.id, user_id=mentee.id, week=2, due_at=DUE))
    db.session.commit()
    assert deliver(mentorship, mentee) == "already"
    assert (count(ReminderDelivery), count(Notification), count(EmailOutbox)) == (1, 0, 0)


def test_a_batch_writes_only_the_reminders_not_yet_delivered_in_a_constant_number_of_queries(app, queries):
    mentorship_ids = bulk_due_pairs(30)
    members = db.session.execute(
        select(MentorshipMember.mentorship_id, MentorshipMember.user_id).order_by(MentorshipMember.user_id)
    ).all()
    batch = [service.DueCheckin(m, u, 1, DUE) for m, u in members]
    now = DUE + timedelta(minutes=5)
    assert service.deliver_checkins(batch[:10], now=now) == ["delivered"] * 10
    with queries() as q:
        statuses = service.deliver_checkins(batch, now=now)
    assert statuses == ["already"] * 10 + ["delivered"] * 50
    assert q.count <= 12, "\n".join(s[:90] for s in q.statements)
    assert (count(ReminderDelivery), count(Notification), count(EmailOutbox)) == (60, 60, 60)
    assert len(mentorship_ids) == 30


def test_the_reminder_carries_this_weeks_step_the_last_checkin_and_a_link(pair, monkeypatch):
    mentorship, _, mentee = pair
    monkeypatch.setattr(
        reminder_service,
        "last_checkin_summaries",
        lambda pairs: {(m, u): f"Your last check-in (m{m}, u{u}): going well." for m, u in pairs},
    )
    deliver(mentorship, mentee, week=2)
    notification = db.session.scalar(select(Notification))
    assert notification.link == f"/m/{mentorship.id}#checkin"
    assert notification.text == "Week 2 check-in with Ada Mentor: Step 2."
    mail = db.session.scalar(select(EmailOutbox))
    assert mail.subject == "Week 2 check-in with Ada Mentor" and mail.kind == "checkin_due"
    assert mail.dedupe_key == f"checkin-{mentorship.id}-{mentee.id}-2"
    for body in (mail.text_body, mail.html_body):
        assert "Step 2" in body and "Guidance 2" in body and "Activity 2" in body
        assert f"Your last check-in (m{mentorship.id}, u{mentee.id}): going well." in body
        assert f"/m/{mentorship.id}#checkin" in body and "/unsubscribe/" in body
        assert "week 2 of 8" in body


def test_without_a_provider_the_mail_invites_a_first_checkin(pair):
    mentorship, _, mentee = pair
    deliver(mentorship, mentee, week=1)
    assert "You haven't checked in yet" in db.session.scalar(select(EmailOutbox.text_body))


def test_a_member_who_turned_checkin_mail_off_gets_only_the_notification(pair):
    mentorship, _, mentee = pair
    mentee.reminder_prefs = {"email_checkin": False}
    db.session.commit()
    assert deliver(mentorship, mentee) == "delivered"
    assert (count(ReminderDelivery), count(Notification), count(EmailOutbox)) == (1, 1, 0)


@pytest.mark.parametrize("case", ["stale", "paused", "left", "past_last_week"])
def test_a_job_that_no_longer_applies_writes_nothing(pair, case):
    mentorship, mentor, mentee = pair
    kwargs = {}
    if case == "stale":
        kwargs["now"] = DUE + timedelta(days=7)
    elif case == "paused":
        mentorship.status = "paused"
    elif case == "left":
        db.session.delete(mentorship.member_for(mentee.id))
    elif case == "past_last_week":
        kwargs["week"] = 9
    db.session.commit()
    assert deliver(mentorship, mentee, **kwargs) == "skipped"
    assert (count(ReminderDelivery), count(Notification), count(EmailOutbox)) == (0, 0, 0)


def test_the_sweep_enqueues_each_reminder_once_in_a_batch_with_a_derived_id(pair):
    mentorship, mentor, mentee = pair
    first = service.sweep_checkins()
    second = service.sweep_checkins()
    assert (first.enqueued, first.queued) == (2, 0)
    assert (second.enqueued, second.queued) == (0, 2)
    queue = Queue("reminders", connection=redis_conn())
    [job_id] = queue.get_job_ids()
    job = Job.fetch(job_id, connection=queue.connection)
    [batch] = job.args
    week = batch[0][2]
    assert sorted(tuple(due[:3]) for due in batch) == sorted((mentorship.id, u.id, week) for u in (mentor, mentee))
    assert job_id.startswith(f"checkins-{mentorship.id}_{min(mentor.id, mentee.id)}_{week}-2-")
    assert job.func_name == service.CHECKIN_BATCH_JOB and job.retries_left == service.CHECKIN_RETRY[0]


def test_the_sweep_cuts_batches_of_the_configured_size(app, monkeypatch):
    bulk_due_pairs(25)
    monkeypatch.setitem(app.config, "REMINDER_BATCH_SIZE", 20)
    assert service.sweep_checkins().enqueued == 50
    queue = Queue("reminders", connection=redis_conn())
    sizes = sorted(len(Job.fetch(i, connection=queue.connection).args[0]) for i in queue.get_job_ids())
    assert sizes == [10, 20, 20]


def test_a_real_worker_delivers_each_reminder_and_mail_once(pair, outbox):
    mentorship, mentor, mentee = pair
    service.sweep_checkins()
    service.sweep_checkins()
    run_worker()
    assert count(ReminderDelivery) == 2 and count(Notification) == 2
    assert count(EmailOutbox, EmailOutbox.sent_at.is_not(None)) == 2
    assert len(list(outbox.glob("*.eml"))) == 2
    # Nothing is due any more: the next sweeps find the deliveries and enqueue nothing.
    assert service.sweep_checkins().enqueued == 0
    run_worker()
    assert count(ReminderDelivery) == 2 and len(list(outbox.glob("*.eml"))) == 2


def test_a_failed_job_for_undelivered_work_is_replaced_by_the_next_sweep(pair):
    """A job whose retries ran out keeps its id for days; the sweep must not let it block the reminder."""
    service.sweep_checkins()
    queue = Queue("reminders", connection=redis_conn())
    job = Job.fetch(queue.get_job_ids()[0], connection=queue.connection)
    queue.remove(job.id)
    job.set_status("failed")
    counts = service.sweep_checkins()
    assert (counts.enqueued, counts.queued) == (2, 0)
    assert queue.get_job_ids() == [job.id]


def test_a_job_a_killed_worker_took_but_never_started_is_enqueued_again_by_the_next_sweep(pair, outbox):
    """A worker on several queues takes a job with LPOP: killed before starting it, it leaves a "queued" job
    in no list, which the next sweep must not count as queued."""
    service.sweep_checkins()
    connection = redis_conn()
    [job_id] = Queue("reminders", connection=connection).get_job_ids()
    connection.lpop("rq:queue:reminders")  # what the dead worker did
    assert Job.fetch(job_id, connection=connection).get_status() == "queued"
    counts = service.sweep_checkins()
    assert (counts.enqueued, counts.queued) == (2, 0)
    run_worker()
    assert count(ReminderDelivery) == 2 and count(EmailOutbox, EmailOutbox.sent_at.is_not(None)) == 2


def test_batched_enqueue_stores_the_same_job_as_rqs_unique_enqueue(app):
    """The sweep's batched script must write what `Queue.enqueue(..., unique=True)` writes."""
    connection = redis_conn()
    enqueue("jobs.reminders.send_checkin_reminder", 1, 2, 3, 1700000000, job_id="one", queue="reminders")
    counts = enqueue_unique_many("jobs.reminders.send_checkin_reminder", [("two", (1, 2, 3, 1700000000))], "reminders")
    assert (counts.enqueued, counts.queued) == (1, 0)
    one, two = (connection.hgetall(f"rq:job:{i}") for i in ("one", "two"))
    moments = {b"created_at", b"enqueued_at"}
    assert {k: v for k, v in one.items() if k not in moments | {b"description"}} == {
        k: v for k, v in two.items() if k not in moments | {b"description"}
    }
    assert Queue("reminders", connection=connection).get_job_ids() == ["one", "two"]
    job = Job.fetch("two", connection=connection)
    assert job.args == (1, 2, 3, 1700000000) and job.description == "two" and job.retries_left == 5
