"""The push outbox: one row per notification and device, written in the notification's own transaction.

Like mail (docs/JOBS.md): the row is enqueued after the commit (best effort; with Redis down the push sweep
sends it later), a held row (quiet hours) waits for the sweep that finds it due, and sending claims the row
first, so it goes out once.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import event, or_, select, update
from sqlalchemy.orm import Session

from mentorship.database import read_only
from mentorship.extensions import db
from mentorship.models import Notification, PushOutbox, PushSettings, PushStatus, PushSubscription, User, utcnow
from mentorship.queue import SOCKET_TIMEOUT, enqueue, enqueue_after_commit, enqueue_unique_many
from mentorship.services.push.choices import default_settings, hold_until, wants

PUSH_QUEUE = "push"
PUSH_RETRY = (6, [15, 60, 300, 900, 1800, 3600])
SEND_JOB = "jobs.push.send_push"
_ENQUEUED = "mentorship_push_enqueued"
_WANTED = "mentorship_push_wanted"


@dataclass(frozen=True)
class _Wanted:
    notification: Notification
    user_id: int
    group: str | None
    sender_name: str | None


def queue_for(notification: Notification, user_id: int, group: str | None, sender_name: str | None = None) -> None:
    """Push this new notification to each of the person's devices, if they keep its group on.

    The rows are written just before the caller's transaction commits, for every notification of that
    transaction at once (two queries, however many people were notified: the callers notify in loops).
    During the person's quiet hours, in their own time zone, the rows wait until the quiet hours end."""
    db.session.info.setdefault(_WANTED, []).append(_Wanted(notification, user_id, group, sender_name))


@event.listens_for(Session, "before_commit")
def _write_pushes(session):
    wanted = session.info.pop(_WANTED, None)
    if not wanted:
        return
    user_ids = {w.user_id for w in wanted}
    devices: dict[int, list[int]] = {}
    for device_id, user_id in session.execute(
        select(PushSubscription.id, PushSubscription.user_id).where(PushSubscription.user_id.in_(user_ids))
    ):
        devices.setdefault(user_id, []).append(device_id)
    if not devices:
        return
    people = {
        row.id: row
        for row in session.execute(
            select(User.id, User.timezone, PushSettings)
            .outerjoin(PushSettings, PushSettings.user_id == User.id)
            .where(User.id.in_(list(devices)), User.deleted_at.is_(None))
        )
    }
    now = utcnow()
    for w in wanted:
        person = people.get(w.user_id)
        if person is None:  # no device, or a deleted account
            continue
        settings = person.PushSettings or default_settings(w.user_id)
        if not wants(settings, w.group):
            continue
        held = hold_until(settings, person.timezone, now)
        for device_id in devices.get(w.user_id, []):
            session.add(
                PushOutbox(
                    subscription_id=device_id, notification=w.notification, not_before=held, sender_name=w.sender_name
                )
            )


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


def enqueue_deliveries(push_ids: list[int]) -> None:
    """After a commit: one push, its own enqueue; several (a batch of reminders), one Redis round trip."""
    done = db.session.info.setdefault(_ENQUEUED, set())
    ids = [push_id for push_id in dict.fromkeys(push_ids) if push_id not in done]
    if len(ids) == 1:
        enqueue_delivery(ids[0])
        return
    done.update(ids)
    enqueue_unique_many(
        SEND_JOB, ((job_id(push_id), (push_id,)) for push_id in ids), PUSH_QUEUE, PUSH_RETRY, timeout=SOCKET_TIMEOUT
    )


def _due_now(push: PushOutbox) -> bool:
    """A row held by quiet hours waits for the push sweep that finds it due."""
    return push.not_before is None or push.not_before <= utcnow()


enqueue_after_commit("push", PushOutbox, enqueue_deliveries, due=_due_now)


@event.listens_for(Session, "after_rollback")
def _forget_wanted_pushes(session):
    session.info.pop(_WANTED, None)


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
