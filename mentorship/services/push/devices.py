"""A person's devices: the Web Push subscriptions their browsers post, listed in settings, removable.

A subscription remembers (a hash of) the login session that added it, so logging out of that browser removes
it; signing other browsers out, or a password reset, removes theirs. The push service answering 404 or 410
for one removes it too (sending.py).
"""

import base64
import binascii
import hashlib

from cryptography.hazmat.primitives.asymmetric import ec
from sqlalchemy import delete, select

from mentorship.database import one_row
from mentorship.extensions import db
from mentorship.models import PushSettings, PushSubscription, User, utcnow
from mentorship.services.push.endpoints import PushError, check_endpoint
from mentorship.signals import person_erased, person_exported

MAX_DEVICES = 20


def session_hash(token: str | None) -> str | None:
    """What a subscription keeps of the login session that added it (never the token itself)."""
    return hashlib.sha256(token.encode()).hexdigest() if token else None


def _decode(value: str | None, length: int, what: str) -> str:
    value = (value or "").strip()
    try:
        raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    except (binascii.Error, ValueError):
        raw = b""
    if len(raw) != length:
        raise PushError(f"This browser sent a {what} that is not valid. Try turning notifications on again.")
    return value.rstrip("=")


def check_keys(p256dh: str | None, auth: str | None) -> tuple[str, str]:
    """The browser's public key (a P-256 point) and auth secret (16 bytes), base64url; PushError if not."""
    public = _decode(p256dh, 65, "key")
    try:
        ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), base64.urlsafe_b64decode(public + "=="))
    except ValueError:
        raise PushError("This browser sent a key that is not valid. Try turning notifications on again.")
    return public, _decode(auth, 16, "secret")


def add_device(
    user: User, endpoint: str, p256dh: str, auth: str, session_token: str | None, user_agent: str | None
) -> PushSubscription:
    """Store this browser's subscription for the person (the same endpoint again updates it); commits."""
    endpoint = check_endpoint(endpoint)
    public, secret = check_keys(p256dh, auth)
    device = db.session.scalar(select(PushSubscription).where(PushSubscription.endpoint == endpoint))
    if device is None:
        count = len(devices_of(user.id))
        if count >= MAX_DEVICES:
            raise PushError(f"You already receive notifications on {count} devices: remove one first.")
        # The page's script may send the same subscription twice at once: the unique endpoint keeps one row.
        defaults = {"user_id": user.id, "p256dh": public, "auth": secret, "created_at": utcnow()}
        device = one_row(db.session, PushSubscription, defaults, endpoint=endpoint)
    # The browser belongs to whoever is logged in on it now (a shared computer passes from one to the next).
    device.user_id = user.id
    device.p256dh, device.auth = public, secret
    device.session_hash = session_hash(session_token)
    device.user_agent = (user_agent or "")[:200]
    device.created_at = device.created_at or utcnow()
    one_row(db.session, PushSettings, {"kinds": {}}, user_id=user.id)
    db.session.commit()
    return device


def devices_of(user_id: int) -> list[PushSubscription]:
    """The person's devices, newest first."""
    query = select(PushSubscription).where(PushSubscription.user_id == user_id)
    return list(db.session.scalars(query.order_by(PushSubscription.id.desc())))


def remove_device(user_id: int, device_id: int) -> bool:
    """Remove one of the person's devices (their pending pushes go with it); False if not theirs. Commits."""
    result = db.session.execute(
        delete(PushSubscription).where(PushSubscription.id == device_id, PushSubscription.user_id == user_id)
    )
    db.session.commit()
    return result.rowcount == 1


def _forget(*where) -> int:
    result = db.session.execute(delete(PushSubscription).where(*where))
    db.session.commit()
    return result.rowcount


def forget_browser(user_id: int, session_token: str | None) -> int:
    """Logging out: remove the subscriptions this browser's session added; commits."""
    if not session_token:
        return 0
    return _forget(PushSubscription.user_id == user_id, PushSubscription.session_hash == session_hash(session_token))


def forget_other_browsers(user_id: int, session_token: str | None) -> int:
    """Other browsers were signed out: remove the subscriptions they added; commits."""
    return _forget(
        PushSubscription.user_id == user_id,
        PushSubscription.session_hash.is_distinct_from(session_hash(session_token)),
    )


def keep_only_this_browser(user_id: int, old_token: str | None, new_token: str | None) -> None:
    """A password change: this browser got a fresh login session and its subscription follows it; every other
    browser was signed out and its subscription goes. Commits."""
    if old_token and new_token:
        for device in db.session.scalars(
            select(PushSubscription).where(
                PushSubscription.user_id == user_id, PushSubscription.session_hash == session_hash(old_token)
            )
        ):
            device.session_hash = session_hash(new_token)
    forget_other_browsers(user_id, new_token)


@person_exported.connect
def _export_devices(user: User):
    return "push_devices", [
        {"user_agent": d.user_agent, "added_at": d.created_at, "last_push_at": d.last_sent_at}
        for d in devices_of(user.id)
    ]


def _erase_devices(user: User, erase_written: bool) -> None:
    """A deleted account receives nothing: its devices (and their pending pushes) and settings go."""
    db.session.execute(delete(PushSubscription).where(PushSubscription.user_id == user.id))
    db.session.execute(delete(PushSettings).where(PushSettings.user_id == user.id))


person_erased.connect(_erase_devices)
