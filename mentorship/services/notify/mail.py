"""Transactional mail: an outbox row written with the change that caused it, sent by a job.

Sending never sends one row twice at the same time: a sender first claims the row
(an UPDATE that only one transaction can win), then talks to SMTP, then marks it sent.
The one window left is a sender killed after the SMTP server said 250 and before the
commit: after the claim's lease the row is sent again, with the same Message-ID, so the
receiving side can tell it is the same mail (docs/JOBS.md).
"""

import logging
import os
import secrets
import smtplib
from datetime import timedelta
from email import policy as email_policy
from email.message import EmailMessage
from email.utils import parseaddr
from pathlib import Path

from flask import current_app, has_app_context, render_template
from sqlalchemy import event, or_, select, update
from sqlalchemy.orm import Session

from mentorship.database import read_only
from mentorship.extensions import db
from mentorship.models import EmailOutbox, User, utcnow
from mentorship.queue import enqueue, enqueue_unique_many
from mentorship.services.notify.prefs import make_unsubscribe_token, pref_for_kind

log = logging.getLogger(__name__)

MAIL_QUEUE = "mail"
MAIL_RETRY = (6, [30, 60, 300, 900, 1800, 3600])
_PENDING = "mentorship_outbox_pending"
_ENQUEUED = "mentorship_outbox_enqueued"


def external_url(endpoint: str, **values) -> str:
    """An absolute link for mails, built from BASE_URL (works in jobs, outside any request)."""
    path = current_app.url_map.bind("localhost").build(endpoint, values)
    return current_app.config["BASE_URL"].rstrip("/") + path


def absolute(path: str) -> str:
    """BASE_URL + a site path such as /m/3#checkin."""
    return current_app.config["BASE_URL"].rstrip("/") + path


def unsubscribe_url(user_id: int, kind: str) -> str | None:
    pref = pref_for_kind(kind)
    if pref is None:
        return None
    return external_url("notifications.unsubscribe", token=make_unsubscribe_token(user_id, pref))


def queue_mail(
    user: User,
    kind: str,
    subject: str,
    template: str,
    dedupe_key: str | None = None,
    to_addr: str | None = None,
    calendar_ics: str = "",
    **context,
) -> EmailOutbox:
    """Add a mail to the outbox in the caller's transaction; it is enqueued after the commit.

    `to_addr` sends it elsewhere than the account's address (confirming a new address).
    """
    context.setdefault("unsubscribe_url", unsubscribe_url(user.id, kind))
    context.setdefault("settings_url", external_url("settings.profile"))
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
        calendar_ics=calendar_ics,
        kind=kind,
        dedupe_key=dedupe_key,
    )
    db.session.add(mail)
    return mail


def enqueue_delivery(mail_id: int) -> str:
    """Ask a worker to send it; if Redis is down the outbox sweep will."""
    done = db.session.info.setdefault(_ENQUEUED, set())
    if mail_id in done:
        return "queued"
    done.add(mail_id)
    return enqueue("jobs.mail.send_outbox_mail", mail_id, job_id=f"mail-{mail_id}", queue=MAIL_QUEUE, retry=MAIL_RETRY)


@event.listens_for(Session, "after_flush")
def _remember_new_mail(session, _flush_context):
    for obj in session.new:
        if isinstance(obj, EmailOutbox):
            session.info.setdefault(_PENDING, []).append(obj.id)


@event.listens_for(Session, "after_commit")
def _enqueue_after_commit(session):
    pending = session.info.pop(_PENDING, None)
    if not pending or not has_app_context():
        return
    for mail_id in pending:
        try:
            enqueue_delivery(mail_id)
        except Exception:  # never let a queue problem surface after a successful commit
            log.exception("could not enqueue mail %s", mail_id)


@event.listens_for(Session, "after_rollback")
def _forget_rolled_back_mail(session):
    session.info.pop(_PENDING, None)


def message_id(mail: EmailOutbox) -> str:
    """The same Message-ID on every attempt, so a receiver can drop a repeat."""
    domain = parseaddr(current_app.config["MAIL_FROM"])[1].rpartition("@")[2] or "mentorship.local"
    return f"<outbox.{mail.id}.{int(mail.created_at.timestamp())}@{domain}>"


# RFC 5322 allows 998 characters a line; at the default 78, a long List-Unsubscribe URL
# would be folded into an encoded word that mail programs do not read as a link.
MESSAGE_POLICY = email_policy.default.clone(max_line_length=998)


def _build_message(mail: EmailOutbox) -> EmailMessage:
    message = EmailMessage(policy=MESSAGE_POLICY)
    message["From"] = current_app.config["MAIL_FROM"]
    message["To"] = mail.to_addr
    message["Subject"] = mail.subject
    message["Message-ID"] = message_id(mail)
    link = unsubscribe_url(mail.user_id, mail.kind) if mail.user_id else None
    if link:
        # RFC 2369 + RFC 8058: mail programs show an unsubscribe button that POSTs here.
        message["List-Unsubscribe"] = f"<{link}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message.set_content(mail.text_body)
    if mail.html_body:
        message.add_alternative(mail.html_body, subtype="html")
    if mail.calendar_ics:
        _attach_calendar(message, mail.calendar_ics)
    return message


def _attach_calendar(message: EmailMessage, ics: str) -> None:
    """The invitation as a text/calendar part with its METHOD, which calendar programs act on (RFC 6047)."""
    method = "CANCEL" if "METHOD:CANCEL" in ics else "REQUEST"
    message.add_attachment(
        ics.encode(), maintype="text", subtype="calendar", filename="invite.ics", params={"method": method}
    )


def _claim(mail_id: int) -> str | None:
    """Take the row for sending (one transaction wins); None if sent or claimed by a live sender."""
    now = utcnow()
    lease = timedelta(seconds=current_app.config["MAIL_CLAIM_LEASE_SECONDS"])
    token = secrets.token_hex(8)
    result = db.session.execute(
        update(EmailOutbox)
        .where(
            EmailOutbox.id == mail_id,
            EmailOutbox.sent_at.is_(None),
            or_(EmailOutbox.claimed_at.is_(None), EmailOutbox.claimed_at < now - lease),
        )
        .values(claimed_at=now, claim_token=token, attempts=EmailOutbox.attempts + 1)
    )
    db.session.commit()
    return token if result.rowcount == 1 else None


def _deliver(message: EmailMessage, mail: EmailOutbox) -> None:
    cfg = current_app.config
    if cfg["MAIL_SERVER"]:
        with smtplib.SMTP(cfg["MAIL_SERVER"], cfg["MAIL_PORT"], timeout=cfg["SMTP_TIMEOUT"]) as smtp:
            if cfg["MAIL_USE_TLS"]:
                smtp.starttls()
            if cfg["MAIL_USERNAME"]:
                smtp.login(cfg["MAIL_USERNAME"], cfg["MAIL_PASSWORD"])
            smtp.send_message(message)
        return
    # Development: one .eml file per outbox row. The name is fixed by the row, and the file
    # appears whole (write then rename), so a repeat overwrites instead of adding a copy.
    outbox = Path(cfg["MAIL_OUTBOX_DIR"])
    outbox.mkdir(parents=True, exist_ok=True)
    final = outbox / f"{mail.id:06d}-{mail.kind or 'mail'}.eml"
    partial = outbox / f".{final.name}.{os.getpid()}.tmp"
    partial.write_bytes(bytes(message))
    os.replace(partial, final)


def send_outbox_mail(mail_id: int) -> bool:
    """Send one outbox mail unless already sent or being sent; raises on SMTP failure so RQ retries."""
    token = _claim(mail_id)
    if token is None:
        return False
    mail = db.session.get(EmailOutbox, mail_id)
    try:
        _deliver(_build_message(mail), mail)
    except (OSError, smtplib.SMTPException) as error:
        db.session.execute(
            update(EmailOutbox)
            .where(EmailOutbox.id == mail_id, EmailOutbox.claim_token == token)
            .values(claimed_at=None, claim_token=None, last_error=str(error)[:500] or type(error).__name__)
        )
        db.session.commit()
        raise
    db.session.execute(
        update(EmailOutbox)
        .where(EmailOutbox.id == mail_id, EmailOutbox.claim_token == token)
        .values(sent_at=utcnow(), claim_token=None, last_error="")
    )
    db.session.commit()
    return True


def unsent_mail_ids(limit: int = 1000, after_id: int = 0) -> list[int]:
    """Unsent outbox rows nobody holds a live claim on, oldest first."""
    lease = timedelta(seconds=current_app.config["MAIL_CLAIM_LEASE_SECONDS"])
    with read_only(db.session):
        return list(
            db.session.scalars(
                select(EmailOutbox.id)
                .where(
                    EmailOutbox.sent_at.is_(None),
                    EmailOutbox.id > after_id,
                    or_(EmailOutbox.claimed_at.is_(None), EmailOutbox.claimed_at < utcnow() - lease),
                )
                .order_by(EmailOutbox.id)
                .limit(limit)
            )
        )


def enqueue_unsent_mail(page: int = 2000) -> int:
    """Enqueue every unsent outbox mail in pipelines (already-queued ones are left alone)."""
    total, after = 0, 0
    while ids := unsent_mail_ids(page, after):
        counts = enqueue_unique_many(
            "jobs.mail.send_outbox_mail",
            ((f"mail-{mail_id}", (mail_id,)) for mail_id in ids),
            queue=MAIL_QUEUE,
            retry=MAIL_RETRY,
        )
        total += counts.enqueued
        after = ids[-1]
    return total


def queue_mail_to_address(
    to_addr: str, kind: str, subject: str, template: str, dedupe_key: str | None = None, **context
) -> EmailOutbox:
    """A mail to an address with no account behind it yet (an invitation), in the caller's transaction.

    No preferences apply (there is no account to hold them) and there is no unsubscribe link; the sender
    (the invitations area) keeps the number of mails per address small.
    """
    context.setdefault("unsubscribe_url", None)
    context.setdefault("settings_url", None)
    text_body = render_template(f"email/{template}.txt", user=None, **context)
    html_body = render_template(f"email/{template}.html", user=None, **context)
    mail = EmailOutbox(
        user_id=None,
        to_addr=to_addr,
        subject=subject,
        text_body=text_body,
        html_body=html_body,
        kind=kind,
        dedupe_key=dedupe_key,
    )
    db.session.add(mail)
    return mail
