"""Sweeps of the mentorship space, run by `rq cron` (see cron_config.py).

Importing a service builds no app (jobs/context.py opens one per job), so the imports sit at the top.
"""

from jobs.context import app_context
from mentorship.services.space.checkins import sweep_alerts


def sweep_checkin_alerts() -> int:
    """Alert program admins about members quiet for 2 weeks (nobody's check-in raises that by itself)."""
    with app_context():
        return sweep_alerts()
