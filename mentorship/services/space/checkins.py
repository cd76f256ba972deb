"""Weekly check-ins and the alerts they raise for the program admins.

Weeks are counted in UTC from Mentorship.started_at (week 1 is the first 7 days). Each member
checks in once per week and may change it until the week ends. The admins are alerted, once per
mentorship, week and reason, when two members' ratings of the same week differ by 2 or more, or
when a member has not checked in during the 2 weeks before the current one. Alerts say who is
quiet or that ratings diverge; they never carry the notes (or the ratings).
"""

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from mentorship.database import one_row
from mentorship.extensions import db
from mentorship.models import Mentorship, MentorshipMember, User, utcnow
from mentorship.models.space import AdminAlert, CheckIn
from mentorship.permissions.space import checkin_authors_seen, checkin_refusal
from mentorship.services.notify.links import site_path
from mentorship.services.notify.notifications import notify
from mentorship.services.space.lifecycle import admin_ids
from mentorship.services.space.thread import SpaceError, week_of

DIVERGENCE_POINTS = 2
QUIET_WEEKS = 2


def week_ends_at(mentorship: Mentorship, week: int) -> datetime | None:
    """When a week ends (UTC): the end of the window in which its check-in can still be changed."""
    if mentorship.started_at is None:
        return None
    return mentorship.started_at + timedelta(days=7 * week)


def history(mentorship: Mentorship, viewer_id: int) -> list[CheckIn]:
    """The check-ins the viewer may see, oldest week first."""
    ids = checkin_authors_seen(mentorship, viewer_id)
    if not ids:
        return []
    return list(
        db.session.scalars(
            select(CheckIn)
            .where(CheckIn.mentorship_id == mentorship.id, CheckIn.user_id.in_(ids))
            .options(joinedload(CheckIn.user))
            .order_by(CheckIn.week, CheckIn.user_id)
        )
    )


def save_checkin(
    mentorship: Mentorship,
    user: User,
    rating: int,
    note: str,
    next_goal: str,
    now: datetime | None = None,
    met: bool | None = None,
) -> CheckIn:
    """Create or change this week's check-in, then alert the admins if needed; commits."""
    now = now or utcnow()
    week = week_of(mentorship, now)
    refusal = checkin_refusal(mentorship, user.id, week)
    if refusal is not None:
        raise SpaceError(refusal)
    if not 1 <= int(rating) <= 5:
        raise SpaceError("Choose how it is going, from 1 to 5.")
    keys = {"mentorship_id": mentorship.id, "user_id": user.id, "week": week}
    checkin = one_row(db.session, CheckIn, {"rating": int(rating)}, **keys)
    checkin.rating = int(rating)
    checkin.note = (note or "").strip()
    checkin.next_goal = (next_goal or "").strip()
    checkin.met = met
    db.session.flush()
    raise_alerts(mentorship, now)
    db.session.commit()
    return checkin


def _ratings_by_week(mentorship_id: int, weeks: list[int]) -> dict[int, dict[int, int]]:
    rows = db.session.execute(
        select(CheckIn.week, CheckIn.user_id, CheckIn.rating).where(
            CheckIn.mentorship_id == mentorship_id, CheckIn.week.in_(weeks)
        )
    ).all()
    result: dict[int, dict[int, int]] = {week: {} for week in weeks}
    for week, user_id, rating in rows:
        result[week][user_id] = rating
    return result


def _alert(mentorship: Mentorship, week: int, reason: str, text: str) -> bool:
    """Store the alert and notify the admins, unless this (mentorship, week, reason) was alerted before."""
    try:
        with db.session.begin_nested():
            db.session.add(AdminAlert(mentorship_id=mentorship.id, week=week, reason=reason, text=text))
    except IntegrityError:
        return False
    link = site_path("communities.show", slug=mentorship.community.slug)
    for admin_id in admin_ids(mentorship.community_id):
        notify(admin_id, "admin_alert", text, link)
    return True


def _label(mentorship: Mentorship) -> str:
    program = f" ({mentorship.program.title})" if mentorship.program is not None else ""
    return f"Mentorship #{mentorship.id}{program}"


def raise_alerts(mentorship: Mentorship, now: datetime | None = None) -> list[str]:
    """Check this week's ratings and who has gone quiet; alert the admins once each; the caller commits."""
    if mentorship.status != "active":
        return []
    week = week_of(mentorship, now or utcnow())
    if week < 1:
        return []
    earlier = [w for w in range(week - QUIET_WEEKS, week) if w >= 1]
    ratings = _ratings_by_week(mentorship.id, [week, *earlier])
    raised = []
    this_week = list(ratings[week].values())
    if len(this_week) >= 2 and max(this_week) - min(this_week) >= DIVERGENCE_POINTS:
        text = f"{_label(mentorship)}: the members' check-in ratings diverge this week (week {week})."
        if _alert(mentorship, week, "diverge", text):
            raised.append("diverge")
    if len(earlier) == QUIET_WEEKS:
        quiet = [m.user.display_name for m in mentorship.members if all(m.user_id not in ratings[w] for w in earlier)]
        if quiet:
            who = " and ".join(quiet)
            verb = "has" if len(quiet) == 1 else "have"
            text = f"{_label(mentorship)}: {who} {verb} not checked in for {QUIET_WEEKS} weeks."
            if _alert(mentorship, week, "quiet", text):
                raised.append("quiet")
    return raised


def sweep_alerts(now: datetime | None = None) -> int:
    """Run raise_alerts over every active mentorship (for `rq cron`: quiet people don't trigger it themselves)."""
    now = now or utcnow()
    mentorships = db.session.scalars(
        select(Mentorship)
        .where(Mentorship.status == "active", Mentorship.started_at.is_not(None))
        .options(joinedload(Mentorship.members).joinedload(MentorshipMember.user), joinedload(Mentorship.community))
    ).unique()
    count = 0
    for mentorship in mentorships:
        count += len(raise_alerts(mentorship, now))
    db.session.commit()
    return count


CHART_WIDTH, CHART_HEIGHT, CHART_PAD = 320, 150, 28
SERIES_COLOURS = ("#2f6f5e", "#b45309", "#6d28d9", "#0369a1", "#be123c", "#4d7c0f")
SERIES_DASHES = ("", "6 4", "2 3", "8 3 2 3", "1 4", "10 4")


def week_chart(
    weeks: int,
    values: tuple[int, int],
    lines: list[tuple[dict, str, list[tuple[int, int]]]],
    value_name: str,
    y_labels: dict[int, object],
    left: int = CHART_PAD,
) -> dict:
    """Points for a server-rendered SVG line chart: weeks 1..`weeks` across, `values` (lowest, highest) up.

    Each line is (what identifies it, its name, its (week, value) points); each point keeps its value under
    `value_name` ("rating", "level") for the template's labels."""
    low, high = values
    inner_w, inner_h = CHART_WIDTH - 2 * CHART_PAD, CHART_HEIGHT - 2 * CHART_PAD

    def x(week: int) -> float:
        return round(CHART_PAD + (week - 1) * inner_w / max(weeks - 1, 1), 1)

    def y(value: int) -> float:
        return round(CHART_PAD + (high - value) * inner_h / (high - low), 1)

    series = []
    for index, (identity, name, line) in enumerate(lines):
        points = [{"x": x(week), "y": y(value), "week": week, value_name: value} for week, value in line]
        series.append(
            {
                **identity,
                "name": name,
                "colour": SERIES_COLOURS[index % len(SERIES_COLOURS)],
                "dash": SERIES_DASHES[index % len(SERIES_DASHES)],
                "points": points,
                "path": " ".join(f"{p['x']},{p['y']}" for p in points),
            }
        )
    return {
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "series": series,
        "weeks": weeks,
        "x_ticks": [{"x": x(w), "label": w} for w in range(1, weeks + 1)],
        "y_ticks": [{"y": y(value), "label": label} for value, label in y_labels.items()],
        "left": left,
        "right": CHART_WIDTH - CHART_PAD,
    }


def chart(mentorship: Mentorship, checkins: list[CheckIn]) -> dict:
    """Points for the server-rendered SVG chart: one series per member, weeks on x, rating 1-5 on y."""
    weeks = max(1, mentorship.weeks, *(c.week for c in checkins))
    people: dict[int, list[CheckIn]] = {}
    for checkin in checkins:
        people.setdefault(checkin.user_id, []).append(checkin)
    lines = [
        ({"user_id": user_id}, rows[0].user.display_name, [(c.week, c.rating) for c in rows])
        for user_id, rows in people.items()
    ]
    return week_chart(weeks, (1, 5), lines, "rating", {r: r for r in range(1, 6)})


def table(checkins: list[CheckIn]) -> list[dict]:
    """The same history as rows (week, then each person's rating) for screen readers and the curious."""
    weeks: dict[int, dict[int, int]] = {}
    for checkin in checkins:
        weeks.setdefault(checkin.week, {})[checkin.user_id] = checkin.rating
    return [{"week": week, "ratings": ratings} for week, ratings in sorted(weeks.items())]
