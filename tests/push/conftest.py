"""A local push service for the push tests: an HTTP server on 127.0.0.1 that holds each subscription's private
key and auth secret, as a browser's push service and browser would, and decrypts every push (RFC 8291,
aes128gcm, with http_ece) after checking its VAPID signature (RFC 8292) against the site's public key.
"""

import base64
import json
import os
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import http_ece
import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

from mentorship.extensions import db
from mentorship.services.push import devices
from mentorship.services.push.keys import application_server_key


def b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass
class Browser:
    """One subscription's secrets, as the browser holds them."""

    name: str
    endpoint: str
    private_key: ec.EllipticCurvePrivateKey
    auth_secret: bytes
    status: int = 201  # what the push service answers for it
    location: str = ""  # for a 3xx

    @property
    def p256dh(self) -> str:
        raw = self.private_key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        return b64url(raw)

    @property
    def auth(self) -> str:
        return b64url(self.auth_secret)

    def subscription_json(self) -> dict:
        return {"endpoint": self.endpoint, "keys": {"p256dh": self.p256dh, "auth": self.auth}}


@dataclass
class Received:
    browser: str
    payload: dict
    raw: str
    headers: dict
    vapid_claims: dict


@dataclass
class PushService:
    url: str
    server_key: str  # the site's VAPID public key, which every push must be signed with
    browsers: dict[str, Browser] = field(default_factory=dict)
    received: list[Received] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)  # every path asked for, pushes or not
    lock: threading.Lock = field(default_factory=threading.Lock)

    def browser(self, name: str) -> Browser:
        """A new browser with its own key pair and auth secret, and its endpoint on this service."""
        browser = Browser(name, f"{self.url}/push/{name}", ec.generate_private_key(ec.SECP256R1()), os.urandom(16))
        self.browsers[name] = browser
        return browser

    def wait_for(self, count: int, timeout: float = 20) -> list[Received]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if len(self.received) >= count:
                return self.received
            time.sleep(0.05)
        raise AssertionError(f"the push service received {len(self.received)} pushes, not {count}")

    def handle(self, path: str, headers: dict, body: bytes) -> tuple[int, dict]:
        with self.lock:
            self.requests.append(path)
        name = path.rsplit("/", 1)[-1]
        browser = self.browsers.get(name)
        if browser is None:
            return 404, {}
        if browser.status != 201:
            return browser.status, {"Location": browser.location} if browser.location else {}
        claims = check_vapid(headers.get("authorization", ""), self.server_key, self.url)
        assert headers.get("content-encoding") == "aes128gcm"
        assert int(headers.get("ttl", "0")) > 0
        raw = http_ece.decrypt(body, private_key=browser.private_key, auth_secret=browser.auth_secret).decode()
        with self.lock:
            self.received.append(Received(name, json.loads(raw), raw, headers, claims))
        return 201, {}


def check_vapid(authorization: str, server_key: str, audience: str) -> dict:
    """RFC 8292: `vapid t=<JWT>, k=<key>`; the key must be the site's, the ES256 signature valid, aud ours."""
    assert authorization.startswith("vapid "), authorization
    parts = dict(item.strip().split("=", 1) for item in authorization[len("vapid ") :].split(","))
    assert parts["k"] == server_key, "signed with a key other than the site's"
    header, claims, signature = parts["t"].split(".")
    public = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), unb64url(parts["k"]))
    raw = unb64url(signature)
    der = encode_dss_signature(int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big"))
    public.verify(der, f"{header}.{claims}".encode(), ec.ECDSA(hashes.SHA256()))
    decoded = json.loads(unb64url(claims))
    assert decoded["aud"] == audience and decoded["exp"] > time.time() and decoded["sub"].startswith("mailto:")
    return decoded


@pytest.fixture
def push_service(app, monkeypatch):
    """The local push service, running while the test does; the sender may reach 127.0.0.1 meanwhile."""
    monkeypatch.setitem(app.config, "PUSH_ALLOW_PRIVATE_ENDPOINTS", True)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            headers = {key.lower(): value for key, value in self.headers.items()}
            try:
                status, extra = service.handle(self.path, headers, body)
            except Exception as error:  # a push the test would reject: answer 400 and remember why
                service.errors.append(repr(error))
                status, extra = 400, {}
            self.send_response(status)
            for key, value in extra.items():
                self.send_header(key, value)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    service = PushService(f"http://127.0.0.1:{server.server_port}", application_server_key())
    service.errors = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield service
    server.shutdown()
    server.server_close()
    assert not service.errors, service.errors


def subscribe(
    user,
    browser: Browser,
    session_token: str | None = None,
    user_agent: str = "Mozilla/5.0 (Linux; Android 14) Chrome/130.0 Mobile",
):
    """Store the browser's subscription for the user, as the settings page's script would."""
    device = devices.add_device(user, browser.endpoint, browser.p256dh, browser.auth, session_token, user_agent)
    db.session.commit()
    return device
