"""Shared set-up for the moderation tests: the board's world of people plus reports, a suspended member
and another community's moderator.

Import `fresh_request_globals` into a test module to use it (it is autouse there).
"""

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func, select

from mentorship.extensions import db
from mentorship.models import AuditLog, Block, Notification, Report, utcnow
from mentorship.services.moderation import reports as moderation
from tests.board.conftest import PERSONS as BOARD_PERSONS
from tests.board.conftest import World, client_for, fresh_request_globals, make_world  # noqa: F401
from tests.factories import add_member, make_user

PERSONS = [*BOARD_PERSONS, "other_moderator"]


@dataclass
class ModWorld:
    board: World
    people: dict
    report: Report  # an open report by `writer` about member_post
    suspended: object  # a member suspended for a week
    block_target: object  # `member` blocked this person

    @property
    def community(self):
        return self.board.community

    @property
    def slug(self) -> str:
        return self.board.community.slug


def make_mod_world() -> ModWorld:
    """The board world (tests/board/conftest.py), a report, a suspended member, a block, another moderator."""
    world = make_world()
    other_moderator = make_user("Omar Othermod")
    add_member(world.other, other_moderator, "moderator")
    suspended = make_user("Sid Suspended")
    membership = add_member(world.community, suspended)
    membership.suspended_until = utcnow() + timedelta(days=7)
    membership.status = "suspended"
    block_target = make_user("Bo Blocked")
    add_member(world.community, block_target)
    db.session.add(Block(blocker_id=world.people["member"].id, blocked_id=block_target.id))
    db.session.commit()
    report = file(world.writer, "post", world.member_post.id, "spam", "Looks like an advert")
    people = {**world.people, "other_moderator": other_moderator}
    return ModWorld(world, people, report, suspended, block_target)


def file(reporter, target_type: str, target_id: int, reason: str = "harassment", details: str = "", slug=None):
    """Report through the service, as the report form does."""
    snapshot = moderation.take_snapshot(target_type, target_id, reporter, slug)
    return moderation.file_report(reporter, snapshot, reason, details)


def audit_rows(action: str | None = None) -> list[AuditLog]:
    query = select(AuditLog).order_by(AuditLog.id)
    if action:
        query = query.where(AuditLog.action == action)
    return list(db.session.scalars(query))


def notifications_of(user, kind: str | None = None) -> list[Notification]:
    query = select(Notification).where(Notification.user_id == user.id).order_by(Notification.id)
    if kind:
        query = query.where(Notification.kind == kind)
    return list(db.session.scalars(query))


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def mod_url(world_or_slug, path: str = "/") -> str:
    slug = getattr(world_or_slug, "slug", world_or_slug)
    return f"/c/{slug}/moderation{path}"


__all__ = ["client_for", "fresh_request_globals"]
