"""Sign-up (adults only, strong passwords), log-in, log-out and server-side sessions."""

from datetime import date, timedelta

from sqlalchemy import func, select

from mentorship.extensions import db
from mentorship.models import EmailOutbox, User, UserSession
from tests.factories import PASSWORD, make_user


def signup_data(**overrides):
    data = {
        "email": "new@example.com",
        "display_name": "New Person",
        "password": "river-otter-lantern",
        "date_of_birth": "1995-04-03",
        "timezone": "Europe/Paris",
    }
    data.update(overrides)
    return data


def user_count():
    return db.session.scalar(select(func.count()).select_from(User))


def test_signup_creates_account_logs_in_and_queues_verification(client):
    response = client.post("/signup", data=signup_data())
    assert response.status_code == 303
    user = db.session.scalar(select(User))
    assert user.email == "new@example.com" and user.timezone == "Europe/Paris"
    assert user.password_hash.startswith("$argon2id$")
    mail = db.session.scalar(select(EmailOutbox))
    assert mail.to_addr == "new@example.com" and "/verify/" in mail.text_body
    assert "Hello, New Person" in client.get("/").get_data(as_text=True)


def test_under_18_is_refused_and_nothing_is_stored(client):
    seventeen = date.today().replace(year=date.today().year - 17)
    response = client.post("/signup", data=signup_data(date_of_birth=seventeen.isoformat()))
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert "18 or older" in body
    assert 'value="new@example.com"' in body and 'value="New Person"' in body
    assert user_count() == 0
    assert db.session.scalar(select(func.count()).select_from(EmailOutbox)) == 0


def test_exactly_18_today_may_join(client):
    today = date.today()
    eighteen = (
        today.replace(year=today.year - 18)
        if not (today.month == 2 and today.day == 29)
        else date(today.year - 18, 3, 1)
    )
    assert client.post("/signup", data=signup_data(date_of_birth=eighteen.isoformat())).status_code == 303


def test_common_and_short_passwords_are_refused(client):
    for password, message in (("password123", "most common"), ("short", "at least 8")):
        response = client.post("/signup", data=signup_data(password=password))
        assert response.status_code == 422
        assert message in response.get_data(as_text=True)
    assert user_count() == 0


def test_email_is_unique_without_regard_to_case(client):
    make_user(email="Taken@Example.com")
    response = client.post("/signup", data=signup_data(email="taken@example.COM"))
    assert response.status_code == 422
    assert "already exists" in response.get_data(as_text=True)
    assert user_count() == 1


def test_signup_form_errors_come_back_as_a_fragment_for_htmx(htmx_client):
    response = htmx_client.post("/signup", data=signup_data(email="not-an-email"))
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "<html" not in body and 'id="signup-form"' in body
    assert "valid e-mail" in body
    assert "HX-Request" in response.headers["Vary"]


def test_login_wrong_password_then_right(client, auth):
    user = make_user()
    response = auth.login(user, "wrong-password-here")
    assert response.status_code == 422
    assert "match an account" in response.get_data(as_text=True)
    assert auth.login(user).status_code == 303
    assert db.session.scalar(select(func.count()).select_from(UserSession)) == 1


def test_logout_deletes_the_server_side_session(client, auth):
    user = make_user()
    auth.login(user)
    cookie = client.get_cookie("session")
    assert client.get("/settings/").status_code == 200
    auth.logout()
    assert db.session.scalar(select(func.count()).select_from(UserSession)) == 0
    # A copy of the old cookie no longer works.
    client.set_cookie("session", cookie.value)
    assert client.get("/settings/").status_code == 302


def test_login_rehashes_a_weaker_hash(app, client, auth):
    from argon2 import PasswordHasher

    user = make_user()
    user.password_hash = PasswordHasher(time_cost=1, memory_cost=512, parallelism=1).hash(PASSWORD)
    db.session.commit()
    auth.login(user)
    db.session.refresh(user)
    assert "m=1024" in user.password_hash


def test_open_redirect_after_login_is_refused(client, auth):
    user = make_user()
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
        response = client.post(f"/login?next={target}", data={"email": user.email, "password": PASSWORD})
        assert response.headers["Location"] == "/", target
        auth.logout()


def test_login_required_htmx_request_gets_hx_redirect(htmx_client):
    response = htmx_client.get("/settings/")
    assert response.status_code == 401
    assert response.headers["HX-Redirect"].startswith("/login?next=")


def test_production_hash_parameters_meet_owasp_minimum():
    from mentorship.config import Config

    config = Config()
    assert config.ARGON2_MEMORY_KIB >= 19456 and config.ARGON2_TIME_COST >= 2 and config.ARGON2_PARALLELISM >= 1


def test_password_reset_link_works_once(app, client):
    import re

    user = make_user()
    client.post("/forgot", data={"email": user.email})
    mail = db.session.scalar(select(EmailOutbox).where(EmailOutbox.kind == "reset"))
    path = re.search(r"http://[^/]+(/reset/\S+)", mail.text_body).group(1)
    new = "violet-harbour-kettle"
    assert client.post(path, data={"password": new, "confirm": new}).status_code == 303
    assert client.post(path, data={"password": new, "confirm": new}).status_code == 400
    assert client.post("/login", data={"email": user.email, "password": new}).status_code == 303


def test_expired_verification_link_is_refused(app, client):
    import time

    from mentorship.services.accounts.auth import make_verify_token

    user = make_user(verified=False)
    token = make_verify_token(user)
    app.config["EMAIL_TOKEN_MAX_AGE"] = -1
    try:
        time.sleep(1)
        response = client.get(f"/verify/{token}")
    finally:
        app.config["EMAIL_TOKEN_MAX_AGE"] = 24 * 3600
    assert response.status_code == 400 and "expired" in response.get_data(as_text=True)
    assert client.get(f"/verify/{token}").status_code == 302
    db.session.refresh(user)
    assert user.email_verified_at is not None


def test_dates_near_the_boundary(client):
    tomorrow_17 = date.today() - timedelta(days=365 * 18 - 5)
    response = client.post("/signup", data=signup_data(date_of_birth=tomorrow_17.isoformat()))
    assert response.status_code == 422


def test_sign_up_shows_a_time_zone_select_findable_by_city_and_offset(client):
    """Issue 14, point 20: without JavaScript the zone no longer silently stays UTC."""
    page = client.get("/signup").get_data(as_text=True)
    assert (
        '<label for="timezone">Time zone</label>' in page
        and 'data-guess-timezone="1" id="timezone" name="timezone">' in page
    )
    assert '<option value="Asia/Tokyo">Tokyo (UTC+09:00)</option>' in page
    assert '<optgroup label="Europe">' in page
