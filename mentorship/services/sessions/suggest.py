"""The three mutual times a mentorship's page offers: its members' sign-up slots and zones, minus their sessions."""

from datetime import datetime, timedelta

from sqlalchemy import or_, select

from mentorship.extensions import db
from mentorship.models import CallSession, Enrollment, Mentorship, MentorshipMember
from mentorship.permissions.sessions import OPEN_STATUSES
from mentorship.services.sessions.mutual import HORIZON_DAYS, Person, mutual_times
from mentorship.services.sessions.series import occurrences


def people_of(mentorship: Mentorship) -> list[Person]:
    """Each member's slots (their enrollment in the program) and zone (their profile's)."""
    slots: dict[int, list[str]] = {}
    if mentorship.program_id is not None:
        rows = db.session.execute(
            select(Enrollment.user_id, Enrollment.availability).where(
                Enrollment.program_id == mentorship.program_id,
                Enrollment.user_id.in_([m.user_id for m in mentorship.members]),
            )
        )
        slots = {user_id: list(availability or []) for user_id, availability in rows}
    return [Person(tuple(slots.get(m.user_id, ())), m.user.timezone or "UTC") for m in mentorship.members]


def busy_of(mentorship: Mentorship, now: datetime) -> list[tuple[datetime, datetime]]:
    """Every open session any member has in the next two weeks, in any of their mentorships."""
    member_ids = [m.user_id for m in mentorship.members]
    end = now + timedelta(days=HORIZON_DAYS + 1)
    rows = db.session.scalars(
        select(CallSession)
        .join(MentorshipMember, MentorshipMember.mentorship_id == CallSession.mentorship_id)
        .where(
            MentorshipMember.user_id.in_(member_ids),
            CallSession.status.in_(list(OPEN_STATUSES)),
            or_(CallSession.starts_at >= now - timedelta(hours=3), CallSession.repeat_weeks > 0),
            CallSession.starts_at <= end,
        )
        .distinct()
    )
    busy = []
    for session in rows:
        busy.extend((o.starts_at, o.ends_at) for o in occurrences(session, now - timedelta(hours=3), end))
    return busy


def suggested_times(mentorship: Mentorship, now: datetime, minutes: int = 45) -> list[datetime]:
    """Up to three UTC starts that suit every member."""
    return mutual_times(people_of(mentorship), busy_of(mentorship, now), now, minutes)
