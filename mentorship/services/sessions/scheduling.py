"""Propose, accept, decline, move and cancel a mentorship's sessions; each change is a system line and a mail.

Services take explicit arguments and own the commit. Mails carry the .ics (METHOD REQUEST or CANCEL); their
subject and the thread's line never hold the agenda or the note.
"""

import secrets
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from mentorship.dates import in_zone
from mentorship.extensions import db
from mentorship.languages import in_language_of
from mentorship.models import CallSession, Mentorship, User, utcnow
from mentorship.models.sessions import PlaceKind, SessionStatus
from mentorship.permissions.sessions import answer_refusal, change_refusal, schedule_refusal
from mentorship.services.notify.mail import queue_mail
from mentorship.services.notify.notifications import notify
from mentorship.services.sessions import series
from mentorship.services.sessions.calendar import session_ics, session_title
from mentorship.services.sessions.links import make_accept_token
from mentorship.services.sessions.times import check_span
from mentorship.services.space.thread import post_system_message, viewer_standing

MAX_TEXT = 4000


class SessionError(ValueError):
    """A session action refused, with the sentence to show."""


@dataclass
class Plan:
    """What a member typed: the start in UTC (already read from their zone), length, place and agenda."""

    starts_at: datetime
    minutes: int
    zone: str
    place_kind: str
    place: str = ""
    agenda: str = ""
    repeat_weeks: int = 0
    # None: until the program ends (at most 26).
    repeat_count: int | None = None


def jitsi_room() -> str:
    """A fresh Jitsi Meet room with an unguessable name, on the configured server."""
    base = current_app.config.get("JITSI_BASE_URL", "https://meet.jit.si").rstrip("/")
    return f"{base}/mentorship-{secrets.token_urlsafe(18)}"


def clean_place(kind: str, place: str | None) -> str:
    """The place for its kind: an http(s) link, a phone number or an address; SessionError if unusable."""
    place = (place or "").strip()
    if kind not in PlaceKind.__members__.values():
        raise SessionError(_("Choose where the session happens."))
    if kind == PlaceKind.JITSI:
        return jitsi_room()
    if kind == PlaceKind.LINK:
        parts = urlsplit(place)
        if parts.scheme not in ("http", "https") or not parts.netloc or any(c.isspace() for c in place):
            raise SessionError(_("Paste a video link that starts with https:// (or http://)."))
    if len(place) > 500:
        raise SessionError(_("The place is too long (500 characters at most)."))
    return place


def _guard(mentorship: Mentorship, user: User) -> None:
    others = [m.user_id for m in mentorship.members if m.user_id != user.id]
    blocked = viewer_standing(user.id, mentorship.community_id, others).blocked
    refusal = schedule_refusal(mentorship, user.id, blocked)
    if refusal:
        raise SessionError(refusal)


def _when(session: CallSession, user: User) -> str:
    return in_zone(session.starts_at, user.timezone, "%a %d %b, %H:%M") + f" ({user.timezone})"


def _tell_others(session: CallSession, actor: User, line: str, subject: str, method: str = "REQUEST") -> None:
    """A system line in the thread, an in-app notice and a mail with the .ics to every other member."""
    mentorship = session.mentorship
    post_system_message(mentorship, line, commit=False)
    now = utcnow()
    for member in mentorship.members:
        if member.user_id == actor.id or member.user.is_deleted:
            continue
        with in_language_of(member.user):  # the reader's language: subject, notice and mail
            _tell_one(session, mentorship, actor, member, subject, method, now)


def _tell_one(session: CallSession, mentorship: Mentorship, actor: User, member, subject, method: str, now) -> None:
    """One other member's notice and mail about a session change, written in their language."""
    text = _("%(name)s: %(what)s", name=actor.display_name, what=str(subject).lower())
    notify(member.user_id, "session", text, f"/m/{mentorship.id}/sessions", author=actor)
    accept_url = None
    if session.status == SessionStatus.PROPOSED:
        accept_url = current_app.config["BASE_URL"].rstrip("/") + (
            f"/sessions/accept/{make_accept_token(member.user_id, session.id, session.sequence)}"
        )
    queue_mail(
        member.user,
        "session",
        _("%(what)s: %(title)s", what=str(subject), title=session_title(session, member.user_id)),
        "session_invite",
        calendar_ics=session_ics(session, member.user_id, now, method),
        session=session,
        when=_when(session, member.user),
        actor=actor,
        subject_line=str(subject).lower(),
        accept_url=accept_url,
        space_url=current_app.config["BASE_URL"].rstrip("/") + f"/m/{mentorship.id}/sessions",
    )


def propose(mentorship: Mentorship, proposer: User, plan: Plan, now: datetime | None = None) -> CallSession:
    """A new proposal; the others accept or decline it. Commits."""
    _guard(mentorship, proposer)
    minutes = _checked(plan, now)
    try:
        count = series.series_count(mentorship, plan.starts_at, plan.repeat_weeks, plan.repeat_count)
    except series.SeriesError as error:
        raise SessionError(str(error)) from error
    session = CallSession(
        repeat_weeks=plan.repeat_weeks if count > 1 else 0,
        repeat_count=count,
        mentorship_id=mentorship.id,
        proposer_id=proposer.id,
        starts_at=plan.starts_at,
        minutes=minutes,
        zone=plan.zone,
        place_kind=plan.place_kind,
        place=clean_place(plan.place_kind, plan.place),
        agenda=_text(plan.agenda),
        uid=f"session-{secrets.token_hex(12)}@mentorship",
    )
    session.mentorship = mentorship
    db.session.add(session)
    db.session.flush()
    _tell_others(
        session, proposer, _("%(name)s proposed a session.", name=proposer.display_name), _l("New session proposed")
    )
    db.session.commit()
    return session


def accept(session: CallSession, user: User) -> CallSession:
    """Accept the proposed time. Commits."""
    _guard(session.mentorship, user)
    refusal = answer_refusal(session, user.id)
    if refusal:
        raise SessionError(refusal)
    session.status = SessionStatus.ACCEPTED
    session.sequence += 1
    _tell_others(session, user, _("%(name)s accepted the session.", name=user.display_name), _l("Session accepted"))
    db.session.commit()
    return session


def decline(session: CallSession, user: User) -> CallSession:
    """Decline the proposed time (the decliner may propose another). Commits."""
    refusal = answer_refusal(session, user.id)
    if refusal:
        raise SessionError(refusal)
    session.status = SessionStatus.DECLINED
    session.sequence += 1
    _tell_others(
        session,
        user,
        _("%(name)s declined the proposed session.", name=user.display_name),
        _l("Session declined"),
        "CANCEL",
    )
    db.session.commit()
    return session


def move(session: CallSession, user: User, plan: Plan, now: datetime | None = None) -> CallSession:
    """A new time (and length) for an open session; it waits for the others' answer again. Commits."""
    _guard(session.mentorship, user)
    refusal = change_refusal(session)
    if refusal:
        raise SessionError(refusal)
    session.minutes = _checked(plan, now)
    session.starts_at, session.zone = plan.starts_at, plan.zone
    session.exceptions.clear()  # the whole series moves: its one-off changes named the old times
    session.status, session.proposer_id = SessionStatus.PROPOSED, user.id
    session.sequence += 1
    _tell_others(session, user, _("%(name)s moved the session.", name=user.display_name), _l("Session moved"))
    db.session.commit()
    return session


def cancel(session: CallSession, user: User) -> CallSession:
    """Cancel an open session; members get a CANCEL. Commits."""
    refusal = change_refusal(session)
    if refusal:
        raise SessionError(refusal)
    session.status = SessionStatus.CANCELLED
    session.sequence += 1
    _tell_others(
        session, user, _("%(name)s cancelled a session.", name=user.display_name), _l("Session cancelled"), "CANCEL"
    )
    db.session.commit()
    return session


def cancel_one(session: CallSession, user: User, stamp: int) -> CallSession:
    """Cancel one occurrence of a series (an EXDATE); the others get the updated series. Commits."""
    occurrence = _occurrence(session, stamp)
    try:
        series.cancel_occurrence(session, user, occurrence)
    except series.SeriesError as error:
        raise SessionError(str(error)) from error
    when = in_zone(occurrence.starts_at, user.timezone, "%a %d %b")
    line = _("%(name)s cancelled the session of %(when)s.", name=user.display_name, when=when)
    _tell_others(session, user, line, _l("Session changed"))
    db.session.commit()
    return session


def move_one(session: CallSession, user: User, stamp: int, plan: Plan, now: datetime | None = None) -> CallSession:
    """Give one occurrence of a series its own time (RECURRENCE-ID); the others are asked again. Commits."""
    _guard(session.mentorship, user)
    occurrence = _occurrence(session, stamp)
    try:
        series.move_occurrence(session, user, occurrence, plan.starts_at, plan.minutes, now or utcnow())
    except series.SeriesError as error:
        raise SessionError(str(error)) from error
    when = in_zone(occurrence.starts_at, user.timezone, "%a %d %b")
    line = _("%(name)s moved the session of %(when)s.", name=user.display_name, when=when)
    _tell_others(session, user, line, _l("Session moved"))
    db.session.commit()
    return session


def _occurrence(session: CallSession, stamp: int) -> series.Occurrence:
    if not session.is_series:
        raise SessionError(_("This session doesn't repeat: move or cancel it as a whole."))
    occurrence = series.occurrence_or_none(session, stamp)
    if occurrence is None:
        raise SessionError(_("That session of the series is not on the calendar any more."))
    return occurrence


def save_note(session: CallSession, user: User, note: str | None) -> CallSession:
    """The shared note after the call, visible to the members only. Commits."""
    if session.mentorship.member_for(user.id) is None:
        raise SessionError(_("Only the members can write this note."))
    session.note = _text(note)
    db.session.commit()
    return session


def has_sessions(mentorship: Mentorship) -> bool:
    """Whether the mentorship has any session yet (the welcome card offers times until it has)."""
    return (
        db.session.scalar(select(CallSession.id).where(CallSession.mentorship_id == mentorship.id).limit(1)) is not None
    )


def sessions_of(mentorship: Mentorship) -> list[CallSession]:
    """The mentorship's sessions, soonest first."""
    return list(
        db.session.scalars(
            select(CallSession).where(CallSession.mentorship_id == mentorship.id).order_by(CallSession.starts_at)
        )
    )


def _checked(plan: Plan, now: datetime | None) -> int:
    try:
        return check_span(plan.starts_at, plan.minutes, now or utcnow())
    except ValueError as error:
        raise SessionError(str(error)) from error


def _text(value: str | None) -> str:
    value = (value or "").strip()
    if len(value) > MAX_TEXT:
        raise SessionError(_("Keep it under %(MAX_TEXT)s characters.", MAX_TEXT=MAX_TEXT))
    return value
