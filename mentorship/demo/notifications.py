"""Demo notifications: a real join request waiting for an admin, so the bell has something to show."""

from sqlalchemy import select

from mentorship.extensions import db
from mentorship.models import Community, User
from mentorship.services.communities.membership import request_to_join


def seed_notifications(community: Community, users: list[User]) -> None:
    """Jon asks to join the private "Women in Data" circle; its admin (Lin) is notified."""
    private = db.session.scalar(select(Community).where(Community.slug == "women-in-data"))
    jon = next((u for u in users if u.email == "jon@example.com"), None)
    if private is None or jon is None:
        return
    request_to_join(jon, private, "I moved from finance into analytics last year and would love to learn with you.")
