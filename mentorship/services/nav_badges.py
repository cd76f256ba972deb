"""The navigation's two counts, unread notifications and unread messages, in one query per page.

A page whose first query can carry them adds COLUMNS to it (with params()) and hands the two values
to remember(): the navigation then asks nothing more (the board's topic page does this).
"""

from typing import NamedTuple

from flask import has_request_context, request
from sqlalchemy import func, select

from ..extensions import db
from ..models.space import side_thread_key
from .notifications import UNREAD_CAP, UNREAD_COUNT
from .space_reads import UNREAD_QUERY


class Badges(NamedTuple):
    notifications: int  # counted up to UNREAD_CAP + 1 (the bell shows "99+")
    messages: int


def _columns():
    unread_threads = UNREAD_QUERY.subquery()
    messages = select(func.coalesce(func.sum(unread_threads.c[2]), 0)).scalar_subquery()
    return UNREAD_COUNT.scalar_subquery().label("badge_notifications"), messages.label("badge_messages")


COLUMNS = _columns()  # binds user_id, limit and side_key: see params()
BADGES = select(*COLUMNS)  # built once: every page's navigation runs it


def params(user_id: int) -> dict:
    return {"user_id": user_id, "limit": UNREAD_CAP + 1, "side_key": side_thread_key(user_id)}


def badges(user_id: int) -> Badges:
    """The counts for this request: remembered ones, else one query."""
    remembered = getattr(request, "nav_badges", None) if has_request_context() else None
    if remembered is not None:
        return remembered
    row = db.session.connection().execute(BADGES, params(user_id)).one()
    return remember(row[0], row[1])


def remember(notifications: int, messages: int) -> Badges:
    """Keep the counts a page's query carried for its navigation (on the request, not g: tests share g)."""
    counted = Badges(int(notifications), int(messages))
    if has_request_context():
        request.nav_badges = counted
    return counted
