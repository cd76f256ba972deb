"""Demo moderation: an advert on the board reported by two members, and one decided report in the log."""

from datetime import timedelta

from sqlalchemy import select

from mentorship.extensions import db
from mentorship.models import Post, Topic, TopicTag, User, utcnow
from mentorship.permissions.communities import membership_in
from mentorship.services.moderation import reports as moderation
from mentorship.services.moderation.actions import act
from mentorship.services.moderation.queue import queue_item
from mentorship.text import render_markdown

ADVERT_TITLE = "Get a tech job in 30 days, guaranteed"
ADVERT_BODY = "My bootcamp places 100% of students. 90% off this week only, DM me for the link!"


def _advert(community, author: User) -> Topic:
    """Kai's advert: a topic with its opening post, two hours old."""
    at = utcnow() - timedelta(hours=2)
    topic = Topic(
        community_id=community.id,
        author_id=author.id,
        kind="discussion",
        title=ADVERT_TITLE,
        created_at=at,
        last_activity_at=at,
        tags=[TopicTag(tag="career-change")],
    )
    db.session.add(topic)
    db.session.flush()
    opening = Post(
        topic_id=topic.id,
        community_id=community.id,
        author_id=author.id,
        is_opening=True,
        body=ADVERT_BODY,
        body_html=str(render_markdown(ADVERT_BODY)),
        created_at=at,
    )
    db.session.add(opening)
    db.session.commit()
    return topic


def seed_moderation(community, users: list[User]) -> None:
    """Reports for the demo moderator to work on (called once, from demo.seed, after the board)."""
    topic = _advert(community, users[7])  # Kai posts an advert; Sam and Noah report it
    reporters = (users[3], users[9])
    details = ("Third advert like this from them.", "")
    for reporter, text in zip(reporters, details, strict=True):
        snapshot = moderation.take_snapshot("topic", topic.id, reporter)
        moderation.file_report(reporter, snapshot, "spam", text)
    # An older report, already decided, so the log and "Decided" have something in them.
    reply = db.session.scalar(select(Post).where(Post.community_id == community.id, Post.is_opening.is_(False)))
    if reply is None:
        return
    reporter = next(u for u in users[2:] if u.id != reply.author_id)
    moderation.file_report(reporter, moderation.take_snapshot("post", reply.id, reporter), "off_topic", "")
    moderator = users[1]
    item = queue_item(community.id, moderator.id, "post", reply.id)
    act(
        community,
        moderator,
        membership_in(community.id, moderator.id),
        item,
        "dismiss",
        "On topic: it answers the question.",
    )
