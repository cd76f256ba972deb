"""Demo board: discussions, solved and open help requests, replies by several people, reactions."""

from collections.abc import Sequence
from datetime import timedelta
from typing import NamedTuple

from mentorship.extensions import db
from mentorship.models import Post, Reaction, Topic, TopicTag, User, utcnow
from mentorship.services.board.posting import notify_skilled_members
from mentorship.text import render_markdown


class DemoTopic(NamedTuple):
    """One topic of the demo board, its replies and which of them solved it."""

    author: int  # index in DEMO_PEOPLE
    kind: str
    title: str
    tags: list[str]
    hours_ago: int
    body: str
    replies: Sequence[tuple[int, int, str]] = ()  # (replier index, minutes after the question, body)
    solution: int | None = None  # index of the reply that solved it
    urgency: str = "normal"
    anonymous: bool = False


DEMO_TOPICS = [
    DemoTopic(
        6,
        "discussion",
        "What helped you most in your first 90 days in a new role?",
        ["career-change"],
        hours_ago=70,
        body="I start as a junior product manager next month. What made the difference for you early on?",
        replies=[
            (
                11,
                35,
                "Booking a 20-minute coffee with one new person every week. By month three I knew who to ask for what.",
            ),
            (4, 90, "Writing down every acronym I heard and asking about three of them each Friday. Nobody minded."),
            (
                5,
                300,
                "Shipping something small in week two. It told me more about the process than any onboarding doc.",
            ),
            (0, 1500, "Agree with all of the above. Also: *ask for feedback before you think you need it.*"),
        ],
    ),
    DemoTopic(
        3,
        "help",
        "How do I present a portfolio case study in 10 minutes?",
        ["public-speaking", "portfolio"],
        hours_ago=52,
        body="I have a final-round interview on Friday and my case study takes 25 minutes. What do I cut?",
        replies=[
            (
                4,
                40,
                "Tell it as a story with three beats: the problem, the one decision that mattered, the result.\n\n"
                "- 2 min context\n- 5 min the key decision and why\n- 3 min outcome and what you'd change",
            ),
            (
                8,
                180,
                "Put the details in an appendix you can open if they ask. It shows depth without eating the clock.",
            ),
        ],
        solution=0,
    ),
    DemoTopic(
        8,
        "help",
        "Explaining a two-year gap for caregiving on my CV",
        ["career-change", "interviewing"],
        hours_ago=120,
        body="I looked after my father for two years. How do I talk about it without over-explaining?",
        replies=[
            (
                9,
                190,
                'One line on the CV ("Full-time family caregiver, 2022–2024") and one calm sentence in the '
                "interview, then move to what you're excited about now. You don't owe anyone more.",
            ),
            (11, 400, "Seconding this. Interviewers respect it far more than people expect."),
        ],
        solution=0,
    ),
    DemoTopic(
        11,
        "help",
        "Is 45 too late to move into data analysis?",
        ["data-science", "career-change"],
        hours_ago=20,
        body="I've worked in logistics for twenty years. I enjoy spreadsheets a lot. Is it realistic to switch?",
        replies=[
            (
                10,
                95,
                "Not too late at all. Your domain knowledge is an advantage: logistics data is everywhere. "
                "Start with SQL and one real question from your current job.",
            )
        ],
        anonymous=True,
    ),
    DemoTopic(
        5,
        "help",
        "Docker build works locally but fails in CI",
        ["devops", "kubernetes"],
        hours_ago=3,
        body="`npm ci` fails in the CI image with `EACCES` on `/root/.npm`. Locally everything is fine. Any ideas?",
        urgency="high",
    ),
    DemoTopic(
        2,
        "discussion",
        "Your favourite free places to practise SQL?",
        ["sql", "data-science"],
        hours_ago=30,
        body="I'm collecting resources for our study group. What do you use?",
        replies=[
            (10, 60, "SQLBolt for the basics, then the public datasets in BigQuery's sandbox."),
            (9, 240, "Recreating reports from my own job with a copy of the data. Nothing beats a real question."),
        ],
    ),
]

# (topic index, reply index, reactor indexes, kind)
DEMO_REACTIONS = [
    (0, 0, [6, 3, 2], "thanks"),
    (0, 1, [6, 10], "helpful"),
    (1, 0, [3, 7, 9], "helpful"),
    (1, 0, [3], "thanks"),
    (2, 0, [8, 6, 11], "helpful"),
    (3, 0, [11], "thanks"),
    (5, 0, [2, 9], "thanks"),
]


def seed_board(community, users: list[User]) -> None:
    """Add the demo board to the demo community (called once, from demo.seed)."""
    now = utcnow()
    created = []
    for demo in DEMO_TOPICS:
        topic, reply_posts = _topic(community, users, demo, asked_at=now - timedelta(hours=demo.hours_ago))
        created.append((topic, reply_posts))
    for topic_index, reply_index, reactors, kind in DEMO_REACTIONS:
        post = created[topic_index][1][reply_index]
        db.session.add_all(Reaction(post_id=post.id, user_id=users[r].id, kind=kind) for r in reactors)
    open_request = created[4][0]
    notify_skilled_members(community, open_request, users[DEMO_TOPICS[4].author])
    db.session.commit()


def _topic(community, users: list[User], demo: DemoTopic, asked_at) -> tuple[Topic, list[Post]]:
    """One demo topic with its opening post and replies, their counters and its solution."""
    topic = Topic(
        community_id=community.id,
        author_id=users[demo.author].id,
        kind=demo.kind,
        title=demo.title,
        is_anonymous=demo.anonymous,
        urgency=demo.urgency,
        created_at=asked_at,
        last_activity_at=asked_at,
        tags=[TopicTag(tag=t) for t in demo.tags],
    )
    db.session.add(topic)
    db.session.flush()
    db.session.add(_post(topic, users[demo.author], demo.body, asked_at, opening=True))
    reply_posts = []
    for replier, minutes, text in demo.replies:
        at = asked_at + timedelta(minutes=minutes)
        reply_posts.append(_post(topic, users[replier], text, at))
        topic.last_activity_at = at
        if topic.first_answer_at is None and users[replier].id != topic.author_id:
            topic.first_answer_at, topic.first_answer_seconds = at, minutes * 60
    db.session.add_all(reply_posts)
    db.session.flush()
    topic.reply_count = len(reply_posts)
    if demo.solution is not None:
        topic.solved_post_id, topic.solved_at = reply_posts[demo.solution].id, topic.last_activity_at
    return topic, reply_posts


def _post(topic: Topic, author: User, body: str, at, opening: bool = False) -> Post:
    return Post(
        topic_id=topic.id,
        community_id=topic.community_id,
        author_id=author.id,
        is_opening=opening,
        is_anonymous=topic.is_anonymous and author.id == topic.author_id,
        body=body,
        body_html=str(render_markdown(body)),
        created_at=at,
    )
