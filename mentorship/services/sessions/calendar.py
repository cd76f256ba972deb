"""RFC 5545 files for sessions, built with the icalendar library (no hand-written iCalendar text).

A mail's invitation says METHOD:REQUEST (or CANCEL); the stable UID and a SEQUENCE raised on every change let
calendar programs update the one event instead of adding another. A single session's times are written in UTC;
a series' in its zone (TZID with its VTIMEZONE), so a weekly 18:00 stays 18:00 across a DST change, with its
RRULE, the EXDATE of each cancelled occurrence and one VEVENT per moved occurrence (its RECURRENCE-ID). The
agenda and the note never go into a file: the title names the other person and the description only the place.

The private feed is lean: no attendees, no description or URL (the place, or link, is the LOCATION), no VALARM
(a subscribed calendar applies the member's own reminders; invitations carry the alarm).
"""

from datetime import date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from icalendar import Alarm, Calendar, Event, Timezone, vCalAddress, vText

from mentorship.models import CallSession, User
from mentorship.models.sessions import PlaceKind, SessionStatus

PRODID = "-//Mentorship//Sessions//EN"
ALARM_BEFORE = timedelta(minutes=-15)


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


def _times(event: Event, session: CallSession, start: datetime, minutes: int) -> None:
    if session.is_series:  # in the series' zone, so the RRULE repeats the wall-clock time
        start = start.astimezone(ZoneInfo(session.zone))
    event.add("dtstart", start)
    event.add("dtend", start + timedelta(minutes=minutes))


def _event(
    session: CallSession,
    viewer_id: int,
    organizer: User | None,
    stamp: datetime,
    people: bool = True,
    feed: bool = False,
    title: str | None = None,
) -> Event:
    event = Event()
    event.add("uid", session.uid)
    event.add("sequence", session.sequence)
    event.add("dtstamp", stamp)
    _times(event, session, session.starts_at, session.minutes)
    title = title or session_title(session, viewer_id)
    event.add("summary", title)
    place = place_text(session)
    if place:
        event.add("location", place)
        if not feed:
            event.add("description", place)
    if session.place_kind in (PlaceKind.LINK, PlaceKind.JITSI) and session.place and not feed:
        event.add("url", session.place)  # the feed's LOCATION already is the link
    cancelled = session.status in (SessionStatus.CANCELLED, SessionStatus.DECLINED)
    event.add("status", "CANCELLED" if cancelled else ("CONFIRMED" if session.status == "accepted" else "TENTATIVE"))
    if session.is_series:
        event.add("rrule", {"freq": "weekly", "interval": session.repeat_weeks, "count": session.repeat_count})
        skipped = [x.original_start.astimezone(ZoneInfo(session.zone)) for x in session.exceptions if x.cancelled]
        if skipped:
            event.add("exdate", skipped)
    if organizer is not None:
        address = vCalAddress(f"mailto:{organizer.email}")
        address.params["cn"] = vText(organizer.display_name)
        event.add("organizer", address)
    for member in session.mentorship.members if people else ():
        attendee = vCalAddress(f"mailto:{member.user.email}")
        attendee.params["cn"] = vText(member.user.display_name)
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        event.add("attendee", attendee)
    if not cancelled and not feed:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", title)
        alarm.add("trigger", ALARM_BEFORE)
        event.add_component(alarm)
    return event


def _overrides(session: CallSession, title: str, stamp: datetime, feed: bool) -> list[Event]:
    """One VEVENT per moved occurrence of a series: same UID, its RECURRENCE-ID, its own time."""
    out = []
    for moved in (x for x in session.exceptions if not x.cancelled and x.starts_at is not None):
        event = Event()
        event.add("uid", session.uid)
        event.add("sequence", session.sequence)
        event.add("dtstamp", stamp)
        event.add("recurrence-id", moved.original_start.astimezone(ZoneInfo(session.zone)))
        _times(event, session, moved.starts_at, moved.minutes or session.minutes)
        event.add("summary", title)
        if session.place:
            event.add("location", place_text(session))
        event.add("status", "CONFIRMED" if session.status == "accepted" else "TENTATIVE")
        if not feed:
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", title)
            alarm.add("trigger", ALARM_BEFORE)
            event.add_component(alarm)
        out.append(event)
    return out


def session_components(
    session: CallSession, viewer_id: int, organizer: User | None, stamp: datetime, feed: bool = False
) -> list[Event]:
    """The session's VEVENTs: the event (or a series' master) and a series' moved occurrences."""
    title = session_title(session, viewer_id)
    master = _event(session, viewer_id, organizer, stamp, people=not feed, feed=feed, title=title)
    return [master, *(_overrides(session, title, stamp, feed) if session.is_series else ())]


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
    for component in session_components(session, viewer_id, organizer, now):
        calendar.add_component(component)
    if session.is_series:
        calendar.add_component(zone_component(session.zone, session.starts_at.year))
    return calendar.to_ical().decode()


@lru_cache(maxsize=512)
def zone_component(zone: str, year: int) -> Timezone:
    """The VTIMEZONE of a zone for the years around `year` (built once per process: it walks the zone's rules)."""
    return Timezone.from_tzid(zone, first_date=date(year - 1, 1, 1), last_date=date(year + 3, 1, 1))


def feed_ics(sessions: list[CallSession], viewer_id: int, now: datetime, more: list[Event] = ()) -> str:
    """A member's private feed: their sessions (and `more` entries, their events) with titles, times and places."""
    calendar = new_calendar(None)
    calendar.add("x-wr-calname", "Mentoring sessions")
    zones = set()
    for session in sessions:
        if session.is_series:
            zones.add(session.zone)
        for component in session_components(session, viewer_id, None, now, feed=True):
            calendar.add_component(component)
    for component in more:
        calendar.add_component(component)
    for zone in sorted(zones):  # a series is written in its zone: its VTIMEZONE goes with it
        calendar.add_component(zone_component(zone, now.year))
    return calendar.to_ical().decode()
