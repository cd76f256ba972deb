"""Weekly check-in reminders: which are due (in each member's own timezone) and delivering one.

Week N of a mentorship covers the member's local dates start+7(N-1) .. start+7N-1, where
start is the local date it started. Its check-in day is the one date in that span that
falls on the program's check-in weekday (Monday without a program); the reminder is due
from 09:00 local on that day. After the last week (Mentorship.weeks) nothing more is due.

The sweep never converts timezones per mentorship in SQL: it groups members by
(timezone, weekday), computes "the latest 09:00 on that weekday" once per group (written
to CheckinMoment), and lets the database find the members who have no delivery for it
(an anti-join, in pages).
"""

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, delete, exists, func, insert, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from mentorship.database import read_only
from mentorship.extensions import db
from mentorship.models import (
    CheckinMoment,
    Mentorship,
    MentorshipMember,
    Program,
    ProgramStep,
    ReminderDelivery,
    User,
    utcnow,
)
from mentorship.queue import EnqueueCounts, enqueue_unique_many
from mentorship.services.notify.links import site_path
from mentorship.services.notify.mail import absolute, queue_mail
from mentorship.services.notify.notifications import notify
from mentorship.services.space.activity import last_checkin_summary

log = logging.getLogger(__name__)

CHECKIN_HOUR = 9
PAGE_SIZE = 5000
# A reminder job that runs a week late (a long outage) is dropped: next week's is due by then.
STALE_AFTER = timedelta(days=7)
CHECKIN_JOB = "jobs.reminders.send_checkin_reminder"
CHECKIN_RETRY = (5, [5, 30, 120, 600, 1800])


@lru_cache(maxsize=1024)
def zone(name: str) -> ZoneInfo:
    """The IANA zone, or UTC for a name this machine does not know."""
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def latest_checkin_moment(tz_name: str, weekday: int, now: datetime) -> datetime:
    """The latest 09:00 local on `weekday` (0 = Monday) at or before `now`, as an aware local time."""
    tz = zone(tz_name)
    local_now = now.astimezone(tz)
    day = local_now.date() - timedelta(days=(local_now.weekday() - weekday) % 7)
    moment = datetime.combine(day, time(CHECKIN_HOUR), tzinfo=tz)
    if moment > local_now:
        moment = datetime.combine(day - timedelta(days=7), time(CHECKIN_HOUR), tzinfo=tz)
    return moment


def checkin_week(started_at: datetime, checkin_day: date, tz_name: str, weeks: int) -> int | None:
    """Which week of the mentorship a check-in day belongs to, or None (before week 1, after the last)."""
    start = started_at.astimezone(zone(tz_name)).date()
    if checkin_day < start:
        return None
    week = (checkin_day - start).days // 7 + 1
    return week if week <= weeks else None


@dataclass(frozen=True)
class DueCheckin:
    mentorship_id: int
    user_id: int
    week: int
    due_at: datetime

    @property
    def job_id(self) -> str:
        return f"checkin-{self.mentorship_id}-{self.user_id}-{self.week}"

    @property
    def job_args(self) -> tuple:
        return (self.mentorship_id, self.user_id, self.week, int(self.due_at.timestamp()))


def _checkin_weekday():
    return func.coalesce(Program.checkin_weekday, 0)


def _active_members(*columns):
    """Members of active, started mentorships, with their timezone and check-in weekday."""
    return (
        select(*columns)
        .select_from(MentorshipMember)
        .join(Mentorship, Mentorship.id == MentorshipMember.mentorship_id)
        .join(User, User.id == MentorshipMember.user_id)
        .outerjoin(Program, Program.id == Mentorship.program_id)
        .where(Mentorship.status == "active", Mentorship.started_at.is_not(None), User.deleted_at.is_(None))
    )


def _write_checkin_moments(now: datetime) -> dict:
    """Rewrite CheckinMoment for the (timezone, weekday) groups in use; {(tz, weekday): (local day, due_at)}."""
    with read_only(db.session):
        groups = db.session.execute(_active_members(User.timezone, _checkin_weekday()).distinct()).all()
    rows, local_days = [], {}
    for tz_name, weekday in groups:
        moment = latest_checkin_moment(tz_name, weekday, now)
        due_at = moment.astimezone(UTC)
        local_days[(tz_name, weekday)] = (moment.date(), due_at)
        rows.append(
            {
                "tz": tz_name,
                "weekday": weekday,
                "due_at": due_at,
                "window_start": due_at - timedelta(days=6),
            }
        )
    db.session.execute(delete(CheckinMoment))
    if rows:
        db.session.execute(insert(CheckinMoment), rows)
    db.session.commit()
    return local_days


def _moment(column):
    """This member's CheckinMoment value, looked up by primary key (a correlated scalar subquery)."""
    lookup = select(column).where(CheckinMoment.tz == User.timezone, CheckinMoment.weekday == _checkin_weekday())
    return lookup.correlate_except(CheckinMoment).scalar_subquery()


def _due_members_query():
    delivered = exists().where(
        ReminderDelivery.mentorship_id == MentorshipMember.mentorship_id,
        ReminderDelivery.user_id == MentorshipMember.user_id,
        or_(ReminderDelivery.due_at > _moment(CheckinMoment.window_start), ReminderDelivery.week >= Mentorship.weeks),
    )
    return _active_members(
        MentorshipMember.mentorship_id,
        MentorshipMember.user_id,
        User.timezone,
        _checkin_weekday(),
        Mentorship.started_at,
        Mentorship.weeks,
    ).where(MentorshipMember.mentorship_id.between(bindparam("first"), bindparam("last")), ~delivered)


def find_due_checkins(now: datetime | None = None, page_size: int = PAGE_SIZE) -> Iterator[list[DueCheckin]]:
    """Pages of check-in reminders that are due and not yet delivered.

    Each page takes the id range of the next `page_size` active mentorships, then their
    members with an anti-join on ReminderDelivery. The check-in moment is only ever looked
    up per member (by primary key), so no database plans a scan of it times every row.
    """
    now = now or utcnow()
    local_days = _write_checkin_moments(now)
    if not local_days:
        return
    members = _due_members_query()
    page = (
        select(Mentorship.id)
        .where(Mentorship.status == "active", Mentorship.id > bindparam("after"))
        .order_by(Mentorship.id)
        .limit(page_size)
    )
    after = 0
    while True:
        with read_only(db.session):
            connection = db.session.connection()  # Core rows: no ORM bookkeeping for 200,000 tuples
            ids = connection.execute(page, {"after": after}).scalars().all()
            rows = connection.execute(members, {"first": ids[0], "last": ids[-1]}).all() if ids else []
        if not ids:
            return
        batch = []
        for mentorship_id, user_id, tz_name, weekday, started_at, weeks in rows:
            checkin_day, due_at = local_days.get((tz_name, weekday), (None, None))
            week = checkin_week(started_at, checkin_day, tz_name, weeks) if checkin_day else None
            if week is not None:
                batch.append(DueCheckin(mentorship_id, user_id, week, due_at))
        yield batch
        after = ids[-1]


def sweep_checkins(now: datetime | None = None):
    """Enqueue one job per due (mentorship, member, week); returns the EnqueueCounts."""
    counts = EnqueueCounts()
    for batch in find_due_checkins(now):
        counts += enqueue_unique_many(
            CHECKIN_JOB, ((due.job_id, due.job_args) for due in batch), queue="reminders", retry=CHECKIN_RETRY
        )
    return counts


def _companions(mentorship: Mentorship, user_id: int) -> str:
    others = [member.user.display_name for member in mentorship.members if member.user_id != user_id]
    if not others:
        return "your mentorship"
    if len(others) == 1:
        return others[0]
    return f"your circle ({', '.join(others[:3])}{' and others' if len(others) > 3 else ''})"


def already_delivered(mentorship_id: int, user_id: int, week: int) -> bool:
    """A cheap look before rendering anything; the unique key is what really guards."""
    query = select(ReminderDelivery.id).where(
        ReminderDelivery.mentorship_id == mentorship_id,
        ReminderDelivery.user_id == user_id,
        ReminderDelivery.week == week,
    )
    return db.session.scalar(query) is not None


def deliver_checkin(mentorship_id: int, user_id: int, week: int, due_at: datetime, now: datetime | None = None) -> str:
    """Write the reminder's delivery, notification and mail in one transaction; commits.

    Returns "delivered", "already" (a previous run did it: nothing is written) or "skipped"
    (the mentorship is no longer active, the person left it, or the reminder is stale).
    """
    now = now or utcnow()
    if already_delivered(mentorship_id, user_id, week):
        db.session.rollback()
        return "already"
    mentorship = db.session.get(
        Mentorship, mentorship_id, options=[selectinload(Mentorship.members).joinedload(MentorshipMember.user)]
    )
    member = mentorship.member_for(user_id) if mentorship is not None else None
    if (
        member is None
        or mentorship.status != "active"
        or member.user.is_deleted
        or now - due_at >= STALE_AFTER
        or week > mentorship.weeks
    ):
        db.session.rollback()
        return "skipped"
    user = member.user
    step = None
    if mentorship.program_id is not None:
        step = db.session.scalar(
            select(ProgramStep).where(ProgramStep.program_id == mentorship.program_id, ProgramStep.week == week)
        )
    with_whom = _companions(mentorship, user_id)
    link = site_path("mentorships.show", mentorship_id=mentorship_id) + "#checkin"
    title = f"Week {week} check-in with {with_whom}"
    if step:
        text = f"{title}: {step.title}" + ("" if step.title.endswith((".", "!", "?")) else ".")
    else:
        text = _l("%(title)s is due.", title=title)
    db.session.add(ReminderDelivery(mentorship_id=mentorship_id, user_id=user_id, week=week, due_at=due_at))
    notify(user_id, "checkin_due", text, link, email=False, user=user)
    if user.wants_email("email_checkin"):
        queue_mail(
            user,
            "checkin_due",
            title,
            "checkin_due",
            dedupe_key=f"checkin-{mentorship_id}-{user_id}-{week}",
            week=week,
            weeks=mentorship.weeks,
            step=step,
            with_whom=with_whom,
            last_checkin=last_checkin_summary(mentorship_id, user_id),
            link=absolute(link),
        )
    try:
        db.session.commit()
    except IntegrityError:
        # Another run got there between our check and our commit: its rows stand, ours are dropped.
        db.session.rollback()
        return "already"
    return "delivered"
