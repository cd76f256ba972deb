"""Every response carries the security headers; cookies are hardened in production."""

import pytest
from flask import Flask, request

from mentorship.config import Config


@pytest.mark.parametrize("path", ["/", "/login", "/c/", "/no-such-page", "/static/css/site.css"])
def test_security_headers_on_every_kind_of_response(client, path):
    response = client.get(path)
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_no_inline_scripts_in_the_layout(client):
    body = client.get("/login").get_data(as_text=True)
    assert "<script>" not in body and "onclick=" not in body
    assert 'src="/static/vendor/htmx/htmx-2.0.11.min.js"' in body


def test_cookies_are_secure_in_production(monkeypatch, tmp_path):
    monkeypatch.setenv("MENTORSHIP_ENV", "production")
    config = Config(tmp_path)
    assert config.SESSION_COOKIE_SECURE and config.REMEMBER_COOKIE_SECURE
    assert config.SESSION_COOKIE_HTTPONLY and config.SESSION_COOKIE_SAMESITE == "Lax"
    monkeypatch.setenv("MENTORSHIP_ENV", "development")
    assert not Config(tmp_path).SESSION_COOKIE_SECURE


def test_forwarded_headers_count_only_behind_trusted_proxies():
    """Rate limits are per client address: behind a load balancer it comes from X-Forwarded-For, which is
    ignored unless TRUSTED_PROXIES says how many proxies add it (a client could forge it)."""
    from mentorship import _trust_proxies

    seen = []
    for hops in (0, 1):
        app = Flask("proxy-test")
        app.config["TRUSTED_PROXIES"] = hops
        app.add_url_rule("/addr", "addr", lambda: seen.append((request.remote_addr, request.scheme)) or "ok")
        _trust_proxies(app)
        headers = {"X-Forwarded-For": "198.51.100.1, 203.0.113.7", "X-Forwarded-Proto": "https"}
        app.test_client().get("/addr", headers=headers)
    # Without trusted proxies the headers are ignored; with one, the address and scheme it saw count.
    assert seen == [("127.0.0.1", "http"), ("203.0.113.7", "https")]
