"""Demo moderation: an advert on the board reported by two members, and one decided report in the log."""

from datetime import timedelta

from sqlalchemy import select

from mentorship.demo.people import person
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


# (topic title, author, hours ago, reply, [(reporter, reason, details)]): more for the queue, still to decide.
REPORTED_REPLIES = [
    (
        "Bootcamp, self-taught or a degree: what would you choose again?",
        "Marco Bianchi",
        20,
        "Honestly, bootcamps are for people who couldn't hack a real degree. Stop pretending otherwise.",
        [
            ("Zainab Oyelaran", "harassment", "This is aimed at people like me who did a bootcamp."),
            ("Rosa Jiménez", "harassment", ""),
        ],
    ),
    (
        "How do I negotiate my first tech salary?",
        "Tariq Mahmoud",
        6,
        "Use my salary calculator, only 29 dollars for lifetime access! Link in my profile.",
        [("Arjun Patel", "spam", "Selling something in a help thread.")],
    ),
]


def _reported_replies(community, users: list[User]) -> None:
    """A rude reply and a sales pitch on the board, each reported and waiting in the queue."""
    for title, author_name, hours_ago, body, reports in REPORTED_REPLIES:
        topic = db.session.scalar(select(Topic).where(Topic.community_id == community.id, Topic.title == title))
        if topic is None:
            continue
        at = utcnow() - timedelta(hours=hours_ago)
        author = person(users, author_name)
        reply = Post(
            topic_id=topic.id,
            community_id=community.id,
            author_id=author.id,
            body=body,
            body_html=str(render_markdown(body)),
            created_at=at,
        )
        db.session.add(reply)
        topic.reply_count += 1
        topic.last_activity_at = max(topic.last_activity_at, at)
        db.session.commit()
        for reporter_name, reason, details in reports:
            reporter = person(users, reporter_name)
            moderation.file_report(reporter, moderation.take_snapshot("post", reply.id, reporter), reason, details)


def seed_moderation(community, users: list[User]) -> None:
    """Reports for the demo moderator to work on (called once, from demo.seed, after the board)."""
    _reported_replies(community, users)
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
