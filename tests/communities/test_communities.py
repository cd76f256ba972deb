"""Communities: create, join with the code of conduct, private join requests, roles, leave, remove, members."""

from sqlalchemy import func, select

from mentorship.extensions import db
from mentorship.models import AuditLog, Community, JoinRequest, Membership, Notification
from mentorship.models.community import DEFAULT_CODE_OF_CONDUCT
from mentorship.services.communities.membership import CommunityError, change_role
from tests.factories import add_member, make_community, make_user


def membership(user, community) -> Membership | None:
    return db.session.scalar(
        select(Membership).where(Membership.user_id == user.id, Membership.community_id == community.id)
    )


def test_creating_a_community_makes_me_its_admin(login_as):
    me = make_user()
    client = login_as(me)
    response = client.post("/c/new", data={"name": "Rust Learners", "description": "We learn Rust."})
    assert response.status_code == 303 and response.headers["Location"] == "/c/rust-learners"
    community = db.session.scalar(select(Community))
    assert community.code_of_conduct == DEFAULT_CODE_OF_CONDUCT and not community.is_private
    assert membership(me, community).role == "admin" and membership(me, community).coc_accepted_at is not None
    page = client.get("/c/rust-learners").get_data(as_text=True)
    assert "Rust Learners is ready. You are its admin." in page and "You are an admin" in page
    # The same name again gets its own address.
    client.post("/c/new", data={"name": "Rust Learners"})
    assert set(db.session.scalars(select(Community.slug))) == {"rust-learners", "rust-learners-2"}


def test_joining_a_public_community_records_the_code_of_conduct(login_as):
    community = make_community(admin=make_user(), name="Open Door", code_of_conduct="Be *kind*.")
    me = make_user()
    client = login_as(me)
    page = client.get(f"/c/{community.slug}/join").get_data(as_text=True)
    assert "<em>kind</em>" in page
    assert client.post(f"/c/{community.slug}/join", data={"accept": "y"}).status_code == 303
    assert membership(me, community).coc_accepted_at is not None
    assert "Welcome to Open Door!" in client.get(f"/c/{community.slug}").get_data(as_text=True)


def test_private_community_is_unlisted_but_its_address_lets_people_ask(client, login_as):
    admin = make_user()
    secret = make_community(admin=admin, name="Hidden Circle", private=True, description="Only us.")
    make_community(admin=admin, name="Open Door")
    assert "Hidden Circle" not in client.get("/c/").get_data(as_text=True)
    assert "Hidden Circle" not in client.get("/").get_data(as_text=True)
    front = client.get(f"/c/{secret.slug}").get_data(as_text=True)
    assert "Hidden Circle" in front and "Code of conduct" in front and "Sign up to join" in front
    assert "Hidden Circle" in login_as(admin).get("/c/").get_data(as_text=True)  # listed under "Yours"


def test_private_join_request_then_approve(login_as):
    admin = make_user(name="Admin")
    community = make_community(admin=admin, name="Hidden Circle", private=True)
    me = make_user(name="Asker")
    client = login_as(me)
    response = client.post(f"/c/{community.slug}/join", data={"accept": "y", "message": "I work with data."})
    assert response.status_code == 303
    request = db.session.scalar(select(JoinRequest))
    assert request.status == "pending" and request.message == "I work with data."
    assert membership(me, community) is None
    assert "waiting for an admin" in client.get(f"/c/{community.slug}").get_data(as_text=True)
    note = db.session.scalar(select(Notification).where(Notification.user_id == admin.id))
    assert note.text == "Asker asks to join Hidden Circle." and note.link == f"/c/{community.slug}/requests"

    admin_client = login_as(admin)
    assert "I work with data." in admin_client.get(f"/c/{community.slug}/requests").get_data(as_text=True)
    admin_client.post(f"/c/{community.slug}/requests/{request.id}", data={"decision": "approve"})
    db.session.refresh(request)
    assert request.status == "approved" and membership(me, community).role == "member"
    assert db.session.scalar(select(AuditLog.action)) == "join_request_approved"
    assert client.get(f"/c/{community.slug}/members").status_code == 200


def test_private_join_request_declined_then_asked_again(login_as):
    admin = make_user()
    community = make_community(admin=admin, private=True)
    me = make_user()
    client = login_as(me)
    client.post(f"/c/{community.slug}/join", data={"accept": "y"})
    request = db.session.scalar(select(JoinRequest))
    admin_client = login_as(admin)
    admin_client.post(f"/c/{community.slug}/requests/{request.id}", data={"decision": "decline"})
    db.session.refresh(request)
    assert request.status == "declined" and membership(me, community) is None
    assert client.get(f"/c/{community.slug}/members").status_code == 404
    assert "was declined. You may ask again" in client.get(f"/c/{community.slug}").get_data(as_text=True)
    # Deciding it again is refused with a message.
    response = admin_client.post(f"/c/{community.slug}/requests/{request.id}", data={"decision": "approve"})
    assert "already decided" in admin_client.get(response.headers["Location"]).get_data(as_text=True)
    assert membership(me, community) is None
    client.post(f"/c/{community.slug}/join", data={"accept": "y"})
    db.session.refresh(request)
    assert request.status == "pending"


def test_roles_are_changed_by_admins_and_audited(login_as):
    admin, member = make_user(), make_user(name="Riley")
    community = make_community(admin=admin, members=[member])
    client = login_as(admin)
    response = client.post(f"/c/{community.slug}/members/{member.id}/role", data={"role": "moderator"})
    assert response.status_code == 303
    assert membership(member, community).role == "moderator"
    assert "Riley is now a moderator." in client.get(f"/c/{community.slug}/members").get_data(as_text=True)
    log = db.session.scalar(select(AuditLog))
    assert (log.action, log.actor_id, log.target_id, log.details) == (
        "role_changed",
        admin.id,
        member.id,
        {"from": "member", "to": "moderator"},
    )


def test_the_last_admin_cannot_be_demoted_or_leave(login_as):
    admin, other_admin = make_user(), make_user()
    community = make_community(admin=admin, members=[make_user()])
    client = login_as(admin)
    client.post(f"/c/{community.slug}/leave")
    assert membership(admin, community) is not None
    # With a second admin, the first one may step down and then leave.
    add_member(community, other_admin, "admin")
    other = login_as(other_admin)
    response = other.post(f"/c/{community.slug}/members/{admin.id}/role", data={"role": "member"})
    assert response.status_code == 303 and membership(admin, community).role == "member"
    # Now other_admin is the last admin: demoting them (by themselves, through the service rule) is refused.
    try:
        change_role(other_admin, membership(other_admin, community), "member")
    except CommunityError as error:
        assert "at least one admin" in str(error)
    else:
        raise AssertionError("the last admin was demoted")
    assert client.post(f"/c/{community.slug}/leave").status_code == 303
    assert membership(admin, community) is None


def test_leaving_removes_my_membership(login_as):
    me = make_user()
    community = make_community(admin=make_user(), name="Open Door", members=[me])
    client = login_as(me)
    response = client.post(f"/c/{community.slug}/leave")
    assert response.status_code == 303 and response.headers["Location"] == "/c/"
    assert membership(me, community) is None
    assert "You left Open Door." in client.get("/c/").get_data(as_text=True)


def test_admins_remove_members_but_not_themselves(login_as):
    admin, member = make_user(), make_user(name="Quinn")
    community = make_community(admin=admin, members=[member])
    client = login_as(admin)
    client.post(f"/c/{community.slug}/members/{member.id}/remove")
    assert membership(member, community) is None
    assert db.session.scalar(select(AuditLog.action)) == "member_removed"
    response = client.post(f"/c/{community.slug}/members/{admin.id}/remove")
    assert "use “Leave community”" in client.get(response.headers["Location"]).get_data(as_text=True)
    assert membership(admin, community) is not None
    assert client.post(f"/c/{community.slug}/members/{member.id}/remove").status_code == 404


def test_members_list_puts_admins_and_moderators_first_and_pages(login_as):
    admin = make_user(name="Zoe Admin")
    community = make_community(admin=admin)
    add_member(community, make_user(name="Yann Mod"), "moderator")
    for n in range(60):
        add_member(community, make_user(name=f"Member {n:02d}"), commit=False)
    db.session.commit()
    client = login_as(admin)
    first = client.get(f"/c/{community.slug}/members").get_data(as_text=True)
    assert first.index("Zoe Admin") < first.index("Yann Mod") < first.index("Member 00")
    assert "Page 1 of 2" in first and "Member 47" in first and "Member 48" not in first
    second = client.get(f"/c/{community.slug}/members?page=2").get_data(as_text=True)
    assert "Member 48" in second and "Member 59" in second


def _members_page_queries(login_as, queries, size: int) -> int:
    admin = make_user()
    community = make_community(admin=admin)
    for n in range(size):
        role = "moderator" if n % 7 == 0 else "member"
        add_member(community, make_user(name=f"Person {size}-{n}"), role, commit=False)
    db.session.commit()
    client = login_as(admin)
    client.get(f"/c/{community.slug}/members")  # warm-up
    db.session.expire_all()
    with queries() as counter:
        response = client.get(f"/c/{community.slug}/members")
    assert response.status_code == 200
    return counter.count


def test_members_page_query_count_does_not_grow_with_members(login_as, queries):
    small = _members_page_queries(login_as, queries, 10)
    large = _members_page_queries(login_as, queries, 100)
    assert small == large
    assert large <= 8  # includes the navigation's badges (unread messages, notifications)


def test_the_community_counts_stay_consistent(login_as):
    community = make_community(admin=make_user(), members=[make_user(), make_user()])
    assert db.session.scalar(select(func.count()).where(Membership.community_id == community.id)) == 3
