"""The push settings page and the devices list: bad input refused with a message, nothing stored, input kept;
log-out and signing other browsers out remove their devices."""

import pytest
from sqlalchemy import func, select

from mentorship.extensions import db
from mentorship.models import PushSettings, PushSubscription, UserSession
from mentorship.services.push.devices import session_hash
from tests.conftest import login_client
from tests.factories import PASSWORD, make_user
from tests.security.routes import DEVICE

GOOD_KEY = DEVICE["p256dh"]


def devices() -> list[PushSubscription]:
    db.session.expire_all()
    return list(db.session.scalars(select(PushSubscription)))


def token_of(client) -> str:
    with client.session_transaction() as session:
        return session["_user_id"]


def test_a_browser_adds_itself_and_is_listed_as_this_browser(app):
    tia = make_user("Tia")
    client = login_client(app, tia)
    agent = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/130.0 Mobile Safari/537.36"
    response = client.post("/settings/push/devices", data=DEVICE, headers={"HX-Request": "true", "User-Agent": agent})
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert "<html" not in body and 'id="push-devices"' in body
    assert "Chrome on Android" in body and "this browser" in body
    [device] = devices()
    assert device.user_id == tia.id and device.session_hash == session_hash(token_of(client))
    assert db.session.get(PushSettings, tia.id) is not None
    # The same browser again (a new login): updated, not doubled.
    again = login_client(app, tia).post("/settings/push/devices", data=DEVICE)
    assert again.status_code == 303 and len(devices()) == 1


BAD_DEVICES = [
    ({"endpoint": ""}, "sent no push address"),
    ({"endpoint": "http://push.example.com/x"}, "must start with https://"),
    ({"endpoint": "ftp://push.example.com/x"}, "must start with https://"),
    ({"endpoint": "https://127.0.0.1/x"}, "on this computer or a private network"),
    ({"endpoint": "https://10.0.0.7/x"}, "on this computer or a private network"),
    ({"endpoint": "https://[fd00::1]/x"}, "on this computer or a private network"),
    ({"endpoint": "https://localhost/x"}, "on this computer or a private network"),
    ({"endpoint": "https://printer.local/x"}, "on this computer or a private network"),
    ({"endpoint": "https://user:pw@push.example.com/x"}, "must start with https://"),
    ({"endpoint": "https://push.example.com:99999/x"}, "not a valid address"),
    ({"endpoint": "https://push.example.com/" + "x" * 1000}, "too long"),
    ({"p256dh": ""}, "sent no key"),
    ({"p256dh": "not-base64!"}, "key that is not valid"),
    ({"p256dh": "BA" + "A" * 85}, "key that is not valid"),  # 65 bytes, not a point on the curve
    ({"auth": "AAAA"}, "secret that is not valid"),
    ({"auth": ""}, "sent no secret"),
]


@pytest.mark.parametrize(("change", "message"), BAD_DEVICES, ids=[m for _, m in BAD_DEVICES])
@pytest.mark.parametrize("htmx", [True, False])
def test_a_malformed_or_unsafe_subscription_is_refused_and_nothing_stored(app, change, message, htmx):
    client = login_client(app, make_user("Tia"), htmx=htmx)
    response = client.post("/settings/push/devices", data={**DEVICE, **change})
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert message in body and 'role="alert"' in body
    assert ("<html" in body) is not htmx
    assert devices() == []


def test_settings_are_saved_and_shown(app):
    tia = make_user("Tia", timezone="Europe/Oslo")
    client = login_client(app, tia)
    page = client.get("/settings/push").get_data(as_text=True)
    assert 'value="22:00"' in page and 'value="08:00"' in page and "Europe/Oslo" in page
    assert "No device gets push notifications yet." in page
    data = {"kind_checkin": "y", "quiet_hours": "y", "quiet_start": "21:30", "quiet_end": "07:15", "show_sender": "y"}
    assert client.post("/settings/push", data=data).status_code == 303
    settings = db.session.get(PushSettings, tia.id)
    assert (settings.quiet_start, settings.quiet_end, settings.show_sender) == (21 * 60 + 30, 7 * 60 + 15, True)
    assert settings.kinds["checkin"] is True and settings.kinds["messages"] is False
    page = client.get("/settings/push").get_data(as_text=True)
    assert 'value="21:30"' in page and 'value="07:15"' in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"quiet_start": "25:00"}, "Enter a time like 22:00."),
        ({"quiet_end": "soon"}, "Enter a time like 22:00."),
        ({"quiet_start": ""}, "Enter a time like 22:00."),
        ({"quiet_start": "09:00", "quiet_end": "09:00"}, "Quiet hours need an end different from their start."),
    ],
)
def test_bad_quiet_hours_are_refused_with_the_input_kept(app, data, message):
    tia = make_user("Tia")
    client = login_client(app, tia, htmx=True)
    form = {"quiet_hours": "y", "quiet_start": "22:00", "quiet_end": "08:00", "kind_help": "y", **data}
    response = client.post("/settings/push", data=form)
    body = response.get_data(as_text=True)
    assert response.status_code == 422 and message in body and 'aria-invalid="true"' in body
    assert "<html" not in body and 'id="push-form"' in body
    for value in data.values():
        if value:
            assert f'value="{value}"' in body, "the input is kept"
    assert db.session.get(PushSettings, tia.id) is None


def test_removing_a_device_and_someone_elses_is_a_404(app):
    tia, bob = make_user("Tia"), make_user("Bob")
    mine = PushSubscription(user_id=tia.id, endpoint="https://push.example.com/a", p256dh="x", auth="y")
    theirs = PushSubscription(user_id=bob.id, endpoint="https://push.example.com/b", p256dh="x", auth="y")
    db.session.add_all([mine, theirs])
    db.session.commit()
    client = login_client(app, tia)
    assert client.post(f"/settings/push/devices/{theirs.id}/remove").status_code == 404
    assert client.post(f"/settings/push/devices/{mine.id}/remove").status_code == 303
    assert [d.endpoint for d in devices()] == ["https://push.example.com/b"]


def test_logging_out_removes_this_browsers_device_and_clears_the_site_data(app):
    tia = make_user("Tia")
    phone, laptop = login_client(app, tia), login_client(app, tia)
    phone.post("/settings/push/devices", data=DEVICE)
    laptop.post("/settings/push/devices", data={**DEVICE, "endpoint": "https://push.example.com/laptop"})
    response = phone.post("/logout")
    assert response.status_code == 303
    assert response.headers["Clear-Site-Data"] == '"cache", "storage"'
    assert [d.endpoint for d in devices()] == ["https://push.example.com/laptop"]


def test_signing_other_browsers_out_and_a_password_change_remove_their_devices(app):
    tia = make_user("Tia")
    here, there = login_client(app, tia), login_client(app, tia)
    here.post("/settings/push/devices", data=DEVICE)
    there.post("/settings/push/devices", data={**DEVICE, "endpoint": "https://push.example.com/there"})
    assert here.post("/settings/account/sessions/sign-out-others").status_code == 303
    assert [d.endpoint for d in devices()] == [DEVICE["endpoint"]]

    there = login_client(app, tia)
    there.post("/settings/push/devices", data={**DEVICE, "endpoint": "https://push.example.com/there"})
    new_password = "lighthouse-marmalade-42"
    change = {"current_password": PASSWORD, "password": new_password, "confirm": new_password}
    assert here.post("/settings/account/password", data=change).status_code == 303
    [device] = devices()
    assert device.endpoint == DEVICE["endpoint"], "this browser keeps its device under its fresh session"
    [current] = db.session.scalars(select(UserSession.token).where(UserSession.user_id == tia.id)).all()
    assert device.session_hash == session_hash(current)
    here.post("/logout")
    assert db.session.scalar(select(func.count(PushSubscription.id))) == 0
