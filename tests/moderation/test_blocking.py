"""Blocking: the confirmation page, collapsed posts, paused mentorships, matching, the "Blocked people" tab."""

import pytest
from sqlalchemy import select

from mentorship.extensions import db
from mentorship.models import Block, MatchSuggestion, Mentorship, utcnow
from mentorship.models.space import LifecycleEvent, Message
from mentorship.services.moderation import blocking
from mentorship.services.programs import runs as match_runs
from tests.factories import (
    add_member,
    make_community,
    make_enrollment,
    make_mentorship,
    make_program,
    make_reply,
    make_topic,
    make_user,
)
from tests.moderation.conftest import count, fresh_request_globals, make_mod_world, notifications_of  # noqa: F401


def test_block_page_explains_then_blocks_and_returns(app, login_as):
    world = make_mod_world()
    member, writer = world.people["member"], world.board.writer
    client = login_as(member)
    topic_url = f"/c/{world.slug}/board/t/{world.board.help_topic.id}"
    page = client.get(f"/people/{writer.id}/block", headers={"Referer": f"http://localhost{topic_url}"})
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Block Wes Writer?" in html and "never matched" in html
    assert f'name="next" value="{topic_url}"' in html
    response = client.post(f"/people/{writer.id}/block", data={"next": topic_url})
    assert response.status_code == 303 and response.headers["Location"] == topic_url
    assert db.session.get(Block, (member.id, writer.id)) is not None
    # Their posts now collapse for the blocker, and only for the blocker.
    html = client.get(topic_url).get_data(as_text=True)
    assert "Hidden: you blocked this member." in html
    other = login_as(world.people["pair_member"]).get(topic_url).get_data(as_text=True)
    assert "Hidden: you blocked this member." not in other
    # A second block changes nothing, and the page says it's done already.
    assert client.post(f"/people/{writer.id}/block").status_code == 303
    assert count(Block) == 2  # this one and the world's block
    assert "You have blocked Wes Writer." in client.get(f"/people/{writer.id}/block").get_data(as_text=True)


def test_block_redirects_only_to_this_site(app, login_as):
    world = make_mod_world()
    response = login_as(world.people["member"]).post(
        f"/people/{world.board.writer.id}/block", data={"next": "https://evil.example/"}
    )
    assert response.headers["Location"] == "/settings/blocked"


def test_nobody_blocks_themselves_strangers_or_deleted_accounts(app, login_as):
    world = make_mod_world()
    member = world.people["member"]
    client = login_as(member)
    assert client.post(f"/people/{member.id}/block").status_code == 404
    assert client.post(f"/people/{world.people['outsider'].id}/block").status_code == 404
    assert client.post("/people/999999/block").status_code == 404
    world.board.writer.deleted_at = utcnow()
    db.session.commit()
    assert client.post(f"/people/{world.board.writer.id}/block").status_code == 404
    with pytest.raises(blocking.BlockError):
        blocking.block(member, member)
    assert count(Block) == 1


def test_a_mentorship_partner_in_another_community_can_be_blocked(app, login_as):
    mentor, mentee = make_user(), make_user()
    community = make_community(admin=mentor)  # the mentee has left the community since
    make_mentorship(community, mentor, mentee)
    assert login_as(mentor).post(f"/people/{mentee.id}/block").status_code == 303
    assert db.session.get(Block, (mentor.id, mentee.id)) is not None


def test_blocking_pauses_an_active_mentorship_and_tells_its_admins_without_content(app, login_as):
    admin, mentor, mentee, bystander = make_user("Ada"), make_user("Mentor Mel"), make_user("Mentee Max"), make_user()
    community = make_community(admin=admin, members=[mentor, mentee, bystander])
    program = make_program(community, admin, status="running")
    shared = make_mentorship(community, mentor, mentee, program=program)
    other = make_mentorship(community, mentor, bystander, program=program)
    proposed = make_mentorship(community, mentee, bystander, status="proposed")
    response = login_as(mentee).post(f"/people/{mentor.id}/block")
    assert response.status_code == 303
    assert db.session.get(Mentorship, shared.id).status == "paused"
    assert db.session.get(Mentorship, other.id).status == "active"
    assert db.session.get(Mentorship, proposed.id).status == "proposed"
    [alert] = notifications_of(admin, "admin_alert")
    assert "needs attention" in alert.text and f"#{shared.id}" in alert.text
    assert "Mentor Mel" not in alert.text and "Mentee Max" not in alert.text and "block" not in alert.text.lower()
    assert alert.link == f"/c/{community.slug}/programs/{program.id}/matching/"
    # The blocked person is not told who or why; the thread says it is paused, and the pause is recorded
    # without an actor (resuming later counts the weeks right).
    assert notifications_of(mentor) == []
    note = db.session.scalar(select(Message).where(Message.mentorship_id == shared.id, Message.is_system.is_(True)))
    assert note.body == blocking.PAUSED_NOTE
    event = db.session.scalar(select(LifecycleEvent).where(LifecycleEvent.mentorship_id == shared.id))
    assert (event.action, event.actor_id, event.to_status) == ("pause", None, "paused")
    page = login_as(mentee).get("/settings/blocked").get_data(as_text=True)
    assert "Mentor Mel" in page


def test_unblocking_lifts_the_block_but_not_the_pause(app, login_as):
    world = make_mod_world()
    member, target = world.people["member"], world.block_target
    mentorship = make_mentorship(world.community, member, target, status="paused")
    client = login_as(member)
    page = client.get("/settings/blocked").get_data(as_text=True)
    assert "Bo Blocked" in page and "Unblock" in page and 'aria-current="page">Blocked people' in page
    response = client.post(f"/settings/blocked/{target.id}/unblock")
    assert response.status_code == 303 and response.headers["Location"] == "/settings/blocked"
    assert db.session.get(Block, (member.id, target.id)) is None
    assert db.session.get(Mentorship, mentorship.id).status == "paused"
    assert "You haven't blocked anyone." in client.get("/settings/blocked").get_data(as_text=True)
    assert client.post(f"/settings/blocked/{target.id}/unblock").status_code == 404


def test_unblock_with_htmx_returns_the_list_fragment(app, login_as):
    world = make_mod_world()
    response = login_as(world.people["member"], htmx=True).post(f"/settings/blocked/{world.block_target.id}/unblock")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in html and 'id="blocked-people"' in html
    assert "You haven't blocked anyone." in html and "HX-Request" in response.headers["Vary"]
    fragment = login_as(world.people["member"], htmx=True).get("/settings/blocked")
    assert "<html" not in fragment.get_data(as_text=True)
    assert "<html" in login_as(world.people["member"]).get("/settings/blocked").get_data(as_text=True)


def test_blocked_people_paginate_with_constant_queries(app, login_as, queries):
    member = make_user()
    community = make_community(members=[member])
    counts = []
    for n in (3, 40):
        for _ in range(n):
            other = make_user()
            add_member(community, other)
            db.session.add(Block(blocker_id=member.id, blocked_id=other.id))
        db.session.commit()
        client = login_as(member)
        with queries() as q:
            html = client.get("/settings/blocked").get_data(as_text=True)
        counts.append(q.count)
    assert counts[0] == counts[1], counts
    assert html.count('class="member" id="blocked-') == 30 and "Page 1 of 2" in html


def test_the_two_are_never_matched_again(app):
    admin = make_user()
    community = make_community(admin=admin)
    program = make_program(community, admin, status="open")
    mentor = make_enrollment(program, make_user(), "mentor", capacity=2)
    mentee = make_enrollment(program, make_user(), "mentee")
    add_member(community, mentor.user)
    add_member(community, mentee.user)
    blocking.block(mentee.user, mentor.user)
    match_runs.run_matching(program, admin)
    assert db.session.scalars(select(MatchSuggestion).where(MatchSuggestion.status == "pending")).all() == []
    with pytest.raises(match_runs.MatchingError, match="blocked"):
        match_runs.pair_by_hand(program, mentor, [mentee], admin)
    blocking.unblock(mentee.user, mentor.user_id)
    match_runs.run_matching(program, admin)
    assert len(db.session.scalars(select(MatchSuggestion).where(MatchSuggestion.status == "pending")).all()) == 1


def test_anonymous_posts_never_offer_a_block_link(app, login_as):
    asker, reader = make_user("Shy Asker"), make_user()
    community = make_community(members=[asker, reader])
    topic = make_topic(community, asker, "Anonymous question", kind="help", tags=["python"], anonymous=True)
    make_reply(topic, asker, "More details from me")
    html = login_as(reader).get(f"/c/{community.slug}/board/t/{topic.id}").get_data(as_text=True)
    assert f"/people/{asker.id}/block" not in html and "Report" in html


def test_report_and_block_are_in_the_profile_menu_not_on_each_members_row(app, login_as):
    world = make_mod_world()
    member = world.people["member"]
    client = login_as(member)
    html = client.get(f"/c/{world.slug}/members").get_data(as_text=True)
    writer = world.board.writer
    assert f'href="/c/{world.slug}/people/{writer.id}"' in html
    assert f"/people/{writer.id}/block" not in html and "/report/member/" not in html
    assert "Lift suspension" not in html  # members can't lift suspensions
    profile = client.get(f"/c/{world.slug}/people/{writer.id}").get_data(as_text=True)
    assert f"/people/{writer.id}/block" in profile
    assert f"/report/member/{writer.id}?community={world.slug}" in profile
    own = client.get(f"/c/{world.slug}/people/{member.id}").get_data(as_text=True)
    assert f"/people/{member.id}/block" not in own
