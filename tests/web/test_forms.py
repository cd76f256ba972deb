"""Bad input for every form of the foundation: a clear message, 422, nothing stored, the input kept.

Each case runs twice: as a plain form post (the whole page comes back) and as htmx (only the
form's fragment comes back, to be swapped in place). Passwords are never echoed back.
"""

import re
from datetime import date
from html import escape

import pytest
from sqlalchemy import func, select

from mentorship.extensions import db
from mentorship.models import (
    Community,
    EmailOutbox,
    JoinRequest,
    Membership,
    User,
    UserSession,
    UserSkill,
)
from mentorship.services.accounts.auth import make_reset_token
from tests.factories import PASSWORD, make_community, make_user

SEVENTEEN = date.today().replace(year=date.today().year - 17, day=1).isoformat()
LONG_TEXT = "x" * 2001


def snapshot() -> dict:
    """What the database holds, to prove nothing was stored half-way."""
    tables = (User, EmailOutbox, UserSession, Community, Membership, JoinRequest, UserSkill)
    counts = {model.__name__: db.session.scalar(select(func.count()).select_from(model)) for model in tables}
    db.session.expire_all()
    users = db.session.execute(
        select(User.id, User.email, User.display_name, User.password_hash, User.timezone, User.bio, User.deleted_at)
    ).all()
    return {"counts": counts, "users": users}


def signup(**overrides):
    data = {
        "email": "new@example.com",
        "display_name": "New Person",
        "password": "river-otter-lantern",
        "date_of_birth": "1990-04-03",
    }
    return {**data, **overrides}


def profile(**overrides):
    return {"display_name": "Kept Name", "timezone": "Europe/Paris", "skills": "python", "bio": "Kept bio", **overrides}


def password_change(**overrides):
    new = "lighthouse-marmalade-42"
    return {"current_password": PASSWORD, "password": new, "confirm": new, **overrides}


# (id, who is logged in, url, form, form id, message, texts that must be kept in the response)
CASES = [
    (
        "signup-email",
        None,
        "/signup",
        signup(email="not-an-email"),
        "signup-form",
        "Enter a valid e-mail address",
        ['value="not-an-email"', 'value="New Person"'],
    ),
    (
        "signup-name",
        None,
        "/signup",
        signup(display_name="A"),
        "signup-form",
        "Use 2 to 60 characters.",
        ['value="new@example.com"', 'value="A"'],
    ),
    (
        "signup-short-password",
        None,
        "/signup",
        signup(password="short1"),
        "signup-form",
        "Use at least 8 characters.",
        ['value="new@example.com"'],
    ),
    (
        "signup-common-password",
        None,
        "/signup",
        signup(password="password123"),
        "signup-form",
        "one of the most common",
        ['value="new@example.com"'],
    ),
    (
        "signup-long-password",
        None,
        "/signup",
        signup(password="p" * 129),
        "signup-form",
        "Use at most 128 characters.",
        ['value="new@example.com"'],
    ),
    (
        "signup-password-is-email",
        None,
        "/signup",
        signup(password="new@example.com"),
        "signup-form",
        "can&#39;t be your e-mail address",
        ['value="New Person"'],
    ),
    (
        "signup-under-18",
        None,
        "/signup",
        signup(date_of_birth=SEVENTEEN),
        "signup-form",
        "18 or older",
        ['value="new@example.com"', f'value="{SEVENTEEN}"'],
    ),
    (
        "signup-no-birth-date",
        None,
        "/signup",
        signup(date_of_birth=""),
        "signup-form",
        "Enter your date of birth.",
        ['value="New Person"'],
    ),
    (
        "signup-implausible-birth-date",
        None,
        "/signup",
        signup(date_of_birth="1850-01-01"),
        "signup-form",
        "the year looks wrong",
        ['value="1850-01-01"'],
    ),
    (
        "signup-taken-email",
        None,
        "/signup",
        signup(email="TAKEN@example.com"),
        "signup-form",
        "already exists",
        ['value="TAKEN@example.com"'],
    ),
    (
        "login-wrong-password",
        None,
        "/login",
        {"email": "taken@example.com", "password": "not-the-one"},
        "login-form",
        "don&#39;t match an account",
        ['value="taken@example.com"'],
    ),
    ("login-empty", None, "/login", {"email": "", "password": ""}, "login-form", "Enter your e-mail address.", []),
    (
        "forgot-bad-email",
        None,
        "/forgot",
        {"email": "nobody-at-example"},
        "forgot-form",
        "Enter a valid e-mail address",
        ['value="nobody-at-example"'],
    ),
    (
        "reset-short",
        None,
        "/reset/{reset_token}",
        {"password": "short", "confirm": "short"},
        "reset-form",
        "Use at least 8 characters.",
        [],
    ),
    (
        "reset-mismatch",
        None,
        "/reset/{reset_token}",
        {"password": "lighthouse-marmalade-42", "confirm": "other"},
        "reset-form",
        "The two passwords differ.",
        [],
    ),
    (
        "community-short-name",
        "me",
        "/c/new",
        {"name": "ab", "description": "Kept description"},
        "community-form",
        "Use 3 to 80 characters.",
        ['value="ab"', "Kept description"],
    ),
    (
        "community-long-description",
        "me",
        "/c/new",
        {"name": "Kept Name", "description": LONG_TEXT},
        "community-form",
        "Keep it under 2,000 characters.",
        ['value="Kept Name"'],
    ),
    (
        "community-long-conduct",
        "me",
        "/c/new",
        {"name": "Kept Name", "code_of_conduct": "y" * 5001},
        "community-form",
        "Keep it under 5,000 characters.",
        ['value="Kept Name"'],
    ),
    ("join-without-conduct", "me", "/c/{pub}/join", {}, "join-form", "Please accept the code of conduct to join.", []),
    (
        "ask-without-conduct",
        "me",
        "/c/{priv}/join",
        {"message": "Hello admins, I kept this"},
        "join-form",
        "Please accept the code of conduct to join.",
        ["Hello admins, I kept this"],
    ),
    (
        "profile-bad-tags",
        "me",
        "/settings/",
        profile(skills="python, bad tag!!"),
        "profile-form",
        "Tags use letters, digits",
        ['value="python, bad tag!!"', 'value="Kept Name"'],
    ),
    (
        "profile-too-many-tags",
        "me",
        "/settings/",
        profile(skills=",".join(f"t{n}" for n in range(17))),
        "profile-form",
        "Choose at most 16 skills",
        ['value="t0,t1,'],
    ),
    (
        "profile-long-bio",
        "me",
        "/settings/",
        profile(bio=LONG_TEXT),
        "profile-form",
        "Keep it under 2,000 characters.",
        ['value="Kept Name"', LONG_TEXT],
    ),
    (
        "profile-unknown-timezone",
        "me",
        "/settings/",
        profile(timezone="Mars/Olympus"),
        "profile-form",
        "Choose your timezone from the list.",
        ['value="Kept Name"', "Kept bio"],
    ),
    (
        "profile-empty-name",
        "me",
        "/settings/",
        profile(display_name="   "),
        "profile-form",
        "Choose a display name.",
        ["Kept bio"],
    ),
    (
        "password-wrong-current",
        "me",
        "/settings/account/password",
        password_change(current_password="wrong-one"),
        "password-form",
        "That is not your current password.",
        [],
    ),
    (
        "password-mismatch",
        "me",
        "/settings/account/password",
        password_change(confirm="something-else"),
        "password-form",
        "The two new passwords differ.",
        [],
    ),
    (
        "password-common",
        "me",
        "/settings/account/password",
        password_change(password="password123", confirm="password123"),
        "password-form",
        "one of the most common",
        [],
    ),
    (
        "email-invalid",
        "me",
        "/settings/account/email",
        {"email": "nope", "password": PASSWORD},
        "email-form",
        "Enter a valid e-mail address",
        ['value="nope"'],
    ),
    (
        "email-wrong-password",
        "me",
        "/settings/account/email",
        {"email": "next@example.com", "password": "wrong"},
        "email-form",
        "That is not your current password.",
        ['value="next@example.com"'],
    ),
    (
        "email-taken",
        "me",
        "/settings/account/email",
        {"email": "Taken@Example.com", "password": PASSWORD},
        "email-form",
        "Another account uses that address.",
        ['value="Taken@Example.com"'],
    ),
    (
        "email-same",
        "me",
        "/settings/account/email",
        {"email": "me@example.com", "password": PASSWORD},
        "email-form",
        "That is already your e-mail address.",
        ['value="me@example.com"'],
    ),
    (
        "delete-wrong-password",
        "me",
        "/settings/account/delete",
        {"password": "wrong", "erase_written": "y"},
        "delete-form",
        "That is not your password.",
        ['checked id="erase_written"'],
    ),
    ("delete-no-password", "me", "/settings/account/delete", {}, "delete-form", "Type your password to confirm.", []),
]


@pytest.fixture
def people(app):
    me = make_user(name="Me", email="me@example.com")
    make_user(name="Taken", email="taken@example.com")
    admin = make_user(name="Admin")
    pub = make_community(admin=admin, name="Open Door")
    priv = make_community(admin=admin, name="Closed Door", private=True)
    return {"me": me, "pub": pub.slug, "priv": priv.slug, "reset_token": make_reset_token(me)}


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
@pytest.mark.parametrize(
    ("who", "url", "data", "form_id", "message", "kept"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_bad_input(app, people, login_as, htmx, who, url, data, form_id, message, kept):
    client = login_as(people[who], htmx=htmx) if who else app.test_client()
    if htmx and not who:
        client.environ_base["HTTP_HX_REQUEST"] = "true"
    before = snapshot()
    response = client.post(url.format(**people), data=data)
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in body
    for text in kept:
        assert text in body, text
    assert f'id="{form_id}"' in body
    assert ("<html" in body) is not htmx
    for key, value in data.items():
        if ("password" in key or key == "confirm") and value:
            tag = re.search(rf'<input[^>]*name="{key}"[^>]*>', body).group(0)
            assert 'type="password"' in tag and 'value=""' in tag, f"{key} was echoed back: {tag}"
            assert escape(value) not in tag
    assert snapshot() == before


def test_a_bad_role_is_refused(login_as):
    admin, member = make_user(), make_user()
    community = make_community(admin=admin, members=[member])
    response = login_as(admin).post(f"/c/{community.slug}/members/{member.id}/role", data={"role": "boss"})
    assert response.status_code == 422 and "Choose member, moderator or admin." in response.get_data(as_text=True)
    assert db.session.scalar(select(Membership.role).where(Membership.user_id == member.id)) == "member"


def test_a_bad_decision_is_refused(login_as):
    admin, applicant = make_user(), make_user()
    community = make_community(admin=admin, private=True)
    request = JoinRequest(community_id=community.id, user_id=applicant.id)
    db.session.add(request)
    db.session.commit()
    response = login_as(admin).post(f"/c/{community.slug}/requests/{request.id}", data={"decision": "maybe"})
    assert response.status_code == 422 and "Choose approve or decline." in response.get_data(as_text=True)
    db.session.refresh(request)
    assert request.status == "pending"


def test_a_bad_signup_timezone_falls_back_to_utc(client):
    assert client.post("/signup", data={**signup(), "timezone": "Nowhere/Atlantis"}).status_code == 303
    assert db.session.scalar(select(User.timezone)) == "UTC"


def test_the_profile_form_keeps_every_field_on_error(login_as):
    body = login_as(make_user()).post("/settings/", data=profile(bio=LONG_TEXT)).get_data(as_text=True)
    assert '<option selected value="Europe/Paris">Paris (UTC+0' in body  # city and offset (issue 14, point 20)


def test_no_form_breaks_on_missing_fields(app, login_as):
    """Every POST of the foundation with an empty body answers with a message, never a 500."""
    from tests.web.test_access import ROUTES

    me = make_user()
    community = make_community(admin=me, members=[make_user()])
    private = make_community(admin=me, private=True)
    values = {
        "pub": community.slug,
        "priv": private.slug,
        "target_id": 1,
        "request_id": 1,
        "device_id": 1,
        "mailed_id": 1,
        "link_token": "no-such-invitation",
        "reset_token": make_reset_token(me),
    }
    for _endpoint, method, path, _data, _expected in ROUTES:
        if method != "POST" or "delete" in path or "logout" in path:
            continue
        for client in (app.test_client(), login_as(me)):
            response = client.post(path.format(**values), data={})
            assert response.status_code < 500, path
