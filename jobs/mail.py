"""Send mail from the outbox."""

from jobs.context import app_context
from mentorship.services.notify.sending import send_outbox_mail as send
from mentorship.services.notify.sending import send_outbox_mails as send_many


def send_outbox_mail(mail_id: int) -> bool:
    """Send one outbox mail; already-sent mail is skipped, so a retry never sends twice."""
    with app_context():
        return send(mail_id)


def send_outbox_mails(mail_ids: list[int]) -> int:
    """Send a batch of outbox mails over one SMTP connection; sent ones are skipped on a retry."""
    with app_context():
        return send_many(mail_ids)
