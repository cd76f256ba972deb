"""Transactional mail: an outbox row written with the change that caused it, sent by a job.

Sending never sends one row twice at the same time: a sender first claims the row
(an UPDATE that only one transaction can win), then talks to SMTP, then marks it sent.
The one window left is a sender killed after the SMTP server said 250 and before the
commit: after the claim's lease the row is sent again, with the same Message-ID, so the
receiving side can tell it is the same mail (docs/JOBS.md).
"""

import contextlib
import logging
import os
import secrets
import smtplib
from datetime import timedelta
from email import policy as email_policy
from email.message import EmailMessage
from email.utils import parseaddr
from pathlib import Path

from flask import current_app, render_template
from sqlalchemy import or_, select, update

from mentorship.database import read_only
from mentorship.extensions import db
from mentorship.models import EmailOutbox, User, utcnow
from mentorship.queue import (
    SOCKET_TIMEOUT,
    SWEEP_SOCKET_TIMEOUT,
    EnqueueCounts,
    batch_job_id,
    enqueue,
    enqueue_after_commit,
    enqueue_unique_many,
)
from mentorship.services.notify.prefs import make_unsubscribe_token, pref_for_kind

log = logging.getLogger(__name__)

MAIL_QUEUE = "mail"
MAIL_RETRY = (6, [30, 60, 300, 900, 1800, 3600])
SEND_JOB = "jobs.mail.send_outbox_mail"
BATCH_JOB = "jobs.mail.send_outbox_mails"
# Mails per batch job: one SMTP connection each, well inside the claim's lease at a slow server's pace.
MAIL_BATCH = 100
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
    return enqueue(SEND_JOB, mail_id, job_id=f"mail-{mail_id}", queue=MAIL_QUEUE, retry=MAIL_RETRY)


def enqueue_deliveries(mail_ids: list[int], timeout: float = SOCKET_TIMEOUT) -> EnqueueCounts:
    """One mail: its own job. Many (a batch of reminders): one job per MAIL_BATCH, sent over one SMTP
    connection, all enqueued in one Redis round trip. Raises RedisError when Redis is down."""
    done = db.session.info.setdefault(_ENQUEUED, set())
    ids = [mail_id for mail_id in dict.fromkeys(mail_ids) if mail_id not in done]
    done.update(ids)
    if len(ids) == 1:
        status = enqueue(SEND_JOB, ids[0], job_id=f"mail-{ids[0]}", queue=MAIL_QUEUE, retry=MAIL_RETRY)
        return EnqueueCounts(enqueued=int(status == "enqueued"), queued=int(status == "queued"))
    return _enqueue_batches(ids, timeout)


def _enqueue_batches(ids: list[int], timeout: float) -> EnqueueCounts:
    """Chunks of MAIL_BATCH as batch jobs; a chunk of one is that mail's own job (`mail-<id>`)."""
    chunks = [ids[i : i + MAIL_BATCH] for i in range(0, len(ids), MAIL_BATCH)]
    counts = EnqueueCounts()
    singles = [(f"mail-{chunk[0]}", (chunk[0],)) for chunk in chunks if len(chunk) == 1]
    batches = [(batch_job_id("mails", chunk), (chunk,)) for chunk in chunks if len(chunk) > 1]
    if singles:
        counts += enqueue_unique_many(SEND_JOB, singles, queue=MAIL_QUEUE, retry=MAIL_RETRY, timeout=timeout)
    if batches:
        counts += enqueue_unique_many(
            BATCH_JOB, batches, queue=MAIL_QUEUE, retry=MAIL_RETRY, weight=lambda args: len(args[0]), timeout=timeout
        )
    return counts


enqueue_after_commit("mail", EmailOutbox, enqueue_deliveries)


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


def _claim_many(mail_ids: list[int]) -> tuple[str, list[int]]:
    """Take the rows for sending, each on its own (one transaction wins a row): those sent or held by a
    live sender are left out. Returns the claim token and the ids taken, in order."""
    now = utcnow()
    lease = timedelta(seconds=current_app.config["MAIL_CLAIM_LEASE_SECONDS"])
    token = secrets.token_hex(8)
    db.session.execute(
        update(EmailOutbox)
        .where(
            EmailOutbox.id.in_(mail_ids),
            EmailOutbox.sent_at.is_(None),
            or_(EmailOutbox.claimed_at.is_(None), EmailOutbox.claimed_at < now - lease),
        )
        .values(claimed_at=now, claim_token=token, attempts=EmailOutbox.attempts + 1)
    )
    db.session.commit()
    taken = db.session.scalars(
        select(EmailOutbox.id).where(EmailOutbox.id.in_(mail_ids), EmailOutbox.claim_token == token)
    ).all()
    db.session.commit()
    return token, sorted(taken)


def _claim(mail_id: int) -> str | None:
    """Take one row for sending; None if sent or claimed by a live sender."""
    token, taken = _claim_many([mail_id])
    return token if taken else None


class _Sender:
    """One SMTP connection for a batch of mails (opened at the first mail), or the development .eml folder."""

    def __init__(self):
        self.smtp: smtplib.SMTP | None = None

    def __enter__(self):
        return self

    def __exit__(self, *_exc):
        if self.smtp is not None:
            with contextlib.suppress(OSError, smtplib.SMTPException):
                self.smtp.quit()
            self.smtp.close()

    def _connect(self) -> smtplib.SMTP:
        cfg = current_app.config
        smtp = smtplib.SMTP(cfg["MAIL_SERVER"], cfg["MAIL_PORT"], timeout=cfg["SMTP_TIMEOUT"])
        try:
            if cfg["MAIL_USE_TLS"]:
                smtp.starttls()
            if cfg["MAIL_USERNAME"]:
                smtp.login(cfg["MAIL_USERNAME"], cfg["MAIL_PASSWORD"])
        except BaseException:
            smtp.close()
            raise
        return smtp

    def send(self, message: EmailMessage, mail: EmailOutbox) -> None:
        cfg = current_app.config
        if cfg["MAIL_SERVER"]:
            if self.smtp is None:
                self.smtp = self._connect()
            try:
                self.smtp.send_message(message)
            except (OSError, smtplib.SMTPException):
                # The connection is in an unknown state: the next mail (a retry) opens a new one.
                self.smtp.close()
                self.smtp = None
                raise
            return
        # Development: one .eml file per outbox row. The name is fixed by the row, and the file
        # appears whole (write then rename), so a repeat overwrites instead of adding a copy.
        outbox = Path(cfg["MAIL_OUTBOX_DIR"])
        outbox.mkdir(parents=True, exist_ok=True)
        final = outbox / f"{mail.id:06d}-{mail.kind or 'mail'}.eml"
        partial = outbox / f".{final.name}.{os.getpid()}.tmp"
        partial.write_bytes(bytes(message))
        os.replace(partial, final)


def send_outbox_mails(mail_ids: list[int]) -> int:
    """Send these outbox mails over one SMTP connection, each once; returns how many went out.

    All are claimed in one statement (each row on its own), and each is marked sent in its own commit
    right after the server took it, so a killed worker leaves at most one mail in the window of
    docs/JOBS.md. On an SMTP failure the claims not yet sent are released and it raises, so RQ retries
    the batch with backoff (the mails already sent are skipped then)."""
    token, taken = _claim_many(list(mail_ids))
    if not taken:
        return 0
    mails = {m.id: m for m in db.session.scalars(select(EmailOutbox).where(EmailOutbox.id.in_(taken)))}
    sent = 0
    with _Sender() as sender:
        for position, mail_id in enumerate(taken):
            mail = mails[mail_id]
            try:
                sender.send(_build_message(mail), mail)
            except (OSError, smtplib.SMTPException) as error:
                _release(token, mail_id, taken[position + 1 :], str(error)[:500] or type(error).__name__)
                raise
            db.session.execute(
                update(EmailOutbox)
                .where(EmailOutbox.id == mail_id, EmailOutbox.claim_token == token)
                .values(sent_at=utcnow(), claim_token=None, last_error="")
            )
            db.session.commit()
            sent += 1
    return sent


def _release(token: str, failed_id: int, untried: list[int], error: str) -> None:
    """Give back the claims of a failed batch: the failed mail with its error, the untried ones uncounted."""
    mine = EmailOutbox.claim_token == token
    db.session.execute(
        update(EmailOutbox)
        .where(EmailOutbox.id == failed_id, mine)
        .values(claimed_at=None, claim_token=None, last_error=error)
    )
    if untried:
        db.session.execute(
            update(EmailOutbox)
            .where(EmailOutbox.id.in_(untried), mine)
            .values(claimed_at=None, claim_token=None, attempts=EmailOutbox.attempts - 1)
        )
    db.session.commit()


def send_outbox_mail(mail_id: int) -> bool:
    """Send one outbox mail unless already sent or being sent; raises on SMTP failure so RQ retries."""
    return send_outbox_mails([mail_id]) == 1


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
    """Enqueue every unsent outbox mail in batch jobs, in pipelines (already-queued batches are left alone).

    A batch cut differently from the one enqueued after its commit gets its own job; the claim keeps each
    mail to one sender, so the second job finds it sent or held and skips it."""
    total, after = 0, 0
    while ids := unsent_mail_ids(page, after):
        counts = _enqueue_batches(ids, SWEEP_SOCKET_TIMEOUT)
        total += counts.enqueued
        after = ids[-1]
    return total
