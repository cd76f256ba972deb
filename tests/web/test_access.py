"""Who may open what: every route of main, auth, settings and communities, for each kind of person.

People: a visitor (not logged in), a member, a member of another community only ("other"), a
moderator and an admin, in a public community ("pub") and a private one ("priv").
A 302 for the visitor is the redirect to the log-in page; a 302 for a logged-in person on the
sign-up/log-in pages or on "join" is the redirect away from a page they don't need.
"""

import pytest
from sqlalchemy import select

from mentorship.extensions import db
from mentorship.models import Invitation, JoinRequest
from mentorship.services.accounts.auth import make_reset_token, make_verify_token
from tests.factories import PASSWORD, add_member, make_community, make_user
from tests.security.routes import DEVICE, PUSH_SETTINGS

PEOPLE = ("visitor", "member", "other", "moderator", "admin")
NEW_PASSWORD = "lighthouse-marmalade-42"


def every(status):
    return dict.fromkeys(PEOPLE, status)


def logged_in(status, visitor=302):
    return {**every(status), "visitor": visitor}


def members_only(allowed, outsider, staff=None):
    """Visitor to log-in, the other community's member `outsider`, members/moderators/admins as given."""
    return {
        "visitor": 302,
        "other": outsider,
        "member": allowed,
        "moderator": staff or allowed,
        "admin": staff or allowed,
    }


def admins_only(allowed, outsider):
    return {"visitor": 302, "other": outsider, "member": 403, "moderator": 403, "admin": allowed}


def _email_change_token(world):
    from mentorship.services.accounts.auth import _serializer

    target = world["target"]
    return _serializer("change-email").dumps(
        {"uid": target.id, "old": target.email.lower(), "new": "moved@example.com"}
    )


# (endpoint, method, path, form data, expected status per person)
ROUTES = [
    ("main.home", "GET", "/", None, every(200)),
    ("main.about", "GET", "/about", None, every(200)),
    ("main.healthz", "GET", "/healthz", None, every(200)),
    ("main.choose_language", "POST", "/language", {"locale": "de", "next": "/about"}, every(303)),
    # auth
    ("auth.signup", "GET", "/signup", None, {**every(302), "visitor": 200}),
    (
        "auth.signup",
        "POST",
        "/signup",
        {
            "email": "fresh@example.com",
            "display_name": "Fresh",
            "password": NEW_PASSWORD,
            "date_of_birth": "1990-01-01",
        },
        {**every(302), "visitor": 303},
    ),
    ("auth.login", "GET", "/login", None, {**every(302), "visitor": 200}),
    ("auth.login", "POST", "/login", {"email": "{target_email}", "password": PASSWORD}, {**every(302), "visitor": 303}),
    ("auth.logout", "POST", "/logout", None, logged_in(303)),
    ("auth.verify_email", "GET", "/verify/{verify_token}", None, every(302)),
    ("auth.confirm_email_change", "GET", "/email/confirm/{email_token}", None, every(302)),
    ("auth.resend_verification", "POST", "/verify/resend", None, logged_in(303)),
    ("auth.forgot_password", "GET", "/forgot", None, every(200)),
    ("auth.forgot_password", "POST", "/forgot", {"email": "{target_email}"}, every(200)),
    ("auth.reset_password", "GET", "/reset/{reset_token}", None, every(200)),
    (
        "auth.reset_password",
        "POST",
        "/reset/{reset_token}",
        {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
        every(303),
    ),
    # settings
    ("settings.profile", "GET", "/settings/", None, logged_in(200)),
    (
        "settings.profile",
        "POST",
        "/settings/",
        {"display_name": "Renamed", "timezone": "Europe/Oslo", "skills": "go", "bio": ""},
        logged_in(303),
    ),
    ("settings.skills_preview", "GET", "/settings/skills-preview?skills=a,b", None, logged_in(200)),
    ("settings.notifications", "GET", "/settings/notifications", None, logged_in(200)),
    ("settings.notifications", "POST", "/settings/notifications", {"email_help": "y"}, logged_in(303)),
    ("settings.account", "GET", "/settings/account", None, logged_in(200)),
    ("settings.picture", "GET", "/settings/picture", None, logged_in(200)),
    ("settings.picture", "POST", "/settings/picture", None, logged_in(422)),  # no file: refused, nothing stored
    ("settings.remove_picture", "POST", "/settings/picture/remove", None, logged_in(303)),
    (
        "settings.change_password",
        "POST",
        "/settings/account/password",
        {"current_password": PASSWORD, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
        logged_in(303),
    ),
    (
        "settings.change_email",
        "POST",
        "/settings/account/email",
        {"email": "elsewhere@example.com", "password": PASSWORD},
        logged_in(303),
    ),
    ("settings.sign_out_other_sessions", "POST", "/settings/account/sessions/sign-out-others", None, logged_in(303)),
    ("settings.export_data", "GET", "/settings/account/export", None, logged_in(200)),
    ("settings.delete_account", "GET", "/settings/account/delete", None, logged_in(200)),
    # The admin is the only admin of communities with members: refused until they hand over.
    (
        "settings.delete_account",
        "POST",
        "/settings/account/delete",
        {"password": PASSWORD},
        {**logged_in(303), "admin": 422},
    ),
    # push: one's own settings and devices (the member alone has a device)
    ("settings.push", "GET", "/settings/push", None, logged_in(200)),
    ("settings.push", "POST", "/settings/push", PUSH_SETTINGS, logged_in(303)),
    ("settings.add_device", "POST", "/settings/push/devices", DEVICE, logged_in(303)),
    (
        "settings.remove_device",
        "POST",
        "/settings/push/devices/{device_id}/remove",
        None,
        {**every(404), "visitor": 302, "member": 303},
    ),
    # communities
    ("communities.index", "GET", "/c/", None, every(200)),
    ("communities.create", "GET", "/c/new", None, logged_in(200)),
    ("communities.create", "POST", "/c/new", {"name": "Brand New", "description": ""}, logged_in(303)),
    ("communities.show", "GET", "/c/{pub}", None, every(200)),
    ("communities.show", "GET", "/c/{priv}", None, every(200)),
    ("communities.show", "GET", "/c/no-such-community", None, every(404)),
    ("communities.join", "GET", "/c/{pub}/join", None, {**every(302), "other": 200}),
    ("communities.join", "GET", "/c/{priv}/join", None, {**every(302), "other": 200}),
    ("communities.join", "POST", "/c/{pub}/join", {"accept": "y"}, {**every(302), "other": 303}),
    ("communities.join", "POST", "/c/{priv}/join", {"accept": "y"}, {**every(302), "other": 303}),
    ("communities.leave", "POST", "/c/{pub}/leave", None, members_only(303, 403)),
    ("communities.leave", "POST", "/c/{priv}/leave", None, members_only(303, 404)),
    ("communities.members", "GET", "/c/{pub}/members", None, members_only(200, 403)),
    ("communities.members", "GET", "/c/{priv}/members", None, members_only(200, 404)),
    (
        "communities.change_role",
        "POST",
        "/c/{pub}/members/{target_id}/role",
        {"role": "moderator"},
        admins_only(303, 403),
    ),
    (
        "communities.change_role",
        "POST",
        "/c/{priv}/members/{target_id}/role",
        {"role": "moderator"},
        admins_only(303, 404),
    ),
    ("communities.remove_member", "POST", "/c/{pub}/members/{target_id}/remove", None, admins_only(303, 403)),
    ("communities.remove_member", "POST", "/c/{priv}/members/{target_id}/remove", None, admins_only(303, 404)),
    ("communities.join_requests", "GET", "/c/{pub}/requests", None, admins_only(200, 403)),
    ("communities.join_requests", "GET", "/c/{priv}/requests", None, admins_only(200, 404)),
    (
        "communities.decide_request",
        "POST",
        "/c/{priv}/requests/{request_id}",
        {"decision": "approve"},
        admins_only(303, 404),
    ),
    # A request of the private community does not belong to the public one.
    (
        "communities.decide_request",
        "POST",
        "/c/{pub}/requests/{request_id}",
        {"decision": "approve"},
        admins_only(404, 403),
    ),
    # a community's settings and invitations: its admins (a private one is a 404 to outsiders)
    ("communities.edit_settings", "GET", "/c/{priv}/settings", None, admins_only(200, 404)),
    (
        "communities.edit_settings",
        "POST",
        "/c/{pub}/settings",
        {"name": "Public Place", "code_of_conduct": "Be kind."},
        admins_only(303, 403),
    ),
    ("communities.invitations", "GET", "/c/{priv}/invitations", None, admins_only(200, 404)),
    ("communities.create_link", "POST", "/c/{priv}/invitations/link", {"max_uses": "5"}, admins_only(303, 404)),
    (
        "communities.invite_by_email",
        "POST",
        "/c/{pub}/invitations/email",
        {"addresses": "a@example.com b@example.com"},
        admins_only(303, 403),
    ),
    ("communities.resend", "POST", "/c/{priv}/invitations/{mailed_id}/resend", None, admins_only(303, 404)),
    ("communities.revoke", "POST", "/c/{priv}/invitations/{mailed_id}/revoke", None, admins_only(303, 404)),
    # an invitation of the private community: anyone holding it; members are sent to the community
    (
        "invitations.open",
        "GET",
        "/invite/{link_token}",
        None,
        {"visitor": 200, "member": 302, "other": 200, "moderator": 302, "admin": 302},
    ),
    (
        "invitations.open",
        "POST",
        "/invite/{link_token}",
        {"accept": "y"},
        {"visitor": 303, "member": 302, "other": 303, "moderator": 302, "admin": 302},
    ),
]

CASES = [
    pytest.param(method, path, data, person, expected[person], id=f"{method} {path} {person}")
    for _endpoint, method, path, data, expected in ROUTES
    for person in PEOPLE
]


@pytest.fixture
def world(app):
    admin, moderator, member, other, target = (make_user(name=n) for n in ("Admin", "Mod", "Member", "Other", "Target"))
    unverified = make_user(name="Unverified", verified=False)
    applicant = make_user(name="Applicant")
    pub = make_community(admin=admin, name="Public Place", members=[member, target])
    priv = make_community(admin=admin, name="Private Place", private=True, members=[member, target])
    for community in (pub, priv):
        add_member(community, moderator, "moderator")
    make_community(admin=make_user(name="Elsewhere Admin"), name="Elsewhere", members=[other])
    db.session.add(JoinRequest(community_id=priv.id, user_id=applicant.id))
    mailed = Invitation(community_id=priv.id, kind="email", email="friend@example.org", token="mailed", max_uses=1)
    db.session.add_all([mailed, Invitation(community_id=priv.id, kind="link", token="link-token")])
    db.session.commit()
    people = {"admin": admin, "moderator": moderator, "member": member, "other": other, "visitor": None}
    values = {
        "pub": pub.slug,
        "priv": priv.slug,
        "target_id": target.id,
        "target_email": target.email,
        "request_id": db.session.scalar(select(JoinRequest.id)),
        "verify_token": make_verify_token(unverified),
        "reset_token": make_reset_token(target),
        "email_token": _email_change_token({"target": target}),
        "device_id": _device_of(member),
        "mailed_id": mailed.id,
        "link_token": "link-token",
    }
    return people, values


def _device_of(user) -> int:
    from mentorship.models import PushSubscription

    device = PushSubscription(user_id=user.id, endpoint="https://push.example.com/member", p256dh="x", auth="y")
    db.session.add(device)
    db.session.commit()
    return device.id


def fill(template, values):
    return template.format(**values) if isinstance(template, str) else template


@pytest.mark.parametrize(("method", "path", "data", "person", "expected"), CASES)
def test_access(app, world, login_as, method, path, data, person, expected):
    people, values = world
    client = app.test_client() if person == "visitor" else login_as(people[person])
    form = {key: fill(value, values) for key, value in (data or {}).items()}
    response = client.open(fill(path, values), method=method, data=form)
    assert response.status_code == expected, response.get_data(as_text=True)[:600]


def test_the_table_covers_every_route_of_the_foundation(app):
    blueprints = {"main", "auth", "settings", "communities", "invitations"}
    routes = {
        (rule.endpoint, method)
        for rule in app.url_map.iter_rules()
        if rule.endpoint.split(".")[0] in blueprints
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    covered = {(endpoint, method) for endpoint, method, *_ in ROUTES}
    assert routes - covered == set()


def test_each_row_points_at_its_endpoint(app):
    adapter = app.url_map.bind("localhost")
    dummy = dict.fromkeys(("pub", "priv", "target_email", "verify_token", "reset_token", "email_token"), "x") | {
        "target_id": 1,
        "request_id": 1,
        "device_id": 1,
        "mailed_id": 1,
        "link_token": "x",
    }
    for endpoint, method, path, *_ in ROUTES:
        matched, _args = adapter.match(fill(path, dummy).split("?")[0], method=method)
        assert matched == endpoint, path
