"""Each safety note reaches exactly the audience its form names (issue 20, finding 8), both ways: the
audience reads it, nobody else does. "I'm uneasy" notes and end-early reasons: the program's admins (a concern
with the member's name); feedback comments: the admins, pooled, never next to a name, from five people on;
a join request's note: the private community's admins; a report's details: the community's moderators."""

import pytest

from mentorship.extensions import db
from mentorship.models import MentorshipFeedback
from mentorship.services.communities import membership as communities
from mentorship.services.moderation import reports
from mentorship.services.programs.notes import POOL_MIN
from mentorship.services.space import lifecycle
from tests.factories import add_member, make_community, make_mentorship, make_space_program, make_topic, make_user

CONCERN, END_REASON, JOIN_NOTE, DETAILS = "uneasyquokka words", "endreasonquokka", "joinquokka", "detailsquokka"


@pytest.fixture
def world(app):
    admin, moderator, member = make_user("Ada Admin"), make_user("Mo Moderator"), make_user("Mia Member")
    mentor, mentee, other_mentor, other_mentee = (make_user(n) for n in ("Xia Mentor", "Yul Mentee", "Ole", "Uma"))
    community = make_community(admin=admin, members=[member, mentor, mentee, other_mentor, other_mentee])
    add_member(community, moderator, "moderator")
    private = make_community(admin=admin, name="Private Nook", private=True)
    program = make_space_program(community)
    uneasy = make_mentorship(community, mentor, mentee, program=program)
    ending = make_mentorship(community, other_mentor, other_mentee, program=program)
    lifecycle.raise_concern(uneasy, mentor, CONCERN)
    lifecycle.end_early(ending, other_mentee, END_REASON)
    communities.request_to_join(member, private, JOIN_NOTE)
    topic = make_topic(community, mentee, title="A topic to report")
    reports.file_report(member, reports.take_snapshot("topic", topic.id, member, community.slug), "spam", DETAILS)
    db.session.commit()
    people = {
        "admin": admin,
        "moderator": moderator,
        "member": member,
        "mentor": mentor,
        "mentee": mentee,
        "other_mentee": other_mentee,
    }
    return {
        "people": people,
        "community": community,
        "private": private,
        "program": program,
        "uneasy": uneasy.id,
        "ending": ending.id,
    }


def _pages(world) -> list[str]:
    c, p = world["community"].slug, world["program"].id
    return [
        f"/c/{c}/programs/{p}/health",
        f"/c/{c}/health",
        f"/c/{c}/moderation/",
        f"/c/{world['private'].slug}/requests",
        "/notifications",
        f"/m/{world['uneasy']}",
        f"/m/{world['uneasy']}/manage",
        f"/m/{world['ending']}",
        "/settings/account/export",
    ]


def _seen(login_as, person, world) -> str:
    return "\n".join(login_as(person).get(page).get_data(as_text=True) for page in _pages(world))


AUDIENCE = {
    CONCERN: {"admin", "mentor"},
    END_REASON: {"admin", "other_mentee"},
    JOIN_NOTE: {"admin", "member"},
    DETAILS: {"admin", "moderator", "member"},
}  # the writer's own export holds their words too


def test_each_note_reaches_its_audience_and_no_one_else(login_as, world):
    for role, person in world["people"].items():
        seen = _seen(login_as, person, world)
        for words, audience in AUDIENCE.items():
            assert (words in seen) == (role in audience), (role, words)


def test_a_concern_shows_its_authors_name_to_the_admins(login_as, world):
    c, p = world["community"].slug, world["program"].id
    html = login_as(world["people"]["admin"]).get(f"/c/{c}/programs/{p}/health").get_data(as_text=True)
    notes = html.split('id="notes"')[1].split("</section>")[0]
    assert "Xia Mentor" in notes and CONCERN in notes and END_REASON in notes


def test_feedback_comments_are_pooled_without_names_from_five_people_on(login_as, world):
    c, p = world["community"].slug, world["program"].id
    givers = [make_user(f"Giver {n}") for n in range(POOL_MIN)]
    for n, giver in enumerate(givers):
        db.session.add(
            MentorshipFeedback(
                mentorship_id=world["uneasy"],
                user_id=giver.id,
                helpful=4,
                would_recommend=True,
                comment=f"pooledquokka {n}",
            )
        )
        if n == POOL_MIN - 2:
            db.session.commit()
            page = login_as(world["people"]["admin"]).get(f"/c/{c}/programs/{p}/health").get_data(as_text=True)
            assert "pooledquokka" not in page and f"once {POOL_MIN} people have given feedback" in page
    db.session.commit()
    page = login_as(world["people"]["admin"]).get(f"/c/{c}/programs/{p}/health").get_data(as_text=True)
    notes = page.split('id="notes"')[1].split("</section>")[0]
    assert all(f"pooledquokka {n}" in notes for n in range(POOL_MIN))
    assert not any(giver.display_name in notes for giver in givers)
    assert "pooledquokka" not in _seen(login_as, world["people"]["mentor"], world)


def test_notes_for_the_admins_stay_inert_for_the_xss_corpus(login_as, world):
    """Concerns, end reasons and pooled comments are shown escaped (tests/xss_corpus.py)."""
    import re

    from markupsafe import escape

    from mentorship.models import UneasyNote
    from tests.xss_corpus import PAYLOADS

    # Stored as the forms store them: the request's cleaning drops NUL bytes (PostgreSQL refuses them in text).
    PAYLOADS = [payload.replace("\x00", "") for payload in PAYLOADS]  # noqa: N806
    for payload in PAYLOADS:
        db.session.add(
            UneasyNote(
                mentorship_id=world["uneasy"], author_id=world["people"]["mentor"].id, text=f"Worried: {payload}"
            )
        )
    db.session.commit()
    c, p = world["community"].slug, world["program"].id
    html = login_as(world["people"]["admin"]).get(f"/c/{c}/programs/{p}/health").get_data(as_text=True)
    notes = html.split('id="notes"')[1].split("</section>")[0]
    assert not re.search(r"<\s*script", notes, re.I) and not re.search(r"<[^>]*\son[a-z]+\s*=", notes, re.I)
    assert all(str(escape(f"Worried: {payload}")) in notes for payload in PAYLOADS)
