"""Who may do what in moderation: review reports, sanction members, hide content, report, block; the loaders.

The community-role loaders (a moderator's or an admin's community) are in permissions/communities.py.
"""

from flask import abort
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import exists, or_, select
from sqlalchemy.orm import joinedload

from mentorship.extensions import db
from mentorship.models import Block, Community, Membership, MentorshipMember, Post, Report, Topic, User
from mentorship.models.moderation import TARGET_TYPES
from mentorship.permissions.communities import get_membership_or_404

ALREADY_DECIDED = _l("These reports were already decided. Reload the queue to see what is left.")
SANCTION_REFUSAL = _l("You can't change that member's suspension.")
OWN_REPORT_REFUSAL = _l("You can't report yourself or what you wrote.")
# The board topics and posts a report (or a moderator's hide) can be about; members and messages are never hidden.
CONTENT_MODELS = {"topic": Topic, "post": Post}


# --- reviewing reports ----------------------------------------------------------------------------


def reviewable_by(viewer_id: int):
    """The reports a moderator may review (a SQL condition): never those about themselves (they'd see who)."""
    return or_(Report.snapshot_author_id.is_(None), Report.snapshot_author_id != viewer_id)


def open_reports_about(community_id: int, viewer_id: int, target_type: str, target_id: int):
    """The open reports about one target that this moderator may review, oldest first (a select)."""
    return (
        select(Report)
        .where(
            Report.community_id == community_id,
            Report.status == "open",
            Report.target_type == target_type,
            Report.target_id == target_id,
            reviewable_by(viewer_id),
        )
        .options(joinedload(Report.reporter), joinedload(Report.snapshot_author))
        .order_by(Report.created_at, Report.id)
    )


def get_open_reports_or_404(community: Community, target_type: str, target_id: int, viewer=None) -> list[Report]:
    """The open reports about one target: 404 when there never were any here, 409 when all are decided."""
    viewer = viewer or current_user
    if target_type not in TARGET_TYPES:
        abort(404)
    reports = list(db.session.scalars(open_reports_about(community.id, viewer.id, target_type, target_id)))
    if reports:
        return reports
    ever_reported = db.session.scalar(
        select(Report.id).where(
            Report.community_id == community.id,
            Report.target_type == target_type,
            Report.target_id == target_id,
            reviewable_by(viewer.id),
        )
    )
    if ever_reported is None:
        abort(404)
    abort(409, description=ALREADY_DECIDED)


# --- acting on members and content ----------------------------------------------------------------


def can_sanction(actor: Membership, target: Membership | None) -> bool:
    """Moderators act on members; admins on members and moderators; nobody on admins or themselves."""
    if target is None or target.user_id == actor.user_id or target.role == "admin":
        return False
    return actor.is_admin if target.role == "moderator" else actor.is_moderator


def get_sanctionable_membership_or_404(community: Community, actor: Membership, user_id: int) -> Membership:
    """A member this moderator may act on: 404 when not a member here, 403 with the sentence otherwise."""
    target = get_membership_or_404(community, user_id)
    if not can_sanction(actor, target):
        abort(403, description=SANCTION_REFUSAL)
    return target


def content_row(target_type: str, target_id: int) -> Topic | Post | None:
    """The board topic or post a report is about (None for members and messages)."""
    model = CONTENT_MODELS.get(target_type)
    return db.session.get(model, target_id) if model else None


def is_hideable(community: Community, content: Topic | Post | None) -> bool:
    """A moderator hides or restores a live topic or post of their own community."""
    return content is not None and content.community_id == community.id and content.deleted_at is None


def get_hideable_content_or_404(community: Community, target_type: str, target_id: int) -> Topic | Post:
    """The topic or post a moderator hides or restores from the board; anything else is a 404."""
    content = content_row(target_type, target_id)
    if not is_hideable(community, content):
        abort(404)
    return content


# --- reporting ------------------------------------------------------------------------------------


def can_report(user, author_id: int | None) -> bool:
    """Anyone may report what they can see, except themselves and what they wrote."""
    return author_id is None or author_id != user.id


# --- blocking -------------------------------------------------------------------------------------


def is_blocked(blocker_id: int, blocked_id: int) -> bool:
    return db.session.get(Block, (blocker_id, blocked_id)) is not None


def can_block(user_id: int, other_id: int) -> bool:
    """People can block those they could meet: a shared community or a shared mentorship."""
    mine = select(Membership.community_id).where(Membership.user_id == user_id)
    shared_community = exists().where(Membership.user_id == other_id, Membership.community_id.in_(mine))
    my_mentorships = select(MentorshipMember.mentorship_id).where(MentorshipMember.user_id == user_id)
    shared_mentorship = exists().where(
        MentorshipMember.user_id == other_id, MentorshipMember.mentorship_id.in_(my_mentorships)
    )
    return bool(db.session.scalar(select(or_(shared_community, shared_mentorship))))


def get_person_to_block_or_404(user_id: int, viewer=None) -> User:
    """Someone the person could meet, or already blocked; to them anyone else does not exist."""
    viewer = viewer or current_user
    person = db.session.get(User, user_id)
    if person is None or person.is_deleted or person.id == viewer.id:
        abort(404)
    if not can_block(viewer.id, person.id) and not is_blocked(viewer.id, person.id):
        abort(404)
    return person


def get_blocked_person_or_404(user_id: int, viewer=None) -> User:
    """Someone this person blocked (to unblock them); anyone else is a 404."""
    viewer = viewer or current_user
    person = db.session.get(User, user_id)
    if person is None or not is_blocked(viewer.id, person.id):
        abort(404)
    return person


TEMPLATE_PREDICATES = {"can_sanction": can_sanction}
