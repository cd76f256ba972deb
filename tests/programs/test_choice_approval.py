"""Mentee-choice programs: an approved mentee is told, in the notification, the mail and on the dashboard, that the
next step is hers ("You're approved: now choose your mentor"), with the button that takes her there."""

from sqlalchemy import select

from mentorship.extensions import db
from mentorship.models import EmailOutbox, Notification
from tests.factories import make_community, make_enrollment, make_program, make_user


def test_an_approved_mentee_is_told_to_choose_her_mentor_everywhere(login_as):
    admin, mentee = make_user(), make_user()
    community = make_community(admin=admin, members=[mentee])
    program = make_program(community, admin, status="open", matching_mode="mentee_choice")
    signup = make_enrollment(program, mentee, "mentee", status="pending")
    response = login_as(admin).post(
        f"/c/{community.slug}/programs/{program.id}/signups/{signup.id}", data={"decision": "approve"}
    )
    assert response.status_code == 303
    directory = f"/c/{community.slug}/programs/{program.id}/mentors"
    notice = db.session.scalar(select(Notification).where(Notification.user_id == mentee.id))
    assert notice.text == f"You're approved: now choose your mentor in {program.title}." and notice.link == directory
    mail = db.session.scalar(select(EmailOutbox).where(EmailOutbox.user_id == mentee.id))
    assert mail.subject == notice.text
    assert f"Choose your mentor: http://localhost{directory}" in mail.text_body or f"{directory}" in mail.text_body
    assert "Choose your mentor</a>" in mail.html_body
    client = login_as(mentee)
    home = client.get("/").get_data(as_text=True)
    assert "You're approved: now choose your mentor." in home and "Waiting for a match" not in home
    assert f'href="{directory}"' in home
    page = client.get(f"/c/{community.slug}/programs/{program.id}").get_data(as_text=True)
    assert "You're approved: now choose your mentor." in page and "Choose your mentor</a>" in page


def test_an_approved_mentee_of_an_admin_matched_program_waits_for_a_match(login_as):
    admin, mentee = make_user(), make_user()
    community = make_community(admin=admin, members=[mentee])
    program = make_program(community, admin, status="open")
    signup = make_enrollment(program, mentee, "mentee", status="pending")
    login_as(admin).post(f"/c/{community.slug}/programs/{program.id}/signups/{signup.id}", data={"decision": "approve"})
    notice = db.session.scalar(select(Notification).where(Notification.user_id == mentee.id))
    assert notice.text.startswith("You're in!")
    mail = db.session.scalar(select(EmailOutbox).where(EmailOutbox.user_id == mentee.id))
    assert "Open it" in mail.text_body
    assert "Approved, waiting for a match" in login_as(mentee).get("/").get_data(as_text=True)
