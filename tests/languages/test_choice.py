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
