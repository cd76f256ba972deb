"""The bell, the notifications page and marking read: a person's notifications are theirs alone."""

import pytest
from sqlalchemy import select

from mentorship.extensions import db
from mentorship.models import Notification
from mentorship.services.notify.notifications import notify
from tests.factories import add_member, make_community, make_mentorship, make_notification, make_user

PERSONS = [
    "visitor",
    "owner",
    "member",
    "other_community_member",
    "pair_member",
    "other_pair_member",
    "moderator",
    "admin",
]


@pytest.fixture
def world(app):
    """An owner in a pair, and one person of every other kind."""
    people = {name: make_user(name=name.replace("_", " ").title()) for name in PERSONS if name != "visitor"}
    community = make_community(
        admin=people["admin"], members=[people[n] for n in ("owner", "member", "pair_member", "other_pair_member")]
    )
    add_member(community, people["moderator"], "moderator")
    make_community(members=[people["other_community_member"]])
    make_mentorship(community, people["pair_member"], people["owner"])
    make_mentorship(community, people["other_pair_member"], make_user())
    note = make_notification(people["owner"], "Secret-ish: Sam wrote to you.", kind="new_message", link="/m/1")
    return people, note


def client_for(person, world, login_as, client, htmx=False):
    people, _ = world
    return client if person == "visitor" else login_as(people[person], htmx=htmx)


@pytest.mark.parametrize("person", PERSONS)
@pytest.mark.parametrize(
    "method, path, owner_status, others_status",
    [
        ("get", "/notifications/{id}/open", 303, 404),
        ("post", "/notifications/{id}/read", 303, 404),
    ],
)
def test_only_the_owner_can_open_or_mark_a_notification(
    world, login_as, client, person, method, path, owner_status, others_status
):
    _, note = world
    response = getattr(client_for(person, world, login_as, client), method)(path.format(id=note.id))
    if person == "visitor":
        assert response.status_code == 302 and "/login" in response.headers["Location"]
    elif person == "owner":
        assert response.status_code == owner_status
    else:
        assert response.status_code == others_status
    db.session.expire_all()
    assert (db.session.get(Notification, note.id).read_at is not None) == (person == "owner")


@pytest.mark.parametrize("person", PERSONS)
def test_the_page_lists_only_my_own_notifications(world, login_as, client, person):
    response = client_for(person, world, login_as, client).get("/notifications")
    if person == "visitor":
        assert response.status_code == 302 and "/login" in response.headers["Location"]
        return
    assert response.status_code == 200
    assert ("Secret-ish: Sam wrote to you." in response.get_data(as_text=True)) == (person == "owner")


@pytest.mark.parametrize("person", PERSONS)
def test_mark_all_read_touches_only_my_own(world, login_as, client, person):
    _, note = world
    response = client_for(person, world, login_as, client).post("/notifications/read-all")
    assert response.status_code == (302 if person == "visitor" else 303)
    db.session.expire_all()
    assert (db.session.get(Notification, note.id).read_at is not None) == (person == "owner")


@pytest.mark.parametrize("person", PERSONS)
def test_the_bell_counts_my_unread_only(world, login_as, client, person):
    response = client_for(person, world, login_as, client, htmx=True).get("/notifications/bell")
    if person == "visitor":
        assert response.status_code == 286  # htmx stops polling
        return
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and 'id="notification-bell"' in body and "<html" not in body
    assert ("(1 unread)" in body) == (person == "owner")


def test_opening_a_notification_marks_it_read_and_goes_to_its_target(app, login_as):
    user = make_user()
    note = make_notification(user, link="/c/somewhere?tab=2")
    response = login_as(user).get(f"/notifications/{note.id}/open")
    assert response.status_code == 303 and response.headers["Location"] == "/c/somewhere?tab=2"
    assert db.session.get(Notification, note.id).read_at is not None


def test_a_notification_never_links_off_site(app):
    user = make_user()
    for link in ("https://evil.example/x", "//evil.example", "/\\evil.example"):
        assert notify(user.id, "admin_alert", "x", link).link == ""
    db.session.commit()


def test_the_bell_is_in_the_nav_with_the_count_rendered_without_js(app, login_as):
    user = make_user()
    for n in range(3):
        make_notification(user, f"Note {n}")
    body = login_as(user).get("/").get_data(as_text=True)
    assert 'id="notification-bell"' in body and 'href="/notifications"' in body
    assert ">3</span>" in body and "(3 unread)" in body
    assert 'hx-trigger="every 30s, notifications-changed from:body"' in body


def test_the_bell_caps_at_99_plus(app, login_as):
    user = make_user()
    db.session.add_all(Notification(user_id=user.id, kind="admin_alert", text=f"n{i}") for i in range(120))
    db.session.commit()
    body = login_as(user, htmx=True).get("/notifications/bell").get_data(as_text=True)
    assert ">99+</span>" in body


def test_the_bell_costs_one_query_after_the_user_loader(app, login_as, queries):
    user = make_user()
    make_notification(user)
    bell = login_as(user, htmx=True)
    with queries() as q:
        assert bell.get("/notifications/bell").status_code == 200
    assert q.count == 2, q.statements  # the session's user, then the capped count


def test_page_and_htmx_fragment(app, login_as):
    user = make_user()
    make_notification(user, "Hello there")
    page = login_as(user).get("/notifications")
    assert "<html" in page.get_data(as_text=True) and "HX-Request" in page.headers["Vary"]
    fragment = login_as(user, htmx=True).get("/notifications")
    body = fragment.get_data(as_text=True)
    assert "<html" not in body and 'id="notifications"' in body and "Hello there" in body
    assert "HX-Request" in fragment.headers["Vary"]


def test_mark_one_read_with_htmx_returns_the_item_and_tells_the_bell(app, login_as):
    user = make_user()
    note = make_notification(user, "Read me")
    response = login_as(user, htmx=True).post(f"/notifications/{note.id}/read")
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and f'id="notification-{note.id}"' in body and "<html" not in body
    assert "Mark read" not in body and response.headers["HX-Trigger"] == "notifications-changed"
    assert db.session.get(Notification, note.id).read_at is not None


def test_mark_all_read_plain_and_htmx(app, login_as):
    user = make_user()
    for n in range(3):
        make_notification(user, f"Note {n}")
    response = login_as(user).post("/notifications/read-all")
    assert response.status_code == 303 and response.headers["Location"] == "/notifications"
    assert db.session.scalar(select(Notification.id).where(Notification.read_at.is_(None))) is None
    make_notification(user, "Another")
    response = login_as(user, htmx=True).post("/notifications/read-all")
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and 'id="notifications"' in body and "<html" not in body
    assert "Mark all as read" not in body and response.headers["HX-Trigger"] == "notifications-changed"


def test_unread_filter_and_empty_states(app, login_as):
    user = make_user()
    client = login_as(user)
    assert "No notifications yet" in client.get("/notifications").get_data(as_text=True)
    make_notification(user, "Old news", read_at=None)
    client.post("/notifications/read-all")
    body = client.get("/notifications?show=unread").get_data(as_text=True)
    assert "nothing unread" in body and "Old news" not in body
    assert "Old news" in client.get("/notifications").get_data(as_text=True)


def test_load_older_pages_by_keyset_with_a_constant_number_of_queries(app, login_as, queries):
    user = make_user()
    db.session.add_all(Notification(user_id=user.id, kind="admin_alert", text=f"note-{i:03d}") for i in range(75))
    db.session.commit()
    client = login_as(user)
    with queries() as q:
        first = client.get("/notifications").get_data(as_text=True)
    assert "note-074" in first and "note-045" in first and "note-044" not in first
    assert "Show older notifications" in first
    older = db.session.scalar(select(Notification.id).where(Notification.text == "note-045"))
    fragment = login_as(user, htmx=True).get(f"/notifications?before={older}")
    body = fragment.get_data(as_text=True)
    assert "<html" not in body and "note-044" in body and "note-015" in body and "note-045" not in body
    assert 'id="load-more"' in body
    db.session.add_all(Notification(user_id=user.id, kind="admin_alert", text=f"more-{i}") for i in range(200))
    db.session.commit()
    with queries() as q2:
        client.get("/notifications")
    assert q.count == q2.count <= 4


def test_bundled_notifications_bump_one_unread_row(app):
    user = make_user()
    for n in range(3):
        notify(user.id, "new_message", f"{n + 1} new messages from Sam", "/m/4", bundle_key="m4-messages")
        db.session.commit()
    rows = db.session.scalars(select(Notification)).all()
    assert len(rows) == 1 and rows[0].count == 3 and rows[0].text == "3 new messages from Sam"
    rows[0].read_at = rows[0].created_at
    db.session.commit()
    notify(user.id, "new_message", "1 new message from Sam", "/m/4", bundle_key="m4-messages")
    db.session.commit()
    assert len(db.session.scalars(select(Notification)).all()) == 2


@pytest.mark.parametrize("path", ["/notifications/{id}/read", "/notifications/read-all"])
def test_marking_read_needs_the_csrf_token(app, login_as, monkeypatch, path):
    user = make_user()
    note = make_notification(user)
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    response = login_as(user).post(path.format(id=note.id))
    assert response.status_code == 400 and "expired" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Notification, note.id).read_at is None


@pytest.mark.parametrize("before", ["abc", "-5", ""])
def test_a_bad_before_parameter_shows_the_first_page(app, login_as, before):
    user = make_user()
    make_notification(user, "Still here")
    response = login_as(user).get(f"/notifications?before={before}")
    assert response.status_code == 200 and "Still here" in response.get_data(as_text=True)
