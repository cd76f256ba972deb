"""Reports: what can be reported, the snapshot taken, automatic hiding, telling the moderators.

The moderators' queue is services/moderation/queue.py; actions on reports (dismiss, hide, restore, warn,
suspend, remove) live in services/moderation/actions.py; blocks in services/moderation/blocking.py; posting
pace in services/board/pace.py. Who may report what is a rule of permissions/moderation.py.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from mentorship.extensions import db
from mentorship.models import Community, Membership, Post, Report, Topic, User, utcnow
from mentorship.models.moderation import REASONS
from mentorship.models.space import Message
from mentorship.permissions.communities import membership_in
from mentorship.permissions.moderation import OWN_REPORT_REFUSAL, can_report, content_row
from mentorship.services.communities import audit
from mentorship.services.notify.links import site_path
from mentorship.services.notify.notifications import notify
from mentorship.services.space.thread import load_space, visible_thread_keys
from mentorship.signals import person_erased, person_exported

DETAILS_MAX = 2000
TARGET_NAMES = {
    "topic": _l("a topic"),
    "post": _l("a post"),
    "member": _l("a member"),
    "message": _l("a private message"),
}


class ModerationError(ValueError):
    """A moderation request refused, with a message for the person (and the form field it is about)."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


class TargetNotFound(LookupError):
    """The thing does not exist, or the person may not see it (a 404 either way)."""


@dataclass
class Snapshot:
    """What a report copies of its target, at report time."""

    community: Community
    target_type: str
    target_id: int
    author_id: int | None
    text: str
    title: str = ""
    created_at: datetime | None = None
    context_topic_id: int | None = None
    label: str = ""  # how the report form names it to the reporter ("the post by Sam")


# target type -> fn(target_id, reporter, community_slug) -> Snapshot; raises TargetNotFound
SNAPSHOTTERS: dict[str, Callable[[int, User, str | None], Snapshot]] = {}


def _live_topic_for(topic: Topic | None, reporter: User) -> Membership:
    """The reporter's membership, when they may see this topic (hidden ones: moderators only)."""
    if topic is None or topic.deleted_at is not None:
        raise TargetNotFound
    membership = membership_in(topic.community_id, reporter.id)
    if membership is None or (topic.hidden_at is not None and not membership.is_moderator):
        raise TargetNotFound
    return membership


def _author_label(is_anonymous: bool, author: User | None) -> str:
    if is_anonymous:
        return "Anonymous"
    return author.display_name if author is not None and not author.is_deleted else "Deleted member"


def snapshot_topic(topic_id: int, reporter: User, _slug: str | None = None) -> Snapshot:
    topic = db.session.get(Topic, topic_id)
    _live_topic_for(topic, reporter)
    opening = db.session.scalar(select(Post).where(Post.topic_id == topic.id, Post.is_opening.is_(True)))
    return Snapshot(
        community=topic.community,
        target_type="topic",
        target_id=topic.id,
        author_id=topic.author_id,
        title=topic.title,
        text=opening.body if opening is not None else "",
        created_at=topic.created_at,
        context_topic_id=topic.id,
        label=f"the topic “{topic.title}” by {_author_label(topic.is_anonymous, topic.author)}",
    )


def snapshot_post(post_id: int, reporter: User, _slug: str | None = None) -> Snapshot:
    post = db.session.get(Post, post_id)
    if post is None or post.deleted_at is not None:
        raise TargetNotFound
    membership = _live_topic_for(post.topic, reporter)
    if post.hidden_at is not None and not membership.is_moderator:
        raise TargetNotFound
    return Snapshot(
        community=post.topic.community,
        target_type="post",
        target_id=post.id,
        author_id=post.author_id,
        title=post.topic.title,
        text=post.body,
        created_at=post.created_at,
        context_topic_id=post.topic_id,
        label=f"a post by {_author_label(post.is_anonymous, post.author)} in “{post.topic.title}”",
    )


def snapshot_member(user_id: int, reporter: User, slug: str | None) -> Snapshot:
    """A member of a community both belong to (`slug` names it): their name and profile as they are now."""
    community = db.session.scalar(select(Community).where(Community.slug == (slug or "")))
    if community is None or membership_in(community.id, reporter.id) is None:
        raise TargetNotFound
    member = db.session.get(User, user_id)
    if member is None or member.is_deleted or membership_in(community.id, member.id) is None:
        raise TargetNotFound
    return Snapshot(
        community=community,
        target_type="member",
        target_id=member.id,
        author_id=member.id,
        title=member.display_name,
        text=member.bio or "",
        created_at=None,
        label=f"{member.display_name}, a member of {community.name}",
    )


def snapshot_message(message_id: int, reporter: User, _slug: str | None = None) -> Snapshot:
    """A message in a thread the reporter takes part in: its text and author alone, nothing else of the thread."""
    message = db.session.get(Message, message_id)
    if message is None or message.is_system or message.deleted_at is not None:
        raise TargetNotFound
    mentorship = load_space(message.mentorship_id)
    if mentorship is None or message.thread_key not in visible_thread_keys(mentorship, reporter.id):
        raise TargetNotFound
    author = message.author
    return Snapshot(
        community=mentorship.community,
        target_type="message",
        target_id=message.id,
        author_id=message.author_id,
        text=message.body,
        created_at=message.created_at,
        label=f"a message from {author.display_name if author and not author.is_deleted else 'a former member'}",
    )


SNAPSHOTTERS.update(topic=snapshot_topic, post=snapshot_post, member=snapshot_member, message=snapshot_message)


def take_snapshot(target_type: str, target_id: int, reporter: User, slug: str | None = None) -> Snapshot:
    """The snapshot of a target the reporter may see and report, or TargetNotFound."""
    snapshotter = SNAPSHOTTERS.get(target_type)
    if snapshotter is None:
        raise TargetNotFound
    return snapshotter(target_id, reporter, slug)


def open_report_of(reporter_id: int, target_type: str, target_id: int) -> Report | None:
    return db.session.scalar(
        select(Report).where(
            Report.reporter_id == reporter_id,
            Report.target_type == target_type,
            Report.target_id == target_id,
            Report.status == "open",
        )
    )


def file_report(reporter: User, snapshot: Snapshot, reason: str, details: str | None) -> Report:
    """Report something: the snapshot goes to the community's moderators; content may hide at once. Commits."""
    if reason not in REASONS:
        raise ModerationError(_("Choose a reason."), "reason")
    details = (details or "").strip()
    if len(details) > DETAILS_MAX:
        raise ModerationError(
            f"Keep the details under {DETAILS_MAX:,} characters (this has {len(details):,}).", "details"
        )
    if not can_report(reporter, snapshot.author_id):
        raise ModerationError(OWN_REPORT_REFUSAL)
    if open_report_of(reporter.id, snapshot.target_type, snapshot.target_id) is not None:
        raise ModerationError(_("You already reported this. The moderators will look at it and tell you the outcome."))
    report = Report(
        community_id=snapshot.community.id,
        reporter_id=reporter.id,
        target_type=snapshot.target_type,
        target_id=snapshot.target_id,
        reason=reason,
        details=details,
        snapshot_title=snapshot.title[:200],
        snapshot_text=snapshot.text,
        snapshot_author_id=snapshot.author_id,
        snapshot_created_at=snapshot.created_at,
        context_topic_id=snapshot.context_topic_id,
    )
    db.session.add(report)
    try:
        db.session.flush()
    except IntegrityError:  # the same report sent twice at once
        db.session.rollback()
        raise ModerationError(
            _("You already reported this. The moderators will look at it and tell you the outcome.")
        ) from None
    hide_if_reported_enough(snapshot.community, snapshot.target_type, snapshot.target_id)
    _tell_moderators(snapshot.community, snapshot.author_id)
    db.session.commit()
    return report


def distinct_reporters(target_type: str, target_id: int) -> int:
    return db.session.scalar(
        select(func.count(func.distinct(Report.reporter_id))).where(
            Report.target_type == target_type, Report.target_id == target_id, Report.status == "open"
        )
    )


def hide_if_reported_enough(community: Community, target_type: str, target_id: int) -> bool:
    """Hide a topic or post at once, pending review, when enough distinct members reported it."""
    threshold = community.report_hide_threshold or 0
    content = content_row(target_type, target_id)
    if threshold <= 0 or content is None or content.hidden_at is not None:
        return False
    count = distinct_reporters(target_type, target_id)
    if count < threshold:
        return False
    content.hidden_at = utcnow()
    reason = f"Reported by {count} members: hidden until a moderator reviews it."
    audit.log(community.id, None, "auto_hidden", target_type, target_id, reason, reporters=count, threshold=threshold)
    return True


def moderator_ids(community_id: int) -> list[int]:
    return list(
        db.session.scalars(
            select(Membership.user_id).where(
                Membership.community_id == community_id, Membership.role.in_(("moderator", "admin"))
            )
        )
    )


def _tell_moderators(community: Community, reported_id: int | None) -> None:
    """One bundled notification per moderator (never to the person reported)."""
    link = site_path("moderation.queue", slug=community.slug)
    for user_id in moderator_ids(community.id):
        if user_id != reported_id:
            notify(
                user_id,
                "report_new",
                _l("New reports to review in %(community)s.", community=community.name),
                link,
                bundle_key=f"reports-{community.id}",
            )


# --- a person's data --------------------------------------------------------------------------------


def _export_reports(user: User) -> list[dict]:
    rows = db.session.scalars(
        select(Report).where(Report.reporter_id == user.id).options(joinedload(Report.community)).order_by(Report.id)
    )
    return [
        {
            "community": r.community.name,
            "about": TARGET_NAMES.get(r.target_type, r.target_type),
            "reason": r.reason_label,
            "details": r.details,
            "status": r.status,
            "outcome": r.outcome,
            "created_at": r.created_at,
            "resolved_at": r.resolved_at,
        }
        for r in rows
    ]


def _erase_report_details(user: User, erase_written: bool) -> None:
    """Reports stay for the moderators' records; what the person wrote in them goes when asked."""
    if erase_written:
        db.session.execute(update(Report).where(Report.reporter_id == user.id).values(details=""))


@person_exported.connect
def _export_section(user: User) -> tuple[str, list[dict]]:
    return "reports_made", _export_reports(user)


person_erased.connect(_erase_report_details)
