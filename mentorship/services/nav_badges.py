"""The navigation's two counts, unread notifications and unread messages, in one query per page."""

from typing import NamedTuple

from sqlalchemy import func, select

from ..extensions import db
from ..models.space import side_thread_key
from .notifications import UNREAD_CAP, UNREAD_COUNT
from .space_reads import UNREAD_QUERY


class Badges(NamedTuple):
    notifications: int  # counted up to UNREAD_CAP + 1 (the bell shows "99+")
    messages: int


def _build():
    unread_threads = UNREAD_QUERY.subquery()
    messages = select(func.coalesce(func.sum(unread_threads.c[2]), 0)).scalar_subquery()
    return select(UNREAD_COUNT.scalar_subquery(), messages)


BADGES = _build()  # built once: every page's navigation runs it


def badges(user_id: int) -> Badges:
    row = (
        db.session.connection()
        .execute(BADGES, {"user_id": user_id, "limit": UNREAD_CAP + 1, "side_key": side_thread_key(user_id)})
        .one()
    )
    return Badges(int(row[0]), int(row[1]))
