"""Sending one push: claim the row, check the endpoint, encrypt (RFC 8291, aes128gcm), sign (VAPID), post.

As for mail (docs/JOBS.md): one sender at a time holds a row (an UPDATE only one transaction wins), a failure
releases it and raises so RQ retries with backoff, and a dead sender's claim expires after
PUSH_CLAIM_LEASE_SECONDS. The one window: a sender killed after the push service answered 201 and before the
commit; after the lease the push goes again with the same Topic and tag, so the push service (an undelivered
message with that Topic is replaced) and the browser (a notification with that tag is replaced) show it once.
"""

import logging
import secrets

import requests
from flask import current_app
from pywebpush import WebPushException, webpush
from sqlalchemy import or_, update

from mentorship.extensions import db
from mentorship.models import PushOutbox, PushStatus, PushSubscription, utcnow
from mentorship.services.push.choices import hold_until, settings_of
from mentorship.services.push.endpoints import UnsafeEndpoint, check_before_sending
from mentorship.services.push.keys import subject, vapid
from mentorship.services.push.outbox import lease
from mentorship.services.push.payloads import build_payload, encode

log = logging.getLogger(__name__)

GONE = (404, 410)  # the subscription expired or was withdrawn: drop it at once
REFUSED = (400, 401, 403, 413)  # our request is wrong for good: retrying would not help


class NoRedirectSession(requests.Session):
    """A push service never redirects; following one could lead the sender to an address it must not reach."""

    def request(self, method, url, *args, **kwargs):
        kwargs["allow_redirects"] = False
        return super().request(method, url, *args, **kwargs)


def _claim(push_id: int) -> str | None:
    """Take a due row for sending (one transaction wins); None if done, held or claimed by a live sender."""
    now = utcnow()
    token = secrets.token_hex(8)
    result = db.session.execute(
        update(PushOutbox)
        .where(
            PushOutbox.id == push_id,
            PushOutbox.status == PushStatus.PENDING,
            or_(PushOutbox.not_before.is_(None), PushOutbox.not_before <= now),
            or_(PushOutbox.claimed_at.is_(None), PushOutbox.claimed_at < now - lease()),
        )
        .values(claimed_at=now, claim_token=token, attempts=PushOutbox.attempts + 1)
    )
    db.session.commit()
    return token if result.rowcount == 1 else None


def _finish(push_id: int, token: str, **values) -> None:
    """Update the row we hold (nothing if our claim was taken over) and commit."""
    db.session.execute(
        update(PushOutbox).where(PushOutbox.id == push_id, PushOutbox.claim_token == token).values(**values)
    )
    db.session.commit()


def _release(push_id: int, token: str, error: str = "", **values) -> None:
    _finish(push_id, token, claimed_at=None, claim_token=None, last_error=error[:500], **values)


def _post(device: PushSubscription, payload: dict) -> None:
    """Encrypt and post one push; WebPushException for an answer other than 2xx, OSError/RequestException."""
    config = current_app.config
    webpush(
        {"endpoint": device.endpoint, "keys": {"p256dh": device.p256dh, "auth": device.auth}},
        data=encode(payload),
        vapid_private_key=vapid(),
        vapid_claims={"sub": subject()},
        ttl=config["PUSH_TTL_SECONDS"],
        timeout=config["PUSH_TIMEOUT"],
        headers={"Urgency": "normal", "Topic": payload["tag"]},
        requests_session=NoRedirectSession(),
    )


def send_push(push_id: int) -> str:
    """Send one pending push; "sent", "skipped" (read meanwhile), "held" (quiet hours), "gone" (dropped
    device), "failed", or "busy" (done or held by another sender). Raises on a failure worth retrying."""
    token = _claim(push_id)
    if token is None:
        return "busy"
    row = db.session.get(PushOutbox, push_id)
    if row is None:  # its device or notification was deleted meanwhile
        return "gone"
    notification, device = row.notification, row.subscription
    if notification.read_at is not None:
        _finish(push_id, token, status=PushStatus.SKIPPED, sent_at=utcnow(), claim_token=None)
        return "skipped"
    settings = settings_of(device.user_id)
    held = hold_until(settings, device.user.timezone, utcnow())
    if held is not None:  # quiet hours began since it was queued (or were changed): the sweep sends it later
        _release(push_id, token, not_before=held)
        return "held"
    payload = build_payload(notification, row.sender_name, settings.show_sender)
    try:
        check_before_sending(device.endpoint)
        _post(device, payload)
    except UnsafeEndpoint as refusal:
        _finish(push_id, token, status=PushStatus.FAILED, claim_token=None, last_error=str(refusal))
        return "failed"
    except WebPushException as error:
        status = error.response.status_code if error.response is not None else None
        if status in GONE:
            db.session.delete(device)  # its pending pushes go with it (ON DELETE CASCADE)
            db.session.commit()
            return "gone"
        if status in REFUSED or (status is not None and 300 <= status < 400):
            _finish(push_id, token, status=PushStatus.FAILED, claim_token=None, last_error=f"HTTP {status}")
            return "failed"
        _release(push_id, token, f"HTTP {status}" if status else str(error))
        raise
    except (OSError, requests.RequestException) as error:
        _release(push_id, token, str(error) or type(error).__name__)
        raise
    now = utcnow()
    _finish(push_id, token, status=PushStatus.SENT, sent_at=now, claim_token=None, last_error="")
    db.session.execute(update(PushSubscription).where(PushSubscription.id == device.id).values(last_sent_at=now))
    db.session.commit()
    return "sent"
