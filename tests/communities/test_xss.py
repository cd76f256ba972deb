"""The XSS corpus through a community's settings (name, description, code of conduct) as the everyday pages show
them: the settings form, the invitation page, the invitation mail, a newcomer's first steps and a moderator's to-do."""

from sqlalchemy import select

from mentorship.extensions import db
from mentorship.models import EmailOutbox, Invitation
from tests.board.test_xss import assert_inert
from tests.factories import add_member, make_community, make_user
from tests.xss_corpus import XSS_PAYLOADS


def test_the_corpus_is_inert_on_the_everyday_pages(login_as):
    admin, moderator, newcomer = make_user(), make_user(), make_user()
    community = make_community(admin=admin, name="Safe name")
    add_member(community, moderator, "moderator")
    db.session.add(Invitation(community_id=community.id, kind="link", token="xss"))
    db.session.commit()
    admin_client, mod_client, new_client = login_as(admin), login_as(moderator), login_as(newcomer)
    for n, payload in enumerate(XSS_PAYLOADS):
        data = {"name": f"C{n} {payload}"[:80], "description": payload, "code_of_conduct": payload or "x"}
        response = admin_client.post(f"/c/{community.slug}/settings", data=data)
        assert response.status_code in (303, 422), payload
        for client, path in (
            (admin_client, f"/c/{community.slug}/settings"),
            (new_client, "/invite/xss"),
            (new_client, "/"),
            (mod_client, "/"),
        ):
            assert_inert(client.get(path).get_data(as_text=True), f"{path} with {payload!r}")
    admin_client.post(f"/c/{community.slug}/invitations/email", data={"addresses": "friend@example.org"})
    mail = db.session.scalar(select(EmailOutbox).where(EmailOutbox.to_addr == "friend@example.org"))
    body = mail.html_body.lower()  # a mail's own inline styles are expected; nothing live may come in with the words
    for live in ("<script", " onerror=", " onload=", 'href="javascript:', "<iframe", "<svg"):
        assert live not in body, live
