"""Who may open and do what in moderation, reporting and blocking: every route against every kind of person."""

import pytest
from sqlalchemy import select

from mentorship.extensions import db
from mentorship.models import Report
from tests.factories import add_member, make_community, make_reply, make_topic, make_user
from tests.moderation.conftest import PERSONS, client_for, fresh_request_globals, make_mod_world, mod_url  # noqa: F401


def people(default: int, **overrides) -> dict:
    """Expected status per person: visitors go to the login page; `default` for everyone else unless named."""
    expected = {person: default for person in PERSONS}
    expected["visitor"] = 302
    expected.update(overrides)
    return expected


MODERATORS_ONLY = people(403, moderator=200, admin=200)
MODERATORS_ACT = people(403, moderator=303, admin=303)
ADMINS_ONLY = people(403, admin=200)
# Reporting needs membership of the community the thing lives in; other communities' people get a 404.
COMMUNITY_MEMBERS = people(200, outsider=404, other_pair_member=404, other_moderator=404)
COMMUNITY_MEMBERS_POST = people(303, outsider=404, other_pair_member=404, other_moderator=404)

# (name, method, path builder, form data, expected status per person)
ROUTES = [
    ("queue", "get", lambda w: mod_url(w), None, MODERATORS_ONLY),
    ("decided reports", "get", lambda w: mod_url(w, "/?show=closed"), None, MODERATORS_ONLY),
    ("one reported post", "get", lambda w: mod_url(w, f"/post/{w.board.member_post.id}"), None, MODERATORS_ONLY),
    (
        "dismiss",
        "post",
        lambda w: mod_url(w, f"/post/{w.board.member_post.id}/act"),
        {"action": "dismiss"},
        MODERATORS_ACT,
    ),
    (
        "warn",
        "post",
        lambda w: mod_url(w, f"/post/{w.board.member_post.id}/act"),
        {"action": "warn", "reason": "Please no ads"},
        MODERATORS_ACT,
    ),
    ("hide form", "get", lambda w: mod_url(w, f"/post/{w.board.writer_post.id}/hide"), None, MODERATORS_ONLY),
    (
        "hide",
        "post",
        lambda w: mod_url(w, f"/post/{w.board.writer_post.id}/hide"),
        {"reason": "Off-topic"},
        MODERATORS_ACT,
    ),
    ("restore", "post", lambda w: mod_url(w, f"/topic/{w.board.help_topic.id}/restore"), {}, MODERATORS_ACT),
    (
        "lift suspension",
        "post",
        lambda w: mod_url(w, f"/members/{w.suspended.id}/lift-suspension"),
        {},
        MODERATORS_ACT,
    ),
    ("audit log", "get", lambda w: mod_url(w, "/log?action=warned"), None, ADMINS_ONLY),
    ("settings form", "get", lambda w: mod_url(w, "/settings"), None, ADMINS_ONLY),
    (
        "save settings",
        "post",
        lambda w: mod_url(w, "/settings"),
        {"report_hide_threshold": "5"},
        people(403, admin=303),
    ),
    ("report form (post)", "get", lambda w: f"/report/post/{w.board.writer_post.id}", None, COMMUNITY_MEMBERS),
    (
        "report (post)",
        "post",
        lambda w: f"/report/post/{w.board.writer_post.id}",
        {"reason": "spam"},
        COMMUNITY_MEMBERS_POST,
    ),
    (
        "report form (topic)",
        "get",
        lambda w: f"/report/topic/{w.board.help_topic.id}",
        None,
        {**COMMUNITY_MEMBERS, "member": 403},  # the member wrote it
    ),
    (
        "report form (member)",
        "get",
        lambda w: f"/report/member/{w.board.writer.id}?community={w.slug}",
        None,
        COMMUNITY_MEMBERS,
    ),
    (
        "report (member)",
        "post",
        lambda w: f"/report/member/{w.board.writer.id}?community={w.slug}",
        {"reason": "harassment", "details": "Rude in replies"},
        COMMUNITY_MEMBERS_POST,
    ),
    ("my reports", "get", lambda w: "/reports/mine", None, people(200)),
    ("block page", "get", lambda w: f"/people/{w.board.writer.id}/block", None, COMMUNITY_MEMBERS),
    ("block", "post", lambda w: f"/people/{w.board.writer.id}/block", {}, COMMUNITY_MEMBERS_POST),
    ("blocked people", "get", lambda w: "/settings/blocked", None, people(200)),
    ("unblock", "post", lambda w: f"/settings/blocked/{w.block_target.id}/unblock", {}, people(404, member=303)),
]


@pytest.mark.parametrize("person", PERSONS)
@pytest.mark.parametrize("name,method,path,data,expected", ROUTES, ids=[r[0] for r in ROUTES])
def test_access(app, login_as, person, name, method, path, data, expected):
    world = make_mod_world()
    if name == "restore":
        world.board.help_topic.hidden_at = world.report.created_at
        db.session.commit()
    client = client_for(app, login_as, world.people[person])
    response = getattr(client, method)(path(world), data=data)
    assert response.status_code == expected[person], response.get_data(as_text=True)[:400]
    if person == "visitor":
        assert "/login" in response.headers["Location"]


def test_a_private_communitys_moderation_is_a_404_to_outsiders(app, login_as):
    admin, member, outsider = make_user(), make_user(), make_user()
    private = make_community(admin=admin, private=True, members=[member])
    make_community(admin=outsider)  # a moderator elsewhere
    topic = make_topic(private, member, "Private matters")
    post = make_reply(topic, admin, "A reply")
    client = login_as(outsider)
    assert client.get(mod_url(private.slug)).status_code == 404
    assert client.get(mod_url(private.slug, "/log")).status_code == 404
    assert client.post(mod_url(private.slug, f"/post/{post.id}/hide"), data={"reason": "x"}).status_code == 404
    assert client.get(f"/report/post/{post.id}").status_code == 404
    assert client.post(f"/report/topic/{topic.id}", data={"reason": "spam"}).status_code == 404
    assert client.get(f"/people/{member.id}/block").status_code == 404
    assert db.session.scalar(select(Report.id)) is None
    assert db.session.get(type(post), post.id).hidden_at is None


def test_moderators_of_another_community_cannot_act_on_this_ones_reports(app, login_as):
    world = make_mod_world()
    client = login_as(world.people["other_moderator"])
    other_slug = world.board.other.slug
    # Through their own community, the target does not exist there.
    response = client.post(mod_url(other_slug, f"/post/{world.board.member_post.id}/act"), data={"action": "dismiss"})
    assert response.status_code == 404
    response = client.post(mod_url(other_slug, f"/post/{world.board.writer_post.id}/hide"), data={"reason": "x"})
    assert response.status_code == 404
    db.session.refresh(world.report)
    assert world.report.status == "open"


def test_reporting_a_hidden_post_is_for_moderators_only(app, login_as):
    world = make_mod_world()
    world.board.writer_post.hidden_at = world.report.created_at
    db.session.commit()
    assert login_as(world.people["member"]).get(f"/report/post/{world.board.writer_post.id}").status_code == 404
    assert login_as(world.people["moderator"]).get(f"/report/post/{world.board.writer_post.id}").status_code == 200


def test_a_member_of_another_community_cannot_be_reported_through_this_one(app, login_as):
    world = make_mod_world()
    client = login_as(world.people["member"])
    outsider = world.people["outsider"]
    assert client.get(f"/report/member/{outsider.id}?community={world.slug}").status_code == 404
    assert client.get(f"/report/member/{outsider.id}").status_code == 404
    assert client.get("/report/comment/1").status_code == 404


def test_new_moderator_sees_the_queue_at_once(app, login_as):
    world = make_mod_world()
    newcomer = make_user()
    add_member(world.community, newcomer, "moderator")
    assert login_as(newcomer).get(mod_url(world)).status_code == 200
