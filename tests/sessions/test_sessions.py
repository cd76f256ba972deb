"""Proposing, answering and moving a session through the pages; the mails, .ics and privacy that follow."""

import re
from datetime import timedelta

import icalendar
import pytest
import vobject
from sqlalchemy import func, select

from mentorship.extensions import db
from mentorship.models import Block, CallSession, EmailOutbox, Message, utcnow

FORM = {"day": "2031-06-02", "at": "18:00", "minutes": "45", "zone": "Europe/Paris", "place_kind": "jitsi"}


def _propose(client, pair, **changes):
    return client.post(f"/m/{pair.mentorship.id}/sessions", data={**FORM, "agenda": "Career plan", **changes})


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _calendar(mail: EmailOutbox) -> icalendar.Event:
    vobject.readOne(mail.calendar_ics)  # the second, independent parser must read it too
    return next(iter(icalendar.Calendar.from_ical(mail.calendar_ics).walk("VEVENT")))


def test_propose_mails_the_other_an_invitation_and_posts_a_line(pair, login_as):
    response = _propose(login_as(pair.mentor), pair)
    assert response.status_code == 303
    session = db.session.scalar(select(CallSession))
    assert session.place.startswith("https://meet.jit.si/mentorship-") and len(session.place) > 45
    assert session.starts_at.hour == 16  # 18:00 in Paris (summer) is 16:00 UTC
    mail = db.session.scalar(select(EmailOutbox).where(EmailOutbox.user_id == pair.mentee.id))
    assert "Career plan" not in mail.subject and "Career plan" not in mail.text_body
    assert "Career plan" not in mail.calendar_ics
    calendar = icalendar.Calendar.from_ical(mail.calendar_ics)
    assert calendar["METHOD"] == "REQUEST"
    event = _calendar(mail)
    assert str(event["UID"]) == session.uid and int(event["SEQUENCE"]) == 0
    assert event.decoded("DTSTART") == session.starts_at
    assert str(event["SUMMARY"]) == "Mentoring session with Sam Mentor"
    assert event.walk("VALARM")
    lines = db.session.scalars(select(Message.body).where(Message.is_system.is_(True))).all()
    assert "Sam Mentor proposed a session." in lines


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"day": "2020-01-01"}, "in the past"),
        ({"minutes": "150"}, "15 to 120 minutes"),
        ({"minutes": "", "end": "17:00"}, "end must come after"),
        ({"zone": "Mars/Olympus"}, "not a time zone"),
        ({"day": "2031-03-30", "at": "02:30", "zone": "Europe/Berlin"}, "does not exist"),
        ({"day": "2031-10-26", "at": "02:30", "zone": "Europe/Berlin"}, "happens twice"),
        ({"place_kind": "link", "place": "javascript:alert(1)"}, "starts with https://"),
        ({"place_kind": "link", "place": "ftp://example.com/x"}, "starts with https://"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_stored(pair, login_as, changes, message):
    client = login_as(pair.mentor)
    response = _propose(client, pair, **changes)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert "Career plan" in response.get_data(as_text=True)  # the user's input is kept
    assert _count(CallSession) == 0 and _count(EmailOutbox) == 0


def test_one_click_accept_from_the_mail_and_a_move_keeps_the_uid(pair, login_as, client):
    _propose(login_as(pair.mentor), pair)
    mail = db.session.scalar(select(EmailOutbox).where(EmailOutbox.user_id == pair.mentee.id))
    link = re.search(r"(/sessions/accept/\S+)", mail.text_body).group(1)
    page = client.get(link)
    assert page.status_code == 200 and "Accept this session" in page.get_data(as_text=True)
    assert client.post(link).status_code == 200
    session = db.session.scalar(select(CallSession))
    db.session.refresh(session)
    assert session.status == "accepted" and session.sequence == 1
    assert "has changed" in client.get(link).get_data(as_text=True)  # the link is spent
    before = _calendar(db.session.scalars(select(EmailOutbox).order_by(EmailOutbox.id.desc())).first())
    moved = login_as(pair.mentor).post(
        f"/m/{pair.mentorship.id}/sessions/{session.id}/move", data={**FORM, "at": "19:00"}
    )
    assert moved.status_code == 303
    after_mail = db.session.scalars(
        select(EmailOutbox).where(EmailOutbox.user_id == pair.mentee.id).order_by(EmailOutbox.id.desc())
    ).first()
    after = _calendar(after_mail)
    assert str(after["UID"]) == str(before["UID"]) == session.uid
    assert int(after["SEQUENCE"]) > int(before["SEQUENCE"])
    download = login_as(pair.mentee).get(f"/m/{pair.mentorship.id}/sessions/{session.id}.ics")
    assert download.mimetype == "text/calendar"
    assert int(icalendar.Calendar.from_ical(download.data).walk("VEVENT")[0]["SEQUENCE"]) == int(after["SEQUENCE"])


def test_an_altered_link_is_shown_what_happened(pair, client):
    response = client.get("/sessions/accept/not-a-real-token")
    assert response.status_code == 400
    assert "not valid" in response.get_data(as_text=True)


def test_cancel_mails_a_cancel(pair, login_as):
    client = login_as(pair.mentor)
    _propose(client, pair)
    session = db.session.scalar(select(CallSession))
    assert client.post(f"/m/{pair.mentorship.id}/sessions/{session.id}/cancel").status_code == 303
    mail = db.session.scalars(select(EmailOutbox).order_by(EmailOutbox.id.desc())).first()
    assert icalendar.Calendar.from_ical(mail.calendar_ics)["METHOD"] == "CANCEL"
    assert _calendar(mail)["STATUS"] == "CANCELLED"


@pytest.mark.parametrize("state", ["paused", "blocked"])
def test_a_paused_or_blocked_mentorship_cannot_propose(pair, login_as, state):
    if state == "paused":
        pair.mentorship.status = "paused"
    else:
        db.session.add(Block(blocker_id=pair.mentee.id, blocked_id=pair.mentor.id))
    db.session.commit()
    response = _propose(login_as(pair.mentor), pair)
    assert response.status_code == 422
    assert ("paused" if state == "paused" else "block") in response.get_data(as_text=True)
    assert _count(CallSession) == 0


def test_the_agenda_and_note_are_for_the_members_alone(pair, login_as):
    _propose(login_as(pair.mentor), pair)
    session = db.session.scalar(select(CallSession))
    session.status, session.starts_at = "accepted", utcnow() - timedelta(hours=2)
    db.session.commit()
    mentee = login_as(pair.mentee)
    assert (
        mentee.post(
            f"/m/{pair.mentorship.id}/sessions/{session.id}/note", data={"note": "We agreed on SQL"}
        ).status_code
        == 303
    )
    page = mentee.get(f"/m/{pair.mentorship.id}/sessions").get_data(as_text=True)
    assert "Career plan" in page and "We agreed on SQL" in page
    admin = login_as(pair.admin)
    for path in ("/sessions", f"/sessions/{session.id}.ics", f"/sessions/{session.id}/move"):
        assert admin.get(f"/m/{pair.mentorship.id}{path}").status_code == 404


def test_the_page_offers_mutual_times_in_both_zones(pair, login_as):
    page = login_as(pair.mentee).get(f"/m/{pair.mentorship.id}/sessions").get_data(as_text=True)
    assert "Times that suit you all" in page
    # Tokyo's 09:00 Tuesday/Wednesday is New York's Monday/Tuesday evening (19:00 or 20:00 by DST).
    assert re.search(r"Propose (Mon|Tue) \d\d \w{3}, (19|20):00", page)
    assert re.search(r"Sam Mentor: (Tue|Wed) 09:00", page)


def test_the_private_feed_holds_titles_and_links_only_and_can_be_revoked(pair, login_as, client):
    _propose(login_as(pair.mentor), pair)
    mentee = login_as(pair.mentee)
    assert mentee.post("/settings/calendar/reset").status_code == 303
    page = mentee.get("/settings/calendar").get_data(as_text=True)
    url = re.search(r'value="(http[^"]+/calendar/[^"]+\.ics)"', page).group(1)
    path = url.split("127.0.0.1", 1)[-1].split("localhost", 1)[-1]
    path = path[path.index("/calendar/") :]
    feed = client.get(path)
    assert feed.status_code == 200 and feed.mimetype == "text/calendar"
    vobject.readOne(feed.get_data(as_text=True))
    events = icalendar.Calendar.from_ical(feed.data).walk("VEVENT")
    assert [str(e["SUMMARY"]) for e in events] == ["Mentoring session with Sam Mentor"]
    assert b"Career plan" not in feed.data and b"MAILTO" not in feed.data.upper()
    assert mentee.post("/settings/calendar/revoke").status_code == 303
    assert client.get(path).status_code == 404


def test_the_welcome_card_offers_three_mutual_times_for_week_1(pair, login_as):
    thread = login_as(pair.mentee).get(f"/m/{pair.mentorship.id}").get_data(as_text=True)
    assert "Your first call" in thread and f"/m/{pair.mentorship.id}/sessions/first-call" in thread
    card = login_as(pair.mentee, htmx=True).get(f"/m/{pair.mentorship.id}/sessions/first-call")
    body = card.get_data(as_text=True)
    assert card.status_code == 200 and "<html" not in body and 'id="first-call"' in body
    assert len(re.findall(r"Propose (Mon|Tue) \d\d \w{3}, (19|20):00", body)) == 3
    assert login_as(pair.mentee).get(f"/m/{pair.mentorship.id}/sessions/first-call").status_code == 302
    _propose(login_as(pair.mentor), pair)
    again = login_as(pair.mentee, htmx=True).get(f"/m/{pair.mentorship.id}/sessions/first-call")
    assert "See your sessions" in again.get_data(as_text=True)
    assert login_as(pair.admin, htmx=True).get(f"/m/{pair.mentorship.id}/sessions/first-call").status_code == 404


def test_htmx_proposals_and_answers_update_the_list_in_place(pair, login_as):
    mentor = login_as(pair.mentor, htmx=True)
    response = mentor.post(f"/m/{pair.mentorship.id}/sessions", data=FORM, headers={"HX-Target": "sessions"})
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in body and 'id="sessions"' in body
    assert "Waiting for the others" in body and "Session proposed" in body  # the flash rides along
    session = db.session.scalar(select(CallSession))
    mentee = login_as(pair.mentee, htmx=True)
    answer = mentee.post(f"/m/{pair.mentorship.id}/sessions/{session.id}/accept", headers={"HX-Target": "sessions"})
    assert answer.status_code == 200 and "Accepted" in answer.get_data(as_text=True)
    db.session.refresh(session)
    assert session.status == "accepted"


def test_an_expired_link_is_shown_what_happened(pair, login_as, client, monkeypatch):
    from mentorship.services.sessions import links

    _propose(login_as(pair.mentor), pair)
    mail = db.session.scalar(select(EmailOutbox).where(EmailOutbox.user_id == pair.mentee.id))
    link = re.search(r"(/sessions/accept/\S+)", mail.text_body).group(1)
    monkeypatch.setattr(links, "ACCEPT_MAX_AGE", -1)  # every signature is older than that
    for response in (client.get(link), client.post(link)):
        assert response.status_code == 400 and "expired" in response.get_data(as_text=True)
    assert db.session.scalar(select(CallSession.status)) == "proposed"
