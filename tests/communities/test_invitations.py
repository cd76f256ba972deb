"""Community settings and invitations: a shareable link (revocable, expiring, limited uses), invitations by e-mail
(several addresses, each invited once, a rate-limited resend), and joining by invitation (no join request, the code
of conduct still accepted)."""

from datetime import timedelta

from sqlalchemy import func, select

from mentorship.extensions import db
from mentorship.models import AuditLog, EmailOutbox, Invitation, JoinRequest, Membership, utcnow
from tests.factories import make_community, make_user


def members_of(community) -> set[int]:
    return set(db.session.scalars(select(Membership.user_id).where(Membership.community_id == community.id)))


def outbox_to(address: str) -> list[EmailOutbox]:
    return list(db.session.scalars(select(EmailOutbox).where(EmailOutbox.to_addr == address)))


# -- settings


def test_admin_edits_name_description_code_of_conduct_and_privacy(login_as):
    admin = make_user()
    community = make_community(admin=admin, name="Open Door")
    slug = community.slug
    client = login_as(admin)
    page = client.get(f"/c/{community.slug}/settings").get_data(as_text=True)
    assert 'value="Open Door"' in page and "Code of conduct" in page
    response = client.post(
        f"/c/{community.slug}/settings",
        data={
            "name": "Closed Door",
            "description": "Now private.",
            "code_of_conduct": "Be *gentle*.",
            "is_private": "y",
        },
    )
    assert response.status_code == 303 and response.headers["Location"] == f"/c/{community.slug}/settings"
    db.session.refresh(community)
    assert (community.name, community.description, community.is_private) == ("Closed Door", "Now private.", True)
    assert community.code_of_conduct == "Be *gentle*." and community.slug == slug  # the address stays
    entry = db.session.scalar(select(AuditLog).where(AuditLog.action == "community_settings_changed"))
    assert set(entry.details["fields"]) == {"name", "description", "code_of_conduct", "is_private"}
    assert "Settings saved." in client.get(f"/c/{community.slug}").get_data(as_text=True)


def test_bad_settings_keep_the_input_and_store_nothing(login_as):
    admin = make_user()
    community = make_community(admin=admin, name="Open Door")
    client = login_as(admin)
    response = client.post(
        f"/c/{community.slug}/settings", data={"name": "  ", "description": "Kept words", "code_of_conduct": ""}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Give your community a name." in page and "A community needs a code of conduct" in page
    assert "Kept words" in page
    db.session.refresh(community)
    assert community.name == "Open Door" and not community.is_private


def test_settings_are_for_admins_only(login_as):
    admin, member = make_user(), make_user()
    community = make_community(admin=admin, members=[member])
    client = login_as(member)
    assert client.get(f"/c/{community.slug}/settings").status_code == 403
    assert client.post(f"/c/{community.slug}/settings", data={"name": "Taken over"}).status_code == 403
    assert client.get(f"/c/{community.slug}/invitations").status_code == 403


def test_htmx_settings_error_is_the_form_alone(login_as):
    admin = make_user()
    community = make_community(admin=admin)
    response = login_as(admin, htmx=True).post(f"/c/{community.slug}/settings", data={"name": "x"})
    body = response.get_data(as_text=True)
    assert response.status_code == 422 and "<html" not in body and 'id="community-settings"' in body
    assert "Use 3 to 80 characters." in body


# -- links


def test_a_link_lets_people_into_a_private_community_without_a_join_request(login_as, client):
    admin = make_user()
    community = make_community(admin=admin, name="Hidden Circle", private=True, code_of_conduct="Be *kind*.")
    admin_client = login_as(admin)
    response = admin_client.post(f"/c/{community.slug}/invitations/link", data={"expires_in": "7", "max_uses": "2"})
    assert response.status_code == 303
    link = db.session.scalar(select(Invitation))
    assert link.max_uses == 2 and link.expires_at > utcnow() + timedelta(days=6)
    page = admin_client.get(f"/c/{community.slug}/invitations").get_data(as_text=True)
    assert f"/invite/{link.token}" in page and "Used 0 times" in page and "2 uses allowed" in page

    # a visitor sees the community and its code of conduct, and is asked to sign up (18+) or log in
    visitor_page = client.get(f"/invite/{link.token}").get_data(as_text=True)
    assert "Hidden Circle" in visitor_page and "<em>kind</em>" in visitor_page
    assert f"/signup?next=/invite/{link.token}" in visitor_page

    newcomer = make_user()
    newcomer_client = login_as(newcomer)
    refused = newcomer_client.post(f"/invite/{link.token}", data={})
    assert refused.status_code == 422 and "Please accept the code of conduct to join." in refused.get_data(as_text=True)
    assert newcomer.id not in members_of(community)
    joined = newcomer_client.post(f"/invite/{link.token}", data={"accept": "y"})
    assert joined.status_code == 303 and joined.headers["Location"] == f"/c/{community.slug}"
    membership = db.session.scalar(select(Membership).where(Membership.user_id == newcomer.id))
    assert membership.community_id == community.id and membership.coc_accepted_at is not None
    assert db.session.scalar(select(func.count()).select_from(JoinRequest)) == 0
    db.session.refresh(link)
    assert link.uses == 1


def test_a_link_stops_at_its_uses_its_expiry_and_when_withdrawn(login_as):
    admin = make_user()
    community = make_community(admin=admin, private=True)
    used_up = Invitation(community_id=community.id, kind="link", token="used-up", max_uses=1, uses=1)
    expired = Invitation(community_id=community.id, kind="link", token="expired", expires_at=utcnow() - timedelta(1))
    live = Invitation(community_id=community.id, kind="link", token="live")
    db.session.add_all([used_up, expired, live])
    db.session.commit()
    client = login_as(admin)
    assert client.post(f"/c/{community.slug}/invitations/{live.id}/revoke").status_code == 303
    someone = login_as(make_user())
    for token, words in (
        ("used-up", "used as many times as it allows"),
        ("expired", "This invitation has expired."),
        ("live", "This invitation was withdrawn"),
    ):
        response = someone.get(f"/invite/{token}")
        assert response.status_code == 410 and words in response.get_data(as_text=True)
        assert someone.post(f"/invite/{token}", data={"accept": "y"}).status_code == 410
    assert someone.get("/invite/never-made").status_code == 404
    assert len(members_of(community)) == 1


def test_bad_link_settings_are_refused(login_as):
    admin = make_user()
    community = make_community(admin=admin)
    response = login_as(admin).post(f"/c/{community.slug}/invitations/link", data={"max_uses": "0"})
    assert response.status_code == 422 and "Enter a number from 1 to 10,000" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Invitation)) == 0


def test_a_member_opening_their_link_goes_to_the_community(login_as):
    admin = make_user()
    community = make_community(admin=admin)
    db.session.add(Invitation(community_id=community.id, kind="link", token="tok"))
    db.session.commit()
    response = login_as(admin).get("/invite/tok")
    assert response.status_code == 302 and response.headers["Location"] == f"/c/{community.slug}"


# -- e-mail


def test_inviting_several_addresses_mails_each_once(login_as):
    admin = make_user(name="Ada")
    member = make_user(email="member@example.com")
    community = make_community(admin=admin, name="Open Door", members=[member])
    client = login_as(admin)
    response = client.post(
        f"/c/{community.slug}/invitations/email",
        data={"addresses": "Ana@Example.com, li@example.org\nana@example.com; member@example.com"},
    )
    assert response.status_code == 303
    assert {i.email for i in db.session.scalars(select(Invitation))} == {"ana@example.com", "li@example.org"}
    mail = outbox_to("ana@example.com")
    assert len(mail) == 1 and mail[0].subject == "Ada invites you to Open Door"
    token = db.session.scalar(select(Invitation.token).where(Invitation.email == "ana@example.com"))
    assert f"/invite/{token}" in mail[0].text_body and f"/invite/{token}" in mail[0].html_body
    assert "Hello," in mail[0].text_body and "unsubscribe" not in mail[0].text_body.lower()
    page = client.get(f"/c/{community.slug}/invitations").get_data(as_text=True)
    assert "2 invitations sent." in page and "Already members: member@example.com." in page
    # the same addresses again: nobody is written to twice
    client.post(f"/c/{community.slug}/invitations/email", data={"addresses": "li@example.org"})
    assert len(outbox_to("li@example.org")) == 1
    assert "Already invited, not written to again: li@example.org" in client.get("/").get_data(as_text=True)


def test_a_malformed_address_sends_nothing_and_keeps_the_list(login_as):
    admin = make_user()
    community = make_community(admin=admin)
    response = login_as(admin).post(
        f"/c/{community.slug}/invitations/email", data={"addresses": "ana@example.com, not-an-address, bo@"}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "These don&#39;t look like e-mail addresses: not-an-address, bo@." in page
    assert "ana@example.com, not-an-address, bo@" in page
    assert db.session.scalar(select(func.count()).select_from(Invitation)) == 0
    assert db.session.scalar(select(func.count()).select_from(EmailOutbox)) == 0
    empty = login_as(admin).post(f"/c/{community.slug}/invitations/email", data={"addresses": " "})
    assert empty.status_code == 422 and "Enter at least one e-mail address." in empty.get_data(as_text=True)


def test_resend_waits_a_day_and_stops_after_three_mails(login_as):
    admin = make_user()
    community = make_community(admin=admin)
    client = login_as(admin)
    client.post(f"/c/{community.slug}/invitations/email", data={"addresses": "ana@example.com"})
    invitation = db.session.scalar(select(Invitation))
    resend = f"/c/{community.slug}/invitations/{invitation.id}/resend"
    client.post(resend)
    assert len(outbox_to("ana@example.com")) == 1
    assert "less than a day ago" in client.get("/").get_data(as_text=True)
    for _round in range(3):
        invitation.sent_at = utcnow() - timedelta(days=2)
        db.session.commit()
        client.post(resend)
    assert len(outbox_to("ana@example.com")) == 3
    assert "we won&#39;t write again" in client.get("/").get_data(as_text=True)


def test_an_e_mail_invitation_is_used_once(login_as):
    admin = make_user()
    community = make_community(admin=admin, private=True)
    db.session.add(Invitation(community_id=community.id, kind="email", email="a@example.com", token="one", max_uses=1))
    db.session.commit()
    first, second = make_user(), make_user()
    assert login_as(first).post("/invite/one", data={"accept": "y"}).status_code == 303
    assert login_as(second).post("/invite/one", data={"accept": "y"}).status_code == 410
    assert members_of(community) == {admin.id, first.id}


def test_a_visitor_signs_up_from_the_link_and_comes_back(client):
    admin = make_user()
    community = make_community(admin=admin, private=True)
    db.session.add(Invitation(community_id=community.id, kind="link", token="tok"))
    db.session.commit()
    form = {
        "email": "new@example.com",
        "display_name": "Newcomer",
        "password": "lighthouse-marmalade-42",
        "date_of_birth": "1990-01-01",
        "timezone": "UTC",
    }
    response = client.post("/signup?next=/invite/tok", data=form)
    assert response.status_code == 303 and response.headers["Location"] == "/invite/tok"
    assert "Join" in client.get("/invite/tok").get_data(as_text=True)
    # an adult only: the sign-up's own rule refuses a minor, and nothing joins
    minor = {**form, "email": "kid@example.com", "date_of_birth": f"{utcnow().year - 15}-01-01"}
    assert client.post("/logout").status_code in (302, 303)
    assert client.post("/signup?next=/invite/tok", data=minor).status_code == 422
