"""Who may open and do what on the board: every route against every kind of person."""

import pytest
from sqlalchemy import func, select

from mentorship.extensions import db
from mentorship.models import Post
from tests.board.conftest import PERSONS, board_url, client_for, fresh_request_globals, make_world  # noqa: F401
from tests.factories import make_community, make_topic, make_user

MEMBERS_READ = {
    "visitor": 302,
    "member": 200,
    "outsider": 403,
    "pair_member": 200,
    "other_pair_member": 403,
    "moderator": 200,
    "admin": 200,
}


def _all(value: int, **overrides) -> dict:
    expected = {p: value for p in PERSONS}
    expected.update({"visitor": 302, "outsider": 403, "other_pair_member": 403})
    expected.update(overrides)
    return expected


# (name, method, path builder, form data, expected status per person)
ROUTES = [
    ("index", "get", lambda w: board_url(w.community), None, MEMBERS_READ),
    ("index filtered", "get", lambda w: board_url(w.community, "/?filter=help&tag=python"), None, MEMBERS_READ),
    ("search", "get", lambda w: board_url(w.community, "/search?q=stack"), None, MEMBERS_READ),
    ("new topic form", "get", lambda w: board_url(w.community, "/new?kind=help"), None, MEMBERS_READ),
    ("topic", "get", lambda w: board_url(w.community, f"/t/{w.help_topic.id}"), None, MEMBERS_READ),
    ("post link", "get", lambda w: board_url(w.community, f"/p/{w.writer_post.id}"), None, _all(302)),
    (
        "edit form (member's post)",
        "get",
        lambda w: board_url(w.community, f"/p/{w.member_post.id}/edit"),
        None,
        _all(403, member=200),
    ),
    (
        "invite form (member's solved request)",
        "get",
        lambda w: board_url(w.community, f"/t/{w.help_topic.id}/invite"),
        None,
        _all(403, member=200),
    ),
    (
        "invitation page",
        "get",
        lambda w: board_url(w.community, f"/invites/{w.invite.id}"),
        None,
        _all(404, member=200, pair_member=200),
    ),
    (
        "new topic",
        "post",
        lambda w: board_url(w.community, "/new"),
        {"kind": "discussion", "title": "Hello all", "body": "Glad to be here"},
        _all(303),
    ),
    (
        "reply",
        "post",
        lambda w: board_url(w.community, f"/t/{w.help_topic.id}/reply"),
        {"body": "Me too"},
        _all(303),
    ),
    ("react", "post", lambda w: board_url(w.community, f"/p/{w.writer_post.id}/react/thanks"), {}, _all(303)),
    (
        "edit (member's post)",
        "post",
        lambda w: board_url(w.community, f"/p/{w.member_post.id}/edit"),
        {"body": "Thanks, all sorted"},
        _all(403, member=303),
    ),
    (
        "delete (member's post)",
        "post",
        lambda w: board_url(w.community, f"/p/{w.member_post.id}/delete"),
        {},
        _all(403, member=303),
    ),
    (
        "mark solution",
        "post",
        lambda w: board_url(w.community, f"/t/{w.help_topic.id}/solution"),
        {"post_id": "{writer_post}"},
        _all(403, member=303),
    ),
    (
        "invite helper",
        "post",
        lambda w: board_url(w.community, f"/t/{w.help_topic.id}/invite"),
        {"message": "Weekly?"},
        _all(403, member=303),
    ),
    (
        "decide invitation",
        "post",
        lambda w: board_url(w.community, f"/invites/{w.invite.id}"),
        {"decision": "accept"},
        _all(404, member=403, pair_member=303),
    ),
]


@pytest.mark.parametrize("person", PERSONS)
@pytest.mark.parametrize("name,method,path,data,expected", ROUTES, ids=[r[0] for r in ROUTES])
def test_access(app, login_as, person, name, method, path, data, expected):
    world = make_world()
    client = client_for(app, login_as, world.people[person])
    if data:
        data = {k: (str(world.writer_post.id) if v == "{writer_post}" else v) for k, v in data.items()}
    response = getattr(client, method)(path(world), data=data)
    assert response.status_code == expected[person], response.get_data(as_text=True)[:500]
    if expected[person] == 302 and person == "visitor":
        assert "/login" in response.headers["Location"]


def test_a_visitor_on_htmx_is_sent_to_login(app, htmx_client):
    world = make_world()
    response = htmx_client.get(board_url(world.community))
    assert response.status_code == 401
    assert "/login" in response.headers["HX-Redirect"]


def test_a_private_community_board_is_a_404_to_outsiders(app, login_as):
    owner, outsider = make_user(), make_user()
    private = make_community(admin=owner, private=True)
    make_community(admin=outsider)
    topic = make_topic(private, owner, "Private matters")
    client = login_as(outsider)
    assert client.get(f"/c/{private.slug}/board/").status_code == 404
    assert client.get(f"/c/{private.slug}/board/t/{topic.id}").status_code == 404
    assert client.post(f"/c/{private.slug}/board/t/{topic.id}/reply", data={"body": "hi"}).status_code == 404
    assert db.session.scalar(select(func.count()).select_from(Post)) == 1
    assert login_as(owner).get(f"/c/{private.slug}/board/").status_code == 200


def test_a_topic_of_another_community_is_not_found_through_this_one(app, login_as):
    world = make_world()
    foreign = make_topic(world.other, world.people["outsider"], "Elsewhere")
    client = login_as(world.people["member"])
    assert client.get(board_url(world.community, f"/t/{foreign.id}")).status_code == 404
    assert client.get(board_url(world.other, f"/t/{foreign.id}")).status_code == 403


def test_member_cannot_edit_or_delete_someone_elses_post(app, login_as):
    world = make_world()
    client = login_as(world.people["member"])
    assert (
        client.post(board_url(world.community, f"/p/{world.writer_post.id}/edit"), data={"body": "x"}).status_code
        == 403
    )
    assert client.post(board_url(world.community, f"/p/{world.writer_post.id}/delete")).status_code == 403
    db.session.refresh(world.writer_post)
    assert world.writer_post.body == "Also: search the error message." and world.writer_post.deleted_at is None
