"""Transactional mail: an outbox row written with the change that caused it, enqueued after the commit.

Sending (claim, SMTP, mark sent: each row once) is services/notify/sending.py.
"""

import logging
from datetime import timedelta

from flask import current_app
from jinja2 import TemplateNotFound
from sqlalchemy import insert, or_, select

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
    adapter = current_app.extensions.get("mentorship_mail_urls")
    if adapter is None:  # bound once per app: a batch of reminders builds two links per mail
        adapter = current_app.extensions["mentorship_mail_urls"] = current_app.url_map.bind("localhost")
    return current_app.config["BASE_URL"].rstrip("/") + adapter.build(endpoint, values)


# The only globals a mail template may use: the translation functions (Jinja's filters are always there).
MAIL_GLOBALS = ("_", "gettext", "ngettext", "pgettext", "npgettext")


def render_mail(name: str, **context) -> str:
    """A mail template rendered from the app's Jinja environment, without a request's context processors
    and without copying the site's fifty template globals into every render (a batch of reminders renders
    two templates per mail): a mail names its person and links itself."""
    env = current_app.jinja_env
    template = env.get_template(name)
    values = {key: env.globals[key] for key in MAIL_GLOBALS if key in env.globals}
    values.update(context)
    return env.concat(template.root_render_func(template.new_context(values, shared=True)))


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
    mail = EmailOutbox(**_outbox_row(user, kind, subject, template, dedupe_key, to_addr, calendar_ics, **context))
    db.session.add(mail)
    return mail


def _outbox_row(
    user: User,
    kind: str,
    subject: str,
    template: str,
    dedupe_key: str | None = None,
    to_addr: str | None = None,
    calendar_ics: str = "",
    **context,
) -> dict:
    context.setdefault("unsubscribe_url", unsubscribe_url(user.id, kind))
    context.setdefault("settings_url", external_url("settings.profile"))
    text_body = render_mail(f"email/{template}.txt", user=user, **context)
    try:
        html_body = render_mail(f"email/{template}.html", user=user, **context)
    except TemplateNotFound:  # an HTML body is optional for a kind
        html_body = ""
    return {
        "user_id": user.id,
        "to_addr": to_addr or user.email,
        "subject": subject,
        "text_body": text_body,
        "html_body": html_body,
        "calendar_ics": calendar_ics,
        "kind": kind,
        "dedupe_key": dedupe_key,
        "created_at": utcnow(),
    }


def queue_mails(mails: list[dict]) -> list[EmailOutbox]:
    """Many queue_mail calls in one multi-row INSERT (a batch of reminders); each dict holds queue_mail's
    arguments. Enqueued after the commit like the others. Rows come back in no particular order."""
    settings_url = external_url("settings.profile")
    rows = [_outbox_row(**{"settings_url": settings_url, **mail}) for mail in mails]
    if not rows:
        return []
    stored = db.session.scalars(insert(EmailOutbox).returning(EmailOutbox), rows).all()
    _remember_for_commit(db.session, [mail.id for mail in stored])
    return stored


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


_remember_for_commit = enqueue_after_commit("mail", EmailOutbox, enqueue_deliveries)


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


def queue_mail_to_address(
    to_addr: str, kind: str, subject: str, template: str, dedupe_key: str | None = None, **context
) -> EmailOutbox:
    """A mail to an address with no account behind it yet (an invitation), in the caller's transaction.

    No preferences apply (there is no account to hold them) and there is no unsubscribe link; the sender
    (the invitations area) keeps the number of mails per address small.
    """
    context.setdefault("unsubscribe_url", None)
    context.setdefault("settings_url", None)
    text_body = render_mail(f"email/{template}.txt", user=None, **context)
    html_body = render_mail(f"email/{template}.html", user=None, **context)
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
