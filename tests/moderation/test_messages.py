"""Reporting a private message: only its members may, the moderators see that message alone, and nothing else
of the thread ever reaches them. Suspended and blocked people can't message."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from mentorship.extensions import db
from mentorship.models import AuditLog, Block, Membership, Notification, Report, utcnow
from mentorship.models.space import Message
from mentorship.services.space import thread as space
from tests.space.conftest import client_for, make_cast, make_circle, refresh, say

SECRET = "my salary is 41k and I'm thinking of quitting"
OFFENSIVE = "You are useless and you should give up."


@pytest.fixture
def thread(app):
    """A pair with a private conversation: the mentee shares something personal, the mentor is rude."""
    cast = make_cast()
    say(cast.mentorship, cast.mentee, SECRET)
    rude = say(cast.mentorship, cast.mentor, OFFENSIVE)
    say(cast.mentorship, cast.mentee, "That hurt.")
    return cast, rude


def report_message(app, user, message_id, reason="harassment", details=""):
    return client_for(app, user).post(f"/report/message/{message_id}", data={"reason": reason, "details": details})


PERSONS = ["visitor", "member", "outsider", "mentee", "mentor", "other_mentee", "moderator", "admin"]
# Who may open the report form of the mentor's message: only the other people in that thread.
REPORT_FORM = {
    **dict.fromkeys(PERSONS, 404),
    "visitor": 302,
    "mentee": 200,
    "mentor": 403,
}


@pytest.mark.parametrize("person", PERSONS)
def test_only_the_threads_members_can_report_a_message(app, thread, person):
    cast, rude = thread
    response = client_for(app, cast.person(person)).get(f"/report/message/{rude.id}")
    assert response.status_code == REPORT_FORM[person]
    posted = client_for(app, cast.person(person)).post(f"/report/message/{rude.id}", data={"reason": "harassment"})
    assert posted.status_code == {200: 303}.get(REPORT_FORM[person], REPORT_FORM[person])
    refresh()
    expected = 1 if person == "mentee" else 0
    assert len(db.session.scalars(select(Report)).all()) == expected


def test_the_report_form_says_what_the_moderators_will_see(app, thread):
    cast, rude = thread
    html = client_for(app, cast.mentee).get(f"/report/message/{rude.id}").get_data(as_text=True)
    assert "Report a message from Lin Mentor" in html
    assert "will see this one message and who wrote it, nothing else of your conversation" in html
    assert OFFENSIVE not in html and SECRET not in html  # the form doesn't repeat the thread either


def test_the_thread_offers_report_on_others_messages_only(app, thread):
    cast, rude = thread
    html = client_for(app, cast.mentee).get(f"/m/{cast.mentorship.id}").get_data(as_text=True)
    assert f"/report/message/{rude.id}" in html
    mine = db.session.scalar(select(Message.id).where(Message.body == SECRET))
    assert f"/report/message/{mine}" not in html


def test_moderators_see_the_snapshot_alone_and_still_get_404_on_the_thread(app, thread):
    cast, rude = thread
    assert report_message(app, cast.mentee, rude.id, details="Please help").status_code == 303
    refresh()
    report = db.session.scalar(select(Report))
    assert (report.target_type, report.target_id, report.snapshot_author_id) == ("message", rude.id, cast.mentor.id)
    assert report.snapshot_text == OFFENSIVE and report.context_topic_id is None and report.snapshot_title == ""
    assert report.community_id == cast.community.id
    for person in (cast.moderator, cast.admin):
        moderator = client_for(app, person)
        for url in (f"/c/{cast.community.slug}/moderation/", f"/c/{cast.community.slug}/moderation/message/{rude.id}"):
            html = moderator.get(url).get_data(as_text=True)
            assert OFFENSIVE in html and "Lin Mentor" in html and "Sam Mentee" in html  # snapshot, author, reporter
            assert "A private message" in html and "Nothing else of the private thread is shown" in html
            assert SECRET not in html and "That hurt." not in html  # nothing else of the thread
            assert f"/m/{cast.mentorship.id}" not in html and cast.mentorship.program.title not in html
        assert moderator.get(f"/m/{cast.mentorship.id}").status_code == 404
        assert moderator.get(f"/m/{cast.mentorship.id}/messages/{rude.id}").status_code == 404
        assert moderator.get(f"/report/message/{rude.id}").status_code == 404


def test_no_hide_for_messages_but_the_author_can_be_warned(app, thread):
    cast, rude = thread
    report_message(app, cast.mentee, rude.id)
    moderator = client_for(app, cast.moderator)
    html = moderator.get(f"/c/{cast.community.slug}/moderation/message/{rude.id}").get_data(as_text=True)
    assert "Hide…" not in html and "Warn the member…" in html and "Also hide" not in html
    url = f"/c/{cast.community.slug}/moderation/message/{rude.id}/act"
    assert moderator.post(url, data={"action": "hide", "reason": "x"}).status_code == 422
    response = moderator.post(url, data={"action": "warn", "reason": "Be respectful to your mentee."})
    assert response.status_code == 303
    refresh()
    report = db.session.scalar(select(Report))
    assert report.status == "actioned" and "warned the member" in report.outcome
    actions = [(a.action, a.target_type) for a in db.session.scalars(select(AuditLog))]
    assert actions == [("warned", "user")]
    told = db.session.scalars(select(Notification.text).where(Notification.kind == "report_outcome")).all()
    assert told == [
        "Your report about a private message in " + cast.community.name + ": The moderators warned the member."
    ]
    log = client_for(app, cast.admin).get(f"/c/{cast.community.slug}/moderation/log").get_data(as_text=True)
    assert "Lin Mentor" in log and OFFENSIVE not in log and SECRET not in log


@pytest.mark.parametrize("change", ["edit", "delete"])
def test_the_snapshot_survives_the_author_editing_or_deleting_the_message(app, thread, change):
    cast, rude = thread
    report_message(app, cast.mentee, rude.id)
    refresh()
    message = db.session.get(Message, rude.id)
    if change == "edit":
        space.edit_message(message, cast.mentor, "Sorry, that came out wrong.")
    else:
        space.delete_message(message, cast.mentor)
    refresh()
    assert db.session.get(Message, rude.id).body in ("Sorry, that came out wrong.", "")
    html = client_for(app, cast.moderator).get(f"/c/{cast.community.slug}/moderation/").get_data(as_text=True)
    assert OFFENSIVE in html and "Sorry, that came out wrong." not in html


def test_system_deleted_and_own_messages_cannot_be_reported(app, thread):
    cast, rude = thread
    system = space.post_system_message(space.load_space(cast.mentorship.id), "Welcome!")
    mine = say(cast.mentorship, cast.mentee, "My own words")
    client = client_for(app, cast.mentee)
    assert client.get(f"/report/message/{system.id}").status_code == 404
    assert client.get(f"/report/message/{mine.id}").status_code == 403
    space.delete_message(db.session.get(Message, rude.id), cast.mentor)
    assert client_for(app, cast.mentee).get(f"/report/message/{rude.id}").status_code == 404


def test_in_a_circle_only_the_people_in_a_side_thread_can_report_its_messages(app):
    cast = make_cast()
    circle, mentor, mentees = make_circle(cast.community, size=2)
    side = say(circle, mentor, "Private note for you", thread_key=f"side-{mentees[0].id}")
    assert client_for(app, mentees[0]).get(f"/report/message/{side.id}").status_code == 200
    assert client_for(app, mentees[1]).get(f"/report/message/{side.id}").status_code == 404


def test_a_suspended_member_reads_the_thread_but_cannot_message(app, thread):
    cast, _ = thread
    membership = db.session.scalar(
        select(Membership).where(Membership.community_id == cast.community.id, Membership.user_id == cast.mentee.id)
    )
    membership.suspended_until = utcnow() + timedelta(days=2)
    db.session.commit()
    client = client_for(app, cast.mentee)
    page = client.get(f"/m/{cast.mentorship.id}").get_data(as_text=True)
    assert SECRET in page and "You are suspended in" in page and "until" in page and 'name="body"' not in page
    before = len(db.session.scalars(select(Message)).all())
    response = client.post(f"/m/{cast.mentorship.id}/t/main/messages", data={"body": "Can I still write?"})
    assert response.status_code == 422 and "You are suspended in" in response.get_data(as_text=True)
    refresh()
    assert len(db.session.scalars(select(Message)).all()) == before
    with pytest.raises(space.SpaceError, match="suspended"):
        say(cast.mentorship, cast.mentee, "Service refuses too")


def test_blocked_people_cannot_message_each_other_either_way(app, thread):
    cast, _ = thread
    assert client_for(app, cast.mentee).post(f"/people/{cast.mentor.id}/block").status_code == 303
    refresh()
    assert db.session.get(Block, (cast.mentee.id, cast.mentor.id)) is not None
    for author, words in ((cast.mentee, "You blocked someone"), (cast.mentor, "Messages are closed")):
        response = client_for(app, author).post(f"/m/{cast.mentorship.id}/t/main/messages", data={"body": "hello?"})
        assert response.status_code == 422 and words in response.get_data(as_text=True)
    refresh()
    assert db.session.get(type(cast.mentorship), cast.mentorship.id).status == "paused"


def test_a_message_report_goes_to_the_mentorships_community_moderators_only(app, thread):
    cast, rude = thread
    report_message(app, cast.mentee, rude.id)
    other_moderator = cast.outsider  # admin of another community
    response = client_for(app, other_moderator).get(f"/c/{cast.community.slug}/moderation/")
    assert response.status_code == 403
    refresh()
    told = set(db.session.scalars(select(Notification.user_id).where(Notification.kind == "report_new")))
    assert told == {cast.moderator.id, cast.admin.id}


def test_the_viewers_standing_reads_blocks_both_ways_and_only_a_running_suspension_here(app, thread):
    cast, _ = thread
    others = [cast.mentor.id, cast.member.id]
    assert space.viewer_standing(cast.mentee.id, cast.community.id, others) == (set(), set(), None, False)
    db.session.add_all(
        [
            Block(blocker_id=cast.mentee.id, blocked_id=cast.mentor.id),
            Block(blocker_id=cast.member.id, blocked_id=cast.mentee.id),
            Block(blocker_id=cast.mentee.id, blocked_id=cast.other_mentee.id),  # not among the others: not counted
        ]
    )
    membership = db.session.scalar(
        select(Membership).where(Membership.community_id == cast.community.id, Membership.user_id == cast.mentee.id)
    )
    membership.suspended_until = utcnow() - timedelta(minutes=1)  # over already
    db.session.commit()
    standing = space.viewer_standing(cast.mentee.id, cast.community.id, others)
    assert standing == ({cast.mentor.id}, {cast.member.id}, None, False)
    membership.suspended_until = utcnow() + timedelta(days=1)
    db.session.commit()
    standing = space.viewer_standing(cast.mentee.id, cast.community.id, others)
    assert standing.suspended and standing.suspended_until == membership.suspended_until
    assert space.viewer_standing(cast.mentee.id, cast.community.id + 1000, []).suspended is False
