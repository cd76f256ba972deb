"""What every request pays, kept cheap without losing a rule: the rate limits, the session cookie."""

from time import time as real_time

from flask import request, session

from mentorship.extensions import limiter
from mentorship.web.login import SessionCookies


def test_the_decorated_rate_limits_hold_without_the_limiters_app_wide_hook(app):
    """The app declares no default limits, so the limiter's before_request hook is left out (mentorship/__init__.py):
    each @limiter.limit on a view still counts and refuses, here "5 per minute" on the forgotten-password form."""
    assert limiter._check_request_limit not in app.before_request_funcs.get(None, [])
    client = app.test_client()
    answers = [
        client.post("/forgot", data={"email": "someone@example.com"}, environ_base={"REMOTE_ADDR": "198.51.100.7"})
        for _ in range(6)
    ]
    assert all(a.status_code < 400 for a in answers[:5]), [a.status_code for a in answers]
    assert answers[5].status_code == 429
    # Pages without a limit answer as before, and carry no rate-limit headers.
    assert "X-RateLimit-Limit" not in client.get("/about").headers


def test_a_remembered_session_cookie_still_expires_and_changes_nothing_for_the_next_request(app, monkeypatch):
    """web/login.SessionCookies remembers cookies that verified: their age still counts, a forged or changed
    cookie is still refused, and what one request writes into its session does not reach the next one."""
    interface = app.session_interface
    assert isinstance(interface, SessionCookies)
    serializer = interface.get_signing_serializer(app)
    cookie = serializer.dumps({"note": "mine"})
    with app.test_request_context(headers={"Cookie": f"session={cookie}"}):
        first = interface.open_session(app, request)
        first["note"] = "changed in this request"
        assert interface.open_session(app, request)["note"] == "mine"
    with app.test_request_context(headers={"Cookie": f"session={cookie[:-2]}xx"}):
        assert "note" not in interface.open_session(app, request)
    monkeypatch.setattr("mentorship.web.login.time.time", lambda: real_time() + 31 * 86400)
    with app.test_request_context(headers={"Cookie": f"session={cookie}"}):
        assert "note" not in session
