"""Which push endpoints the site will talk to: https on a public address, never loopback or a private network.

A subscription is posted by a browser, so its endpoint is a URL someone else chose: checked when it is added
(the address as written) and again before every send (every address the name resolves to), so the sender
never requests a loopback, private, link-local or reserved address. PUSH_ALLOW_PRIVATE_ENDPOINTS (tests only,
never in production) lets it reach http://127.0.0.1 (the tests' local push service).
"""

import ipaddress
import socket
from urllib.parse import urlsplit

from flask import current_app

MAX_ENDPOINT = 1000
LOCAL_NAMES = ("localhost", ".localhost", ".local", ".internal", ".home.arpa", ".lan")


class PushError(ValueError):
    """A push request refused, with the sentence to show."""


class UnsafeEndpoint(PushError):
    """An endpoint the sender must not request."""


def allow_private() -> bool:
    return bool(current_app.config.get("PUSH_ALLOW_PRIVATE_ENDPOINTS"))


def _literal_ip(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None


def _is_public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return address.is_global and not address.is_multicast


def check_endpoint(url: str) -> str:
    """The endpoint if it may be stored: https, a host name or a public address, no user or password."""
    url = (url or "").strip()
    if not url or len(url) > MAX_ENDPOINT:
        raise UnsafeEndpoint("This browser's push address is missing or too long.")
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 (raises on a port that is not a number)
    except ValueError:
        raise UnsafeEndpoint("This browser's push address is not a valid address.")
    host = (parts.hostname or "").lower()
    if allow_private() and parts.scheme in ("http", "https") and host in ("127.0.0.1", "::1", "localhost"):
        return url
    if parts.scheme != "https" or not host or parts.username or parts.password:
        raise UnsafeEndpoint("Push addresses must start with https:// and name a push service.")
    address = _literal_ip(host)
    if (address is not None and not _is_public(address)) or host == "localhost" or host.endswith(LOCAL_NAMES):
        raise UnsafeEndpoint("Push addresses on this computer or a private network are refused.")
    return url


def check_before_sending(url: str) -> None:
    """Resolve the endpoint's host; refuse it if any of its addresses is not public. OSError if DNS fails."""
    check_endpoint(url)
    parts = urlsplit(url)
    host = parts.hostname or ""
    if allow_private() and host in ("127.0.0.1", "::1", "localhost"):
        return
    port = parts.port or 443
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    for info in infos:
        if not _is_public(ipaddress.ip_address(info[4][0].split("%")[0])):
            raise UnsafeEndpoint(f"{host} resolves to an address that is not public; not sent.")
