"""A new mentorship from a program starts with the introduction as the first message of its thread."""

from sqlalchemy import select

from mentorship.extensions import db
from mentorship.models import Notification
from mentorship.models.space import CheckIn, Message
from mentorship.services.programs.pairing import create_mentorship
from mentorship.services.space.activity import last_activity, last_checkin_summary
from mentorship.services.space.thread import send_message
from tests.factories import make_community, make_enrollment, make_mentorship, make_program, make_user


def test_pairing_posts_the_introduction_as_a_system_message(app, login_as):
    admin, mentor, mentee = make_user("Ada Admin"), make_user("Mo Mentor"), make_user("Mia Mentee")
    community = make_community(admin=admin, members=[mentor, mentee])
    program = make_program(community, admin, status="running")
    mentorship = create_mentorship(
        program,
        make_enrollment(program, mentor, role="mentor", goals="Share what I learnt moving into data"),
        [make_enrollment(program, mentee, goals="Land my first analyst job")],
    )
    db.session.commit()
    message = db.session.scalar(select(Message).where(Message.mentorship_id == mentorship.id))
    assert message.is_system and message.author_id is None
    assert "Land my first analyst job" in message.body and "Week 1" in message.body
    page = login_as(mentee).get(f"/m/{mentorship.id}").get_data(as_text=True)
    assert "Land my first analyst job" in page


def test_a_new_message_notifies_the_partner_once_per_unread_bundle(app):
    mentor, mentee = make_user("Mo Mentor"), make_user("Mia Mentee")
    community = make_community(members=[mentor, mentee])
    mentorship = make_mentorship(community, mentor, mentee)
    for text in ("hello", "are you there?", "a private detail"):
        send_message(mentorship, mentor, "main", text)
    notes = db.session.scalars(select(Notification).where(Notification.user_id == mentee.id)).all()
    assert len(notes) == 1 and notes[0].count == 3 and notes[0].kind == "new_message"
    assert "a private detail" not in notes[0].text and notes[0].link == f"/m/{mentorship.id}#now"
    assert db.session.scalars(select(Notification).where(Notification.user_id == mentor.id)).all() == []


def test_reminder_hooks_read_the_space(app):
    mentor, mentee = make_user(), make_user()
    mentorship = make_mentorship(make_community(members=[mentor, mentee]), mentor, mentee)
    assert last_checkin_summary(mentorship.id, mentee.id) is None
    db.session.add(CheckIn(mentorship_id=mentorship.id, user_id=mentee.id, week=1, rating=4, next_goal="Ship the CV"))
    db.session.commit()
    assert "4 out of 5" in last_checkin_summary(mentorship.id, mentee.id)
    assert "Ship the CV" in last_checkin_summary(mentorship.id, mentee.id)
    message = send_message(mentorship, mentor, "main", "hi")
    assert last_activity({mentorship.id: mentorship.started_at})[mentorship.id] == message.created_at
