"""Suspended members read but never write: board, reactions, sign-ups, mentor requests; pages say until when."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from mentorship.extensions import db
from mentorship.models import Enrollment, Membership, Post, Reaction, Topic, utcnow
from mentorship.services.programs import enrollments
from mentorship.services.programs import requests as mentor_requests
from tests.factories import add_member, make_enrollment, make_program, make_user
from tests.moderation.conftest import count, fresh_request_globals, make_mod_world  # noqa: F401


def suspend(community, user, days: int = 7):
    membership = db.session.scalar(
        select(Membership).where(Membership.community_id == community.id, Membership.user_id == user.id)
    )
    membership.suspended_until = utcnow() + timedelta(days=days)
    membership.status = "suspended"
    db.session.commit()
    return membership


def until_text(membership) -> str:
    return membership.suspended_until.strftime("%d %b %Y, %H:%M")  # the person's timezone is UTC here


def test_a_suspended_member_reads_the_board_and_is_told_until_when(app, login_as):
    world = make_mod_world()
    membership = suspend(world.community, world.people["member"])
    client = login_as(world.people["member"])
    board = client.get(f"/c/{world.slug}/board/")
    assert board.status_code == 200 and f"suspended in this community until {until_text(membership)}" in board.get_data(
        as_text=True
    )
    topic = client.get(f"/c/{world.slug}/board/t/{world.board.help_topic.id}").get_data(as_text=True)
    assert "Start from the bottom line." in topic and until_text(membership) in topic and "Post reply" not in topic
    new = client.get(f"/c/{world.slug}/board/new").get_data(as_text=True)
    assert until_text(membership) in new and 'name="title"' not in new


@pytest.mark.parametrize(
    "path,data",
    [
        ("/new", {"kind": "discussion", "title": "Still here", "body": "Hello"}),
        ("/t/{topic}/reply", {"body": "Me again"}),
        ("/p/{post}/react/thanks", {}),
        ("/p/{own}/edit", {"body": "Changed while suspended"}),
    ],
    ids=["new topic", "reply", "react", "edit"],
)
def test_every_board_write_is_refused_with_the_end_date(app, login_as, path, data):
    world = make_mod_world()
    membership = suspend(world.community, world.people["member"])
    before = (count(Topic), count(Post), count(Reaction))
    path = path.format(topic=world.board.help_topic.id, post=world.board.writer_post.id, own=world.board.member_post.id)
    response = login_as(world.people["member"]).post(f"/c/{world.slug}/board{path}", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 403
    assert f"until {until_text(membership)}" in html and "you can read, but not post, message or sign up" in html
    assert (count(Topic), count(Post), count(Reaction)) == before
    assert db.session.get(Post, world.board.member_post.id).body == "Thank you both!"


def test_the_refusal_is_a_fragment_for_htmx(app, login_as):
    world = make_mod_world()
    suspend(world.community, world.people["member"])
    response = login_as(world.people["member"], htmx=True).post(
        f"/c/{world.slug}/board/t/{world.board.help_topic.id}/reply", data={"body": "x"}
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 403 and "<html" not in html and "suspended in" in html


def test_a_suspension_ends_by_itself(app, login_as):
    world = make_mod_world()
    membership = suspend(world.community, world.people["member"])
    membership.suspended_until = utcnow() - timedelta(seconds=1)
    db.session.commit()
    response = login_as(world.people["member"]).post(
        f"/c/{world.slug}/board/t/{world.board.help_topic.id}/reply", data={"body": "Back again"}
    )
    assert response.status_code == 303


def test_a_suspension_in_one_community_leaves_others_alone(app, login_as):
    world = make_mod_world()
    outsider = world.people["outsider"]
    suspend(world.board.other, outsider)
    add_member(world.community, outsider)
    response = login_as(outsider).post(
        f"/c/{world.slug}/board/new", data={"kind": "discussion", "title": "Hi all", "body": "Hello"}
    )
    assert response.status_code == 303


def test_suspended_members_cannot_sign_up_to_programs(app, login_as):
    world = make_mod_world()
    program = make_program(world.community, world.people["admin"], status="open")
    membership = suspend(world.community, world.people["member"])
    client = login_as(world.people["member"])
    url = f"/c/{world.slug}/programs/{program.id}/signup"
    response = client.get(url)
    assert response.status_code == 403 and until_text(membership) in response.get_data(as_text=True)
    response = client.post(url, data={"role": "mentee", "goals": "Learn SQL", "timezone": "UTC"})
    assert response.status_code == 403 and count(Enrollment) == 0
    show = client.get(f"/c/{world.slug}/programs/{program.id}").get_data(as_text=True)
    assert f"suspended until {until_text(membership)}" in show
    with pytest.raises(enrollments.EnrollmentError, match="suspended"):
        enrollments.signup(program, world.people["member"], role="mentee", goals="x")
    assert count(Enrollment) == 0


def test_suspended_mentees_cannot_request_a_mentor(app, login_as):
    world = make_mod_world()
    admin, member = world.people["admin"], world.people["member"]
    program = make_program(world.community, admin, status="open", matching_mode="mentee_choice")
    mentor = make_enrollment(program, make_user(), "mentor")
    mentee = make_enrollment(program, member, "mentee")
    suspend(world.community, member)
    url = f"/c/{world.slug}/programs/{program.id}/mentors/{mentor.id}/request"
    response = login_as(member).post(url, data={"message": "Hello"})
    assert response.status_code == 403 and "suspended" in response.get_data(as_text=True)
    with pytest.raises(mentor_requests.RequestError, match="suspended"):
        mentor_requests.request_mentor(program, mentee, mentor, "Hello")


def test_suspended_members_can_still_report_and_block(app, login_as):
    world = make_mod_world()
    suspend(world.community, world.people["member"])
    client = login_as(world.people["member"])
    assert client.post(f"/report/post/{world.board.writer_post.id}", data={"reason": "spam"}).status_code == 303
    assert client.post(f"/people/{world.board.writer.id}/block").status_code == 303
