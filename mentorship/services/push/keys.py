"""The site's VAPID key pair (RFC 8292): from the environment, else generated once into instance/."""

import base64
import os
from email.utils import parseaddr
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from flask import current_app
from py_vapid import Vapid, Vapid01

KEY_FILE = "vapid_private_key.pem"


def _load(config: dict) -> Vapid01:
    configured = (config.get("VAPID_PRIVATE_KEY") or "").strip()
    if configured:
        if configured.startswith("-----BEGIN"):
            return Vapid.from_pem(configured.encode())
        return Vapid.from_raw(configured.encode())
    path = Path(config["INSTANCE_PATH"]) / KEY_FILE
    if not path.exists():
        _generate(path)
    return Vapid.from_pem(path.read_bytes())


def _generate(path: Path) -> None:
    """Write a new key file whole, once: two processes starting together keep the first one written."""
    vapid = Vapid()
    vapid.generate_keys()
    pem = vapid.private_pem()
    partial = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    partial.write_bytes(pem)
    partial.chmod(0o600)
    try:
        os.link(partial, path)  # fails if another process got there first
    except FileExistsError:
        pass
    finally:
        partial.unlink()


def vapid() -> Vapid01:
    """The site's VAPID key (loaded once per app)."""
    key = current_app.extensions.get("mentorship_vapid")
    if key is None:
        key = current_app.extensions["mentorship_vapid"] = _load(current_app.config)
    return key


def application_server_key() -> str:
    """The public key as browsers want it for `pushManager.subscribe` (uncompressed point, base64url)."""
    raw = vapid().public_key.public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def subject() -> str:
    """Who push services may contact about our pushes: VAPID_SUBJECT, else the address mail comes from."""
    configured = current_app.config.get("VAPID_SUBJECT")
    if configured:
        return configured
    address = parseaddr(current_app.config["MAIL_FROM"])[1] or "no-reply@mentorship.local"
    return f"mailto:{address}"
