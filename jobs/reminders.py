"""Reminder, nudge and digest jobs: each writes its rows in one transaction, so a rerun is a no-op.

Importing a service builds no app (jobs/context.py opens one per job), so the imports sit at the top.
"""

from datetime import UTC, datetime

from jobs.context import app_context
from mentorship.services.programs.attention import deliver_digest, deliver_nudge
from mentorship.services.space.reminders import DueCheckin, deliver_checkin, deliver_checkins


def _moment(timestamp: int) -> datetime:
    return datetime.fromtimestamp(timestamp, tz=UTC)


def send_checkin_reminder(mentorship_id: int, user_id: int, week: int, due_timestamp: int) -> str:
    """Deliver one weekly check-in reminder (notification + mail) once (jobs enqueued before the batches)."""
    with app_context():
        return deliver_checkin(mentorship_id, user_id, week, _moment(due_timestamp))


def send_checkin_reminders(batch: list[tuple[int, int, int, int]]) -> dict:
    """Deliver a batch of check-in reminders (mentorship, member, week, due timestamp) in one transaction."""
    with app_context():
        statuses = deliver_checkins([DueCheckin(m, u, week, _moment(due)) for m, u, week, due in batch])
        return {status: statuses.count(status) for status in set(statuses)}


def send_nudge(mentorship_id: int, user_id: int, key: str, quiet_since_timestamp: int) -> str:
    """Deliver one gentle nudge to a member of a quiet pair once."""
    with app_context():
        return deliver_nudge(mentorship_id, user_id, key, _moment(quiet_since_timestamp))


def send_digest(community_id: int, user_id: int, key: str) -> str:
    """Deliver an admin's weekly digest once."""
    with app_context():
        return deliver_digest(community_id, user_id, key)
