"""Pushes end to end: notify() writes them, a real RQ worker sends them to the local push service, which
decrypts each one (RFC 8291) and checks its VAPID signature; what they say, when, and to which devices."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from mentorship.extensions import db
from mentorship.models import Membership, Notification, PushOutbox, PushStatus, PushSubscription
from mentorship.services.board.posting import create_topic
from mentorship.services.notify.notifications import KINDS, notify
from mentorship.services.push import choices, outbox, sending
from mentorship.services.push.payloads import TEXTS
from mentorship.services.space import thread as space
from tests.factories import make_community, make_mentorship, make_user
from tests.push.conftest import subscribe
from tests.reminders.conftest import run_worker

SECRET = "our-private-plan-42"


def push_worker() -> None:
    run_worker(("push",))


def no_quiet_hours(user) -> None:
    choices.save_settings(user, {}, False, 22 * 60, 8 * 60, False)


def statuses() -> list[str]:
    db.session.expire_all()
    return list(db.session.scalars(select(PushOutbox.status).order_by(PushOutbox.id)))


def test_every_kind_of_notification_has_a_generic_push_sentence():
    assert set(TEXTS) == set(KINDS)
    for text in TEXTS.values():
        assert "{" not in text.one and (not text.many or "{count}" in text.many)


def test_a_new_message_is_pushed_to_each_device_encrypted_signed_and_saying_nothing_private(app, push_service):
    mentor, mentee = make_user("Sam Mentor"), make_user("Tia Mentee")
    community = make_community(members=[mentor, mentee])
    mentorship = make_mentorship(community, mentor, mentee)
    no_quiet_hours(mentee)
    phone, laptop = push_service.browser("phone"), push_service.browser("laptop")
    subscribe(mentee, phone)
    subscribe(mentee, laptop, user_agent="Mozilla/5.0 (X11; Linux x86_64) Firefox/131.0")

    space.send_message(space.load_space(mentorship.id), mentor, "main", f"Here is {SECRET}, in confidence.")
    assert db.session.scalar(select(func.count()).select_from(PushOutbox)) == 2
    push_worker()

    received = push_service.wait_for(2)
    assert sorted(r.browser for r in received) == ["laptop", "phone"]
    notification = db.session.scalar(select(Notification).where(Notification.user_id == mentee.id))
    for push in received:
        assert push.payload == {
            "title": "Message",
            "body": "New message in your mentorship",
            "url": f"/notifications/{notification.id}/open",
            "tag": f"n{notification.id}",
            "kind": "new_message",
            "count": 1,
        }
        # Nothing of the message, nor the notification's own words (they name the partner).
        assert SECRET not in push.raw and "Sam" not in push.raw and "confidence" not in push.raw
        assert push.headers["topic"] == f"n{notification.id}" and push.headers["urgency"] == "normal"
    assert statuses() == [PushStatus.SENT, PushStatus.SENT]
    assert all(d.last_sent_at for d in db.session.scalars(select(PushSubscription)))
    push_worker()
    assert len(push_service.received) == 2, "a second run sends nothing again"


def test_planted_private_strings_never_reach_a_push(app, push_service):
    """The privacy suite's planted words: a message, a help request's title and body, an anonymous asker."""
    asker, helper, partner = make_user("Ann Asker"), make_user("Hal Helper", skills=["sql"]), make_user("Pat")
    community = make_community(members=[asker, helper, partner])
    mentorship = make_mentorship(community, partner, helper)
    for user in (helper,):
        no_quiet_hours(user)
        subscribe(user, push_service.browser(f"u{user.id}"))
    membership = db.session.scalar(select(Membership).where(Membership.user_id == asker.id))
    create_topic(
        community,
        asker,
        membership,
        kind="help",
        title=f"Anonymous worry {SECRET}",
        body=f"Body with {SECRET}",
        tags="sql",
        anonymous=True,
        accept_code_of_conduct=True,
    )
    space.send_message(space.load_space(mentorship.id), partner, "main", f"Message {SECRET}")
    push_worker()
    received = push_service.wait_for(2)
    texts = {n.text for n in db.session.scalars(select(Notification).where(Notification.user_id == helper.id))}
    assert any(SECRET in t for t in texts), "the in-app notification quotes the title; the push must not"
    for push in received:
        for planted in (SECRET, "Anonymous worry", "Ann", "Pat", "sql"):
            assert planted not in push.raw, (planted, push.raw)
    assert {p.payload["kind"] for p in received} == {"help_request", "new_message"}


def test_a_bundle_sends_one_push_with_the_latest_count(app, push_service):
    mentor, mentee = make_user("Sam"), make_user("Tia")
    mentorship = make_mentorship(make_community(members=[mentor, mentee]), mentor, mentee)
    no_quiet_hours(mentee)
    subscribe(mentee, push_service.browser("phone"))
    for n in range(3):
        space.send_message(space.load_space(mentorship.id), mentor, "main", f"Message {n}")
    push_worker()
    [push] = push_service.wait_for(1)
    assert push.payload["body"] == "3 new messages in your mentorship" and push.payload["count"] == 3
    space.send_message(space.load_space(mentorship.id), mentor, "main", "And one more")
    push_worker()
    assert len(push_service.received) == 1, "like mail: no second push while the bundle is unread"


def test_the_sender_is_named_only_to_a_member_who_chose_it(app, push_service):
    sam, tia = make_user("Sam Sender"), make_user("Tia")
    choices.save_settings(tia, {}, False, 0, 0, show_sender=False)
    subscribe(tia, push_service.browser("phone"))
    notify(tia.id, "mentor_request", "Sam Sender would like you as a mentor", "/programs", sender=sam)
    db.session.commit()
    push_worker()
    choices.save_settings(tia, {}, False, 0, 0, show_sender=True)  # read when a push is sent
    notify(tia.id, "mentor_request", "Sam Sender would like you as a mentor", "/programs", sender=sam)
    notify(tia.id, "introduced", "You were introduced", "/m/")  # no sender named by the caller
    db.session.commit()
    push_worker()
    bodies = sorted(p.payload["body"] for p in push_service.wait_for(3))
    assert bodies == [
        "A mentee would like you as their mentor (from Sam Sender)",
        "A mentee would like you as their mentor.",
        "You have a new mentorship.",
    ]


def test_a_kind_turned_off_is_not_pushed_and_a_kind_without_devices_writes_nothing(app, push_service):
    tia, bob = make_user("Tia"), make_user("Bob")
    choices.save_settings(tia, {"messages": False}, False, 0, 0, False)
    subscribe(tia, push_service.browser("phone"))
    notify(tia.id, "new_message", "New messages", "/m/1")
    notify(bob.id, "new_message", "New messages", "/m/1")  # Bob has no device
    notify(tia.id, "checkin_due", "Week 2 check-in", "/m/1", email=False)  # mail left to the caller: still pushed
    db.session.commit()
    assert [p.notification.kind for p in db.session.scalars(select(PushOutbox))] == ["checkin_due"]


def test_quiet_hours_hold_pushes_until_morning_in_the_members_own_time_zone(app, push_service, monkeypatch):
    tia = make_user("Tia", timezone="Asia/Tokyo")  # UTC+9, no DST
    subscribe(tia, push_service.browser("phone"))  # default quiet hours: 22:00-08:00
    late = datetime(2026, 3, 2, 14, 30, tzinfo=UTC)  # 23:30 in Tokyo
    monkeypatch.setattr(outbox, "utcnow", lambda: late)
    monkeypatch.setattr(sending, "utcnow", lambda: late)
    notification = notify(tia.id, "new_message", "New messages", "/m/1")
    db.session.commit()
    [row] = db.session.scalars(select(PushOutbox)).all()
    morning = datetime(2026, 3, 2, 23, 0, tzinfo=UTC)  # 08:00 the next day in Tokyo
    assert row.not_before == morning
    push_worker()  # not enqueued after the commit: it was held
    assert outbox.due_push_ids(now=late) == [] and outbox.due_push_ids(now=morning - timedelta(minutes=1)) == []
    assert sending.send_push(row.id) == "busy"  # not due: a stray job sends nothing
    assert push_service.received == []

    monkeypatch.setattr(sending, "utcnow", lambda: morning + timedelta(minutes=3))
    monkeypatch.setattr(outbox, "utcnow", lambda: morning + timedelta(minutes=3))
    assert outbox.enqueue_due_pushes(now=morning + timedelta(minutes=3)) == 1  # the 5-minute sweep
    push_worker()
    [push] = push_service.wait_for(1)
    assert push.payload["tag"] == f"n{notification.id}"


@pytest.mark.parametrize(
    ("local", "held_until"),
    [
        ("2026-07-01 21:59", None),
        ("2026-07-01 22:00", "2026-07-02 08:00"),
        ("2026-07-02 03:00", "2026-07-02 08:00"),
        ("2026-07-02 07:59", "2026-07-02 08:00"),
        ("2026-07-02 08:00", None),
    ],
)
def test_quiet_hours_across_midnight(app, local, held_until):
    from zoneinfo import ZoneInfo

    zone = ZoneInfo("Europe/Berlin")
    settings = choices.settings_of(1)
    now = datetime.strptime(local, "%Y-%m-%d %H:%M").replace(tzinfo=zone).astimezone(UTC)
    held = choices.hold_until(settings, "Europe/Berlin", now)
    expected = datetime.strptime(held_until, "%Y-%m-%d %H:%M").replace(tzinfo=zone) if held_until else None
    assert held == expected


def test_quiet_hours_that_begin_after_queueing_hold_the_push_at_sending(app, push_service, monkeypatch):
    tia = make_user("Tia")
    no_quiet_hours(tia)
    subscribe(tia, push_service.browser("phone"))
    notify(tia.id, "new_message", "New messages", "/m/1")
    db.session.commit()
    now = datetime.now(UTC).astimezone(ZoneInfo(tia.timezone or "UTC"))
    minute = now.hour * 60 + now.minute
    choices.save_settings(tia, {}, True, minute - 60, minute + 60, False)  # quiet from an hour ago (wraps midnight)
    push_worker()
    assert push_service.received == [] and statuses() == [PushStatus.PENDING]
    assert db.session.scalar(select(PushOutbox.not_before)) is not None


def test_a_notification_read_before_its_push_goes_is_skipped(app, push_service):
    tia = make_user("Tia")
    no_quiet_hours(tia)
    subscribe(tia, push_service.browser("phone"))
    notification = notify(tia.id, "new_message", "New messages", "/m/1")
    db.session.commit()
    [row] = db.session.scalars(select(PushOutbox)).all()
    notification.read_at = datetime.now(UTC)
    db.session.commit()
    assert sending.send_push(row.id) == "skipped"
    assert push_service.received == [] and statuses() == [PushStatus.SKIPPED]


@pytest.mark.parametrize("status", [404, 410])
def test_a_subscription_the_push_service_calls_gone_is_dropped_at_once(app, push_service, status):
    tia = make_user("Tia")
    no_quiet_hours(tia)
    gone, kept = push_service.browser("gone"), push_service.browser("kept")
    gone.status = status
    subscribe(tia, gone)
    subscribe(tia, kept)
    notify(tia.id, "new_message", "New messages", "/m/1")
    notify(tia.id, "introduced", "Introduced", "/m/1")
    db.session.commit()
    push_worker()
    db.session.expire_all()
    assert [d.endpoint for d in db.session.scalars(select(PushSubscription))] == [kept.endpoint]
    assert len(push_service.wait_for(2)) == 2 and {r.browser for r in push_service.received} == {"kept"}
    assert statuses() == [PushStatus.SENT, PushStatus.SENT]  # the gone device's rows went with it


def test_a_push_service_failure_is_retried_with_backoff_and_sent_once(app, push_service):
    tia = make_user("Tia")
    no_quiet_hours(tia)
    browser = push_service.browser("phone")
    subscribe(tia, browser)
    notify(tia.id, "new_message", "New messages", "/m/1")
    db.session.commit()
    [row_id] = db.session.scalars(select(PushOutbox.id)).all()
    browser.status = 503
    with pytest.raises(sending.WebPushException):
        sending.send_push(row_id)
    row = db.session.get(PushOutbox, row_id)
    db.session.refresh(row)
    assert row.status == PushStatus.PENDING and row.claimed_at is None and row.attempts == 1
    assert row.last_error == "HTTP 503"
    browser.status = 201
    assert sending.send_push(row_id) == "sent"
    assert sending.send_push(row_id) == "busy"
    assert len(push_service.received) == 1


@pytest.mark.parametrize("status", [400, 403, 413])
def test_a_push_refused_for_good_is_not_retried(app, push_service, status):
    tia = make_user("Tia")
    no_quiet_hours(tia)
    browser = push_service.browser("phone")
    browser.status = status
    subscribe(tia, browser)
    notify(tia.id, "new_message", "New messages", "/m/1")
    db.session.commit()
    [row_id] = db.session.scalars(select(PushOutbox.id)).all()
    assert sending.send_push(row_id) == "failed"
    assert statuses() == [PushStatus.FAILED] and db.session.scalar(select(func.count(PushSubscription.id))) == 1


def test_the_sender_follows_no_redirect(app, push_service):
    tia = make_user("Tia")
    no_quiet_hours(tia)
    browser, elsewhere = push_service.browser("phone"), push_service.browser("elsewhere")
    browser.status, browser.location = 307, elsewhere.endpoint
    subscribe(tia, browser)
    notify(tia.id, "new_message", "New messages", "/m/1")
    db.session.commit()
    [row_id] = db.session.scalars(select(PushOutbox.id)).all()
    assert sending.send_push(row_id) == "failed"
    assert push_service.requests == ["/push/phone"]


@pytest.mark.parametrize(
    ("endpoint", "resolves_to"),
    [
        ("https://10.1.2.3/push/x", None),
        ("https://[::1]/push/x", None),
        ("https://169.254.169.254/latest/meta-data", None),
        ("https://push.example.com/x", "127.0.0.1"),
        ("https://push.example.com/x", "192.168.1.20"),
        ("https://push.example.com/x", "fd00::1"),
        ("http://127.0.0.1:9/push/x", None),
    ],
)
def test_outside_tests_the_sender_never_requests_a_loopback_or_private_address(app, monkeypatch, endpoint, resolves_to):
    import socket

    monkeypatch.setitem(app.config, "PUSH_ALLOW_PRIVATE_ENDPOINTS", False)
    asked = []

    def fake_getaddrinfo(host, port, *args, **kwargs):
        asked.append(host)
        family = socket.AF_INET6 if ":" in (resolves_to or "") else socket.AF_INET
        return [(family, socket.SOCK_STREAM, 6, "", (resolves_to, port))]

    def no_network(*args, **kwargs):
        raise AssertionError("the sender opened a connection")

    monkeypatch.setattr(socket, "getaddrinfo", fake_getaddrinfo)
    monkeypatch.setattr(sending, "_post", no_network)
    tia = make_user("Tia")
    no_quiet_hours(tia)
    # Stored directly: the form would refuse it (tests/push/test_forms.py); an old row, or DNS that changed.
    db.session.add(PushSubscription(user_id=tia.id, endpoint=endpoint, p256dh="x", auth="y"))
    db.session.commit()
    notify(tia.id, "new_message", "New messages", "/m/1")
    db.session.commit()
    [row] = db.session.scalars(select(PushOutbox)).all()
    assert sending.send_push(row.id) == "failed"
    db.session.refresh(row)
    assert row.status == PushStatus.FAILED and row.last_error


def test_deleting_an_account_removes_its_devices_and_pushes_and_export_lists_them(app, push_service):
    from mentorship.services.accounts import data as account_data
    from tests.factories import PASSWORD

    tia = make_user("Tia")
    no_quiet_hours(tia)
    subscribe(tia, push_service.browser("phone"))
    notify(tia.id, "new_message", "New messages", "/m/1")
    db.session.commit()
    exported = account_data.export_user_data(tia)
    assert exported["push_devices"][0]["user_agent"].startswith("Mozilla/5.0 (Linux; Android")
    assert "endpoint" not in str(exported["push_devices"]) and "p256dh" not in str(exported["push_devices"])
    account_data.delete_account(tia, PASSWORD, False)
    assert db.session.scalar(select(func.count(PushSubscription.id))) == 0
    assert db.session.scalar(select(func.count(PushOutbox.id))) == 0
