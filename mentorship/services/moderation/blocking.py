"""Blocking a person: their posts collapse for the blocker, they can't message them, the two are never
matched again (services/programs/pairing.py reads Block), and an active mentorship between them is paused.
Who may block whom is a rule of permissions/moderation.py (`can_block`).

Pausing tells the community's admins that a mentorship needs attention, with no content: never who
blocked whom or anything from the thread. Unblocking lifts the block but leaves the pause to the
people in the mentorship and its admins.
"""

from sqlalchemy import and_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from mentorship.extensions import db
from mentorship.models import Block, Community, Membership, Mentorship, MentorshipMember, User
from mentorship.models.space import LifecycleEvent
from mentorship.permissions.moderation import is_blocked
from mentorship.services.notify.links import site_path
from mentorship.services.notify.notifications import notify
from mentorship.services.space.thread import post_system_message
from mentorship.signals import block_made

BLOCKED_PER_PAGE = 30
PAUSED_NOTE = "This mentorship is paused for now. The community's admins will be in touch."


class BlockError(ValueError):
    """A block refused, with a message for the person."""


def block(blocker: User, blocked: User) -> list[Mentorship]:
    """Block someone; returns the mentorships this paused. Commits (a second block is a no-op)."""
    if blocker.id == blocked.id:
        raise BlockError("You can't block yourself.")
    if blocked.is_deleted:
        raise BlockError("That account no longer exists.")
    if is_blocked(blocker.id, blocked.id):
        return []
    db.session.add(Block(blocker_id=blocker.id, blocked_id=blocked.id))
    try:
        db.session.flush()
    except IntegrityError:  # blocked twice at once
        db.session.rollback()
        return []
    paused = pause_mentorships_between(blocker.id, blocked.id)
    block_made.send(blocker.id, blocked_id=blocked.id)
    db.session.commit()
    return paused


def pause_mentorships_between(a: int, b: int) -> list[Mentorship]:
    """Pause every active mentorship both belong to and tell each community's admins (in the caller's transaction)."""
    with_a = select(MentorshipMember.mentorship_id).where(MentorshipMember.user_id == a)
    with_b = select(MentorshipMember.mentorship_id).where(MentorshipMember.user_id == b)
    mentorships = list(
        db.session.scalars(
            select(Mentorship)
            .where(Mentorship.status == "active", Mentorship.id.in_(with_a), Mentorship.id.in_(with_b))
            .options(joinedload(Mentorship.community), joinedload(Mentorship.program))
        )
    )
    for mentorship in mentorships:
        mentorship.status = "paused"
        # No actor and no reason: the thread must not tell who blocked whom.
        db.session.add(
            LifecycleEvent(
                mentorship_id=mentorship.id, actor_id=None, action="pause", from_status="active", to_status="paused"
            )
        )
        post_system_message(mentorship, PAUSED_NOTE, commit=False)
        _tell_admins(mentorship)
    return mentorships


def _tell_admins(mentorship: Mentorship) -> None:
    community: Community = mentorship.community
    where = f"{mentorship.program.title} ({community.name})" if mentorship.program else community.name
    if mentorship.program_id:
        link = site_path("program_review.matching", slug=community.slug, program_id=mentorship.program_id)
    else:
        link = site_path("communities.show", slug=community.slug)
    admin_ids = db.session.scalars(
        select(Membership.user_id).where(Membership.community_id == community.id, Membership.role == "admin")
    )
    for admin_id in admin_ids:
        notify(
            admin_id,
            "admin_alert",
            f"A mentorship in {where} needs attention: it was paused for the safety of its members "
            f"(mentorship #{mentorship.id}).",
            link,
        )


def unblock(blocker: User, blocked_id: int) -> bool:
    """Lift a block; returns whether there was one. Paused mentorships stay paused. Commits."""
    row = db.session.get(Block, (blocker.id, blocked_id))
    if row is None:
        return False
    db.session.delete(row)
    db.session.commit()
    return True


def blocked_people(user_id: int, page: int):
    """The people someone blocked, most recent first (a paginated select)."""
    query = (
        select(Block)
        .join(User, and_(User.id == Block.blocked_id))
        .where(Block.blocker_id == user_id)
        .options(joinedload(Block.blocked))
        .order_by(Block.created_at.desc(), Block.blocked_id)
    )
    return db.paginate(query, page=page, per_page=BLOCKED_PER_PAGE, error_out=False)
