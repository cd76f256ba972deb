"""The demo community shows events: a nearly full strategy session with a waitlist, and a past AMA."""

from sqlalchemy import select

from mentorship.demo import DEMO_COMMUNITY, seed
from mentorship.extensions import db
from mentorship.models import Community


def test_the_demo_has_events_on_the_community_page(app, login_as):
    users = seed("demo-password-for-tests")
    slug = db.session.scalar(select(Community.slug).where(Community.name == DEMO_COMMUNITY))
    page = login_as(users[0]).get(f"/c/{slug}").get_data(as_text=True)
    assert "Monthly strategy session" in page and "2 of 2 going" in page
    past = login_as(users[0]).get(f"/c/{slug}/events?when=past").get_data(as_text=True)
    assert "AMA: moving into a data career" in past
