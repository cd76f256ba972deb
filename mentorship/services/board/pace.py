"""How fast people may post on the board: new members' first day, and slow mode on busy topics.

- A member in their first day may post (topics and replies together) 3 times in 10 minutes.
- When a topic gets more than 10 replies in 5 minutes, slow mode switches on by itself (if the
  community keeps Community.slow_mode_enabled): each member then waits 60 seconds between posts
  in it. It switches off as soon as the pace drops.
Moderators and admins are never slowed down. Both checks are one SQL query each, on indexed columns.
"""

import math
from datetime import UTC, datetime, timedelta

from sqlalchemy import case, func, select

from mentorship.extensions import db
from mentorship.models import Community, Membership, Post, utcnow

NEW_MEMBER_FOR = timedelta(days=1)
NEW_MEMBER_POSTS = 3
NEW_MEMBER_PERIOD = timedelta(minutes=10)
SLOW_MODE_REPLIES = 10  # more than this many replies ...
SLOW_MODE_PERIOD = timedelta(minutes=5)  # ... within this time switches slow mode on
SLOW_MODE_INTERVAL = timedelta(seconds=60)  # then each member waits this long between posts


class PostingTooFast(Exception):
    """Posting refused for now; `retry_after` is in whole seconds."""

    def __init__(self, message: str, retry_after: int):
        super().__init__(message)
        self.retry_after = max(1, retry_after)


def _seconds_until(moment: datetime, now: datetime) -> int:
    return max(1, math.ceil((moment - now).total_seconds()))


def _wait_words(seconds: int) -> str:
    if seconds < 90:
        return f"{seconds} {'second' if seconds == 1 else 'seconds'}"
    minutes = math.ceil(seconds / 60)
    return f"{minutes} minutes"


def check_new_member(membership: Membership, now: datetime | None = None) -> None:
    """A new member's first day: NEW_MEMBER_POSTS posts per NEW_MEMBER_PERIOD, or PostingTooFast."""
    now = now or utcnow()
    if membership.is_moderator or membership.joined_at is None or membership.joined_at <= now - NEW_MEMBER_FOR:
        return
    since = now - NEW_MEMBER_PERIOD
    count, oldest = db.session.execute(
        select(func.count(), func.min(Post.created_at)).where(
            Post.author_id == membership.user_id,
            Post.community_id == membership.community_id,
            Post.created_at >= since,
        )
    ).one()
    if count < NEW_MEMBER_POSTS:
        return
    wait = _seconds_until(_aware(oldest) + NEW_MEMBER_PERIOD, now)
    raise PostingTooFast(
        f"Welcome! In their first day, new members can post {NEW_MEMBER_POSTS} times in "
        f"{int(NEW_MEMBER_PERIOD.total_seconds() // 60)} minutes. You can post again in {_wait_words(wait)}.",
        wait,
    )


def _aware(value: datetime) -> datetime:
    # func.min() comes back without the column's type on some databases: naive UTC.
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def topic_pace(topic_id: int, user_id: int, now: datetime) -> tuple[int, datetime | None]:
    """(replies in the topic within SLOW_MODE_PERIOD, this person's latest post there in that time)."""
    since = now - SLOW_MODE_PERIOD
    count, mine = db.session.execute(
        select(
            func.count(),
            func.max(case((Post.author_id == user_id, Post.created_at))),
        ).where(Post.topic_id == topic_id, Post.is_opening.is_(False), Post.created_at >= since)
    ).one()
    return count, (_aware(mine) if mine is not None else None)


def slow_mode_on(community: Community, topic_id: int, now: datetime | None = None) -> bool:
    """Whether slow mode is on in a topic right now."""
    if not community.slow_mode_enabled:
        return False
    count, _ = topic_pace(topic_id, 0, now or utcnow())
    return count > SLOW_MODE_REPLIES


def check_slow_mode(community: Community, membership: Membership, topic_id: int, now: datetime | None = None) -> None:
    """In a busy topic, one post per SLOW_MODE_INTERVAL per member, or PostingTooFast."""
    now = now or utcnow()
    if not community.slow_mode_enabled or membership.is_moderator:
        return
    count, mine = topic_pace(topic_id, membership.user_id, now)
    if count <= SLOW_MODE_REPLIES or mine is None or mine <= now - SLOW_MODE_INTERVAL:
        return
    wait = _seconds_until(mine + SLOW_MODE_INTERVAL, now)
    raise PostingTooFast(f"Slow mode is on: you can post again in {_wait_words(wait)}.", wait)


def check_pace(community: Community, membership: Membership, topic_id: int | None = None) -> None:
    """Every pace rule for a new topic (topic_id None) or a reply; raises PostingTooFast."""
    now = utcnow()
    check_new_member(membership, now)
    if topic_id is not None:
        check_slow_mode(community, membership, topic_id, now)
