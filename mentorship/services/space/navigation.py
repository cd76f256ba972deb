"""The navigation's two counts, unread notifications and unread messages, in one query per page (with whether
the person moderates or runs a community, so their to-do is asked for only then).

A page whose first query can carry them adds COLUMNS to it (with params()) and hands the two values to
web.navigation.remember(): the navigation then asks nothing more (the board's topic page does this).
"""

from typing import NamedTuple

from sqlalchemy import bindparam, exists, func, select

from mentorship.extensions import db
from mentorship.models import Membership
from mentorship.models.space import side_thread_key
from mentorship.services.notify.notifications import UNREAD_CAP, UNREAD_COUNT
from mentorship.services.space.reads import UNREAD_QUERY


class Badges(NamedTuple):
    notifications: int  # counted up to UNREAD_CAP + 1 (the bell shows "99+")
    messages: int
    staff: bool = False  # moderates or runs a community: the header then asks for their to-do


def _columns():
    unread_threads = UNREAD_QUERY.subquery()
    messages = select(func.coalesce(func.sum(unread_threads.c[2]), 0)).scalar_subquery()
    staff = exists(
        select(Membership.id).where(
            Membership.user_id == bindparam("user_id"), Membership.role.in_(("moderator", "admin"))
        )
    )
    return (
        UNREAD_COUNT.scalar_subquery().label("badge_notifications"),
        messages.label("badge_messages"),
        staff.label("badge_staff"),
    )


COLUMNS = _columns()  # binds user_id, limit and side_key: see params()
BADGES = select(*COLUMNS)  # built once: every page's navigation runs it


def params(user_id: int) -> dict:
    return {"user_id": user_id, "limit": UNREAD_CAP + 1, "side_key": side_thread_key(user_id)}


def badges(user_id: int) -> Badges:
    """The person's two counts, in one query."""
    row = db.session.connection().execute(BADGES, params(user_id)).one()
    return Badges(int(row[0]), int(row[1]), bool(row[2]))
