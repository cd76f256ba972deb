"""Demo content for events: a monthly strategy session next week, nearly full, and a past AMA."""

from datetime import timedelta

from mentorship.extensions import db
from mentorship.models import CommunityEvent, EventRsvp, utcnow


def seed_events(community, users) -> None:
    """A strategy session with three seats (two taken, one waiting) and last month's AMA."""
    by_email = {user.email: user for user in users}
    organiser = by_email.get("priya@example.com", users[0])
    soon = (utcnow() + timedelta(days=6)).replace(hour=17, minute=0, second=0, microsecond=0)
    strategy = CommunityEvent(
        community_id=community.id,
        organizer_id=organiser.id,
        title="Monthly strategy session",
        description="What we learnt this month, and what the community should try next. Bring one idea.",
        starts_at=soon,
        minutes=60,
        zone="Europe/London",
        place_kind="link",
        place="https://meet.jit.si/mentorship-demo-strategy-session",
        capacity=2,
        going_count=2,
        uid="event-demo-strategy@mentorship",
    )
    ama = CommunityEvent(
        community_id=community.id,
        organizer_id=organiser.id,
        title="AMA: moving into a data career",
        description="Questions answered live.",
        starts_at=soon - timedelta(days=35),
        minutes=45,
        zone="Europe/London",
        place_kind="link",
        place="https://meet.jit.si/mentorship-demo-ama",
        uid="event-demo-ama@mentorship",
    )
    workshop = CommunityEvent(
        community_id=community.id,
        organizer_id=by_email.get("ada@example.com", users[0]).id,
        title="CV clinic: bring yours, leave with three fixes",
        description="Mentors from the programs read CVs in small groups. Bring a PDF or a link.",
        starts_at=soon + timedelta(days=9, hours=1),
        minutes=90,
        zone="Europe/Berlin",
        place_kind="link",
        place="https://meet.jit.si/mentorship-demo-cv-clinic",
        capacity=30,
        uid="event-demo-cv-clinic@mentorship",
    )
    meetup = CommunityEvent(
        community_id=community.id,
        organizer_id=by_email.get("priya@example.com", users[0]).id,
        title="Lightning talks: how I got my first tech job",
        description="Five members, five minutes each, then questions.",
        starts_at=soon - timedelta(days=13),
        minutes=60,
        zone="Asia/Kolkata",
        place_kind="link",
        place="https://meet.jit.si/mentorship-demo-lightning-talks",
        uid="event-demo-lightning@mentorship",
    )
    db.session.add_all([strategy, ama, workshop, meetup])
    db.session.flush()
    answers = [("going", 0), ("going", 1), ("waitlist", 2), ("maybe", 3)]
    for answer, index in answers:
        if index < len(users):
            db.session.add(
                EventRsvp(
                    event_id=strategy.id,
                    user_id=users[index].id,
                    answer=answer,
                    answered_at=utcnow() - timedelta(hours=10 - index),
                )
            )
    # The crowd answers the CV clinic: a busy event with room left.
    for index, user in enumerate(users[12:40]):
        answer = "maybe" if index % 5 == 4 else "going"
        db.session.add(
            EventRsvp(
                event_id=workshop.id, user_id=user.id, answer=answer, answered_at=utcnow() - timedelta(hours=index)
            )
        )
    workshop.going_count = sum(1 for i in range(28) if i % 5 != 4)
    db.session.commit()
