"""Program health for a community's admins: sign-ups, mentorships, weekly rates, feedback, pairs needing a look.

Aggregates only, each from a fixed number of GROUP BY queries. Nothing here reads message bodies, check-in
notes, feedback comments or who wrote a concern. The community's own dashboard: services/programs/community.py.
The figures and the attention list are kept per process for HEALTH_CACHE_SECONDS (60 by default), so what the
page shows is at most that old (docs/DECISIONS.md, "Scale (2)").
"""

import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import and_, case, exists, func, or_, select

from mentorship.extensions import db
from mentorship.models import (
    AuditLog,
    Block,
    CheckIn,
    Enrollment,
    Mentorship,
    MentorshipFeedback,
    MentorshipMember,
    Message,
    StepProgress,
    UneasyNote,
    User,
    utcnow,
)
from mentorship.pagination import PageNumbers
from mentorship.services.communities import audit
from mentorship.services.notify.links import site_path
from mentorship.services.notify.notifications import notify
from mentorship.services.programs.figures import Table, day_of, ratio, weekly

QUIET_DAYS = 14
DIVERGENCE_POINTS = 2
ATTENTION_PER_PAGE = 20
STARTED_STATUSES = ("active", "paused", "completed", "ended")
STATUS_ORDER = ("proposed", "active", "paused", "completed", "ended")


class NudgeError(ValueError):
    """A nudge that cannot be sent (message for the admin)."""


def _signups(program_id: int) -> Table:
    day = func.date(Enrollment.created_at)
    rows = db.session.execute(
        select(Enrollment.role, day, func.count())
        .where(Enrollment.program_id == program_id)
        .group_by(Enrollment.role, day)
    ).all()
    return Table(
        "signups",
        _("Sign-ups by role per week"),
        [_("Week of"), _("Mentors"), _("Mentees")],
        weekly([(r, d, c) for r, d, c in rows], ["mentor", "mentee"]),
    )


def _matched(program_id: int) -> Table:
    # The program's paired people, read once (the database hashes them), not looked up per sign-up.
    paired = (
        select(MentorshipMember.user_id)
        .join(Mentorship, Mentorship.id == MentorshipMember.mentorship_id)
        .where(Mentorship.program_id == program_id, Mentorship.status.in_(("proposed", *STARTED_STATUSES)))
    )
    matched = case((Enrollment.user_id.in_(paired), 1), else_=0)
    rows = db.session.execute(
        select(Enrollment.role, func.sum(matched), func.count())
        .where(Enrollment.program_id == program_id, Enrollment.status == "approved")
        .group_by(Enrollment.role)
    ).all()
    by_role = {role: (int(m or 0), int(n)) for role, m, n in rows}
    table = Table(
        "matched", _("Approved sign-ups, matched and unmatched"), [_("Role"), _("Matched"), _("Unmatched")], chart="bar"
    )
    for role, label in (("mentor", _("Mentors")), ("mentee", _("Mentees"))):
        m, n = by_role.get(role, (0, 0))
        table.rows.append([label, m, n - m])
    return table


def _statuses(program_id: int) -> Table:
    rows = dict(
        db.session.execute(
            select(Mentorship.status, func.count())
            .where(Mentorship.program_id == program_id)
            .group_by(Mentorship.status)
        ).all()
    )
    words = {
        "proposed": _("Proposed"),
        "active": _("Active"),
        "paused": _("Paused"),
        "completed": _("Completed"),
        "ended": _("Ended early"),
    }
    return Table(
        "mentorships",
        _("Mentorships by state"),
        [_("State"), _("Mentorships")],
        [[words[s], rows.get(s, 0)] for s in STATUS_ORDER],
    )


def _spans(program_id: int, now: datetime) -> list[tuple[int, int]]:
    """(weeks reached, members) per started mentorship, as plain rows: the denominators of the weekly rates."""
    in_program = select(Mentorship.id).where(Mentorship.program_id == program_id)
    members = (  # counted for this program's mentorships only (not every member of the site)
        select(MentorshipMember.mentorship_id, func.count().label("n"))
        .where(MentorshipMember.mentorship_id.in_(in_program))
        .group_by(MentorshipMember.mentorship_id)
        .subquery()
    )
    rows = db.session.execute(
        select(Mentorship.started_at, Mentorship.ended_at, Mentorship.weeks, members.c.n)
        .join(members, members.c.mentorship_id == Mentorship.id)
        .where(Mentorship.program_id == program_id, Mentorship.status.in_(STARTED_STATUSES))
        .where(Mentorship.started_at.is_not(None))
    ).all()
    spans = []
    for started, ended, planned, n in rows:
        until = min(ended or now, now)
        reached = max(0, (until - started).days // 7 + 1) if until >= started else 0
        spans.append((min(reached, planned), int(n)))
    return spans


def _weekly_rates(program_id: int, now: datetime) -> tuple[Table, Table]:
    spans = _spans(program_id, now)
    last = max((weeks for weeks, _skip in spans), default=0)
    member_weeks = [0] * (last + 2)
    pair_weeks = [0] * (last + 2)
    for weeks, n in spans:  # a difference array: how many members and pairs reached each week
        member_weeks[1] += n
        member_weeks[weeks + 1] -= n
        pair_weeks[1] += 1
        pair_weeks[weeks + 1] -= 1
    scoped = Mentorship.program_id == program_id
    checkins = {
        w: (int(n), float(avg))
        for w, n, avg in db.session.execute(
            select(CheckIn.week, func.count(), func.avg(CheckIn.rating))
            .join(Mentorship, Mentorship.id == CheckIn.mentorship_id)
            .where(scoped)
            .group_by(CheckIn.week)
        ).all()
    }
    steps = dict(
        db.session.execute(
            select(StepProgress.week, func.count())
            .join(Mentorship, Mentorship.id == StepProgress.mentorship_id)
            .where(scoped)
            .group_by(StepProgress.week)
        ).all()
    )
    rate = Table(
        "checkins",
        _("Weekly check-ins"),
        [_("Week"), _("Check-in rate"), _("Check-ins"), _("Average rating")],
        chart="line",
        plot=[_("Check-in rate")],
    )
    step = Table(
        "steps",
        _("Weekly steps completed"),
        [_("Week"), _("Completion rate"), _("Steps done")],
        chart="line",
        plot=[_("Completion rate")],
    )
    members = pairs = 0
    for week in range(1, last + 1):
        members += member_weeks[week]
        pairs += pair_weeks[week]
        n, avg = checkins.get(week, (0, None))
        rate.rows.append([week, ratio(n, members), n, round(avg, 2) if avg is not None else None])
        step.rows.append([week, ratio(steps.get(week, 0), pairs), steps.get(week, 0)])
    return rate, step


def _overall(program_id: int) -> dict:
    scoped = Mentorship.program_id == program_id
    rating = db.session.scalar(
        select(func.avg(CheckIn.rating)).join(Mentorship, Mentorship.id == CheckIn.mentorship_id).where(scoped)
    )
    count, helpful, recommend = db.session.execute(
        select(
            func.count(),
            func.avg(MentorshipFeedback.helpful),
            func.sum(case((MentorshipFeedback.would_recommend.is_(True), 1), else_=0)),
        )
        .join(Mentorship, Mentorship.id == MentorshipFeedback.mentorship_id)
        .where(scoped)
    ).one()
    return {
        "rating": round(float(rating), 2) if rating is not None else None,
        "feedback_count": int(count),
        "helpful": round(float(helpful), 2) if helpful is not None else None,
        "recommend_share": ratio(int(recommend or 0), int(count)),
    }


def _attention_columns(now: datetime):
    since = now - timedelta(days=QUIET_DAYS)
    # updated_at is set when a check-in is written and on every edit (never before created_at): one indexed
    # range per mentorship, where "created or updated lately" made the database read every check-in.
    recent_checkin = exists().where(CheckIn.mentorship_id == Mentorship.id, CheckIn.updated_at >= since)
    recent_message = exists().where(
        Message.mentorship_id == Mentorship.id, Message.is_system.is_(False), Message.created_at >= since
    )
    quiet = and_(Mentorship.started_at <= since, ~recent_checkin, ~recent_message)
    latest = (
        select(func.max(CheckIn.week)).where(CheckIn.mentorship_id == Mentorship.id).correlate(Mentorship)
    ).scalar_subquery()
    spread = (
        select(func.max(CheckIn.rating) - func.min(CheckIn.rating))
        .where(CheckIn.mentorship_id == Mentorship.id, CheckIn.week == latest)
        .correlate(Mentorship)
        .scalar_subquery()
    )
    diverge = func.coalesce(spread, 0) >= DIVERGENCE_POINTS
    a, b = db.aliased(MentorshipMember), db.aliased(MentorshipMember)
    blocked = exists().where(
        a.mentorship_id == Mentorship.id,
        b.mentorship_id == Mentorship.id,
        Block.blocker_id == a.user_id,
        Block.blocked_id == b.user_id,
    )
    concern = (
        select(func.max(UneasyNote.created_at))
        .where(UneasyNote.mentorship_id == Mentorship.id, UneasyNote.resolved_at.is_(None))
        .correlate(Mentorship)
        .scalar_subquery()
    )
    return quiet, diverge, blocked, concern


def attention_query(program_id: int, now: datetime | None = None):
    """Live mentorships of a program that need a look: quiet, diverging ratings, a block or a concern."""
    quiet, diverge, blocked, concern = _attention_columns(now or utcnow())
    return (
        select(
            Mentorship.id,
            case((quiet, True), else_=False).label("quiet"),
            case((diverge, True), else_=False).label("diverge"),
            case((blocked, True), else_=False).label("blocked"),
            concern.label("concern_at"),
        )
        .where(Mentorship.program_id == program_id, Mentorship.status.in_(("active", "paused")))
        .where(or_(quiet, diverge, blocked, concern.is_not(None)))
        .order_by(Mentorship.id)
    )


def _names(mentorship_ids: list[int]) -> dict[int, str]:
    if not mentorship_ids:
        return {}
    rows = db.session.execute(
        select(MentorshipMember.mentorship_id, MentorshipMember.role, User.display_name)
        .join(User, User.id == MentorshipMember.user_id)
        .where(MentorshipMember.mentorship_id.in_(mentorship_ids))
        .order_by(MentorshipMember.mentorship_id, MentorshipMember.role, MentorshipMember.id)
    ).all()
    names: dict[int, list[str]] = {}
    for mentorship_id, role, name in rows:
        names.setdefault(mentorship_id, []).append(f"{name} ({role})")
    return {k: ", ".join(v) for k, v in names.items()}


_kept: dict[tuple, tuple[float, object]] = {}
KEPT_AT_MOST = 256  # entries per process (two per program opened lately)


def _keep(key: tuple, now: datetime | None, compute):
    """compute(), or its value from the last HEALTH_CACHE_SECONDS in this process.

    Only for the present moment (a caller passing its own `now` gets a fresh answer); keyed by the database
    too, so two apps in one process never share figures."""
    seconds = current_app.config.get("HEALTH_CACHE_SECONDS", 0)
    if now is not None or seconds <= 0:
        return compute()
    key = (db.engine.url.render_as_string(hide_password=True), *key)
    clock = time.monotonic()
    hit = _kept.get(key)
    if hit is not None and hit[0] > clock:
        return hit[1]
    value = compute()
    if len(_kept) >= KEPT_AT_MOST:
        for stale in [k for k, (until, _) in _kept.items() if until <= clock] or list(_kept)[: KEPT_AT_MOST // 2]:
            del _kept[stale]
    _kept[key] = (clock + seconds, value)
    return value


def forget(program_id: int | None = None) -> None:
    """Drop this process's kept figures (of one program, or all)."""
    for key in [k for k in _kept if program_id is None or k[2] == program_id]:
        del _kept[key]


def attention_rows(program_id: int, page: int | None = 1, now: datetime | None = None) -> tuple[Table, int]:
    """One page (or all, page=None) of the attention list as a Table, and the total count.

    One query for the whole list (small rows: an id and four flags, only for the pairs that need a look) and
    the page cut from it: a count beside a LIMIT query would test every live mentorship of the program twice.
    The list is kept like the figures (_keep); the members' names are read for the page each time.
    """
    rows = _keep(("attention", program_id), now, lambda: db.session.execute(attention_query(program_id, now)).all())
    total = len(rows)
    if page is not None:
        rows = rows[(page - 1) * ATTENTION_PER_PAGE : page * ATTENTION_PER_PAGE]
    names = _names([r.id for r in rows])
    table = Table(
        "attention", _("Mentorships that need attention"), [_("Mentorship"), _("Members"), _("Why")], chart="none"
    )
    for row in rows:
        reasons = []
        if row.quiet:
            reasons.append(_("Quiet for %(QUIET_DAYS)s days", QUIET_DAYS=QUIET_DAYS))
        if row.diverge:
            reasons.append(_("Check-in ratings diverge"))
        if row.blocked:
            reasons.append(_("A member blocked another"))
        if row.concern_at is not None:
            reasons.append(_("A member raised a concern on %(day_of)s", day_of=day_of(row.concern_at).isoformat()))
        table.rows.append([row.id, names.get(row.id, ""), "; ".join(reasons)])
    return table, int(total)


@dataclass
class AttentionPage(PageNumbers):
    """One page of the attention list, with the page arithmetic the template reads."""

    table: Table
    total: int
    page: int
    per_page: int = ATTENTION_PER_PAGE


def attention_page(program_id: int, page: int, now: datetime | None = None) -> AttentionPage:
    """Page `page` of the pairs needing attention (an empty table past the last page)."""
    table, total = attention_rows(program_id, page, now)
    return AttentionPage(table, total, page)


def program_health(program_id: int, now: datetime | None = None) -> dict:
    """Every table and headline figure of a program's dashboard."""
    return _keep(("figures", program_id), now, lambda: _program_health(program_id, now or utcnow()))


def _program_health(program_id: int, now: datetime) -> dict:
    rate, steps = _weekly_rates(program_id, now)
    tables = [_signups(program_id), _matched(program_id), _statuses(program_id), rate, steps]
    return {"tables": {t.key: t for t in tables}, "overall": _overall(program_id)}


def _week_start(now: datetime) -> datetime:
    start = now - timedelta(days=now.weekday())
    return start.replace(hour=0, minute=0, second=0, microsecond=0)


def nudge(mentorship: Mentorship, admin_id: int, now: datetime | None = None) -> bool:
    """Send the members a gentle nudge, once per mentorship per calendar week; audited; commits.

    Returns False when this week's nudge was already sent.
    """
    now = now or utcnow()
    if mentorship.status not in ("active", "paused"):
        raise NudgeError(_("Only an active or paused mentorship can be nudged."))
    already = db.session.scalar(
        select(AuditLog.id).where(
            AuditLog.action == "health.nudge",
            AuditLog.target_type == "mentorship",
            AuditLog.target_id == mentorship.id,
            AuditLog.created_at >= _week_start(now),
        )
    )
    if already is not None:
        return False
    text = "A friendly hello from your community's admins: how is your mentorship going? A short check-in helps."
    for member in mentorship.members:
        notify(member.user_id, "nudge", text, site_path("mentorships.show", mentorship_id=mentorship.id))
    entry = audit.log(mentorship.community_id, admin_id, "health.nudge", "mentorship", mentorship.id)
    entry.created_at = now  # the nudge counts for the week of `now` (a job or a test may pass its own moment)
    db.session.commit()
    return True


def nudged_this_week(mentorship_ids: list[int], now: datetime | None = None) -> set[int]:
    """Which of these mentorships were nudged this calendar week (one query)."""
    if not mentorship_ids:
        return set()
    return set(
        db.session.scalars(
            select(AuditLog.target_id).where(
                AuditLog.action == "health.nudge",
                AuditLog.target_type == "mentorship",
                AuditLog.target_id.in_(mentorship_ids),
                AuditLog.created_at >= _week_start(now or utcnow()),
            )
        )
    )
