"""The development mail viewer (issue 14, newcomer's start): the outbox newest first, each mail's text with its
links clickable and its HTML; only in development, with no SMTP server, and only from this machine."""

from mentorship.extensions import db
from mentorship.services.notify.notifications import notify
from tests.factories import make_user


def test_the_outbox_newest_first_with_clickable_links(app, client):
    lin = make_user(name="Lin")
    notify(lin.id, "help_request", "Someone needs help with <b>SQL</b>.", "/c/x")
    notify(lin.id, "join_request", "Jo asks to join.", "/c/y")
    db.session.commit()
    page = client.get("/dev/mail").get_data(as_text=True)
    assert page.index("Jo asks to join.") < page.index("Someone needs help with &lt;b&gt;SQL&lt;/b&gt;.")
    one = client.get("/dev/mail/1").get_data(as_text=True)
    assert '<a href="http://127.0.0.1:5000/c/x">http://127.0.0.1:5000/c/x</a>' in one
    assert "<b>SQL</b>" not in one.split("<iframe")[0]  # the text is escaped; the HTML stays in a sandboxed frame
    assert 'sandbox="allow-popups allow-popups-to-escape-sandbox" srcdoc="&lt;!doctype html&gt;' in one
    assert client.get("/dev/mail/999").status_code == 404


def test_there_is_no_viewer_with_smtp_in_production_or_from_elsewhere(app, client, monkeypatch):
    notify(make_user().id, "help_request", "Help?", "/c/x")
    db.session.commit()
    monkeypatch.setitem(app.config, "MAIL_SERVER", "smtp.example.org")
    assert client.get("/dev/mail").status_code == 404
    monkeypatch.setitem(app.config, "MAIL_SERVER", "")
    monkeypatch.setitem(app.config, "ENV_NAME", "production")
    assert client.get("/dev/mail/1").status_code == 404
    monkeypatch.setitem(app.config, "ENV_NAME", "development")
    assert client.get("/dev/mail", environ_base={"REMOTE_ADDR": "203.0.113.9"}).status_code == 404
    assert client.get("/dev/mail").status_code == 200
