"""Sweeps of the mentorship space, run by `rq cron` (see cron_config.py)."""

from jobs.context import app_context


def sweep_checkin_alerts() -> int:
    """Alert program admins about members quiet for 2 weeks (nobody's check-in raises that by itself)."""
    with app_context():
        from mentorship.services.space.checkins import sweep_alerts

        return sweep_alerts()
