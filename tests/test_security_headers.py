"""Every response carries the security headers; cookies are hardened in production."""

import pytest

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
