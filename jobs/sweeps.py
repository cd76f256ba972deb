"""Periodic sweeps run by `rq cron`: they enqueue whatever the database says is still undone."""

import logging
import time
from datetime import UTC, datetime

from jobs.context import app_context
from mentorship.services.notify.mail import enqueue_unsent_mail
from mentorship.services.programs.attention import sweep_digests, sweep_nudges
from mentorship.services.space.reminders import sweep_checkins
from mentorship.web.login import prune_expired_sessions

log = logging.getLogger(__name__)


def sweep_outbox() -> int:
    """Enqueue every unsent outbox mail (job ids refuse ones already queued)."""
    with app_context():
        return enqueue_unsent_mail()


def sweep_sessions() -> int:
    """Delete login sessions past their lifetime (30 days with remember-me, a day without)."""
    with app_context():
        return prune_expired_sessions()


def sweep_reminders(now_timestamp: float | None = None) -> dict:
    """Enqueue due check-in reminders, nudges for quiet pairs and admins' weekly digests."""
    with app_context():
        now = datetime.fromtimestamp(now_timestamp, tz=UTC) if now_timestamp else None
        report = {}
        for name, sweep in (("checkins", sweep_checkins), ("nudges", sweep_nudges), ("digests", sweep_digests)):
            started = time.perf_counter()
            counts = sweep(now)
            report[name] = {"enqueued": counts.enqueued, "queued": counts.queued}
            log.info("sweep %s: %s in %.2f s", name, report[name], time.perf_counter() - started)
        return report
