"""One view, two answers: the whole page for a browser, only the fragment for htmx."""

import pytest
from sqlalchemy import select

from mentorship.extensions import db
from mentorship.models import JoinRequest, Membership
from mentorship.services.accounts.auth import make_reset_token
from tests.factories import add_member, make_community, make_user

# (url, who asks, the fragment's target id, a text the fragment shows)
VIEWS = [
    ("/signup", None, "signup-form", "Create my account"),
    ("/login", None, "login-form", "Remember me"),
    ("/forgot", None, "forgot-form", "Send me a link"),
    ("/reset/{reset_token}", None, "reset-form", "Repeat the new password"),
    ("/c/", None, "community-list", "Open Door"),
    ("/c/new", "member", "community-form", "Code of conduct"),
    ("/c/{pub}/join", "outsider", "join-form", "I have read and accept the code of conduct"),
    ("/c/{pub}/members", "member", "members", "Admin"),
    ("/c/{priv}/requests", "admin", "join-requests", "Applicant"),
    ("/settings/", "member", "profile-form", "Skills and interests"),
    ("/settings/notifications", "member", "notifications-form", "Weekly check-in reminders"),
    ("/settings/account/delete", "member", "delete-form", "Type your password to confirm"),
]


@pytest.fixture
def world(app):
    admin, member, outsider, applicant = (make_user(name=n) for n in ("Admin", "Member", "Outsider", "Applicant"))
    pub = make_community(admin=admin, name="Open Door", members=[member])
    priv = make_community(admin=admin, name="Closed Door", private=True)
    db.session.add(JoinRequest(community_id=priv.id, user_id=applicant.id))
    db.session.commit()
    people = {"admin": admin, "member": member, "outsider": outsider}
    return people, {"pub": pub.slug, "priv": priv.slug, "reset_token": make_reset_token(member)}


@pytest.mark.parametrize(("url", "who", "target", "text"), VIEWS, ids=[v[0] for v in VIEWS])
def test_plain_request_gets_the_page(app, world, login_as, url, who, target, text):
    people, values = world
    client = login_as(people[who]) if who else app.test_client()
    response = client.get(url.format(**values))
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<html" in body and 'class="site-header"' in body and f'id="{target}"' in body and text in body
    assert "HX-Request" in response.headers["Vary"]


@pytest.mark.parametrize(("url", "who", "target", "text"), VIEWS, ids=[v[0] for v in VIEWS])
def test_htmx_request_gets_the_fragment(app, world, login_as, url, who, target, text):
    people, values = world
    client = login_as(people[who], htmx=True) if who else app.test_client()
    client.environ_base["HTTP_HX_REQUEST"] = "true"
    response = client.get(url.format(**values))
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<html" not in body and 'class="site-header"' not in body
    assert body.lstrip().startswith("<") and f'id="{target}"' in body and text in body
    assert "HX-Request" in response.headers["Vary"]


def test_history_restore_gets_the_whole_page(world, login_as):
    people, values = world
    client = login_as(people["member"], htmx=True)
    response = client.get("/settings/", headers={"HX-History-Restore-Request": "true"})
    assert "<html" in response.get_data(as_text=True)


def test_a_successful_htmx_form_post_redirects_with_hx_redirect(world, login_as):
    people, values = world
    response = login_as(people["outsider"], htmx=True).post(f"/c/{values['pub']}/join", data={"accept": "y"})
    assert response.status_code == 204 and response.headers["HX-Redirect"] == f"/c/{values['pub']}"


def test_role_change_over_htmx_updates_the_list_in_place(world, login_as):
    people, values = world
    member = people["member"]
    response = login_as(people["admin"], htmx=True).post(
        f"/c/{values['pub']}/members/{member.id}/role", data={"role": "moderator"}
    )
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in body and 'id="members"' in body
    assert "Member is now a moderator." in body and 'hx-swap-oob="innerHTML"' in body
    assert db.session.scalar(select(Membership.role).where(Membership.user_id == member.id)) == "moderator"


def test_remove_over_htmx_updates_the_list_in_place(world, login_as):
    people, values = world
    response = login_as(people["admin"], htmx=True).post(f"/c/{values['pub']}/members/{people['member'].id}/remove")
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and 'id="members"' in body and "Member was removed" in body
    assert "<strong>Member</strong>" not in body


def test_decide_over_htmx_updates_the_requests_in_place(world, login_as):
    people, values = world
    request_id = db.session.scalar(select(JoinRequest.id))
    response = login_as(people["admin"], htmx=True).post(
        f"/c/{values['priv']}/requests/{request_id}", data={"decision": "approve"}
    )
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and 'id="join-requests"' in body and "No requests are waiting." in body


def test_a_refused_htmx_action_answers_409_with_the_reason(world, login_as):
    people, values = world
    response = login_as(people["admin"], htmx=True).post(f"/c/{values['pub']}/leave")
    body = response.get_data(as_text=True)
    assert response.status_code == 409 and "<html" not in body and "You are the only admin" in body


def test_a_refused_plain_action_redirects_back_with_the_reason(world, login_as):
    people, values = world
    client = login_as(people["admin"])
    response = client.post(f"/c/{values['pub']}/leave")
    assert response.status_code == 303
    assert "You are the only admin" in client.get(response.headers["Location"]).get_data(as_text=True)


def test_members_list_plain_post_returns_to_the_same_page(world, login_as):
    people, values = world
    community_id = db.session.scalar(select(Membership.community_id).where(Membership.user_id == people["member"].id))
    from mentorship.models import Community

    community = db.session.get(Community, community_id)
    for n in range(55):
        add_member(community, make_user(name=f"Zed {n:02d}"), commit=False)
    db.session.commit()
    client = login_as(people["admin"])
    response = client.post(
        f"/c/{values['pub']}/members/{people['member'].id}/role",
        data={"role": "moderator"},
        headers={"Referer": f"http://localhost/c/{values['pub']}/members?page=2"},
    )
    assert response.headers["Location"] == f"/c/{values['pub']}/members?page=2"
