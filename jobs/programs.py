"""Daily program upkeep: remind mentors of waiting requests and close the ones left too long."""

from jobs.context import app_context
from mentorship.models import utcnow
from mentorship.services.programs import requests


def expire_mentor_requests() -> dict:
    """Remind at 7 days, close at 14 (the service keeps a second run the same day a no-op)."""
    with app_context():
        return requests.expire_mentor_requests(utcnow())
