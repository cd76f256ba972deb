"""One rule for every return URL: a path of this site as a browser reads it, else a safe page (no open redirect)."""

import pytest
from sqlalchemy import delete

from mentorship.extensions import db
from mentorship.models import Block
from mentorship.web.redirects import is_local_path, local_part_of, safe_local_path
from tests.factories import PASSWORD, make_user

# The known tricks: each would take a browser to another site (or run script) if it were followed.
HOSTILE = [
    "//evil.example/",
    "///evil.example/",
    "/\\evil.example/",
    "\\\\evil.example/",
    "/\t/evil.example/",
    "/\n/evil.example/",
    "/\r/evil.example/",
    "\t//evil.example/",
    " //evil.example/",
    "/%09/evil.example/",
    "/%2F%2Fevil.example/",
    "/%2f/evil.example/",
    "/%5Cevil.example/",
    "%2F%2Fevil.example/",
    "https://evil.example/",
    "http:evil.example",
    "https:evil.example",
    "HTTPS://evil.example",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "//user@evil.example/",
    "/\u2215\u2215evil.example/",  # unicode division slashes
    "/\uff0f\uff0fevil.example/",  # fullwidth solidus
    "/\u3002evil.example",
    "evil.example",
    "",
    None,
]
LOCAL = ["/", "/c/career-changers/board/", "/m/3#checkin", "/settings/?tab=mail&x=1", "/@someone", "/c/a%20b"]


@pytest.mark.parametrize("target", HOSTILE)
def test_hostile_targets_fall_back(target):
    assert not is_local_path(target)
    assert safe_local_path(target, "/fallback") == "/fallback"


@pytest.mark.parametrize("target", LOCAL)
def test_paths_of_this_site_are_kept(target):
    assert safe_local_path(target, "/fallback") == target


def test_a_referer_counts_only_on_this_host_and_only_when_its_path_is_local():
    assert local_part_of("http://site.test/c/x/?page=2", "site.test") == "/c/x/?page=2"
    assert local_part_of("http://site.test//evil.example/", "site.test") is None
    assert local_part_of("https://evil.example/c/x/", "site.test") is None
    assert local_part_of("javascript:alert(1)", "site.test") is None


@pytest.mark.parametrize("target", [t for t in HOSTILE if t])
def test_login_never_redirects_off_site(client, target):
    user = make_user()
    response = client.post("/login", query_string={"next": target}, data={"email": user.email, "password": PASSWORD})
    assert response.status_code in (302, 303)
    assert response.headers["Location"] == "/"


@pytest.mark.parametrize("target", [t for t in HOSTILE if t and "\n" not in t and "\r" not in t])
def test_a_forged_referer_never_becomes_the_way_back(login_as, target):
    """same_site_referrer(): "send the confirmation again" goes back to the Referer only when it is a local path."""
    client = login_as(make_user())
    response = client.post("/verify/resend", headers={"Referer": f"http://localhost{target}"})
    assert response.status_code == 303 and response.headers["Location"] == "/"


def test_a_local_referer_is_the_way_back(login_as):
    client = login_as(make_user())
    response = client.post("/verify/resend", headers={"Referer": "http://localhost/settings/account"})
    assert response.headers["Location"] == "/settings/account"


# Every route that takes a return URL in its form: (who posts, path, form data). Found with `grep -rn next`.
def _next_taking_routes(community, topic, writer):
    from tests.factories import make_reply

    slug = community.slug
    return [
        ("member", lambda: f"/people/{writer.id}/block", {}, "/settings/blocked"),
        (
            "member",
            lambda: f"/report/post/{make_reply(topic, writer, 'Buy now').id}",
            {"reason": "spam"},
            "/reports/mine",
        ),
        ("moderator", lambda: f"/c/{slug}/moderation/topic/{topic.id}/hide", {"reason": "Ads"}, f"/c/{slug}/board/"),
        (
            "moderator",
            lambda: f"/c/{slug}/moderation/topic/{topic.id}/restore",
            {"reason": "Fine"},
            f"/c/{slug}/board/",
        ),
    ]


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
def test_every_next_taking_route_refuses_the_hostile_corpus(app, htmx):
    """Blocking, reporting, hiding and restoring: a hostile `next` answers with a page of this site."""
    from tests.conftest import login_client
    from tests.factories import add_member, make_community, make_topic

    member, moderator, writer = make_user("Mia Member"), make_user("Mo Moderator"), make_user("Wes Writer")
    community = make_community(admin=make_user("Ada Admin"), members=[member, writer])
    add_member(community, moderator, "moderator")
    topic = make_topic(community, writer, "A topic to hide and restore")
    clients = {"member": login_client(app, member, htmx), "moderator": login_client(app, moderator, htmx)}
    header = "HX-Redirect" if htmx else "Location"
    for target in [t for t in HOSTILE if t]:
        for person, path, data, fallback in _next_taking_routes(community, topic, writer):
            url = path()
            response = clients[person].post(url, data={**data, "next": target})
            assert response.status_code in (204, 303), (url, target, response.status_code)
            assert response.headers[header] == fallback, (url, target, response.headers[header])
        db.session.execute(delete(Block))
        db.session.commit()


def test_a_local_next_is_followed_by_the_moderation_forms(login_as):
    from tests.factories import make_community

    member, writer = make_user(), make_user()
    make_community(admin=make_user(), members=[member, writer])
    response = login_as(member).post(f"/people/{writer.id}/block", data={"next": "/c/?page=2"})
    assert response.status_code == 303 and response.headers["Location"] == "/c/?page=2"
