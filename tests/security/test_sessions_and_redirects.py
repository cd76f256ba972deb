"""Sessions rotate at log-in and die on the server at log-out and password change (a copied cookie is
useless afterwards); `next` and the Referer never send anyone to another site, as a browser would resolve
the Location. Complements tests/accounts/test_auth.py and tests/accounts/test_settings.py, which check the rows."""

from urllib.parse import quote, urljoin, urlsplit

import pytest
from redis import Redis

from tests.factories import PASSWORD, make_user

NEW_PASSWORD = "lighthouse-marmalade-42"
ORIGIN = "http://localhost"

OPEN_REDIRECTS = [
    "https://evil.example/",
    "http://evil.example",
    "//evil.example/",
    "///evil.example",
    "////evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "/\\/evil.example",
    "\\/evil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r/evil.example",
    " //evil.example",
    "https:evil.example",
    "https:/evil.example",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "//evil.example@localhost",
    "http://localhost@evil.example",
    "/%2F%2Fevil.example",
    "%2F%2Fevil.example",
    "/%5Cevil.example",
    "evil.example",
    "@evil.example",
]


def as_browser_resolves(location: str, base: str = ORIGIN + "/login") -> str:
    """Where a browser would go: it drops tabs and newlines and reads a backslash as a slash in http URLs."""
    cleaned = location.replace("\t", "").replace("\n", "").replace("\r", "").strip().replace("\\", "/")
    return urljoin(base, cleaned)


def assert_same_site(location: str | None, payload: str) -> None:
    assert location is not None, payload
    target = urlsplit(as_browser_resolves(location))
    assert target.scheme == "http" and target.netloc == "localhost", f"{payload!r} sent the browser to {location!r}"


@pytest.fixture
def forget_rate_limits(redis_url):
    return lambda: Redis.from_url(redis_url).flushdb()


@pytest.mark.parametrize("payload", OPEN_REDIRECTS)
def test_next_never_leaves_the_site_after_logging_in(app, payload, forget_rate_limits):
    user = make_user()
    for htmx in (False, True):
        forget_rate_limits()
        client = app.test_client()
        headers = {"HX-Request": "true"} if htmx else {}
        response = client.post(
            f"/login?next={quote(payload, safe='')}",
            data={"email": user.email, "password": PASSWORD},
            headers=headers,
        )
        assert response.status_code in (204, 303)
        assert_same_site(response.headers.get("HX-Redirect" if htmx else "Location"), payload)
        # Already logged in, the log-in page sends the person on: the same rule.
        again = client.get(f"/login?next={quote(payload, safe='')}")
        assert again.status_code == 302
        assert_same_site(again.headers["Location"], payload)


@pytest.mark.parametrize(
    "referrer",
    ["https://evil.example/settings/", "http://localhost.evil.example/", "//evil.example/", "javascript:alert(1)"],
)
def test_going_back_to_the_referrer_stays_on_the_site(login_as, referrer):
    client = login_as(make_user(verified=False))
    response = client.post("/verify/resend", headers={"Referer": referrer})
    assert response.status_code == 303
    assert_same_site(response.headers["Location"], referrer)


def test_an_anonymous_cookie_planted_before_log_in_is_not_logged_in_afterwards(app):
    """Session fixation: an attacker's copy of the cookie a browser had before logging in stays anonymous."""
    user = make_user()
    victim = app.test_client()
    victim.get("/login")
    planted = victim.get_cookie("session").value
    victim.post("/login", data={"email": user.email, "password": PASSWORD})
    assert victim.get_cookie("session").value != planted
    assert victim.get("/settings/").status_code == 200

    attacker = app.test_client()
    attacker.set_cookie("session", planted)
    assert attacker.get("/settings/").status_code == 302


def test_a_copied_cookie_dies_with_the_log_out(app):
    user = make_user()
    browser = app.test_client()
    browser.post("/login", data={"email": user.email, "password": PASSWORD, "remember": "y"})
    stolen = {name: browser.get_cookie(name).value for name in ("session", "remember_token")}
    browser.post("/logout")
    thief = app.test_client()
    for name, value in stolen.items():
        thief.set_cookie(name, value)
    assert thief.get("/settings/").status_code == 302  # neither the session nor the remember-me cookie works


def test_a_password_change_kills_every_copied_cookie_but_the_new_one(app):
    user = make_user()
    here, elsewhere = app.test_client(), app.test_client()
    for client in (here, elsewhere):
        client.post("/login", data={"email": user.email, "password": PASSWORD, "remember": "y"})
    copies = [
        {name: client.get_cookie(name).value for name in ("session", "remember_token")} for client in (here, elsewhere)
    ]
    response = here.post(
        "/settings/account/password",
        data={"current_password": PASSWORD, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )
    assert response.status_code == 303
    assert here.get("/settings/").status_code == 200  # this browser goes on, with a new session
    assert here.get_cookie("session").value not in (copies[0]["session"], copies[1]["session"])
    for cookies in copies:
        thief = app.test_client()
        for name, value in cookies.items():
            thief.set_cookie(name, value)
        assert thief.get("/settings/").status_code == 302
