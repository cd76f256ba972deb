"""The home page of a member: first steps that lead with the one next step (and go when done); the to-do of
moderators and admins on the home page and in the header, counted in one query."""

from datetime import timedelta

from mentorship.extensions import db
from mentorship.models import AdminAlert, JoinRequest, utcnow
from mentorship.services.communities.todo import todo_for, todo_query
from mentorship.services.moderation import reports as moderation
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


def test_a_new_member_is_first_led_to_a_community_on_the_first_screen(login_as):
    door = make_community(admin=make_user(), name="Open Door", description="Everyone welcome.")
    page = login_as(make_user()).get("/").get_data(as_text=True)
    steps = page.index("Your first steps")
    assert "0 of 3 done" in page and "Next: join a community." in page
    assert steps < page.index('id="dashboard-mentorships"')  # above the dashboard, on the first screen
    assert f'href="/c/{door.slug}/join"' in page[steps : page.index('id="dashboard-mentorships"')]
    assert "Browse the programs of your communities" not in page


def test_then_a_program_then_asking_for_help_then_the_checklist_goes(login_as):
    admin, me = make_user(), make_user()
    community = make_community(admin=admin, name="Open Door", members=[me])
    program = make_program(community, admin, status="open")
    client = login_as(me)
    page = client.get("/").get_data(as_text=True)
    assert "1 of 3 done" in page and f"Next: sign up to {program.title}." in page
    assert f"/c/{community.slug}/programs/{program.id}/signup" in page
    make_enrollment(program, me, "mentee")
    page = client.get("/").get_data(as_text=True)
    assert "2 of 3 done" in page and "Next: ask for help or say hello." in page
    assert f"/c/{community.slug}/board/new" in page
    make_topic(community, me, "Hello everyone")
    assert "Your first steps" not in client.get("/").get_data(as_text=True)


def test_with_no_open_program_the_next_step_is_asking(login_as):
    me = make_user()
    make_community(admin=make_user(), members=[me])
    page = login_as(me).get("/").get_data(as_text=True)
    assert "Next: ask for help or say hello." in page


def world_of_work():
    admin, moderator, writer, member, applicant = (make_user(name=n) for n in ("Ada", "Mo", "Wes", "Mia", "Ann"))
    community = make_community(admin=admin, name="Alpha", private=True, members=[writer, member])
    add_member(community, moderator, "moderator")
    topic = make_topic(community, member, "Help with SQL", kind="help")
    post = make_reply(topic, member, "Buy my course")
    snapshot = moderation.take_snapshot("post", post.id, writer, None)
    moderation.file_report(writer, snapshot, "spam", "An advert")
    db.session.add(JoinRequest(community_id=community.id, user_id=applicant.id))
    program = make_program(community, admin, status="open")
    make_enrollment(program, make_user(), "mentee", status="pending")
    pair = make_mentorship(community, make_user(), make_user(), program=program)
    db.session.add(AdminAlert(mentorship_id=pair.id, week=2, reason="diverge", text="Rated 1"))
    old = make_mentorship(community, make_user(), make_user(), program=program)
    db.session.add(
        AdminAlert(mentorship_id=old.id, week=1, reason="diverge", text="x", created_at=utcnow() - timedelta(30))
    )
    db.session.commit()
    return admin, moderator, member, community


def test_admins_and_moderators_see_what_waits_with_counts(login_as):
    admin, moderator, member, community = world_of_work()
    (item,) = todo_for(admin.id)
    assert (item.reports, item.join_requests, item.signups, item.attention, item.mentor_requests) == (1, 1, 1, 1, 0)
    page = login_as(admin).get("/").get_data(as_text=True)
    assert "Waiting for you" in page and "1 report to review" in page and "1 join request" in page
    assert "1 sign-up waiting" in page and "1 pair needs attention" in page
    assert 'id="nav-todo"' in page and '<span class="badge">4<span class="visually-hidden"> things waiting' in page
    # a moderator: reports only
    (mod_item,) = todo_for(moderator.id)
    assert (mod_item.reports, mod_item.join_requests, mod_item.signups) == (1, 0, 0)
    mod_page = login_as(moderator).get("/c/").get_data(as_text=True)  # the header on any page
    assert '<span class="badge">1<span class="visually-hidden"> thing waiting' in mod_page
    # a plain member has no to-do at all
    member_page = login_as(member).get("/").get_data(as_text=True)
    assert "Waiting for you" not in member_page and 'id="nav-todo"' not in member_page


def test_the_to_do_is_one_query_however_many_communities(login_as, queries):
    admin, *_ = world_of_work()
    for n in range(3):
        make_community(admin=admin, name=f"More {n}")
    statements = str(todo_query(admin.id))
    assert statements.count("SELECT") >= 5  # every count is a subquery of the one statement
    with queries() as q:
        assert len(todo_for(admin.id)) == 4
    assert q.count == 1
