"""RFC 5545 files for community events, with the sessions' rules: a stable UID, SEQUENCE raised on every change,
METHOD REQUEST (or CANCEL) in mails, times in UTC, a VALARM 15 minutes before. Built with icalendar only.

The organiser is named in a mail's invitation; attendees are not (a member's e-mail address never reaches
another member's calendar), and the private feed names no one.
"""

from datetime import datetime, timedelta

from icalendar import Alarm, Event, vCalAddress, vText

from mentorship.models import CommunityEvent
from mentorship.models.events import EventPlaceKind, EventStatus
from mentorship.services.sessions.calendar import new_calendar


def event_component(
    event: CommunityEvent, now: datetime, state: str = "CONFIRMED", organizer: bool = True, feed: bool = False
) -> Event:
    """The VEVENT of one event: CONFIRMED for a seat, TENTATIVE for a maybe, CANCELLED when it (or the seat) is gone."""
    component = Event()
    component.add("uid", event.uid)
    component.add("sequence", event.sequence)
    component.add("dtstamp", now)
    component.add("dtstart", event.starts_at)
    component.add("dtend", event.ends_at)
    component.add("summary", event.title)
    if event.place:
        component.add("location", event.place)
    if event.place_kind == EventPlaceKind.LINK and event.place and not feed:
        component.add("url", event.place)
    cancelled = event.status == EventStatus.CANCELLED or state == "CANCELLED"
    component.add("status", "CANCELLED" if cancelled else state)
    if organizer and event.organizer is not None:
        address = vCalAddress(f"mailto:{event.organizer.email}")
        address.params["cn"] = vText(event.organizer.display_name)
        component.add("organizer", address)
    if not cancelled and not feed:  # a feed has no alarms (the member's calendar applies its own)
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", event.title)
        alarm.add("trigger", timedelta(minutes=-15))
        component.add_component(alarm)
    return component


def event_ics(event: CommunityEvent, now: datetime, method: str | None = "REQUEST") -> str:
    """One event as an .ics file (METHOD REQUEST, CANCEL, or none for "Add to calendar")."""
    calendar = new_calendar(method)
    calendar.add_component(event_component(event, now, "CANCELLED" if method == "CANCEL" else "CONFIRMED"))
    return calendar.to_ical().decode()
