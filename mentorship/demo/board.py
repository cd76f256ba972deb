"""Demo board: discussions, solved and open help requests, replies by several people, reactions."""

from collections.abc import Sequence
from datetime import timedelta
from typing import NamedTuple

from mentorship.demo.people import who
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

# The crowd's topics (people by name): solved, answered and open help requests, and busy discussions.
DEMO_TOPICS += [
    DemoTopic(
        who("Carlos Mendoza"),
        "help",
        "How do I negotiate my first tech salary?",
        ["negotiation", "career-change"],
        hours_ago=96,
        body="I have an offer for a junior analyst role. It's more than I earn now, so I feel I should just say yes.",
        replies=[
            (
                who("Emma Johansson"),
                50,
                'Thank them, ask for a day, then ask once: *"Is there flexibility on the base salary?"* '
                "The worst answer is no, and nobody withdraws an offer for a polite question.",
            ),
            (
                who("Ingrid Larsen"),
                210,
                "Look up the range for the role first (levels.fyi, Glassdoor, people here). "
                "Ask for the middle of it, and remember the start date and training budget are negotiable too.",
            ),
            (who("Carlos Mendoza"), 2900, "Asked once and got 8% more plus a course budget. Thank you both!"),
        ],
        solution=1,
    ),
    DemoTopic(
        who("Diego Ramírez"),
        "help",
        "Kubernetes for someone who has only used Heroku?",
        ["kubernetes", "devops"],
        hours_ago=40,
        body="Our team is moving off Heroku. Where should a front-end developer start so I'm not lost in meetings?",
        replies=[
            (
                who("Katarzyna Wiśniewska"),
                75,
                "Start with the words, not the YAML: pod, deployment, service, ingress. "
                "Then run one app on kind or minikube on your laptop. That covers most meetings.",
            ),
            (
                who("Oliver Hughes"),
                300,
                "And ask your platform team for a tour of *your* cluster. Most love giving one.",
            ),
        ],
    ),
    DemoTopic(
        who("Sara Ahmadi"),
        "help",
        "Scared of my first code review",
        ["career-change", "javascript"],
        hours_ago=5,
        body="My first pull request goes up tomorrow. I was a pharmacist a year ago. "
        "How do I not take comments personally?",
    ),
    DemoTopic(
        who("Fatima Zahra Benali"),
        "help",
        "My manager presents my analysis as his own",
        ["career-change", "data-science"],
        hours_ago=9,
        body="Third time this quarter. I don't want to start a fight in my first year. What would you do?",
        anonymous=True,
        urgency="high",
    ),
    DemoTopic(
        who("Ethan Brooks"),
        "help",
        "Screen reader testing: where do I start?",
        ["accessibility", "react"],
        hours_ago=150,
        body="We got an accessibility audit back and I don't know how to check my fixes. Which screen reader first?",
        replies=[
            (
                who("Chloé Martin"),
                45,
                "NVDA on Windows with Firefox or Chrome, VoiceOver on a Mac or iPhone. "
                "Learn five keys: next heading, next link, next form field, read all, stop. "
                "Then try to buy something on your own site without looking.",
            ),
            (who("Ethan Brooks"), 500, "Did exactly that. Found three unlabeled buttons in ten minutes. Thank you!"),
        ],
        solution=0,
    ),
    DemoTopic(
        who("Kwame Boateng"),
        "discussion",
        "Share a win from this week, however small",
        ["community"],
        hours_ago=28,
        body="I'll start: our meetup had 40 people and eleven were there for the first time.",
        replies=[
            (who("Zainab Oyelaran"), 30, "Passed my first technical screen!"),
            (who("Amelia Clarke"), 80, "My first piece of content design went live today."),
            (who("Tomás Silva"), 200, "I finally understood dependency injection. Took me two years."),
            (who("Jamal Wright"), 420, "Wrote my first product brief and my manager asked to use it as a template."),
            (who("Michael Osei"), 600, "My app got its first review from someone I don't know. Five stars."),
        ],
    ),
    DemoTopic(
        who("Jamal Wright"),
        "discussion",
        "Bootcamp, self-taught or a degree: what would you choose again?",
        ["career-change"],
        hours_ago=60,
        body="Looking back, which route into tech would you take a second time, and why?",
        replies=[
            (
                who("Zainab Oyelaran"),
                40,
                "Bootcamp, for the structure and the cohort. But the real learning started in the job.",
            ),
            (who("Ben Carter"), 130, "As a hiring manager: I care about what you built and how you talk about it."),
            (who("Vikram Singh"), 260, "Degree, but only because it was free where I studied. Otherwise self-taught."),
        ],
    ),
    DemoTopic(
        who("Anna Kowalska"),
        "help",
        "From teaching to tech: product owner or delivery manager?",
        ["career-change", "project-management"],
        hours_ago=18,
        body="Ten years as a primary-school teacher, two as a scrum master. Which role uses what I'm good at?",
        replies=[
            (
                who("Hannah Schmidt"),
                65,
                "I taught chemistry before product. If you love deciding *what* to build and why: product owner. "
                "If you love unblocking people and planning: delivery. Shadow one of each for a day.",
            ),
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
    (6, 1, [who("Carlos Mendoza"), who("Arjun Patel"), who("Pedro Alves")], "helpful"),
    (7, 0, [who("Diego Ramírez"), who("Mei Tanaka")], "thanks"),
    (10, 0, [who("Ethan Brooks"), who("Leila Farahani"), who("Julia Nowak")], "helpful"),
    (11, 0, [who("Kwame Boateng"), who("Amelia Clarke"), who("Ben Carter"), who("Aisha Khan")], "thanks"),
    (11, 3, [who("Emma Johansson"), who("Kwame Boateng")], "thanks"),
    (12, 1, [who("Jamal Wright"), who("Zainab Oyelaran")], "helpful"),
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
