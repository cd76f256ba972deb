"""Repeating sessions: weekly or every two weeks until the program ends (at most 26), each occurrence movable or
cancellable on its own. Occurrences are expanded with recurring-ical-events from the session's own calendar
entry, so the page, the reminders and every calendar program read one and the same RRULE.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import recurring_ical_events
from flask_babel import gettext as _

from mentorship.extensions import db
from mentorship.models import CallSession, Mentorship, SessionException, User, utcnow
from mentorship.permissions.sessions import change_refusal
from mentorship.services.sessions.calendar import new_calendar, session_components
from mentorship.services.sessions.times import check_span

MAX_OCCURRENCES = 26
REPEATS = {0: "once", 1: "weekly", 2: "every two weeks"}


class SeriesError(ValueError):
    """A repeat that can't be used, with the sentence to show."""


@dataclass(frozen=True)
class Occurrence:
    original_start: datetime  # its RECURRENCE-ID (the series' own time for it)
    starts_at: datetime
    ends_at: datetime

    @property
    def stamp(self) -> int:
        """The occurrence's address in URLs: its RECURRENCE-ID in seconds since 1970."""
        return int(self.original_start.timestamp())


def program_end(mentorship: Mentorship) -> datetime:
    """When the mentorship's program ends: its start (or creation) plus its weeks."""
    return (mentorship.started_at or mentorship.created_at) + timedelta(weeks=mentorship.weeks)


def series_count(mentorship: Mentorship, starts_at: datetime, every_weeks: int, typed: int | None) -> int:
    """How many sessions a series has: as typed (2 to 26), else until the program ends (at most 26)."""
    if every_weeks not in REPEATS:
        raise SeriesError(_("Choose once, weekly or every two weeks."))
    if every_weeks == 0:
        return 1
    if typed is not None:
        if not 2 <= typed <= MAX_OCCURRENCES:
            raise SeriesError(_("A series has 2 to %(n)d sessions.", n=MAX_OCCURRENCES))
        return typed
    until_end = (program_end(mentorship) - starts_at) // timedelta(weeks=every_weeks) + 1
    if until_end < 2:
        raise SeriesError(_("The program ends before a second session: propose a single session."))
    return min(until_end, MAX_OCCURRENCES)


def occurrences(session: CallSession, start: datetime, end: datetime) -> list[Occurrence]:
    """The session's occurrences that overlap [start, end), moved ones at their new time, cancelled ones left out."""
    if not session.is_series:
        if session.starts_at < end and session.ends_at > start:
            return [Occurrence(session.starts_at, session.starts_at, session.ends_at)]
        return []
    calendar = new_calendar(None)
    for component in session_components(session, 0, None, utcnow(), feed=True):
        calendar.add_component(component)
    found = []
    for event in recurring_ical_events.of(calendar).between(start, end):
        original = event.decoded("RECURRENCE-ID") if "RECURRENCE-ID" in event else event.decoded("DTSTART")
        found.append(
            Occurrence(
                original.astimezone(UTC),
                event.decoded("DTSTART").astimezone(UTC),
                event.decoded("DTEND").astimezone(UTC),
            )
        )
    return sorted(found, key=lambda o: o.starts_at)


def all_occurrences(session: CallSession) -> list[Occurrence]:
    """Every occurrence of the session (a series has at most 26, over at most a year)."""
    first = min([session.starts_at, *(x.starts_at for x in session.exceptions if x.starts_at)])
    return occurrences(session, first - timedelta(days=1), session.starts_at + timedelta(weeks=2 * MAX_OCCURRENCES + 2))


def occurrence_or_none(session: CallSession, stamp: int) -> Occurrence | None:
    """The occurrence a URL names (by its RECURRENCE-ID), if the series has it and it is not cancelled."""
    return next((o for o in all_occurrences(session) if o.stamp == stamp), None)


def _exception(session: CallSession, occurrence: Occurrence) -> SessionException:
    row = next((x for x in session.exceptions if x.original_start == occurrence.original_start), None)
    if row is None:
        row = SessionException(original_start=occurrence.original_start)
        session.exceptions.append(row)
    return row


def cancel_occurrence(session: CallSession, user: User, occurrence: Occurrence) -> None:
    """Take one occurrence out of the series (an EXDATE); the caller tells the others and commits."""
    refusal = change_refusal(session)
    if refusal:
        raise SeriesError(refusal)
    if len(all_occurrences(session)) <= 1:
        raise SeriesError(_("This is the series' last session: cancel the whole session instead."))
    row = _exception(session, occurrence)
    row.cancelled, row.starts_at, row.minutes = True, None, None
    session.sequence += 1
    db.session.flush()


def move_occurrence(
    session: CallSession, user: User, occurrence: Occurrence, starts_at: datetime, minutes: int, now: datetime
) -> None:
    """Give one occurrence its own time (a RECURRENCE-ID override); the caller tells the others and commits."""
    refusal = change_refusal(session)
    if refusal:
        raise SeriesError(refusal)
    try:
        minutes = check_span(starts_at, minutes, now)
    except ValueError as error:
        raise SeriesError(str(error)) from error
    row = _exception(session, occurrence)
    row.cancelled, row.starts_at, row.minutes = False, starts_at, minutes
    session.sequence += 1
    db.session.flush()
