"""Community health for its admins: members over time, board activity, help requests and moderation figures.

Aggregates only, each from a fixed number of GROUP BY queries (like the program dashboard, services/programs/health.py).
"""

import statistics

from flask_babel import gettext as _
from sqlalchemy import func, select

from mentorship.extensions import db
from mentorship.models import Membership, Post, Report, Topic
from mentorship.services.board.read import help_stats
from mentorship.services.programs.figures import Table, weekly


def moderation_stats(community_id: int) -> dict:
    """Open reports and the median seconds to handle one (of the last 500 handled)."""
    open_count = db.session.scalar(
        select(func.count()).where(Report.community_id == community_id, Report.resolved_at.is_(None))
    )
    handled = db.session.execute(
        select(Report.created_at, Report.resolved_at)
        .where(Report.community_id == community_id, Report.resolved_at.is_not(None))
        .order_by(Report.resolved_at.desc())
        .limit(500)
    ).all()
    durations = [(done - made).total_seconds() for made, done in handled]
    return {"open_count": int(open_count), "median_seconds": statistics.median(durations) if durations else None}


def community_health(community_id: int) -> dict:
    """Members over time, board activity, help requests and moderation figures of one community."""
    joined = func.date(Membership.joined_at)
    member_rows = db.session.execute(
        select(joined, func.count()).where(Membership.community_id == community_id).group_by(joined)
    ).all()
    members = Table(
        "members",
        _("Members over time"),
        [_("Week of"), _("New members"), _("Members")],
        chart="line",
        plot=[_("Members")],
    )
    total = 0
    for week, new in weekly([("new", d, c) for d, c in member_rows], ["new"]):
        total += new
        members.rows.append([week, new, total])
    topic_day = func.date(Topic.created_at)
    post_day = func.date(Post.created_at)
    topics = db.session.execute(
        select(topic_day, func.count())
        .where(Topic.community_id == community_id, Topic.deleted_at.is_(None))
        .group_by(topic_day)
    ).all()
    replies = db.session.execute(
        select(post_day, func.count())
        .join(Topic, Topic.id == Post.topic_id)
        .where(Topic.community_id == community_id, Post.is_opening.is_(False), Post.deleted_at.is_(None))
        .group_by(post_day)
    ).all()
    board = Table(
        "board",
        _("Board activity per week"),
        [_("Week of"), _("New topics"), _("Replies")],
        weekly([("topics", d, c) for d, c in topics] + [("replies", d, c) for d, c in replies], ["topics", "replies"]),
    )
    return {
        "tables": {"members": members, "board": board},
        "help": help_stats(community_id),
        "moderation": moderation_stats(community_id),
    }
