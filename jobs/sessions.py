"""Session reminders, run by `rq cron` (see cron_config.py)."""

from jobs.context import app_context
from mentorship.services.sessions.reminders import send_session_reminders


def sweep_session_reminders() -> int:
    """The 24-hour and 15-minute reminders of accepted sessions, each once."""
    with app_context():
        return send_session_reminders()
