"""What reminders, nudges and digests need to know about a space: facts about rhythm, never private content
(except a person's own last check-in line, which goes only to that person)."""

from collections.abc import Mapping, Sequence
from datetime import datetime

from sqlalchemy import func, select

from mentorship.extensions import db
from mentorship.models import Mentorship, utcnow
from mentorship.models.space import CheckIn, Message

# How many recent weeks count for "check-ins missed" (older silence is already "no activity for N days").
MISSED_WINDOW_WEEKS = 4
MISSED_AT_LEAST = 2


def last_checkin_summary(mentorship_id: int, user_id: int) -> str | None:
    """For the weekly reminder: the person's own last rating and next goal (never the partner's)."""
    with db.session.no_autoflush:  # called while a reminder's rows wait for their commit
        checkin = db.session.scalar(
            select(CheckIn)
            .where(CheckIn.mentorship_id == mentorship_id, CheckIn.user_id == user_id)
            .order_by(CheckIn.week.desc())
            .limit(1)
        )
    return _summary(checkin)


def last_checkin_summaries(pairs: Sequence[tuple[int, int]]) -> dict[tuple[int, int], str | None]:
    """last_checkin_summary for many (mentorship, member) pairs in one query (a batch of reminders)."""
    wanted = set(pairs)
    latest: dict[tuple[int, int], CheckIn] = {}
    if wanted:
        with db.session.no_autoflush:
            checkins = db.session.scalars(
                select(CheckIn)
                .where(CheckIn.mentorship_id.in_({m for m, _ in wanted}), CheckIn.user_id.in_({u for _, u in wanted}))
                .order_by(CheckIn.week)
            )
            for checkin in checkins:
                if (checkin.mentorship_id, checkin.user_id) in wanted:
                    latest[(checkin.mentorship_id, checkin.user_id)] = checkin
    return {pair: _summary(latest.get(pair)) for pair in wanted}


def _summary(checkin: CheckIn | None) -> str | None:
    if checkin is None:
        return None
    line = f"Your last check-in (week {checkin.week}): {checkin.rating} out of 5."
    if checkin.next_goal:
        line += f" Your next goal: {checkin.next_goal}"
    return line


def last_activity(started: Mapping[int, datetime]) -> dict[int, datetime]:
    """For each mentorship (id -> started_at), when something last happened there: a message or a check-in
    (one grouped query each); the start when nothing has happened yet."""
    latest = dict(started)
    if not latest:
        return latest
    for model, column in ((Message, Message.created_at), (CheckIn, CheckIn.updated_at)):
        rows = db.session.execute(
            select(model.mentorship_id, func.max(column))
            .where(model.mentorship_id.in_(list(latest)))
            .group_by(model.mentorship_id)
        )
        for mentorship_id, moment in rows:
            if moment is not None and moment > latest[mentorship_id]:
                latest[mentorship_id] = moment
    return latest


def attention_reasons(mentorship_ids: Sequence[int], now: datetime | None = None) -> dict[int, list[str]]:
    """Reasons a pair needs an admin's attention beyond silence: "2 check-ins missed" when nobody checked in
    for at least two of the last four finished weeks."""
    if not mentorship_ids:
        return {}
    now = now or utcnow()
    rows = db.session.execute(select(Mentorship.id, Mentorship.started_at).where(Mentorship.id.in_(mentorship_ids)))
    started = {mentorship_id: start for mentorship_id, start in rows}
    checked = {}
    for mentorship_id, week in db.session.execute(
        select(CheckIn.mentorship_id, CheckIn.week).where(CheckIn.mentorship_id.in_(mentorship_ids)).distinct()
    ):
        checked.setdefault(mentorship_id, set()).add(week)
    reasons: dict[int, list[str]] = {}
    for mentorship_id, start in started.items():
        if start is None or now <= start:
            continue
        finished = (now - start).days // 7  # weeks 1..finished are over
        recent = range(max(1, finished - MISSED_WINDOW_WEEKS + 1), finished + 1)
        missed = sum(1 for week in recent if week not in checked.get(mentorship_id, set()))
        if missed >= MISSED_AT_LEAST:
            reasons[mentorship_id] = [f"{missed} check-ins missed"]
    return reasons
