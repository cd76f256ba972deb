"""A new mentorship from a program starts with the introduction as the first message of its thread."""

from sqlalchemy import select

from mentorship.extensions import db
from mentorship.models.space import Message
from mentorship.services.pairing import create_mentorship
from tests.factories import make_community, make_enrollment, make_program, make_user


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
