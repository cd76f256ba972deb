"""Every response carries the security headers; cookies are hardened in production."""

import pytest
from flask import Flask, request

from mentorship import _trust_proxies
from mentorship.config import Config
from mentorship.services.notify.prefs import make_unsubscribe_token
from mentorship.web.poll import fast_path
from tests.space.conftest import client_for, make_cast, say


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


# The security headers, written out here (not imported) so that a header dropped from web/headers.py fails.
EVERY_RESPONSE = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; style-src-attr 'unsafe-inline'; "
        "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
        "form-action 'self'; frame-ancestors 'none'"
    ),
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}
HSTS = {"Strict-Transport-Security": "max-age=31536000; includeSubDomains"}


def _every_kind_of_response(app, secure: bool) -> dict:
    """One response of each kind: a page, a fragment, the empty poll on both paths, an error, a static file,
    the mail unsubscribe page (clients made after the cookie setting changed, so they carry its cookies)."""
    cast = make_cast()
    message = say(cast.mentorship, cast.mentee, "Hello")
    base = "https://localhost" if secure else "http://localhost"
    page, fragment = client_for(app, cast.mentor), client_for(app, cast.mentor, htmx=True)
    poll = f"/m/{cast.mentorship.id}/t/main/poll?after={message.id}"
    responses = {
        "page": page.get(f"/m/{cast.mentorship.id}", base_url=base),
        "fragment": fragment.get(f"/m/{cast.mentorship.id}/messages/{message.id}", base_url=base),
        "poll, fast path": fragment.get(poll, base_url=base),
        "error": page.get("/no-such-page", base_url=base),
        "static": page.get("/static/css/site.css", base_url=base),
        "unsubscribe": page.get(f"/unsubscribe/{make_unsubscribe_token(cast.mentor.id, 'email_help')}", base_url=base),
    }
    app.config["SPACE_POLL_FAST_PATH"] = False
    try:
        responses["poll, through the app"] = fragment.get(poll, base_url=base)
    finally:
        app.config["SPACE_POLL_FAST_PATH"] = True
    return responses


@pytest.mark.parametrize("secure", [False, True], ids=["cookies-not-secure", "secure-cookies"])
def test_one_header_list_serves_every_response_and_the_poll_fast_path(app, secure):
    """Regression: the fast path copied the headers by hand and lost Permissions-Policy (and HSTS)."""
    app.config["SESSION_COOKIE_SECURE"] = secure
    try:
        before = fast_path(app).queries_run
        responses = _every_kind_of_response(app, secure)
    finally:
        app.config["SESSION_COOKIE_SECURE"] = False
    expected = {**EVERY_RESPONSE, **(HSTS if secure else {})}
    statuses = {kind: response.status_code for kind, response in responses.items()}
    assert statuses == {
        "page": 200,
        "fragment": 200,
        "poll, fast path": 204,
        "error": 404,
        "static": 200,
        "unsubscribe": 200,
        "poll, through the app": 204,
    }
    assert fast_path(app).queries_run == before + 1  # the first poll was answered before the app
    for kind, response in responses.items():
        security = {name: response.headers.get(name) for name in [*EVERY_RESPONSE, *HSTS] if name in response.headers}
        assert security == expected, kind
    # Both answers to the same empty poll carry the very same headers (the app's may also refresh the cookie).
    fast, through_app = responses["poll, fast path"], responses["poll, through the app"]
    assert "Set-Cookie" not in fast.headers and "Content-Length" not in fast.headers
    assert sorted(fast.headers.items()) == sorted((k, v) for k, v in through_app.headers.items() if k != "Set-Cookie")
    assert fast.headers["Cache-Control"] == "no-store" and fast.headers["Vary"] == "HX-Request, Cookie"
