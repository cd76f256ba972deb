"""Mail for the kinds a member keeps on: templates, one-click unsubscribe, and sending each row once."""

from datetime import timedelta
from email import message_from_bytes, policy

import pytest
from rq import Queue
from sqlalchemy import select

from mentorship.extensions import db
from mentorship.models import EmailOutbox, User, utcnow
from mentorship.services.notify import mail as mail_service
from mentorship.services.notify import sending
from mentorship.services.notify.notifications import KINDS, notify
from mentorship.services.notify.prefs import make_unsubscribe_token
from tests.factories import make_user
from tests.reminders.conftest import count, outbox_fixture, redis_conn  # noqa: F401


def sent_message(outbox_dir):
    [path] = list(outbox_dir.glob("*.eml"))
    return message_from_bytes(path.read_bytes(), policy=policy.default)


# "session" / "event": in-app notices of a change; their mail is the calendar invitation their area sends.
@pytest.mark.parametrize("kind", [k for k in KINDS if k not in ("checkin_due", "digest", "session", "event")])
def test_every_kind_mails_text_and_html_with_an_unsubscribe_link(app, kind):
    user = make_user(name="Lin")
    notify(user.id, kind, f"Something about {kind}.", "/c/x")
    db.session.commit()
    mail = db.session.scalar(select(EmailOutbox))
    assert mail.kind == kind and mail.subject == f"Something about {kind}."
    for body in (mail.text_body, mail.html_body):
        assert "Hello Lin" in body and f"Something about {kind}." in body
        assert "http://127.0.0.1:5000/c/x" in body and "/unsubscribe/" in body
    assert "<a href=" in mail.html_body and "style=" in mail.html_body


def test_no_mail_when_the_person_turned_that_kind_off(app):
    user = make_user()
    user.reminder_prefs = {"email_messages": False}
    db.session.commit()
    notify(user.id, "new_message", "Sam wrote.", "/m/1")
    notify(user.id, "help_request", "Help with SQL?", "/c/x")
    db.session.commit()
    assert [m.kind for m in db.session.scalars(select(EmailOutbox))] == ["help_request"]


def test_a_bundled_notification_mails_once_until_read(app):
    user = make_user()
    for _ in range(3):
        notify(user.id, "new_message", "New messages from Sam", "/m/1", bundle_key="m1")
        db.session.commit()
    assert count(EmailOutbox) == 1


def test_a_mail_is_enqueued_after_the_commit_and_not_after_a_rollback(app):
    user = make_user()
    queue = Queue("mail", connection=redis_conn())
    notify(user.id, "admin_alert", "Rolled back", "/")
    db.session.flush()
    db.session.rollback()
    assert queue.get_job_ids() == []
    notify(user.id, "admin_alert", "Kept", "/")
    db.session.commit()
    mail_id = db.session.scalar(select(EmailOutbox.id))
    assert queue.get_job_ids() == [f"mail-{mail_id}"]
    assert mail_service.enqueue_delivery(mail_id) == "queued"  # the explicit call after commit is harmless
    assert queue.get_job_ids() == [f"mail-{mail_id}"]


def test_sent_mail_has_list_unsubscribe_headers_and_a_stable_message_id(app, outbox):
    user = make_user()
    notify(user.id, "help_request", "Help with SQL?", "/c/x")
    db.session.commit()
    mail = db.session.scalar(select(EmailOutbox))
    assert sending.send_outbox_mail(mail.id) is True
    message = sent_message(outbox)
    raw = next(outbox.glob("*.eml")).read_bytes()
    assert b"\nList-Unsubscribe: <http://127.0.0.1:5000/unsubscribe/" in raw  # a plain URL, not an encoded word
    assert message["List-Unsubscribe"].startswith("<http://127.0.0.1:5000/unsubscribe/")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message["Message-ID"] == sending.message_id(mail) == sending.message_id(mail)
    assert message.get_body(("html",)) is not None and message.get_body(("plain",)) is not None
    assert sending.send_outbox_mail(mail.id) is False  # already sent
    assert len(list(outbox.glob("*.eml"))) == 1


def test_account_mail_has_no_unsubscribe_header(app, outbox):
    user = make_user()
    mail = mail_service.queue_mail(user, "verify", "Confirm", "verify_email", link="http://x")
    db.session.commit()
    sending.send_outbox_mail(mail.id)
    assert sent_message(outbox)["List-Unsubscribe"] is None


def test_a_row_claimed_by_a_live_sender_is_not_sent_by_another(app, outbox):
    user = make_user()
    mail = mail_service.queue_mail(user, "admin_alert", "Hi", "admin_alert", text="t", lead="", link="")
    db.session.commit()
    token = sending._claim(mail.id)
    assert token is not None
    assert sending._claim(mail.id) is None
    assert sending.send_outbox_mail(mail.id) is False
    assert list(outbox.glob("*.eml")) == [] and mail_service.unsent_mail_ids() == []


def test_a_claim_older_than_the_lease_is_taken_over(app, outbox):
    user = make_user()
    mail = mail_service.queue_mail(user, "admin_alert", "Hi", "admin_alert", text="t", lead="", link="")
    db.session.commit()
    sending._claim(mail.id)
    lease = app.config["MAIL_CLAIM_LEASE_SECONDS"]
    mail.claimed_at = utcnow() - timedelta(seconds=lease + 1)
    db.session.commit()
    assert mail_service.unsent_mail_ids() == [mail.id]
    assert sending.send_outbox_mail(mail.id) is True
    db.session.refresh(mail)
    assert mail.sent_at is not None and mail.attempts == 2 and mail.claim_token is None


def test_an_smtp_failure_releases_the_claim_records_the_error_and_raises(app, monkeypatch):
    from tests.reminders.conftest import free_port

    monkeypatch.setitem(app.config, "MAIL_SERVER", "127.0.0.1")
    monkeypatch.setitem(app.config, "MAIL_PORT", free_port())  # nothing listens there
    user = make_user()
    mail = mail_service.queue_mail(user, "admin_alert", "Hi", "admin_alert", text="t", lead="", link="")
    db.session.commit()
    with pytest.raises(OSError):
        sending.send_outbox_mail(mail.id)
    db.session.refresh(mail)
    assert mail.sent_at is None and mail.claimed_at is None and mail.attempts == 1 and mail.last_error


# --- unsubscribe ---


def token_for(user, pref="email_checkin"):
    return make_unsubscribe_token(user.id, pref)


def test_unsubscribe_asks_first_then_turns_the_kind_off(app, client):
    user = make_user()
    token = token_for(user)
    page = client.get(f"/unsubscribe/{token}")
    body = page.get_data(as_text=True)
    assert page.status_code == 200 and "Stop this kind of e-mail?" in body and 'method="post"' in body
    assert db.session.get(User, user.id).wants_email("email_checkin")  # a GET changes nothing
    done = client.post(f"/unsubscribe/{token}", data={"action": "unsubscribe"})
    assert done.status_code == 200 and "You're unsubscribed" in done.get_data(as_text=True)
    db.session.expire_all()
    user = db.session.get(User, user.id)
    assert not user.wants_email("email_checkin") and user.wants_email("email_messages")


def test_one_click_post_from_a_mail_program_works_without_a_csrf_token(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    user = make_user()
    response = client.post(
        f"/unsubscribe/{token_for(user, 'email_admin')}",
        data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    db.session.expire_all()
    assert not db.session.get(User, user.id).wants_email("email_admin")


def test_changed_my_mind_turns_it_back_on(app, htmx_client):
    user = make_user()
    user.reminder_prefs = {"email_checkin": False}
    db.session.commit()
    response = htmx_client.post(f"/unsubscribe/{token_for(user)}", data={"action": "resubscribe"})
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in body and 'id="unsubscribe"' in body
    assert "Welcome back" in body
    db.session.expire_all()
    assert db.session.get(User, user.id).wants_email("email_checkin")


@pytest.mark.parametrize("token", ["nonsense", "eyJ1IjoxLCJwIjoiZW1haWxfY2hlY2tpbiJ9.forged"])
def test_a_bad_unsubscribe_link_is_refused_and_changes_nothing(app, client, token):
    user = make_user()
    for method in ("get", "post"):
        response = getattr(client, method)(f"/unsubscribe/{token}")
        assert response.status_code == 400 and "not valid" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, user.id).wants_email("email_checkin")


def test_a_token_signed_for_another_purpose_is_refused(app, client):
    from itsdangerous import URLSafeSerializer

    user = make_user()
    other = URLSafeSerializer(app.config["SECRET_KEY"], salt="verify-email").dumps({"u": user.id, "p": "email_admin"})
    assert client.post(f"/unsubscribe/{other}").status_code == 400
