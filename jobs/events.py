"""Event jobs: the 24-hour and 15-minute reminders of events, for everyone going."""

from jobs.context import app_context
from mentorship.services.events.reminders import send_event_reminders


def sweep_event_reminders() -> int:
    """The 24-hour and 15-minute reminders of scheduled events, each once per member."""
    with app_context():
        return send_event_reminders()
