"""Settings: profile, e-mail preferences, password and e-mail changes, sessions, export and deletion."""

import json
import re

from sqlalchemy import func, select

from mentorship import signals
from mentorship.extensions import db
from mentorship.models import (
    Community,
    EmailOutbox,
    Enrollment,
    JoinRequest,
    Membership,
    Mentorship,
    Notification,
    Program,
    User,
    UserSession,
    UserSkill,
)
from mentorship.services.accounts.passwords import verify_password
from tests.factories import PASSWORD, add_member, make_community, make_mentorship, make_user


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


# --- profile -------------------------------------------------------------------------------


def test_profile_page_offers_every_timezone_grouped_and_guesses_from_the_browser(login_as):
    user = make_user(skills=["python", "sql"])
    body = login_as(user).get("/settings/").get_data(as_text=True)
    assert '<optgroup label="Europe">' in body and 'value="Europe/Paris"' in body
    assert 'data-guess-timezone="1"' in body
    assert 'value="python, sql"' in body
    assert '<span class="tag">python</span>' in body


def test_profile_save_updates_name_timezone_skills_and_bio(login_as):
    user = make_user(skills=["python"])
    client = login_as(user)
    response = client.post(
        "/settings/",
        data={
            "display_name": "  Ada L.  ",
            "timezone": "Asia/Tokyo",
            "skills": "Python, Public Speaking, #SQL",
            "bio": "Hi",
        },
    )
    assert response.status_code == 303
    db.session.refresh(user)
    assert user.display_name == "Ada L." and user.timezone == "Asia/Tokyo" and user.bio == "Hi"
    assert sorted(user.skill_tags) == ["public-speaking", "python", "sql"]
    assert "Your profile is saved." in client.get("/settings/").get_data(as_text=True)


def test_profile_save_over_htmx_returns_the_form_and_the_flash_out_of_band(login_as):
    user = make_user()
    response = login_as(user, htmx=True).post(
        "/settings/", data={"display_name": "New Name", "timezone": "UTC", "skills": "go", "bio": ""}
    )
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<html" not in body and 'id="profile-form"' in body
    assert 'hx-swap-oob="innerHTML"' in body and "Your profile is saved." in body
    assert db.session.get(User, user.id).display_name == "New Name"


def test_skills_preview_shows_the_tags_as_they_will_be_saved(login_as):
    client = login_as(make_user(), htmx=True)
    body = client.get("/settings/skills-preview?skills=Data Science, c%2B%2B, bad tag!!").get_data(as_text=True)
    assert '<span class="tag">data-science</span>' in body and '<span class="tag">c++</span>' in body
    assert "Not valid as tags: bad tag!!" in body


def test_notification_preferences_are_saved(login_as):
    user = make_user()
    client = login_as(user)
    page = client.get("/settings/notifications").get_data(as_text=True)
    assert "Weekly check-in reminders" in page and 'name="email_help"' in page
    response = client.post("/settings/notifications", data={"email_checkin": "y", "email_admin": "y"})
    assert response.status_code == 303
    db.session.refresh(user)
    assert user.reminder_prefs == {
        "email_checkin": True,
        "email_messages": False,
        "email_help": False,
        "email_mentorship": False,
        "email_reports": False,
        "email_admin": True,
    }
    assert user.wants_email("email_checkin") and not user.wants_email("email_help")


def test_notification_preferences_over_htmx_come_back_in_place(login_as):
    user = make_user()
    response = login_as(user, htmx=True).post("/settings/notifications", data={"email_messages": "y"})
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in body and 'id="notifications-form"' in body
    assert "Your e-mail preferences are saved." in body
    assert 'checked id="email_messages"' in body and 'checked id="email_help"' not in body
    db.session.refresh(user)
    assert user.reminder_prefs["email_messages"] and not user.reminder_prefs["email_help"]


# --- password and sessions -------------------------------------------------------------------


def test_change_password_signs_out_other_sessions_and_rotates_this_one(app, client, auth):
    user = make_user()
    auth.login(user)
    other = app.test_client()
    other.post("/login", data={"email": user.email, "password": PASSWORD})
    before = set(db.session.scalars(select(UserSession.token)))
    assert len(before) == 2

    new = "lighthouse-marmalade-42"
    response = client.post(
        "/settings/account/password", data={"current_password": PASSWORD, "password": new, "confirm": new}
    )
    assert response.status_code == 303
    after = set(db.session.scalars(select(UserSession.token)))
    assert len(after) == 1 and not (after & before)  # both old ones gone, a new one for this browser
    assert client.get("/settings/account").status_code == 200
    assert other.get("/settings/account").status_code == 302
    db.session.refresh(user)
    assert verify_password(user.password_hash, new)
    mail = db.session.scalar(select(EmailOutbox).where(EmailOutbox.kind == "password_changed"))
    assert mail.to_addr == user.email


def test_account_page_lists_sessions_and_signs_out_the_others(app, client, auth):
    user = make_user()
    auth.login(user)
    for agent in ("Mozilla/5.0 (Windows NT 10.0) Firefox/130.0", "Mozilla/5.0 (iPhone) Safari/604.1"):
        app.test_client().post(
            "/login", data={"email": user.email, "password": PASSWORD}, headers={"User-Agent": agent}
        )
    page = client.get("/settings/account").get_data(as_text=True)
    assert "Firefox on Windows" in page and "Safari on iPhone" in page and "this browser" in page
    response = client.post("/settings/account/sessions/sign-out-others")
    assert response.status_code == 303
    assert count(UserSession) == 1
    assert "Signed out 2 other browsers." in client.get("/settings/account").get_data(as_text=True)


def test_sign_out_others_over_htmx_replaces_the_sessions_list(app, login_as):
    user = make_user()
    login_as(user)
    response = login_as(user, htmx=True).post("/settings/account/sessions/sign-out-others")
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in body and 'id="sessions"' in body
    assert "Signed out 1 other browser." in body and "logged in only here" in body


# --- e-mail change -------------------------------------------------------------------------------


def test_email_change_waits_for_the_link_sent_to_the_new_address(client, login_as):
    user = make_user(email="old@example.com")
    account = login_as(user)
    response = account.post("/settings/account/email", data={"email": "New@Example.com", "password": PASSWORD})
    assert response.status_code == 303
    db.session.refresh(user)
    assert user.email == "old@example.com"  # unchanged until the link is opened
    confirm = db.session.scalar(select(EmailOutbox).where(EmailOutbox.kind == "email_change"))
    notice = db.session.scalar(select(EmailOutbox).where(EmailOutbox.kind == "email_change_notice"))
    assert confirm.to_addr == "New@Example.com" and notice.to_addr == "old@example.com"
    path = re.search(r"http://[^/]+(/email/confirm/\S+)", confirm.text_body).group(1)

    assert client.get(path).status_code == 302
    db.session.refresh(user)
    assert user.email == "New@Example.com" and user.email_verified_at is not None
    assert client.get(path).status_code == 400  # single use


def test_email_change_link_is_refused_when_the_address_was_taken_meanwhile(client, login_as):
    user = make_user()
    login_as(user).post("/settings/account/email", data={"email": "wanted@example.com", "password": PASSWORD})
    mail = db.session.scalar(select(EmailOutbox).where(EmailOutbox.kind == "email_change"))
    make_user(email="wanted@example.com")
    path = re.search(r"(/email/confirm/\S+)", mail.text_body).group(1)
    response = client.get(path)
    assert response.status_code == 400 and "uses that address" in response.get_data(as_text=True)


# --- export ------------------------------------------------------------------------------------


def test_export_is_a_json_download_of_everything_about_me(login_as):
    me = make_user(name="Exporter", skills=["python"])
    partner = make_user(name="Partner")
    community = make_community(admin=partner, name="Data Folk", members=[me])
    private = make_community(admin=partner, private=True, name="Secret Circle")
    db.session.add(JoinRequest(community_id=private.id, user_id=me.id, message="let me in"))
    db.session.add(Notification(user_id=me.id, kind="hello", text="Welcome"))
    program = Program(community_id=community.id, title="Spring program")
    db.session.add(program)
    db.session.flush()
    db.session.add(Enrollment(program_id=program.id, user_id=me.id, role="mentee", goals="learn sql"))
    db.session.commit()
    make_mentorship(community, partner, me, program=program)

    response = login_as(me).get("/settings/account/export")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.headers["Content-Disposition"].startswith('attachment; filename="mentorship-data-')
    data = json.loads(response.get_data(as_text=True))
    assert data["profile"]["display_name"] == "Exporter" and data["profile"]["skills"] == ["python"]
    assert data["profile"]["date_of_birth"] == "1990-01-01"
    assert [m["community"] for m in data["community_memberships"]] == ["Data Folk"]
    assert data["join_requests"][0]["message"] == "let me in"
    assert data["notifications"][0]["text"] == "Welcome"
    assert data["program_enrollments"][0]["goals"] == "learn sql"
    assert data["mentorships"][0]["my_role"] == "mentee"
    assert data["mentorships"][0]["with"] == [{"name": "Partner", "role": "mentor"}]
    assert len(data["sessions"]) == 1


def test_other_areas_extend_the_export_through_the_signal(login_as):
    me = make_user()

    def export_posts(user):
        return "board_posts", [{"author": user.display_name}]

    with signals.person_exported.connected_to(export_posts):
        data = json.loads(login_as(me).get("/settings/account/export").get_data(as_text=True))
    assert data["board_posts"] == [{"author": me.display_name}]


# --- deletion ------------------------------------------------------------------------------------


def test_delete_account_anonymises_the_row_and_removes_personal_records(client, auth):
    me = make_user(name="Leaving Soon", email="leaving@example.com", skills=["python"])
    admin = make_user()
    community = make_community(admin=admin, members=[me])
    partner = make_user()
    mentorship = make_mentorship(community, partner, me)
    db.session.add(Notification(user_id=me.id, kind="x", text="hi"))
    db.session.commit()
    auth.login(me)

    page = client.get("/settings/account/delete").get_data(as_text=True)
    assert (
        "Type your password to confirm" in page
        and "Also erase what I wrote (board posts, messages, notes and comments)" in page
    )
    response = client.post("/settings/account/delete", data={"password": PASSWORD})
    assert response.status_code == 303 and response.headers["Location"] == "/"

    user = db.session.get(User, me.id)
    assert user.display_name == "Deleted member" and user.deleted_at is not None
    assert user.email == f"deleted-{me.id}@deleted.invalid" and user.bio == ""
    assert not verify_password(user.password_hash, PASSWORD)
    for model, column in (
        (Membership, Membership.user_id),
        (UserSession, UserSession.user_id),
        (UserSkill, UserSkill.user_id),
        (Notification, Notification.user_id),
    ):
        assert db.session.scalar(select(func.count()).where(column == me.id)) == 0, model
    db.session.refresh(mentorship)
    assert mentorship.status == "ended"
    partner_note = db.session.scalar(select(Notification).where(Notification.user_id == partner.id))
    assert "ended" in partner_note.text
    assert "Your account is deleted" in client.get("/").get_data(as_text=True)
    assert client.get("/settings/").status_code == 302
    assert client.post("/login", data={"email": "leaving@example.com", "password": PASSWORD}).status_code == 422
    # The address is free again.
    assert (
        client.post(
            "/signup",
            data={
                "email": "leaving@example.com",
                "display_name": "Back Again",
                "password": "river-otter-lantern",
                "date_of_birth": "1990-02-02",
            },
        ).status_code
        == 303
    )


def test_erasers_get_the_erase_choice(login_as):
    me = make_user()
    seen = []

    def erase(user, erase_written):
        seen.append((user.id, erase_written))

    with signals.person_erased.connected_to(erase):
        login_as(me).post("/settings/account/delete", data={"password": PASSWORD, "erase_written": "y"})
    assert seen == [(me.id, True)]


def test_the_last_admin_must_hand_over_before_deleting(login_as):
    me = make_user()
    community = make_community(admin=me, name="Needs An Admin", members=[make_user()])
    client = login_as(me)
    page = client.get("/settings/account/delete").get_data(as_text=True)
    assert "You are the only admin of" in page and "Needs An Admin" in page
    response = client.post("/settings/account/delete", data={"password": PASSWORD})
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert "You are the only admin of" in body and ">Needs An Admin</a>" in body
    assert db.session.get(User, me.id).deleted_at is None
    assert count(Membership) == 2 and db.session.get(Community, community.id) is not None


def test_a_community_where_i_am_alone_goes_with_my_account(login_as):
    me = make_user()
    lonely = make_community(admin=me, name="Just Me")
    shared = make_community(admin=make_user(), members=[me])
    client = login_as(me)
    assert "will be deleted with your account: <strong>Just Me</strong>" in client.get(
        "/settings/account/delete"
    ).get_data(as_text=True)
    assert client.post("/settings/account/delete", data={"password": PASSWORD}).status_code == 303
    assert db.session.get(Community, lonely.id) is None
    assert db.session.get(Community, shared.id) is not None


def test_another_admin_lets_me_delete(login_as):
    me = make_user()
    community = make_community(admin=me, members=[make_user()])
    add_member(community, make_user(), "admin")
    assert login_as(me).post("/settings/account/delete", data={"password": PASSWORD}).status_code == 303
    assert db.session.scalar(select(func.count()).where(Mentorship.id > 0)) == 0
