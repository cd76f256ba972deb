"""Password spraying: failed log-ins are counted per account, whatever address they come from."""

import pytest
from redis.exceptions import RedisError
from sqlalchemy import func, select

from mentorship.extensions import db
from mentorship.models import EmailOutbox
from mentorship.services.accounts import guard
from mentorship.services.accounts.auth import make_reset_token
from tests.factories import PASSWORD, make_user


def attempt(client, email, password, address):
    return client.post("/login", data={"email": email, "password": password}, environ_base={"REMOTE_ADDR": address})


def paused_mails(user) -> int:
    return db.session.scalar(
        select(func.count()).where(EmailOutbox.user_id == user.id, EmailOutbox.kind == "login_paused")
    )


def spray(client, email, count, start=0):
    for n in range(start, start + count):
        assert attempt(client, email, f"wrong-guess-{n}", f"198.51.100.{n + 1}").status_code == 422


def test_failures_from_many_addresses_pause_the_account_and_tell_the_owner_once(client):
    owner = make_user(email="owner@example.com")
    spray(client, owner.email, guard.FAILURES_BEFORE_LOCK)
    # The next try is paused, even with the right password, from yet another address.
    response = attempt(client, owner.email, PASSWORD, "203.0.113.9")
    page = response.get_data(as_text=True)
    assert response.status_code == 429 and "logging in to it is paused for 15 minutes" in page
    assert 'value="owner@example.com"' in page  # the address typed is kept
    for n in range(20):
        assert attempt(client, owner.email, f"more-{n}", f"192.0.2.{n + 1}").status_code == 429
    assert paused_mails(owner) == 1
    mail = db.session.scalar(select(EmailOutbox).where(EmailOutbox.kind == "login_paused"))
    assert "Your password was not guessed" in mail.text_body and mail.to_addr == "owner@example.com"


def test_a_password_reset_lifts_the_pause_at_once(client):
    owner = make_user()
    spray(client, owner.email, guard.FAILURES_BEFORE_LOCK)
    assert attempt(client, owner.email, PASSWORD, "203.0.113.9").status_code == 429
    new = "violet-harbour-kettle"
    reset = client.post(f"/reset/{make_reset_token(owner)}", data={"password": new, "confirm": new})
    assert reset.status_code == 303
    assert attempt(client, owner.email, new, "203.0.113.9").status_code == 303


def test_a_successful_log_in_starts_the_count_again(client):
    owner = make_user()
    spray(client, owner.email, guard.FAILURES_BEFORE_LOCK - 1)
    assert attempt(client, owner.email, PASSWORD, "203.0.113.9").status_code == 303
    client.post("/logout")
    spray(client, owner.email, guard.FAILURES_BEFORE_LOCK - 1, start=50)
    assert attempt(client, owner.email, PASSWORD, "203.0.113.9").status_code == 303
    assert paused_mails(owner) == 0


def test_unknown_addresses_are_counted_too_and_mail_nobody(client):
    spray(client, "nobody@example.com", guard.FAILURES_BEFORE_LOCK)
    assert attempt(client, "Nobody@Example.com", "x" * 12, "203.0.113.9").status_code == 429
    assert db.session.scalar(select(func.count()).select_from(EmailOutbox)) == 0


def test_htmx_gets_the_pause_as_a_message_fragment(client, htmx_client):
    owner = make_user()
    spray(client, owner.email, guard.FAILURES_BEFORE_LOCK)
    response = htmx_client.post("/login", data={"email": owner.email, "password": PASSWORD})
    html = response.get_data(as_text=True)
    assert response.status_code == 429 and "<html" not in html and "paused" in html


def test_with_redis_down_log_in_keeps_working(client, monkeypatch):
    owner = make_user()

    def down(*args, **kwargs):
        raise RedisError("down")

    monkeypatch.setattr(guard, "get_redis", down)
    spray(client, owner.email, guard.FAILURES_BEFORE_LOCK + 2)
    assert attempt(client, owner.email, PASSWORD, "203.0.113.9").status_code == 303


@pytest.mark.parametrize("email", ["owner@example.com", " OWNER@example.com "])
def test_the_count_ignores_case_and_spaces(client, email):
    owner = make_user(email="owner@example.com")
    spray(client, email, guard.FAILURES_BEFORE_LOCK)
    assert attempt(client, owner.email, PASSWORD, "203.0.113.9").status_code == 429
