"""RFC 5545 files for sessions, built with the icalendar library (no hand-written iCalendar text).

A mail's invitation says METHOD:REQUEST (or CANCEL); the stable UID and a SEQUENCE raised on every change let
calendar programs update the one event instead of adding another. Times are written in UTC. The agenda and the
note never go into a file: the title names the other person and the description holds only the place.
"""

from datetime import datetime, timedelta

from icalendar import Alarm, Calendar, Event, vCalAddress, vText

from mentorship.models import CallSession, User
from mentorship.models.sessions import PlaceKind, SessionStatus

PRODID = "-//Mentorship//Sessions//EN"


def session_title(session: CallSession, viewer_id: int) -> str:
    """'Mentoring session with Sam' (the other members, from the viewer's side); nothing private."""
    others = [m.user.display_name for m in session.mentorship.members if m.user_id != viewer_id]
    return "Mentoring session with " + (" & ".join(others) or "your circle")


def place_text(session: CallSession) -> str:
    """Where the call happens, as the members wrote it (a link, a phone number, an address)."""
    if session.place_kind == PlaceKind.PHONE:
        return f"Phone call: {session.place}" if session.place else "Phone call"
    if session.place_kind == PlaceKind.IN_PERSON:
        return f"In person: {session.place}" if session.place else "In person"
    return session.place


def _event(session: CallSession, viewer_id: int, organizer: User | None, stamp: datetime, people: bool = True) -> Event:
    event = Event()
    event.add("uid", session.uid)
    event.add("sequence", session.sequence)
    event.add("dtstamp", stamp)
    event.add("dtstart", session.starts_at)
    event.add("dtend", session.ends_at)
    event.add("summary", session_title(session, viewer_id))
    place = place_text(session)
    if place:
        event.add("location", place)
        event.add("description", place)
    if session.place_kind in (PlaceKind.LINK, PlaceKind.JITSI) and session.place:
        event.add("url", session.place)
    cancelled = session.status in (SessionStatus.CANCELLED, SessionStatus.DECLINED)
    event.add("status", "CANCELLED" if cancelled else ("CONFIRMED" if session.status == "accepted" else "TENTATIVE"))
    if organizer is not None:
        address = vCalAddress(f"mailto:{organizer.email}")
        address.params["cn"] = vText(organizer.display_name)
        event.add("organizer", address)
    for member in session.mentorship.members if people else ():
        attendee = vCalAddress(f"mailto:{member.user.email}")
        attendee.params["cn"] = vText(member.user.display_name)
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        event.add("attendee", attendee)
    if not cancelled:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", session_title(session, viewer_id))
        alarm.add("trigger", timedelta(minutes=-15))
        event.add_component(alarm)
    return event


def new_calendar(method: str | None) -> Calendar:
    """An empty VCALENDAR with this site's PRODID (and METHOD for a mail's invitation)."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    if method:
        calendar.add("method", method)
    return calendar


def session_ics(session: CallSession, viewer_id: int, now: datetime, method: str | None = "REQUEST") -> str:
    """One session as an .ics file for one member (METHOD REQUEST, CANCEL or none for a download)."""
    calendar = new_calendar(method)
    organizer = session.proposer or (session.mentorship.mentors[0].user if session.mentorship.mentors else None)
    calendar.add_component(_event(session, viewer_id, organizer, now))
    return calendar.to_ical().decode()


def feed_ics(sessions: list[CallSession], viewer_id: int, now: datetime, more: list[Event] = ()) -> str:
    """A member's private feed: their sessions (and `more` entries, their events) with titles, times and places."""
    calendar = new_calendar(None)
    calendar.add("x-wr-calname", "Mentoring sessions")
    for session in sessions:
        calendar.add_component(_event(session, viewer_id, None, now, people=False))
    for component in more:
        calendar.add_component(component)
    return calendar.to_ical().decode()
