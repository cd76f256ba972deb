"""Demo content for the mentorship space: a pair and a circle with messages and check-ins."""

from datetime import timedelta

from mentorship.extensions import db
from mentorship.models import Mentorship, MentorshipMember, Program, ProgramStep, utcnow
from mentorship.models.space import CheckIn, Message, StepProgress, side_thread_key
from mentorship.text import render_markdown

PORTFOLIO_STEPS = [
    ("Goals and ground rules", "Agree how often you meet and what *success* looks like.", "Write down three goals."),
    (
        "Pick your best work",
        "Choose two projects that show how you think, not only what you made.",
        "Shortlist projects.",
    ),
    ("Tell the story", "A case study is a story: problem, your part, the result.", "Draft one case study."),
    ("Feedback round", "Ask for specific feedback: what is unclear, what is missing.", "Swap drafts and comment."),
    ("Polish", "Cut what doesn't help the story. Check images and links.", "Finish both case studies."),
    ("Share it", "Publish, and practise walking someone through it in five minutes.", "Do a mock walkthrough."),
]


def message(mentorship, author, text, when, thread_key="main"):
    return Message(
        mentorship_id=mentorship.id,
        thread_key=thread_key,
        author_id=author.id if author else None,
        is_system=author is None,
        body=text,
        body_html=str(render_markdown(text)),
        created_at=when,
    )


def seed_space(community, users) -> None:
    """Lin mentors Sam in a "Portfolio sprint" program; Priya runs a circle with Tom, Grace and Kai."""
    by_email = {user.email: user for user in users}
    lin, sam, priya = by_email["lin@example.com"], by_email["sam@example.com"], by_email["priya@example.com"]
    tom, grace, kai = by_email["tom@example.com"], by_email["grace@example.com"], by_email["kai@example.com"]
    # Its own program, so the pair never overlaps the pairs seeded in the programs demo.
    program = Program(
        community_id=community.id,
        title="Portfolio sprint",
        description="Six weeks to a portfolio you are proud to share.",
        weeks=6,
        status="running",
        steps=[
            ProgramStep(week=week, title=title, guidance=guidance, activity=activity)
            for week, (title, guidance, activity) in enumerate(PORTFOLIO_STEPS, start=1)
        ],
    )
    db.session.add(program)
    db.session.flush()
    start = utcnow() - timedelta(days=10)
    pair = Mentorship(
        community_id=community.id,
        program_id=program.id if program else None,
        kind="pair",
        status="active",
        origin="program" if program else "help_request",
        weeks=program.weeks if program else 8,
        started_at=start,
    )
    pair.members = [MentorshipMember(user_id=lin.id, role="mentor"), MentorshipMember(user_id=sam.id, role="mentee")]
    circle = Mentorship(community_id=community.id, kind="circle", status="active", origin="help_request", weeks=6)
    circle.started_at = start
    circle.members = [MentorshipMember(user_id=priya.id, role="mentor")] + [
        MentorshipMember(user_id=u.id, role="mentee") for u in (tom, grace, kai)
    ]
    db.session.add_all([pair, circle])
    db.session.flush()
    day = timedelta(days=1)
    db.session.add_all(
        [
            message(pair, None, "Welcome! **Lin** will mentor **Sam** on moving into UX design.", start),
            message(
                pair, lin, "Hi Sam! Glad we're paired. What would make these weeks a success for you?", start + day
            ),
            message(
                pair,
                sam,
                "Hi Lin! Mostly:\n\n- a portfolio with *two* solid case studies\n- practice for design interviews",
                start + day * 1.2,
            ),
            message(
                pair, lin, "Great goals. Let's start with the case study you like most. Share a draft?", start + day * 2
            ),
            message(pair, sam, "Here it is: [draft](https://example.com/draft). Be honest!", start + day * 8),
            message(circle, priya, "Welcome to our speaking circle! Introduce yourselves?", start),
            message(circle, tom, "Hi all, Tom here. I freeze up in standups.", start + day),
            message(circle, grace, "Grace! Preparing a conference talk.", start + day * 1.5),
            message(circle, kai, "Could we talk one-to-one first?", start + day * 2, side_thread_key(kai.id)),
            message(circle, priya, "Of course, Kai. Tuesday?", start + day * 2.2, side_thread_key(kai.id)),
        ]
    )
    db.session.add_all(
        [
            CheckIn(
                mentorship_id=pair.id, user_id=lin.id, week=1, rating=4, note="Good start.", next_goal="Review draft"
            ),
            CheckIn(mentorship_id=pair.id, user_id=sam.id, week=1, rating=3, note="Nervous but ok.", next_goal="Draft"),
            CheckIn(mentorship_id=pair.id, user_id=sam.id, week=2, rating=4, note="Draft shared!", next_goal="Revise"),
            StepProgress(mentorship_id=pair.id, week=1, done_by_id=sam.id, note="We agreed on goals."),
        ]
    )
    db.session.commit()
