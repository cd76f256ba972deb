"""Transactional mail: an outbox row written with the change that caused it, sent by a job."""

import logging
import smtplib
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path

from flask import current_app, render_template
from sqlalchemy import select

from ..extensions import db
from ..models import EmailOutbox, User, utcnow

log = logging.getLogger(__name__)


def queue_mail(
    user: User,
    kind: str,
    subject: str,
    template: str,
    dedupe_key: str | None = None,
    to_addr: str | None = None,
    **context,
) -> EmailOutbox:
    """Add a mail to the outbox in the caller's transaction (the caller commits).

    `to_addr` sends it elsewhere than the account's address (confirming a new address).
    """
    text_body = render_template(f"email/{template}.txt", user=user, **context)
    try:
        html_body = render_template(f"email/{template}.html", user=user, **context)
    except Exception:  # an HTML body is optional for a kind
        html_body = ""
    mail = EmailOutbox(
        user_id=user.id,
        to_addr=to_addr or user.email,
        subject=subject,
        text_body=text_body,
        html_body=html_body,
        kind=kind,
        dedupe_key=dedupe_key,
    )
    db.session.add(mail)
    return mail


def enqueue_delivery(mail_id: int) -> None:
    """Ask a worker to send it; if Redis is down the outbox sweep will."""
    from ..queue import enqueue

    enqueue("jobs.mail.send_outbox_mail", mail_id, job_id=f"mail-{mail_id}")


def _build_message(mail: EmailOutbox) -> EmailMessage:
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_FROM"]
    message["To"] = mail.to_addr
    message["Subject"] = mail.subject
    message["Message-ID"] = make_msgid(idstring=f"outbox-{mail.id}")
    message.set_content(mail.text_body)
    if mail.html_body:
        message.add_alternative(mail.html_body, subtype="html")
    return message


def send_outbox_mail(mail_id: int) -> bool:
    """Send one outbox mail unless already sent; raises on SMTP failure so RQ retries."""
    mail = db.session.get(EmailOutbox, mail_id)
    if mail is None or mail.sent_at is not None:
        return False
    message = _build_message(mail)
    cfg = current_app.config
    mail.attempts += 1
    try:
        if cfg["MAIL_SERVER"]:
            with smtplib.SMTP(cfg["MAIL_SERVER"], cfg["MAIL_PORT"], timeout=10) as smtp:
                if cfg["MAIL_USE_TLS"]:
                    smtp.starttls()
                if cfg["MAIL_USERNAME"]:
                    smtp.login(cfg["MAIL_USERNAME"], cfg["MAIL_PASSWORD"])
                smtp.send_message(message)
        else:
            outbox = Path(cfg["MAIL_OUTBOX_DIR"])
            outbox.mkdir(parents=True, exist_ok=True)
            (outbox / f"{mail.id:06d}-{mail.kind or 'mail'}.eml").write_bytes(bytes(message))
    except (OSError, smtplib.SMTPException) as error:
        mail.last_error = str(error)[:500]
        db.session.commit()
        raise
    mail.sent_at = utcnow()
    db.session.commit()
    return True


def unsent_mail_ids(limit: int = 1000) -> list[int]:
    return list(
        db.session.scalars(
            select(EmailOutbox.id).where(EmailOutbox.sent_at.is_(None)).order_by(EmailOutbox.id).limit(limit)
        )
    )
