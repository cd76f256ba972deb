"""Each person reads the site in their own language: the browser's guess, a visitor's pick, the member's
choice, the community's default; pages mirror for Arabic; mail goes out in the recipient's language."""

from mentorship.extensions import db
from mentorship.models import EmailOutbox, Notification, User
from mentorship.services.notify.notifications import notify
from tests.factories import PASSWORD, make_community, make_user


def test_the_browser_language_is_guessed_and_arabic_mirrors(client):
    page = client.get("/login", headers={"Accept-Language": "ar,en;q=0.5"}).get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in page
    assert "تسجيل الدخول" in page and "Skip to content" not in page
    page = client.get("/", headers={"Accept-Language": "de-DE,de;q=0.9"}).get_data(as_text=True)
    assert '<html lang="de" dir="ltr">' in page and "Zum Inhalt springen" in page


def test_a_visitor_switches_language_without_javascript_and_comes_back_to_the_same_page(client):
    response = client.post("/language", data={"locale": "es", "next": "/about"})
    assert response.status_code == 303 and response.headers["Location"].endswith("/about")
    page = client.get("/about", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert '<html lang="es"' in page and "Qué sigue siendo privado" in page


def test_the_switch_refuses_other_sites_and_unknown_languages(client):
    response = client.post("/language", data={"locale": "xx", "next": "//evil.example/"})
    assert response.status_code == 303 and response.headers["Location"].endswith("/")
    assert "lang=" not in response.headers.get("Set-Cookie", "")


def test_sign_up_guesses_the_language_and_stores_the_one_sent(client):
    form = client.get("/signup", headers={"Accept-Language": "de"}).get_data(as_text=True)
    assert '<option lang="de" selected value="de">' in form or 'value="de" selected' in form
    data = dict(email="neu@example.com", display_name="Neu", password=PASSWORD + "x1", date_of_birth="1990-01-01")
    response = client.post("/signup", data={**data, "locale": "ar"}, headers={"Accept-Language": "de"})
    assert response.status_code == 303
    assert db.session.scalar(db.select(User.locale).where(User.email == "neu@example.com")) == "ar"


def test_a_member_chooses_in_settings_and_every_page_follows(login_as):
    member = make_user("Marta")
    client = login_as(member)
    response = client.post(
        "/settings/", data={"display_name": "Marta", "timezone": "UTC", "locale": "es", "skills": "", "bio": ""}
    )
    assert response.status_code == 303
    assert db.session.get(User, member.id).locale == "es"
    page = client.get("/", headers={"Accept-Language": "de"}).get_data(as_text=True)
    assert '<html lang="es"' in page and "Cerrar sesión" in page


def test_a_community_default_language_greets_its_visitors(client):
    admin = make_user("Admin")
    community = make_community(admin=admin)
    community.default_locale = "de"
    db.session.commit()
    page = client.get(f"/c/{community.slug}", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert '<html lang="de"' in page


def test_a_notification_and_its_mail_are_written_in_the_readers_language(app):
    reader = make_user("Lucía")
    reader.locale = "es"
    db.session.commit()
    from flask_babel import lazy_gettext as _l

    notify(reader.id, "checkin_due", _l("Your weekly check-in is due."), "/")
    db.session.commit()
    mail = db.session.scalar(db.select(EmailOutbox).where(EmailOutbox.user_id == reader.id))
    notification = db.session.scalar(db.select(Notification).where(Notification.user_id == reader.id))
    assert notification is not None
    if mail is not None:
        assert "Hola, Lucía:" in mail.text_body and 'lang="es"' in mail.html_body


def test_posts_and_messages_keep_their_language_and_the_page_marks_it(login_as):
    from mentorship.models import Membership
    from mentorship.services.board.posting import post_reply
    from mentorship.services.space.thread import send_message
    from tests.factories import make_mentorship, make_topic

    reader, writer = make_user("Reader"), make_user("Escritora")
    writer.locale = "es"
    community = make_community(admin=reader, members=[writer])
    topic = make_topic(community, reader, title="Docker")
    membership = db.session.scalar(db.select(Membership).where(Membership.user_id == writer.id))
    post = post_reply(topic, writer, membership, "Hola a todos", accept_code_of_conduct=True)
    mentorship = make_mentorship(community, reader, [writer])
    message = send_message(mentorship, writer, "main", "¿Nos vemos el lunes?")
    assert (post.lang, message.lang) == ("es", "es")

    client = login_as(reader)
    board = client.get(f"/c/{community.slug}/board/t/{topic.id}").get_data(as_text=True)
    assert '<div class="prose" dir="auto" lang="es"><p>Hola a todos</p>' in board
    space = client.get(f"/m/{mentorship.id}").get_data(as_text=True)
    assert 'lang="es"><p>¿Nos vemos el lunes?</p>' in space
    writer_view = login_as(writer).get(f"/c/{community.slug}/board/t/{topic.id}").get_data(as_text=True)
    assert '<html lang="es"' in writer_view and 'lang="es"><p>Hola' not in writer_view  # same as the page


def test_a_help_request_can_ask_for_helpers_who_speak_a_language(app):
    from mentorship.models import Membership, Notification
    from mentorship.services.board.posting import create_topic

    asker = make_user("Asker")
    spanish = make_user("Sofía", skills=["python"])
    spanish.locale = "es"
    listed = make_user("Listed", skills=["python"])  # reads English here, but listed Spanish in a program
    other = make_user("Other", skills=["python"])
    community = make_community(admin=asker, members=[spanish, listed, other])
    from tests.factories import make_enrollment, make_program

    make_enrollment(make_program(community, asker), listed, role="mentor", languages=["spanish"])
    membership = db.session.scalar(db.select(Membership).where(Membership.user_id == asker.id))
    topic = create_topic(
        community,
        asker,
        membership,
        kind="help",
        title="Pandas en español",
        body="¿Alguien?",
        tags="python",
        language="es",
        accept_code_of_conduct=True,
    )
    told = set(db.session.scalars(db.select(Notification.user_id).where(Notification.kind == "help_request")))
    assert topic.language == "es" and told == {spanish.id, listed.id}
    text = db.session.scalar(db.select(Notification.text).where(Notification.user_id == spanish.id))
    assert text.startswith("Asker pidió ayuda en")  # written in the reader's language
