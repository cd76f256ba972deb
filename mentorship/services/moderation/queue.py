"""The moderators' queue: open reports grouped by what they are about, the decided ones, and a person's own.

Who may review which report is a rule of permissions/moderation.py (`reviewable_by`); every page here is a
`db.paginate` result, the queue's items being the targets' groups of open reports.
"""

from dataclasses import dataclass, field

from sqlalchemy import func, select, tuple_
from sqlalchemy.orm import joinedload

from mentorship.extensions import db
from mentorship.models import Membership, Post, Report, Topic
from mentorship.models.moderation import TARGET_TYPES
from mentorship.permissions.moderation import open_reports_about, reviewable_by

QUEUE_PER_PAGE = 20


@dataclass
class QueueItem:
    """Everything about one reported target: its open reports (oldest first) and its state now."""

    target_type: str
    target_id: int
    reports: list[Report]
    hidden: bool = False
    author_membership: Membership | None = None
    context_topic: Topic | None = None
    extra: dict = field(default_factory=dict)

    @property
    def first(self) -> Report:
        return self.reports[0]

    @property
    def snapshots(self) -> list[Report]:
        """Reports whose snapshot differs from the one before (the content changed between reports)."""
        seen, result = set(), []
        for report in self.reports:
            key = (report.snapshot_title, report.snapshot_text)
            if key not in seen:
                seen.add(key)
                result.append(report)
        return result

    @property
    def reporter_count(self) -> int:
        return len({r.reporter_id for r in self.reports})


def _open_here(community_id: int, viewer_id: int) -> tuple:
    return (Report.community_id == community_id, Report.status == "open", reviewable_by(viewer_id))


def open_count(community_id: int, viewer_id: int) -> int:
    """How many targets wait for review (for the nav badge)."""
    grouped = (
        select(Report.target_type, Report.target_id)
        .where(*_open_here(community_id, viewer_id))
        .group_by(Report.target_type, Report.target_id)
        .subquery()
    )
    return db.session.scalar(select(func.count()).select_from(grouped))


def queue_page(community_id: int, viewer_id: int, page: int, per_page: int = QUEUE_PER_PAGE):
    """Open reports grouped by target, oldest first, with the state of each target (constant queries).

    The page is paginated over one report id per target (its first), then filled with QueueItems.
    """
    where = _open_here(community_id, viewer_id)
    one_per_target = (
        select(func.min(Report.id))
        .where(*where)
        .group_by(Report.target_type, Report.target_id)
        .order_by(func.min(Report.created_at), Report.target_type, Report.target_id)
    )
    result = db.paginate(one_per_target, page=page, per_page=per_page, error_out=False)
    first_ids = list(result.items)
    items: dict[tuple, QueueItem] = {}
    if first_ids:
        targets = select(Report.target_type, Report.target_id).where(Report.id.in_(first_ids))
        reports = db.session.scalars(
            select(Report)
            .where(*where, tuple_(Report.target_type, Report.target_id).in_(targets))
            .options(joinedload(Report.reporter), joinedload(Report.snapshot_author))
            .order_by(Report.created_at, Report.id)
        )
        for report in reports:
            key = (report.target_type, report.target_id)
            items.setdefault(key, QueueItem(*key, [])).reports.append(report)
        _load_target_state(community_id, list(items.values()))
    by_id = {report.id: item for item in items.values() for report in item.reports}
    result.items = [by_id[report_id] for report_id in first_ids if report_id in by_id]
    return result


def _load_target_state(community_id: int, items: list[QueueItem]) -> None:
    """Hidden flags, context topics and the authors' memberships, one query per kind."""
    ids = {kind: [i.target_id for i in items if i.target_type == kind] for kind in TARGET_TYPES}
    hidden = set()
    for kind, model in (("topic", Topic), ("post", Post)):
        if ids[kind]:
            hidden_ids = db.session.scalars(
                select(model.id).where(model.id.in_(ids[kind]), model.hidden_at.is_not(None))
            )
            hidden |= {(kind, i) for i in hidden_ids}
    topic_ids = {
        i.first.context_topic_id for i in items if i.target_type in ("topic", "post") and i.first.context_topic_id
    }
    topics = {t.id: t for t in db.session.scalars(select(Topic).where(Topic.id.in_(topic_ids)))} if topic_ids else {}
    author_ids = {i.first.snapshot_author_id for i in items if i.first.snapshot_author_id}
    memberships = {}
    if author_ids:
        rows = db.session.scalars(
            select(Membership).where(Membership.community_id == community_id, Membership.user_id.in_(author_ids))
        )
        memberships = {m.user_id: m for m in rows}
    for item in items:
        item.hidden = (item.target_type, item.target_id) in hidden
        item.context_topic = topics.get(item.first.context_topic_id) if item.target_type != "message" else None
        item.author_membership = memberships.get(item.first.snapshot_author_id)


def item_of(community_id: int, reports: list[Report]) -> QueueItem:
    """The queue item for one target's open reports (as get_open_reports_or_404 gives them)."""
    item = QueueItem(reports[0].target_type, reports[0].target_id, reports)
    _load_target_state(community_id, [item])
    return item


def queue_item(community_id: int, viewer_id: int, target_type: str, target_id: int) -> QueueItem | None:
    """One target's open reports (for an action's answer or its own page), or None when none is open."""
    reports = list(db.session.scalars(open_reports_about(community_id, viewer_id, target_type, target_id)))
    return item_of(community_id, reports) if reports else None


def closed_reports(community_id: int, viewer_id: int, page: int, per_page: int = QUEUE_PER_PAGE):
    """Resolved reports, newest decision first (a paginated select)."""
    query = (
        select(Report)
        .where(Report.community_id == community_id, Report.status != "open", reviewable_by(viewer_id))
        .options(joinedload(Report.reporter), joinedload(Report.snapshot_author), joinedload(Report.resolved_by))
        .order_by(Report.resolved_at.desc(), Report.id.desc())
    )
    return db.paginate(query, page=page, per_page=per_page, error_out=False)


def my_reports(user_id: int, page: int, per_page: int = QUEUE_PER_PAGE):
    """The reports a person made, newest first, with their outcome."""
    query = (
        select(Report)
        .where(Report.reporter_id == user_id)
        .options(joinedload(Report.community))
        .order_by(Report.created_at.desc(), Report.id.desc())
    )
    return db.paginate(query, page=page, per_page=per_page, error_out=False)
