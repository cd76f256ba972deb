"""Demo data so a newcomer sees a living site: the people first, then each area's part, in this order."""

from mentorship.demo.board import seed_board
from mentorship.demo.cohorts import seed_cohorts
from mentorship.demo.events import seed_events
from mentorship.demo.moderation import seed_moderation
from mentorship.demo.notifications import seed_notifications
from mentorship.demo.people import DEMO_COMMUNITY, DEMO_PEOPLE, seed_people
from mentorship.demo.programs import seed_programs
from mentorship.demo.space import seed_space
from mentorship.models import User

__all__ = ["DEMO_COMMUNITY", "DEMO_PEOPLE", "seed"]

# Each seed takes (community, users); moderation reports board posts, so the board comes before it.
SEEDS = (seed_programs, seed_cohorts, seed_board, seed_moderation, seed_notifications, seed_space, seed_events)


def seed(password: str) -> list[User] | None:
    """Create the demo community, its people and every area's content once; None when they already exist."""
    created = seed_people(password)
    if created is None:
        return None
    community, users = created
    for seed_area in SEEDS:
        seed_area(community, users)
    return users
