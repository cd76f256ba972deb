"""Periodic sweeps run by `rq cron`: they re-enqueue whatever is still undone."""

from .context import app_context


def sweep_outbox() -> int:
    """Enqueue every unsent outbox mail (the job id dedupes against ones already queued)."""
    with app_context():
        from mentorship.services.mail import enqueue_delivery, unsent_mail_ids

        ids = unsent_mail_ids()
        for mail_id in ids:
            enqueue_delivery(mail_id)
        return len(ids)


def sweep_sessions() -> int:
    """Delete login sessions past their lifetime (30 days with remember-me, a day without)."""
    with app_context():
        from mentorship.auth_session import prune_expired_sessions

        return prune_expired_sessions()
