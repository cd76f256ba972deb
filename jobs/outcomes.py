"""Survey jobs: the sweep that finds due survey invitations and reminders, and the job that delivers one once."""

from jobs.context import app_context
from mentorship.services.outcomes.delivery import deliver_survey, sweep_surveys


def send_survey(survey_id: int, mentorship_id: int, user_id: int, occasion: int, kind: str) -> str:
    """Deliver one survey invitation or reminder (notification + mail by preference) once."""
    with app_context():
        return deliver_survey(survey_id, mentorship_id, user_id, occasion, kind)


def sweep_survey_deliveries() -> dict:
    """Enqueue the survey invitations and reminders that are due."""
    with app_context():
        counts = sweep_surveys()
        return {"enqueued": counts.enqueued, "queued": counts.queued}
