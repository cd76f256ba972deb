"""Sessions and cookies, remember-me limits, CSRF, rate limits (real Redis, and a dead one), error pages."""

import re
import socket
import time
from datetime import timedelta
from http.cookies import SimpleCookie
from pathlib import Path

import pytest
from redis import Redis
from sqlalchemy import func, select

from mentorship import create_app
from mentorship.extensions import db, limiter
from mentorship.models import User, UserSession, utcnow
from tests.conftest import TEST_CONFIG, forget_globals_after_each_request
from tests.factories import PASSWORD, make_user


def set_cookies(response) -> dict[str, str]:
    """name -> the whole Set-Cookie header of that cookie."""
    return {SimpleCookie(h).popitem()[0]: h for h in response.headers.getlist("Set-Cookie")}


def signup_data(email="new@example.com"):
    return {
        "email": email,
        "display_name": "New Person",
        "password": "river-otter-lantern",
        "date_of_birth": "1990-04-03",
    }


# --- remember-me and session lifetimes ---------------------------------------------------------


def test_remember_me_cookie_lasts_30_days_and_the_session_cookie_dies_with_the_browser(client):
    user = make_user()
    response = client.post("/login", data={"email": user.email, "password": PASSWORD, "remember": "y"})
    cookies = set_cookies(response)
    remember = SimpleCookie(cookies["remember_token"])["remember_token"]
    expires = time.mktime(time.strptime(remember["expires"], "%a, %d %b %Y %H:%M:%S GMT")) - time.timezone
    days = (expires - time.time()) / 86400
    assert 29.9 < days <= 30.0
    assert "HttpOnly" in cookies["remember_token"] and "SameSite=Lax" in cookies["remember_token"]
    assert "Expires" not in cookies["session"]  # a browser-session cookie
    assert db.session.scalar(select(UserSession.remember)) is True


def _browser_restarted(client) -> None:
    """Drop the browser-session cookie, as closing the browser does; the remember-me cookie stays."""
    client.delete_cookie("session")


def test_a_remember_session_older_than_30_days_is_refused(client):
    user = make_user()
    client.post("/login", data={"email": user.email, "password": PASSWORD, "remember": "y"})
    row = db.session.scalar(select(UserSession))
    _browser_restarted(client)
    row.created_at = utcnow() - timedelta(days=29)
    db.session.commit()
    assert client.get("/settings/").status_code == 200  # the remember cookie signs in again
    _browser_restarted(client)
    row.created_at = utcnow() - timedelta(days=31)
    db.session.commit()
    assert client.get("/settings/").status_code == 302


def test_a_session_without_remember_me_ends_with_the_browser_and_after_a_day_on_the_server(client):
    user = make_user()
    client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert "remember_token" not in {c.key for c in client._cookies.values()}
    assert client.get("/settings/").status_code == 200
    row = db.session.scalar(select(UserSession))
    row.created_at = utcnow() - timedelta(hours=25)
    db.session.commit()
    assert client.get("/settings/").status_code == 302
    # And a closed browser is logged out (no cookie left to sign in with).
    client.post("/login", data={"email": user.email, "password": PASSWORD})
    _browser_restarted(client)
    assert client.get("/settings/").status_code == 302


def test_login_rotates_the_session_and_logout_deletes_it(client, auth):
    user = make_user()
    auth.login(user)
    first = db.session.scalar(select(UserSession.token))
    auth.logout()
    auth.login(user)
    second = db.session.scalar(select(UserSession.token))
    assert first != second and db.session.scalar(select(func.count()).select_from(UserSession)) == 1


def test_logout_also_clears_the_remember_me_cookie(client):
    user = make_user()
    client.post("/login", data={"email": user.email, "password": PASSWORD, "remember": "y"})
    response = client.post("/logout")
    assert re.search(r"remember_token=;.*Expires=Thu, 01 Jan 1970", set_cookies(response)["remember_token"])


def test_cookies_are_secure_in_production(monkeypatch, tmp_path, app, client):
    from mentorship.config import Config

    monkeypatch.setenv("MENTORSHIP_ENV", "production")
    production = Config(tmp_path)
    assert production.SESSION_COOKIE_SECURE and production.REMEMBER_COOKIE_SECURE
    assert production.SESSION_COOKIE_HTTPONLY and production.REMEMBER_COOKIE_HTTPONLY
    assert production.SESSION_COOKIE_SAMESITE == "Lax" and production.REMEMBER_COOKIE_SAMESITE == "Lax"
    assert timedelta(days=30) >= production.REMEMBER_COOKIE_DURATION
    monkeypatch.delenv("MENTORSHIP_ENV")
    assert not Config(tmp_path).SESSION_COOKIE_SECURE  # development over plain http

    for key in ("SESSION_COOKIE_SECURE", "REMEMBER_COOKIE_SECURE"):
        monkeypatch.setitem(app.config, key, True)
    user = make_user()
    response = client.post("/login", data={"email": user.email, "password": PASSWORD, "remember": "y"})
    for header in set_cookies(response).values():
        assert "Secure" in header and "HttpOnly" in header and "SameSite=Lax" in header


# --- CSRF ----------------------------------------------------------------------------------------


@pytest.fixture
def csrf_on(app, monkeypatch):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)


def test_a_post_without_the_csrf_token_gets_a_clear_page(csrf_on, client):
    user = make_user()
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "<html" in body and "Please reload the page" in body and "Nothing was saved" in body
    assert db.session.scalar(select(func.count()).select_from(UserSession)) == 0


def test_an_htmx_post_without_the_token_gets_a_fragment(csrf_on, htmx_client):
    response = htmx_client.post("/signup", data=signup_data())
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "<html" not in body and 'id="error"' in body and "Reload the page" in body
    assert db.session.scalar(select(func.count()).select_from(User)) == 0


def test_an_expired_token_gets_the_same_clear_page(csrf_on, app, client, monkeypatch):
    page = client.get("/signup").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    monkeypatch.setitem(app.config, "WTF_CSRF_TIME_LIMIT", -1)  # every token is already too old
    response = client.post("/signup", data={**signup_data(), "csrf_token": token})
    assert response.status_code == 400 and "Please reload the page" in response.get_data(as_text=True)


def test_the_token_from_hx_headers_is_accepted(csrf_on, client, htmx_client):
    user = make_user()
    page = htmx_client.get("/login", headers={"HX-Request": ""}).get_data(as_text=True)
    token = re.search(r"hx-headers='\{\"X-CSRFToken\": \"([^\"]+)\"\}'", page).group(1)
    response = htmx_client.post(
        "/login", data={"email": user.email, "password": PASSWORD}, headers={"X-CSRFToken": token}
    )
    assert response.status_code == 204 and response.headers["HX-Redirect"] == "/"
    assert db.session.scalar(select(func.count()).select_from(UserSession)) == 1


def test_the_form_field_token_is_accepted(csrf_on, client):
    user = make_user()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post("/login", data={"email": user.email, "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 303


# --- rate limits (the embedded Redis) ----------------------------------------------------------


def test_login_is_rate_limited_with_a_clear_page_and_the_count_lives_in_redis(client, redis_url):
    user = make_user()
    for _ in range(10):
        assert client.post("/login", data={"email": user.email, "password": "wrong-guess"}).status_code == 422
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    body = response.get_data(as_text=True)
    assert response.status_code == 429 and "<html" in body
    assert "Slow down a little" in body and "10 per 1 minute" in body
    assert "Retry-After" in response.headers
    assert Redis.from_url(redis_url).keys("LIMITS*")
    assert db.session.scalar(select(func.count()).select_from(UserSession)) == 0


def test_signup_is_rate_limited_with_a_fragment_for_htmx(htmx_client):
    for n in range(10):
        htmx_client.post("/signup", data=signup_data(email=f"person{n}@example.com"))
    response = htmx_client.post("/signup", data=signup_data(email="one-more@example.com"))
    body = response.get_data(as_text=True)
    assert response.status_code == 429
    assert "<html" not in body and 'id="error"' in body and "Slow down a little" in body
    assert "HX-Request" in response.headers["Vary"]
    assert db.session.scalar(select(func.count()).where(User.email == "one-more@example.com")) == 0


def test_get_requests_are_not_counted(client):
    for _ in range(15):
        assert client.get("/login").status_code == 200


@pytest.fixture
def dead_redis_app(_app, database_url):
    """An app whose Redis (rate limits and queue) is a closed TCP port."""
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    dead = f"redis://127.0.0.1:{port}/0"
    app = create_app(
        {
            **TEST_CONFIG,
            "INSTANCE_PATH": _app.config["INSTANCE_PATH"],
            "SQLALCHEMY_DATABASE_URI": database_url,
            "REDIS_URL": dead,
            "RATELIMIT_STORAGE_URI": dead,
        }
    )
    forget_globals_after_each_request(app)
    yield app
    # The limiter is one object shared by every app: point it back at the suite's Redis.
    limiter._storage_dead = False
    limiter.init_app(_app)


def test_with_redis_dead_login_and_signup_still_work_quickly(app, dead_redis_app):
    with dead_redis_app.app_context():
        user = make_user()
        client = dead_redis_app.test_client()
        started = time.monotonic()
        response = client.post("/login", data={"email": user.email, "password": PASSWORD})
        elapsed = time.monotonic() - started
        assert response.status_code == 303
        # A generous bound: a hanging socket timeout would take seconds per attempt.
        assert elapsed < 2.0
        other = dead_redis_app.test_client()
        assert other.post("/signup", data=signup_data()).status_code == 303
        db.session.remove()


# --- error pages and headers ----------------------------------------------------------------------


@pytest.mark.parametrize("htmx", [False, True])
def test_404_and_403_are_pages_and_fragments(client, htmx_client, login_as, htmx):
    from tests.factories import make_community

    outsider = login_as(make_user(), htmx=htmx)
    community = make_community(admin=make_user())
    for url, status, words in (
        ("/no-such-page", 404, "find that page"),
        (f"/c/{community.slug}/members", 403, "Join this community to see that."),
    ):
        response = outsider.get(url)
        body = response.get_data(as_text=True)
        assert response.status_code == status and words in body
        assert ("<html" in body) is not htmx and 'id="error"' in body
        assert "HX-Request" in response.headers["Vary"]


@pytest.mark.parametrize("htmx", [False, True])
def test_500_is_a_page_and_a_fragment(app, monkeypatch, htmx):
    def broken():
        raise RuntimeError("boom")

    monkeypatch.setitem(app.view_functions, "main.about", broken)
    client = app.test_client()
    if htmx:
        client.environ_base["HTTP_HX_REQUEST"] = "true"
    response = client.get("/about")
    body = response.get_data(as_text=True)
    assert response.status_code == 500 and "Something went wrong on our side" in body
    assert ("<html" in body) is not htmx and "boom" not in body


def test_vary_hx_request_on_every_kind_of_response(client):
    for url in ("/", "/login", "/settings/", "/nope", "/static/css/site.css", "/healthz"):
        response = client.get(url)
        assert "HX-Request" in response.headers.get("Vary", ""), url


def test_the_sweep_deletes_expired_sessions_only(app):
    from jobs.sweeps import sweep_sessions

    user = make_user()
    now = utcnow()
    rows = [
        UserSession(user_id=user.id, remember=True, created_at=now - timedelta(days=31)),
        UserSession(user_id=user.id, remember=True, created_at=now - timedelta(days=29)),
        UserSession(user_id=user.id, remember=False, created_at=now - timedelta(hours=25)),
        UserSession(user_id=user.id, remember=False, created_at=now - timedelta(hours=1)),
    ]
    db.session.add_all(rows)
    db.session.commit()
    kept = {rows[1].token, rows[3].token}
    assert sweep_sessions() == 2
    assert set(db.session.scalars(select(UserSession.token))) == kept


def test_production_refuses_to_start_without_base_url(monkeypatch, tmp_path):
    """Every mail link is built from BASE_URL (by web and workers alike): production must name it."""
    import pytest

    from mentorship import create_app

    monkeypatch.setenv("MENTORSHIP_ENV", "production")
    monkeypatch.delenv("BASE_URL", raising=False)
    with pytest.raises(RuntimeError, match="BASE_URL is not set"):
        create_app({"INSTANCE_PATH": str(tmp_path), "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.db'}"})
    monkeypatch.setenv("BASE_URL", "https://mentoring.example.org")
    app = create_app({"INSTANCE_PATH": str(tmp_path), "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.db'}"})
    assert app.config["BASE_URL"] == "https://mentoring.example.org"


def test_base_url_never_follows_a_process_port(monkeypatch, tmp_path):
    """honcho gives the worker and cron ports of their own: their mail links must still point at the web."""
    from mentorship.config import Config

    monkeypatch.delenv("MENTORSHIP_ENV", raising=False)
    monkeypatch.delenv("BASE_URL", raising=False)
    monkeypatch.setenv("PORT", "5403")
    assert Config(tmp_path).BASE_URL == "http://127.0.0.1:5000"
    monkeypatch.setenv("BASE_URL", "http://127.0.0.1:5303")
    assert Config(tmp_path).BASE_URL == "http://127.0.0.1:5303"
    run_script = (Path(__file__).resolve().parents[2] / "scripts" / "run.sh").read_text()
    assert 'export BASE_URL="${BASE_URL:-http://127.0.0.1:${PORT}}"' in run_script
