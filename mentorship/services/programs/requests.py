"""Mentee-choice programs: the mentor directory, requests, answers and the 7/14-day rules."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import case, select
from sqlalchemy.orm import selectinload

from mentorship.extensions import db
from mentorship.models import Enrollment, Mentorship, Program
from mentorship.models.matching import MAX_OPEN_REQUESTS, REQUEST_EXPIRE_DAYS, REQUEST_REMIND_DAYS, MentorRequest
from mentorship.permissions.programs import uses_mentor_directory
from mentorship.services.communities.suspension import refusal_if_suspended
from mentorship.services.notify.links import site_path
from mentorship.services.notify.notifications import notify
from mentorship.services.programs.pairing import (
    PairingError,
    block_filter,
    blocked_user_pairs,
    create_mentorship,
    people_in_live_mentorships,
    tried_user_pairs,
)

MAX_MESSAGE = 1000


class RequestError(ValueError):
    """A mentor request refused, with a message for the person."""


@dataclass
class DirectoryEntry:
    mentor: Enrollment
    free_places: int
    hours_apart: float | None
    shared_topics: list[str]
    my_request: MentorRequest | None


def utc_offset_hours(zone: str, at: datetime | None = None) -> float | None:
    try:
        offset = (at or datetime.now(UTC)).astimezone(ZoneInfo(zone)).utcoffset()
    except (ZoneInfoNotFoundError, ValueError):
        return None
    return offset.total_seconds() / 3600 if offset is not None else None


def hours_between(a: str, b: str) -> float | None:
    """Hours between two timezones right now, the short way round the clock."""
    first, second = utc_offset_hours(a), utc_offset_hours(b)
    if first is None or second is None:
        return None
    diff = abs(first - second) % 24
    return min(diff, 24 - diff)


def directory(
    program: Program, viewer: Enrollment | None, *, topic: str = "", max_hours: int | None = None, language: str = ""
) -> tuple[list[DirectoryEntry], dict]:
    """Mentors with a free place, minus anyone blocked or already tried; with the filters' choices."""
    query = (
        select(Enrollment)
        .where(
            Enrollment.program_id == program.id,
            Enrollment.role == "mentor",
            Enrollment.status == "approved",
            Enrollment.paused.is_(False),
        )
        .options(selectinload(Enrollment.user))
        .order_by(Enrollment.id)
    )
    if viewer is not None:
        query = query.where(Enrollment.user_id != viewer.user_id, block_filter(viewer.user_id))
    mentors = db.session.scalars(query).all()
    live = people_in_live_mentorships(program.id)
    tried = tried_user_pairs(program.id) if viewer is not None else set()
    mine = {}
    if viewer is not None:
        for request in db.session.scalars(
            select(MentorRequest)
            .where(MentorRequest.mentee_enrollment_id == viewer.id)
            .order_by(MentorRequest.created_at)
        ):
            mine[request.mentor_enrollment_id] = request
    listed = []
    for mentor in mentors:
        free = mentor.capacity - live.get(mentor.user_id, 0)
        if free <= 0 or (viewer is not None and (mentor.user_id, viewer.user_id) in tried):
            continue
        apart = hours_between(mentor.timezone, viewer.timezone) if viewer is not None else None
        shared = sorted(set(mentor.topics or []) & set(viewer.topics or [])) if viewer is not None else []
        listed.append(DirectoryEntry(mentor, free, apart, shared, mine.get(mentor.id)))
    choices = {
        "topics": sorted({t for e in listed for t in e.mentor.topics or []}),
        "languages": sorted({lang for e in listed for lang in e.mentor.languages or []}),
    }
    if topic:
        listed = [e for e in listed if topic in (e.mentor.topics or [])]
    if language:
        listed = [e for e in listed if language in (e.mentor.languages or [])]
    if max_hours is not None:
        listed = [e for e in listed if e.hours_apart is not None and e.hours_apart <= max_hours]
    listed.sort(key=lambda e: (-len(e.shared_topics), e.hours_apart or 0, e.mentor.user.display_name.lower()))
    return listed, choices


def requests_of(enrollment: Enrollment, limit: int = 100) -> list[MentorRequest]:
    """The requests a mentor received or a mentee sent, open ones first, newest first."""
    column = MentorRequest.mentor_enrollment_id if enrollment.role == "mentor" else MentorRequest.mentee_enrollment_id
    return list(
        db.session.scalars(
            select(MentorRequest)
            .where(column == enrollment.id)
            .options(
                selectinload(MentorRequest.mentor).selectinload(Enrollment.user),
                selectinload(MentorRequest.mentee).selectinload(Enrollment.user),
            )
            .order_by(case((MentorRequest.status == "open", 0), else_=1), MentorRequest.created_at.desc())
            .limit(limit)
        )
    )


def open_requests_of(mentee: Enrollment) -> list[MentorRequest]:
    return list(
        db.session.scalars(
            select(MentorRequest).where(MentorRequest.mentee_enrollment_id == mentee.id, MentorRequest.status == "open")
        )
    )


def _requests_link(program: Program) -> str:
    return site_path("programs.requests", slug=program.community.slug, program_id=program.id)


def request_mentor(program: Program, mentee: Enrollment, mentor: Enrollment, message: str) -> MentorRequest:
    """A mentee asks a mentor (at most two open requests at a time); the mentor is told; commits."""
    if not uses_mentor_directory(program):
        raise RequestError("In this program the admins pair people; there's nothing to request.")
    if program.status not in ("open", "running"):
        raise RequestError("This program isn't taking requests right now.")
    if mentee.program_id != program.id or mentee.role != "mentee" or mentee.status != "approved":
        raise RequestError("You can request a mentor once your sign-up as a mentee is approved.")
    if mentor.program_id != program.id or mentor.role != "mentor" or mentor.status != "approved" or mentor.paused:
        raise RequestError("This mentor isn't taking requests right now.")
    if len(message) > MAX_MESSAGE:
        raise RequestError(f"Keep your message under {MAX_MESSAGE} characters.")
    if (refusal := refusal_if_suspended(program.community, mentee.user_id)) is not None:
        raise RequestError(refusal)
    live = people_in_live_mentorships(program.id)
    if mentee.user_id in live:
        raise RequestError("You already have a mentor in this program.")
    if live.get(mentor.user_id, 0) >= mentor.capacity:
        raise RequestError(f"{mentor.user.display_name} has no free place right now.")
    earlier = db.session.scalars(
        select(MentorRequest).where(
            MentorRequest.mentee_enrollment_id == mentee.id, MentorRequest.mentor_enrollment_id == mentor.id
        )
    ).all()
    if any(r.status == "open" for r in earlier):
        raise RequestError(f"You've already asked {mentor.user.display_name}; wait for their answer.")
    if any(r.status == "declined" for r in earlier):
        raise RequestError(f"{mentor.user.display_name} declined an earlier request; please choose another mentor.")
    if len(open_requests_of(mentee)) >= MAX_OPEN_REQUESTS:
        raise RequestError(
            f"You can have at most {MAX_OPEN_REQUESTS} open requests. Withdraw one or wait for an answer."
        )
    problem = _pair_rule_problem(program, mentor, mentee)
    if problem:
        raise RequestError(problem)
    request = MentorRequest(
        program_id=program.id, mentee_enrollment_id=mentee.id, mentor_enrollment_id=mentor.id, message=message.strip()
    )
    db.session.add(request)
    notify(
        mentor.user_id,
        "mentor_request",
        f"{mentee.user.display_name} would like you as their mentor in {program.title}.",
        _requests_link(program),
        author=mentee.user_id,
    )
    db.session.commit()
    return request


def _pair_rule_problem(program: Program, mentor: Enrollment, mentee: Enrollment) -> str | None:
    if (mentor.user_id, mentee.user_id) in blocked_user_pairs({mentor.user_id, mentee.user_id}):
        return "This mentor isn't available to you."
    if (mentor.user_id, mentee.user_id) in tried_user_pairs(program.id):
        return "You were already paired with this mentor in this program."
    return None


def accept_request(request: MentorRequest) -> Mentorship:
    """The mentor says yes: an active pair is made and introduced; other open requests close; commits."""
    if request.status != "open":
        raise RequestError("This request was already answered or has closed.")
    program, mentor, mentee = request.program, request.mentor, request.mentee
    try:
        mentorship = create_mentorship(program, mentor, [mentee])
    except PairingError as error:
        db.session.rollback()
        raise RequestError(str(error))
    request.status, request.decided_at, request.mentorship_id = "accepted", datetime.now(UTC), mentorship.id
    for other in open_requests_of(mentee):
        if other.id != request.id:
            other.status, other.decided_at = "closed", datetime.now(UTC)
    full = people_in_live_mentorships(program.id).get(mentor.user_id, 0) >= mentor.capacity
    if full:
        waiting = db.session.scalars(
            select(MentorRequest).where(
                MentorRequest.mentor_enrollment_id == mentor.id,
                MentorRequest.status == "open",
                MentorRequest.id != request.id,
            )
        )
        for other in waiting:
            other.status, other.decided_at = "closed", datetime.now(UTC)
            notify(
                other.mentee.user_id,
                "request_closed",
                f"{mentor.user.display_name}'s places filled up, so your request was closed. "
                "Other mentors are still free.",
                _requests_link(program),
                author=mentor.user_id,
            )
    db.session.commit()
    return mentorship


def decline_request(request: MentorRequest) -> None:
    """The mentor says no, and the mentee is told kindly; commits."""
    if request.status != "open":
        raise RequestError("This request was already answered or has closed.")
    request.status, request.decided_at = "declined", datetime.now(UTC)
    notify(
        request.mentee.user_id,
        "request_declined",
        f"{request.mentor.user.display_name} can't take you on in {request.program.title} right now. "
        "Don't be discouraged: other mentors have free places.",
        _requests_link(request.program),
        author=request.mentor.user_id,
    )
    db.session.commit()


def withdraw_request(request: MentorRequest) -> None:
    """The mentee takes a request back; commits."""
    if request.status != "open":
        raise RequestError("This request was already answered or has closed.")
    request.status, request.decided_at = "withdrawn", datetime.now(UTC)
    db.session.commit()


def expire_mentor_requests(now: datetime) -> dict[str, int]:
    """Remind mentors of requests open 7 days; close those open 14 days and tell the mentee; commits.

    Safe to run any number of times: a request is reminded once and closed once.
    """
    remind_before, expire_before = now - timedelta(days=REQUEST_REMIND_DAYS), now - timedelta(days=REQUEST_EXPIRE_DAYS)
    waiting = db.session.scalars(
        select(MentorRequest)
        .where(MentorRequest.status == "open", MentorRequest.created_at <= remind_before)
        .options(
            selectinload(MentorRequest.program).selectinload(Program.community),
            selectinload(MentorRequest.mentor).selectinload(Enrollment.user),
            selectinload(MentorRequest.mentee).selectinload(Enrollment.user),
        )
    ).all()
    reminded = expired = 0
    for request in waiting:
        link = _requests_link(request.program)
        if request.created_at <= expire_before:
            request.status, request.decided_at = "expired", now
            notify(
                request.mentee.user_id,
                "request_expired",
                f"Your request to {request.mentor.user.display_name} in {request.program.title} closed after "
                f"{REQUEST_EXPIRE_DAYS} days without an answer. You can ask another mentor.",
                link,
                author=request.mentor.user_id,
            )
            expired += 1
        elif request.reminded_at is None:
            request.reminded_at = now
            notify(
                request.mentor.user_id,
                "request_reminder",
                f"{request.mentee.user.display_name} has been waiting {REQUEST_REMIND_DAYS} days for your answer "
                f"in {request.program.title}. Requests close after {REQUEST_EXPIRE_DAYS} days.",
                link,
                author=request.mentee.user_id,
            )
            reminded += 1
    db.session.commit()
    return {"reminded": reminded, "expired": expired}
