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

from flask import current_app
from sqlalchemy import bindparam, delete, exists, func, insert, or_, select
from sqlalchemy.orm import selectinload

from mentorship.database import insert_new_rows, read_only
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
from mentorship.queue import EnqueueCounts, batch_job_id, enqueue_unique_many
from mentorship.services.notify.links import site_path
from mentorship.services.notify.mail import absolute, queue_mails
from mentorship.services.notify.notifications import notify_batch
from mentorship.services.space.activity import last_checkin_summaries

log = logging.getLogger(__name__)

CHECKIN_HOUR = 9
PAGE_SIZE = 5000
BATCH_SIZE = 250
# A reminder job that runs a week late (a long outage) is dropped: next week's is due by then.
STALE_AFTER = timedelta(days=7)
CHECKIN_BATCH_JOB = "jobs.reminders.send_checkin_reminders"
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
    def key(self) -> str:
        return f"{self.mentorship_id}_{self.user_id}_{self.week}"

    @property
    def key_tuple(self) -> tuple[int, int, int]:
        return (self.mentorship_id, self.user_id, self.week)

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


def batch_size() -> int:
    """Reminders per job: a few hundred, one transaction and a handful of multi-row statements each."""
    return current_app.config.get("REMINDER_BATCH_SIZE") or BATCH_SIZE


def sweep_checkins(now: datetime | None = None):
    """Enqueue the due (mentorship, member, week) reminders in batch jobs; returns the EnqueueCounts (in reminders).

    A batch's job id is derived from the reminders in it: while it waits, the next sweep finds the same
    batch and counts it as queued. A batch cut otherwise (some of it delivered meanwhile) gets a job of its
    own; the delivery's unique key makes the overlap a no-op."""
    counts = EnqueueCounts()
    size = batch_size()
    for page in find_due_checkins(now):
        chunks = [page[i : i + size] for i in range(0, len(page), size)]
        counts += enqueue_unique_many(
            CHECKIN_BATCH_JOB,
            (
                (batch_job_id("checkins", [due.key for due in chunk]), ([due.job_args for due in chunk],))
                for chunk in chunks
            ),
            queue="reminders",
            retry=CHECKIN_RETRY,
            weight=lambda args: len(args[0]),
        )
    return counts


def _companions(mentorship: Mentorship, user_id: int) -> str:
    others = [member.user.display_name for member in mentorship.members if member.user_id != user_id]
    if not others:
        return "your mentorship"
    if len(others) == 1:
        return others[0]
    return f"your circle ({', '.join(others[:3])}{' and others' if len(others) > 3 else ''})"


def _applies(due: DueCheckin, mentorship: Mentorship | None, now: datetime) -> bool:
    """Still worth sending: the mentorship is active, the person still in it, the reminder not stale."""
    member = mentorship.member_for(due.user_id) if mentorship is not None else None
    return not (
        member is None
        or mentorship.status != "active"
        or member.user.is_deleted
        or now - due.due_at >= STALE_AFTER
        or due.week > mentorship.weeks
    )


def _store_deliveries(due: list[DueCheckin]) -> set[tuple[int, int, int]]:
    """Insert the delivery rows in one statement; the (mentorship, member, week) keys it stored."""
    if not due:
        return set()
    statement = insert_new_rows(db.session, ReminderDelivery, ["mentorship_id", "user_id", "week"]).returning(
        ReminderDelivery.mentorship_id, ReminderDelivery.user_id, ReminderDelivery.week
    )
    now = utcnow()
    rows = [
        {"mentorship_id": d.mentorship_id, "user_id": d.user_id, "week": d.week, "due_at": d.due_at, "created_at": now}
        for d in due
    ]
    return {tuple(row) for row in db.session.execute(statement, rows)}


def deliver_checkins(due: list[DueCheckin], now: datetime | None = None) -> list[str]:
    """Write a batch of reminders (delivery rows, notifications, mails) in one transaction; commits.

    Answers, per reminder: "delivered", "already" (a previous or concurrent run stored its delivery:
    nothing more is written for it) or "skipped" (the mentorship is no longer active, the person left
    it, or the reminder is stale)."""
    now = now or utcnow()
    mentorships = {
        m.id: m
        for m in db.session.scalars(
            select(Mentorship)
            .where(Mentorship.id.in_({d.mentorship_id for d in due}))
            .options(selectinload(Mentorship.members).joinedload(MentorshipMember.user))
        )
    }
    live = [d for d in due if _applies(d, mentorships.get(d.mentorship_id), now)]
    stored = _store_deliveries(live)
    new = [d for d in live if d.key_tuple in stored]
    steps = _steps({(mentorships[d.mentorship_id].program_id, d.week) for d in new})
    summaries = last_checkin_summaries([(d.mentorship_id, d.user_id) for d in new])
    notifications, mails = [], []
    for d in new:
        mentorship = mentorships[d.mentorship_id]
        notification, mail = _reminder(d, mentorship, steps.get((mentorship.program_id, d.week)), summaries)
        notifications.append(notification)
        if mail is not None:
            mails.append(mail)
    notify_batch(notifications)
    queue_mails(mails)
    db.session.commit()
    already = {d.key_tuple: "already" for d in live if d.key_tuple not in stored}
    statuses = {d.key_tuple: "delivered" for d in new} | already
    return [statuses.get(d.key_tuple, "skipped") for d in due]


def _steps(keys: set[tuple[int | None, int]]) -> dict[tuple[int, int], ProgramStep]:
    """This week's program step for each (program, week), in one query."""
    programs = {program_id for program_id, _ in keys if program_id is not None}
    if not programs:
        return {}
    steps = db.session.scalars(
        select(ProgramStep).where(
            ProgramStep.program_id.in_(programs), ProgramStep.week.in_({week for _, week in keys})
        )
    )
    return {(step.program_id, step.week): step for step in steps}


def _reminder(due: DueCheckin, mentorship: Mentorship, step: ProgramStep | None, summaries: dict):
    """The reminder's notification (user, kind, text, link) and its mail (queue_mail's arguments, or None)."""
    user = mentorship.member_for(due.user_id).user
    with_whom = _companions(mentorship, due.user_id)
    link = site_path("mentorships.show", mentorship_id=due.mentorship_id) + "#checkin"
    title = f"Week {due.week} check-in with {with_whom}"
    if step:
        text = f"{title}: {step.title}" + ("" if step.title.endswith((".", "!", "?")) else ".")
    else:
        text = f"{title} is due."
    if not user.wants_email("email_checkin"):
        return (due.user_id, "checkin_due", text, link), None
    mail = {
        "user": user,
        "kind": "checkin_due",
        "subject": title,
        "template": "checkin_due",
        "dedupe_key": f"checkin-{due.mentorship_id}-{due.user_id}-{due.week}",
        "week": due.week,
        "weeks": mentorship.weeks,
        "step": step,
        "with_whom": with_whom,
        "last_checkin": summaries.get((due.mentorship_id, due.user_id)),
        "link": absolute(link),
    }
    return (due.user_id, "checkin_due", text, link), mail


def deliver_checkin(mentorship_id: int, user_id: int, week: int, due_at: datetime, now: datetime | None = None) -> str:
    """Write one reminder's delivery, notification and mail in one transaction; commits (see deliver_checkins)."""
    return deliver_checkins([DueCheckin(mentorship_id, user_id, week, due_at)], now)[0]
