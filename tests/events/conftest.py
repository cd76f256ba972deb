"""A community with an admin, three members (for a capacity-2 event), a moderator and an outsider."""

from types import SimpleNamespace

import pytest

from tests.factories import add_member, make_community, make_user

FORM = {
    "title": "Monthly strategy session",
    "description": "We plan the quarter together.",
    "day": "2031-06-02",
    "at": "18:00",
    "minutes": "60",
    "zone": "Europe/Paris",
    "place_kind": "link",
    "place": "https://meet.example.org/strategy",
    "capacity": "2",
}


@pytest.fixture
def club(app):
    admin = make_user("Ada Admin")
    ann, bo, cy = make_user("Ann One"), make_user("Bo Two", timezone="Pacific/Auckland"), make_user("Cy Three")
    moderator, outsider = make_user("Mo Moderator"), make_user("Otto Outsider")
    community = make_community(admin=admin, members=[ann, bo, cy], name="Calm Coders")
    add_member(community, moderator, "moderator")
    make_community(admin=outsider, name="Elsewhere")
    return SimpleNamespace(
        admin=admin, ann=ann, bo=bo, cy=cy, moderator=moderator, outsider=outsider, community=community
    )


def create_event(client, club, **changes):
    return client.post(f"/c/{club.community.slug}/events/new", data={**FORM, **changes})
