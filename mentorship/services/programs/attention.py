"""Pairs that have gone quiet: a gentle nudge to their members, a weekly digest to admins.

"Quiet" means no activity (messages, check-ins: see services/space/activity.py) for 14 days. A member
gets one nudge per quiet stretch, during their local daytime; each community admin gets
one digest a week (from Monday 09:00 their time) when some pairs need attention. Both are
recorded in NoticeDelivery under a key naming the person and the period, so a repeated job
writes nothing.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from flask_babel import lazy_ngettext
from sqlalchemy import exists, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from mentorship.database import read_only
from mentorship.extensions import db
from mentorship.models import Community, Membership, Mentorship, MentorshipMember, NoticeDelivery, User, utcnow
from mentorship.queue import EnqueueCounts, enqueue_unique_many
from mentorship.services.notify.links import site_path
from mentorship.services.notify.mail import absolute, queue_mail
from mentorship.services.notify.notifications import notify
from mentorship.services.space import activity
from mentorship.services.space.reminders import latest_checkin_moment, zone

SILENT_AFTER = timedelta(days=14)
NUDGE_LOCAL_HOURS = range(9, 20)
DIGEST_WEEKDAY = 0  # Monday
DIGEST_LISTED = 25
NUDGE_JOB = "jobs.reminders.send_nudge"
DIGEST_JOB = "jobs.reminders.send_digest"
NOTICE_RETRY = (5, [5, 30, 120, 600, 1800])


def nudge_key(mentorship_id: int, user_id: int, quiet_since: datetime) -> str:
    return f"nudge-{mentorship_id}-{user_id}-{quiet_since.astimezone(UTC):%Y%m%d%H%M%S}"


def digest_key(community_id: int, user_id: int, week_start: datetime) -> str:
    return f"digest-{community_id}-{user_id}-{week_start:%Y%m%d}"


def quiet_mentorships(now: datetime, community_id: int | None = None, page: int = 2000) -> Iterator[dict]:
    """Pages of {mentorship_id: last activity} for active mentorships quiet for 14 days or more."""
    query = select(Mentorship.id, Mentorship.started_at).where(
        Mentorship.status == "active", Mentorship.started_at <= now - SILENT_AFTER
    )
    if community_id is not None:
        query = query.where(Mentorship.community_id == community_id)
    after = 0
    while True:
        with read_only(db.session):
            rows = db.session.execute(query.where(Mentorship.id > after).order_by(Mentorship.id).limit(page)).all()
            if not rows:
                return
            latest = activity.last_activity({mentorship_id: started for mentorship_id, started in rows})
        yield {m: moment for m, moment in latest.items() if now - moment >= SILENT_AFTER}
        after = rows[-1][0]


def _undelivered(keys: list[str]) -> set[str]:
    done = set()
    with read_only(db.session):
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            done.update(db.session.scalars(select(NoticeDelivery.key).where(NoticeDelivery.key.in_(chunk))))
    return set(keys) - done


def sweep_nudges(now: datetime | None = None):
    """Enqueue a nudge for each member of a quiet pair for whom it is daytime; returns EnqueueCounts."""
    now = now or utcnow()
    counts = EnqueueCounts()
    local_hour: dict[str, int] = {}
    for quiet in quiet_mentorships(now):
        if not quiet:
            continue
        with read_only(db.session):
            members = db.session.execute(
                select(MentorshipMember.mentorship_id, MentorshipMember.user_id, User.timezone)
                .join(User, User.id == MentorshipMember.user_id)
                .where(MentorshipMember.mentorship_id.in_(list(quiet)), User.deleted_at.is_(None))
            ).all()
        jobs = {}
        for mentorship_id, user_id, tz_name in members:
            if tz_name not in local_hour:
                local_hour[tz_name] = now.astimezone(zone(tz_name)).hour
            if local_hour[tz_name] in NUDGE_LOCAL_HOURS:
                since = quiet[mentorship_id]
                key = nudge_key(mentorship_id, user_id, since)
                jobs[key] = (mentorship_id, user_id, key, int(since.timestamp()))
        todo = _undelivered(list(jobs))
        counts += enqueue_unique_many(
            NUDGE_JOB, ((key, args) for key, args in jobs.items() if key in todo), queue="reminders", retry=NOTICE_RETRY
        )
    return counts


def _record(key: str, kind: str, user_id: int) -> bool:
    """Add the delivery row unless an earlier run wrote it (caller commits)."""
    if db.session.scalar(select(NoticeDelivery.id).where(NoticeDelivery.key == key)) is not None:
        return False
    db.session.add(NoticeDelivery(key=key, kind=kind, user_id=user_id))
    return True


def _commit() -> str:
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return "already"
    return "delivered"


def deliver_nudge(
    mentorship_id: int, user_id: int, key: str, quiet_since: datetime, now: datetime | None = None
) -> str:
    """One gentle nudge, written with its delivery row in one transaction; commits."""
    now = now or utcnow()
    mentorship = db.session.get(
        Mentorship, mentorship_id, options=[selectinload(Mentorship.members).joinedload(MentorshipMember.user)]
    )
    member = mentorship.member_for(user_id) if mentorship is not None else None
    if member is None or mentorship.status != "active" or member.user.is_deleted:
        db.session.rollback()
        return "skipped"
    latest = activity.last_activity({mentorship_id: mentorship.started_at})[mentorship_id]
    if int(latest.timestamp()) != int(quiet_since.timestamp()) or now - latest < SILENT_AFTER:
        db.session.rollback()
        return "skipped"  # something happened since the sweep looked
    if not _record(key, "nudge", user_id):
        db.session.rollback()
        return "already"
    others = [m.user.display_name for m in mentorship.members if m.user_id != user_id]
    with_whom = others[0] if len(others) == 1 else "your circle"
    days = (now - latest).days
    text = (
        f"It's been {days} days since anything happened in your mentorship with {with_whom}. "
        "A short hello is enough to pick things up again."
    )
    notify(user_id, "nudge", text, site_path("mentorships.show", mentorship_id=mentorship_id), user=member.user)
    return _commit()


@dataclass
class AttentionItem:
    mentorship: Mentorship
    quiet_days: int | None
    reasons: list[str] = field(default_factory=list)


def pairs_needing_attention(community_id: int, now: datetime, listed: int = DIGEST_LISTED):
    """(how many pairs need attention, the first `listed` of them, quietest first)."""
    found: dict[int, tuple[int | None, list[str]]] = {}
    for quiet in quiet_mentorships(now, community_id):
        for mentorship_id, latest in quiet.items():
            days = (now - latest).days
            found[mentorship_id] = (days, [f"no activity for {days} days"])
    active_ids = list(
        db.session.scalars(
            select(Mentorship.id).where(Mentorship.community_id == community_id, Mentorship.status == "active")
        )
    )
    for mentorship_id, reasons in activity.attention_reasons(active_ids, now).items():
        days, existing = found.get(mentorship_id, (None, []))
        found[mentorship_id] = (days, existing + list(reasons))
    order = sorted(found, key=lambda m: (-(found[m][0] or 0), m))[:listed]
    loaded = {
        m.id: m
        for m in db.session.scalars(
            select(Mentorship)
            .where(Mentorship.id.in_(order))
            .options(
                selectinload(Mentorship.members).selectinload(MentorshipMember.user), selectinload(Mentorship.program)
            )
        )
    }
    items = [AttentionItem(loaded[m], found[m][0], found[m][1]) for m in order if m in loaded]
    return len(found), items


def sweep_digests(now: datetime | None = None):
    """Enqueue this week's digest for every admin of a community with active pairs; returns EnqueueCounts."""
    now = now or utcnow()
    has_active = exists().where(Mentorship.community_id == Membership.community_id, Mentorship.status == "active")
    with read_only(db.session):
        admins = db.session.execute(
            select(Membership.community_id, Membership.user_id, User.timezone)
            .join(User, User.id == Membership.user_id)
            .where(Membership.role == "admin", User.deleted_at.is_(None), has_active)
        ).all()
    jobs = {}
    for community_id, user_id, tz_name in admins:
        week_start = latest_checkin_moment(tz_name, DIGEST_WEEKDAY, now)
        key = digest_key(community_id, user_id, week_start)
        jobs[key] = (community_id, user_id, key)
    todo = _undelivered(list(jobs))
    return enqueue_unique_many(
        DIGEST_JOB, ((key, args) for key, args in jobs.items() if key in todo), queue="reminders", retry=NOTICE_RETRY
    )


def deliver_digest(community_id: int, user_id: int, key: str, now: datetime | None = None) -> str:
    """An admin's weekly digest (only when some pairs need attention); commits."""
    now = now or utcnow()
    row = db.session.execute(
        select(Membership, User, Community)
        .join(User, User.id == Membership.user_id)
        .join(Community, Community.id == Membership.community_id)
        .where(Membership.community_id == community_id, Membership.user_id == user_id)
    ).first()
    if row is None or row.Membership.role != "admin" or row.User.is_deleted:
        db.session.rollback()
        return "skipped"
    if not _record(key, "digest", user_id):
        db.session.rollback()
        return "already"
    total, items = pairs_needing_attention(community_id, now)
    if total:
        user, community = row.User, row.Community
        link = site_path("communities.show", slug=community.slug)
        text = lazy_ngettext(
            "%(num)d pair in %(community)s may need attention this week.",
            "%(num)d pairs in %(community)s may need attention this week.",
            total,
            community=community.name,
        )
        notify(user_id, "digest", text, link, email=False, user=user)
        if user.wants_email("email_admin"):
            queue_mail(
                user,
                "digest",
                text,
                "digest",
                dedupe_key=key,
                community=community,
                total=total,
                items=items,
                link=absolute(link),
            )
    return _commit()
