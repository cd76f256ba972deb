"""Issue 14, point 1: every link in every kind of mail resolves to a page that answers 200 for its recipient.

The mails are made by the real flows (sign-up, password reset and change, an e-mail change, an invitation, a join
request, a sign-up decided both ways, a message, a check-in reminder, a block's alert to the admins); each link is
opened as the person the mail went to (logged in when it went to an account) and must end on a 200 page.
"""

import re
from datetime import date, timedelta
from urllib.parse import urlsplit

from sqlalchemy import select

from mentorship.extensions import db
from mentorship.models import EmailOutbox, User, utcnow
from mentorship.services.accounts import auth as accounts
from mentorship.services.communities import invitations
from mentorship.services.communities.membership import request_to_join
from mentorship.services.moderation.blocking import block
from mentorship.services.programs.enrollments import decide
from mentorship.services.space import thread as space
from mentorship.services.space.reminders import deliver_checkin
from tests.factories import PASSWORD, make_community, make_enrollment, make_mentorship, make_program, make_user

LINK = re.compile(r"https?://[^\s\"'<>]+")
# Links that change something when opened (a one-time confirmation), opened last and once.
ONE_TIME = ("/verify/", "/email/confirm/")
# Notices that point nowhere on purpose (what to do is in their words).
NO_LINK = ("password_changed", "email_change_notice")


def links_of(mail: EmailOutbox) -> set[str]:
    return {link.rstrip(".,)") for link in LINK.findall(mail.text_body + " " + mail.html_body)}


def make_every_mail():
    admin, mentor, mentee, chooser, waiter = (make_user(name=n) for n in ("Ada", "Mel", "Tess", "Cho", "Wai"))
    community = make_community(admin=admin, members=[mentor, mentee, chooser, waiter])
    private = make_community(admin=admin, name="Private", private=True)
    program = make_program(community, admin, status="open")
    choice = make_program(community, admin, status="open", matching_mode="mentee_choice")
    decide(make_enrollment(program, waiter, "mentee", status="pending"), admin, "approve")
    decide(make_enrollment(choice, chooser, "mentee", status="pending"), admin, "approve")
    request_to_join(make_user(name="Jo"), private, "Hello")
    mentorship = make_mentorship(community, mentor, [mentee], program=program)
    mentorship.started_at = utcnow() - timedelta(days=8)
    db.session.commit()
    space.send_message(space.load_space(mentorship.id), mentor, "main", "Hello there")
    deliver_checkin(mentorship.id, mentee.id, 2, utcnow())
    accounts.register_user("new@example.com", "Nia", "lighthouse-marmalade-42", date(1990, 1, 1))
    accounts.request_password_reset(mentor.email)
    accounts.change_password(chooser, PASSWORD, "lighthouse-marmalade-43")
    accounts.request_email_change(admin, PASSWORD, "ada.new@example.com")
    invitations.invite_addresses(admin, community, "friend@example.org")
    block(mentee, mentor)  # pauses the mentorship: the admins are told, with no content
    db.session.commit()


def test_every_link_of_every_mail_answers_200_for_its_recipient(app, login_as):
    app.config["BASE_URL"] = "http://mentoring.example.org"
    with app.test_request_context():  # as the views call them (the account area builds links with url_for)
        make_every_mail()
    mails = db.session.scalars(select(EmailOutbox).order_by(EmailOutbox.id)).all()
    kinds = {mail.kind for mail in mails}
    assert {"verify", "reset", "password_changed", "invitation", "join_request", "program_signup_decided"} <= kinds
    assert {"new_message", "checkin_due", "admin_alert"} <= kinds
    checked, one_time = 0, []
    for mail in mails:
        links = links_of(mail)
        assert links or mail.kind in NO_LINK, f"{mail.kind}: a mail with no link"
        for link in links:
            parts = urlsplit(link)
            assert f"{parts.scheme}://{parts.netloc}" == "http://mentoring.example.org", f"{mail.kind}: {link}"
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            if parts.path.startswith(ONE_TIME):
                one_time.append((mail, path))
                continue
            recipient = db.session.get(User, mail.user_id) if mail.user_id else None
            client = login_as(recipient) if recipient is not None and "/reset/" not in path else app.test_client()
            response = client.get(path, follow_redirects=True)
            assert response.status_code == 200, f"{mail.kind} ({mail.to_addr}): {path} -> {response.status_code}"
            checked += 1
    for mail, path in one_time:
        response = app.test_client().get(path, follow_redirects=True)
        assert response.status_code == 200, f"{mail.kind}: {path} -> {response.status_code}"
    assert checked >= 15
