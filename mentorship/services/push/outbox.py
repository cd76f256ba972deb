"""The push outbox: one row per notification and device, written in the notification's own transaction.

Like mail (docs/JOBS.md): the row is enqueued after the commit (best effort; with Redis down the push sweep
sends it later), a held row (quiet hours) waits for the sweep that finds it due, and sending claims the row
first, so it goes out once.
"""

import logging
from datetime import datetime, timedelta

from flask import current_app, has_app_context
from sqlalchemy import event, or_, select, update
from sqlalchemy.orm import Session

from mentorship.database import read_only
from mentorship.extensions import db
from mentorship.models import Notification, PushOutbox, PushStatus, PushSubscription, User, utcnow
from mentorship.queue import enqueue, enqueue_unique_many
from mentorship.services.push.choices import hold_until, settings_of, wants

log = logging.getLogger(__name__)

PUSH_QUEUE = "push"
PUSH_RETRY = (6, [15, 60, 300, 900, 1800, 3600])
SEND_JOB = "jobs.push.send_push"
_PENDING = "mentorship_push_pending"
_ENQUEUED = "mentorship_push_enqueued"


def queue_for(
    notification: Notification,
    user: User,
    group: str | None,
    sender_name: str | None = None,
    now: datetime | None = None,
) -> int:
    """One push per device of the person, if they keep this group on; in the caller's transaction.

    Returns how many. During the person's quiet hours the rows wait until they end."""
    if user.is_deleted:
        return 0
    devices = db.session.scalars(select(PushSubscription.id).where(PushSubscription.user_id == user.id)).all()
    if not devices:
        return 0
    settings = settings_of(user.id)
    if not wants(settings, group):
        return 0
    held = hold_until(settings, user.timezone, now or utcnow())
    for device_id in devices:
        db.session.add(
            PushOutbox(subscription_id=device_id, notification=notification, not_before=held, sender_name=sender_name)
        )
    return len(devices)


def bumped(notification: Notification, sender_name: str | None = None) -> None:
    """A bundled notification grew ("3 new messages"): no second push (like mail). An unsent one will say
    the new count, since the payload is built when it is sent; it names the latest sender."""
    if sender_name and notification.id is not None:
        db.session.execute(
            update(PushOutbox)
            .where(PushOutbox.notification_id == notification.id, PushOutbox.status == PushStatus.PENDING)
            .values(sender_name=sender_name)
        )


def job_id(push_id: int) -> str:
    return f"push-{push_id}"


def enqueue_delivery(push_id: int) -> str:
    """Ask a worker to send it; if Redis is down the push sweep will."""
    done = db.session.info.setdefault(_ENQUEUED, set())
    if push_id in done:
        return "queued"
    done.add(push_id)
    return enqueue(SEND_JOB, push_id, job_id=job_id(push_id), queue=PUSH_QUEUE, retry=PUSH_RETRY)


@event.listens_for(Session, "after_flush")
def _remember_new_pushes(session, _flush_context):
    now = utcnow()
    for obj in session.new:
        if isinstance(obj, PushOutbox) and (obj.not_before is None or obj.not_before <= now):
            session.info.setdefault(_PENDING, []).append(obj.id)


@event.listens_for(Session, "after_commit")
def _enqueue_after_commit(session):
    pending = session.info.pop(_PENDING, None)
    if not pending or not has_app_context():
        return
    for push_id in pending:
        try:
            enqueue_delivery(push_id)
        except Exception:  # never let a queue problem surface after a successful commit
            log.exception("could not enqueue push %s", push_id)


@event.listens_for(Session, "after_rollback")
def _forget_rolled_back_pushes(session):
    session.info.pop(_PENDING, None)


def lease() -> timedelta:
    return timedelta(seconds=current_app.config["PUSH_CLAIM_LEASE_SECONDS"])


def due_push_ids(limit: int = 1000, after_id: int = 0, now: datetime | None = None) -> list[int]:
    """Pending pushes that are due (quiet hours over) and that nobody holds a live claim on, oldest first."""
    now = now or utcnow()
    with read_only(db.session):
        return list(
            db.session.scalars(
                select(PushOutbox.id)
                .where(
                    PushOutbox.status == PushStatus.PENDING,
                    PushOutbox.id > after_id,
                    or_(PushOutbox.not_before.is_(None), PushOutbox.not_before <= now),
                    or_(PushOutbox.claimed_at.is_(None), PushOutbox.claimed_at < now - lease()),
                )
                .order_by(PushOutbox.id)
                .limit(limit)
            )
        )


def enqueue_due_pushes(page: int = 2000, now: datetime | None = None) -> int:
    """The push sweep: enqueue every due push (already-queued ones are left alone); returns how many."""
    total, after = 0, 0
    while ids := due_push_ids(page, after, now):
        counts = enqueue_unique_many(
            SEND_JOB, ((job_id(push_id), (push_id,)) for push_id in ids), queue=PUSH_QUEUE, retry=PUSH_RETRY
        )
        total += counts.enqueued
        after = ids[-1]
    return total
