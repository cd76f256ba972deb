"""Creating, answering, changing and cancelling community events through the pages; seats and the waitlist."""

import re

import icalendar
import pytest
import vobject
from sqlalchemy import func, select

from mentorship.extensions import db
from mentorship.models import CommunityEvent, EmailOutbox, EventRsvp, Notification, Topic
from mentorship.services.events.hosting import set_members_create
from tests.events.conftest import FORM, create_event


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _event() -> CommunityEvent:
    event = db.session.scalar(select(CommunityEvent))
    db.session.refresh(event)
    return event


def _answer(client, club, event, answer, **kwargs):
    return client.post(f"/c/{club.community.slug}/events/{event.id}/answer", data={"answer": answer}, **kwargs)


def _last_mail(user) -> EmailOutbox:
    return db.session.scalars(
        select(EmailOutbox).where(EmailOutbox.user_id == user.id).order_by(EmailOutbox.id.desc())
    ).first()


def _vevent(ics: str) -> icalendar.Event:
    vobject.readOne(ics)  # the second, independent parser reads it too
    return icalendar.Calendar.from_ical(ics).walk("VEVENT")[0]


def test_an_admin_creates_an_event_shown_on_the_community_page(club, login_as):
    admin = login_as(club.admin)
    response = create_event(admin, club, with_topic="y")
    event = _event()
    assert response.status_code == 303 and response.headers["Location"].endswith(f"/events/{event.id}")
    assert event.starts_at.hour == 16 and event.capacity == 2 and event.uid.startswith("event-")
    topic = db.session.get(Topic, event.topic_id)
    assert topic.title == "Monthly strategy session"
    page = login_as(club.ann).get(f"/c/{club.community.slug}").get_data(as_text=True)
    assert "Monthly strategy session" in page and "0 of 2 going" in page
    listing = login_as(club.ann).get(f"/c/{club.community.slug}/events").get_data(as_text=True)
    assert "Monthly strategy session" in listing


def test_members_create_events_only_when_the_admins_allow_it(club, login_as):
    ann = login_as(club.ann)
    assert ann.get(f"/c/{club.community.slug}/events/new").status_code == 403
    assert create_event(ann, club).status_code == 403
    assert _count(CommunityEvent) == 0
    assert (
        login_as(club.admin).post(f"/c/{club.community.slug}/events/settings", data={"members_create": "y"}).status_code
        == 303
    )
    assert create_event(ann, club).status_code == 303
    assert _event().organizer_id == club.ann.id


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"day": "2020-01-01"}, "in the past"),
        ({"minutes": "150"}, "15 to 120 minutes"),
        ({"zone": "Mars/Olympus"}, "not a time zone"),
        ({"day": "2031-03-30", "at": "02:30", "zone": "Europe/Berlin"}, "does not exist"),
        ({"day": "2031-10-26", "at": "02:30", "zone": "Europe/Berlin"}, "happens twice"),
        ({"place": "javascript:alert(1)"}, "starts with https://"),
        ({"place": "ftp://example.com/x"}, "starts with https://"),
        ({"place_kind": "address", "place": ""}, "address where people meet"),
        ({"title": "   "}, "Give the event a title"),
        ({"capacity": "0"}, "Capacity is 1 to"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_stored(club, login_as, changes, message):
    response = create_event(login_as(club.admin), club, description="Bring questions", **changes)
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert message in body and "Bring questions" in body  # the input is kept
    assert _count(CommunityEvent) == 0 and _count(Topic) == 0 and _count(EmailOutbox) == 0


def test_capacity_two_and_three_answers_puts_the_third_on_the_waitlist_and_moves_them_up(club, login_as):
    create_event(login_as(club.admin), club)
    event = _event()
    ann, bo, cy = login_as(club.ann), login_as(club.bo), login_as(club.cy)
    assert _answer(ann, club, event, "going").status_code == 303
    assert _answer(bo, club, event, "going").status_code == 303
    assert _answer(cy, club, event, "going").status_code == 303
    answers = {u: a for u, a in db.session.execute(select(EventRsvp.user_id, EventRsvp.answer))}
    assert answers == {club.ann.id: "going", club.bo.id: "going", club.cy.id: "waitlist"}
    assert _event().going_count == 2
    page = cy.get(f"/c/{club.community.slug}/events/{event.id}").get_data(as_text=True)
    assert "number 1 on the waitlist" in page and "Ann One" in page and "Bo Two" in page
    invite = _last_mail(club.ann)
    assert icalendar.Calendar.from_ical(invite.calendar_ics)["METHOD"] == "REQUEST"
    assert _vevent(invite.calendar_ics)["UID"] == event.uid
    assert _last_mail(club.cy) is None  # no calendar entry for a waitlisted person
    assert _answer(bo, club, event, "cant").status_code == 303
    answers = {u: a for u, a in db.session.execute(select(EventRsvp.user_id, EventRsvp.answer))}
    assert answers == {club.ann.id: "going", club.bo.id: "cant", club.cy.id: "going"}
    assert _event().going_count == 2
    cancel = _last_mail(club.bo)
    assert icalendar.Calendar.from_ical(cancel.calendar_ics)["METHOD"] == "CANCEL"
    moved_up = _last_mail(club.cy)
    assert icalendar.Calendar.from_ical(moved_up.calendar_ics)["METHOD"] == "REQUEST"
    assert int(_vevent(moved_up.calendar_ics)["SEQUENCE"]) > int(_vevent(invite.calendar_ics)["SEQUENCE"])
    notices = db.session.scalars(select(Notification.text).where(Notification.user_id == club.cy.id)).all()
    assert any("A seat opened up" in text for text in notices)


def test_the_last_seat_goes_to_one_person_only(club, login_as):
    """The conditional UPDATE: a second "take a seat" on a full event takes nothing."""
    from mentorship.services.events.seats import take_seat

    create_event(login_as(club.admin), club, capacity="1")
    event = _event()
    assert take_seat(event) is True
    assert take_seat(event) is False
    db.session.commit()
    assert _event().going_count == 1


def test_htmx_answers_in_place(club, login_as):
    create_event(login_as(club.admin), club)
    event = _event()
    response = _answer(login_as(club.ann, htmx=True), club, event, "going")
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in body and 'id="answer"' in body
    assert "You&#39;re going." in body and "1 of 2 seats taken." in body
    assert "HX-Request" in response.headers["Vary"]


def test_a_wrong_answer_is_a_422_with_the_page(club, login_as):
    create_event(login_as(club.admin), club)
    response = _answer(login_as(club.ann), club, _event(), "perhaps")
    assert response.status_code == 422 and "Choose going, maybe" in response.get_data(as_text=True)
    assert _count(EventRsvp) == 0


def test_capacity_below_the_number_going_is_refused(club, login_as):
    admin = login_as(club.admin)
    create_event(admin, club)
    event = _event()
    _answer(login_as(club.ann), club, event, "going")
    _answer(login_as(club.bo), club, event, "going")
    response = admin.post(f"/c/{club.community.slug}/events/{event.id}/edit", data={**FORM, "capacity": "1"})
    assert response.status_code == 422 and "2 people are already going" in response.get_data(as_text=True)
    assert _event().capacity == 2


def test_a_move_mails_everyone_going_the_same_uid_with_a_higher_sequence(club, login_as):
    admin = login_as(club.admin)
    create_event(admin, club)
    event = _event()
    _answer(login_as(club.ann), club, event, "going")
    before = _vevent(_last_mail(club.ann).calendar_ics)
    assert admin.get(f"/c/{club.community.slug}/events/{event.id}/edit").status_code == 200
    moved = admin.post(f"/c/{club.community.slug}/events/{event.id}/edit", data={**FORM, "at": "19:00"})
    assert moved.status_code == 303
    after_mail = _last_mail(club.ann)
    after = _vevent(after_mail.calendar_ics)
    assert "Event changed" in after_mail.subject
    assert str(after["UID"]) == str(before["UID"]) and int(after["SEQUENCE"]) > int(before["SEQUENCE"])
    assert after.decoded("DTSTART").hour == 17


def test_cancelling_mails_a_cancel_and_closes_answers(club, login_as):
    admin = login_as(club.admin)
    create_event(admin, club)
    event = _event()
    ann = login_as(club.ann)
    _answer(ann, club, event, "going")
    assert admin.post(f"/c/{club.community.slug}/events/{event.id}/cancel").status_code == 303
    mail = _last_mail(club.ann)
    assert icalendar.Calendar.from_ical(mail.calendar_ics)["METHOD"] == "CANCEL"
    assert _vevent(mail.calendar_ics)["STATUS"] == "CANCELLED"
    assert _answer(login_as(club.bo), club, event, "going").status_code == 303  # refused, flashed
    assert db.session.scalar(select(EventRsvp).where(EventRsvp.user_id == club.bo.id)) is None


def test_only_the_organiser_and_admins_change_an_event(club, login_as):
    set_members_create(club.community.id, True)
    create_event(login_as(club.ann), club)
    event = _event()
    assert login_as(club.bo).get(f"/c/{club.community.slug}/events/{event.id}/edit").status_code == 403
    assert login_as(club.bo).post(f"/c/{club.community.slug}/events/{event.id}/cancel").status_code == 303
    assert _event().status == "scheduled"
    assert login_as(club.admin).get(f"/c/{club.community.slug}/events/{event.id}/edit").status_code == 200


def test_who_is_going_is_shown_to_attendees_only(club, login_as):
    create_event(login_as(club.admin), club, capacity="")
    event = _event()
    _answer(login_as(club.ann), club, event, "going")
    path = f"/c/{club.community.slug}/events/{event.id}"
    assert "Ann One" not in login_as(club.bo).get(path).get_data(as_text=True)
    assert "Answer to see who is going" in login_as(club.cy).get(path).get_data(as_text=True)
    _answer(login_as(club.bo), club, event, "maybe")
    assert "Ann One" in login_as(club.bo).get(path).get_data(as_text=True)
    assert login_as(club.outsider).get(path).status_code == 403


def test_the_download_parses_and_names_no_attendee(club, login_as):
    create_event(login_as(club.admin), club)
    event = _event()
    _answer(login_as(club.ann), club, event, "going")
    response = login_as(club.bo).get(f"/c/{club.community.slug}/events/{event.id}.ics")
    assert response.mimetype == "text/calendar"
    text = response.get_data(as_text=True)
    vevent = _vevent(text)
    assert str(vevent["SUMMARY"]) == "Monthly strategy session" and "METHOD" not in text
    assert club.ann.email not in text and "ATTENDEE" not in text
    assert re.search(r"DTSTART:20310602T160000Z", text)
