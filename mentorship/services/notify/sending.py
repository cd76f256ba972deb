"""Sending the outbox: claim, send over SMTP (one connection per batch), mark sent; each mail once.

A sender first claims the rows (an UPDATE that only one transaction can win per row), then talks to SMTP,
then marks each mail sent in its own commit. The one window left is a sender killed after the SMTP server
said 250 and before that commit: after the claim's lease the mail is sent again, with the same Message-ID,
so the receiving side can tell it is the same mail (docs/JOBS.md).
"""

import contextlib
import os
import secrets
import smtplib
from datetime import timedelta
from email import encoders
from email import policy as email_policy
from email.header import Header
from email.message import EmailMessage, Message
from email.mime.base import MIMEBase
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import parseaddr
from pathlib import Path

from flask import current_app
from sqlalchemy import or_, select, update

from mentorship.extensions import db
from mentorship.models import EmailOutbox, utcnow
from mentorship.services.notify.mail import unsubscribe_url


def message_id(mail: EmailOutbox) -> str:
    """The same Message-ID on every attempt, so a receiver can drop a repeat."""
    domain = parseaddr(current_app.config["MAIL_FROM"])[1].rpartition("@")[2] or "mentorship.local"
    return f"<outbox.{mail.id}.{int(mail.created_at.timestamp())}@{domain}>"


# RFC 5322 allows 998 characters a line; at the default 78, a long List-Unsubscribe URL
# would be folded into an encoded word that mail programs do not read as a link.
MESSAGE_POLICY = email_policy.default.clone(max_line_length=998)
SMTP_POLICY = MESSAGE_POLICY.clone(linesep="\r\n")
# The plain builder (email.mime, headers kept as the strings we give) costs a fifth of EmailMessage's
# parsing and refolding of every header: it matters at hundreds of mails a second.
PLAIN_POLICY = email_policy.compat32.clone(max_line_length=998)
PLAIN_SMTP_POLICY = PLAIN_POLICY.clone(linesep="\r\n")


def _headers(mail) -> list[tuple[str, str]]:
    headers = [
        ("From", current_app.config["MAIL_FROM"]),
        ("To", mail.to_addr),
        ("Subject", mail.subject),
        ("Message-ID", message_id(mail)),
    ]
    link = unsubscribe_url(mail.user_id, mail.kind) if mail.user_id else None
    if link:
        # RFC 2369 + RFC 8058: mail programs show an unsubscribe button that POSTs here.
        headers += [("List-Unsubscribe", f"<{link}>"), ("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")]
    return headers


def _calendar_method(ics: str) -> str:
    """The invitation's METHOD, which calendar programs act on (RFC 6047)."""
    return "CANCEL" if "METHOD:CANCEL" in ics else "REQUEST"


def _build_message(mail) -> EmailMessage:
    """The mail with the standard library's modern API (any header text, international addresses)."""
    message = EmailMessage(policy=MESSAGE_POLICY)
    for name, value in _headers(mail):
        message[name] = value
    message.set_content(mail.text_body)
    if mail.html_body:
        message.add_alternative(mail.html_body, subtype="html")
    if mail.calendar_ics:
        message.add_attachment(
            mail.calendar_ics.encode(),
            maintype="text",
            subtype="calendar",
            filename="invite.ics",
            params={"method": _calendar_method(mail.calendar_ics)},
        )
    return message


def _text_part(text: str, subtype: str) -> MIMEText:
    return MIMEText(text, subtype, "us-ascii" if text.isascii() else "utf-8", policy=PLAIN_POLICY)


def _build_plain_message(mail) -> Message | None:
    """The same mail through email.mime, when every header is ASCII (else None: use _build_message)."""
    headers = _headers(mail)
    if not all(value.isascii() for _, value in headers if _ != "Subject"):
        return None
    body = _text_part(mail.text_body, "plain")
    if mail.html_body:
        body = MIMEMultipart("alternative", policy=PLAIN_POLICY)
        body.attach(_text_part(mail.text_body, "plain"))
        body.attach(_text_part(mail.html_body, "html"))
    message = body
    if mail.calendar_ics:
        calendar = MIMEBase("text", "calendar", method=_calendar_method(mail.calendar_ics), policy=PLAIN_POLICY)
        calendar.set_payload(mail.calendar_ics.encode())
        encoders.encode_base64(calendar)
        calendar.add_header("Content-Disposition", "attachment", filename="invite.ics")
        message = MIMEMultipart("mixed", policy=PLAIN_POLICY)
        message.attach(body)
        message.attach(calendar)
    for name, value in headers:
        message[name] = value if value.isascii() else Header(value, "utf-8").encode()
    return message


def message_bytes(mail, smtp: bool = False) -> bytes:
    """The mail as sent (CRLF line ends for SMTP) or as written to a development .eml file."""
    plain = _build_plain_message(mail)
    if plain is not None:
        return plain.as_bytes(policy=PLAIN_SMTP_POLICY if smtp else PLAIN_POLICY)
    return _build_message(mail).as_bytes(policy=SMTP_POLICY if smtp else MESSAGE_POLICY)


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

    def send(self, mail) -> None:
        cfg = current_app.config
        if cfg["MAIL_SERVER"]:
            if self.smtp is None:
                self.smtp = self._connect()
            try:
                if mail.to_addr.isascii():  # flattened once, with the envelope we already know
                    self.smtp.sendmail(parseaddr(cfg["MAIL_FROM"])[1], [mail.to_addr], message_bytes(mail, smtp=True))
                else:  # an international address: smtplib's SMTPUTF8 handling
                    self.smtp.send_message(_build_message(mail))
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
        partial.write_bytes(message_bytes(mail))
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
    # Plain rows, not ORM objects: each mail's own commit below would expire the whole batch.
    table = EmailOutbox.__table__
    mails = {row.id: row for row in db.session.execute(select(table).where(table.c.id.in_(taken)))}
    sent = 0
    with _Sender() as sender:
        for position, mail_id in enumerate(taken):
            mail = mails[mail_id]
            try:
                sender.send(mail)
            except (OSError, smtplib.SMTPException) as error:
                _release(token, taken[position:], str(error)[:500] or type(error).__name__)
                raise
            db.session.execute(
                update(EmailOutbox)
                .where(EmailOutbox.id == mail_id, EmailOutbox.claim_token == token)
                .values(sent_at=utcnow(), claim_token=None, last_error="")
            )
            db.session.commit()
            sent += 1
    return sent


def _release(token: str, mail_ids: list[int], error: str) -> None:
    """Give back the claims of a failed batch, each unsent mail with the error (the attempt counts for all)."""
    db.session.execute(
        update(EmailOutbox)
        .where(EmailOutbox.id.in_(mail_ids), EmailOutbox.claim_token == token)
        .values(claimed_at=None, claim_token=None, last_error=error)
    )
    db.session.commit()


def send_outbox_mail(mail_id: int) -> bool:
    """Send one outbox mail unless already sent or being sent; raises on SMTP failure so RQ retries."""
    return send_outbox_mails([mail_id]) == 1
