"""Send mail from the outbox."""

from jobs.context import app_context
from mentorship.services.notify.mail import send_outbox_mail as send


def send_outbox_mail(mail_id: int) -> bool:
    """Send one outbox mail; already-sent mail is skipped, so a retry never sends twice."""
    with app_context():
        return send(mail_id)
