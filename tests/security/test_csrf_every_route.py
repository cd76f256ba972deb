"""Every state-changing route of app.url_map refuses a request without a CSRF token: a 400 that says
"Please reload the page" (a page, or a fragment for htmx) and nothing changed in the database. The same
request with the token then gets the route's usual answer, so the refusal is the token's doing."""

import re

import pytest
from sqlalchemy import select

from mentorship.extensions import db
from tests.conftest import login_client

from .routes import ROUTES
from .test_route_matrix import fill, refused
from .world import PEOPLE, build_world

CHANGING = {"POST", "PUT", "PATCH", "DELETE"}
# Endpoints that take no CSRF token on purpose, and why. A new exemption fails the suite until it is listed.
EXEMPT = {
    # RFC 8058 one-click unsubscribe: mail programs POST without a form token; the signed token in the
    # address is the secret (a forged or altered one is refused below).
    "notifications.unsubscribe": "/unsubscribe/{unsubscribe_token}",
}


def changing_endpoints(app) -> list[str]:
    return sorted({rule.endpoint for rule in app.url_map.iter_rules() if rule.methods & CHANGING})


def everything() -> dict[str, list[tuple]]:
    """Every row of every table, in a stable order."""
    db.session.expire_all()
    snapshot = {}
    for table in db.metadata.sorted_tables:
        rows = db.session.execute(select(table)).all()
        snapshot[table.name] = sorted((tuple(map(repr, row)) for row in rows), key=repr)
    db.session.rollback()
    return snapshot


def actor_for(endpoint: str) -> str:
    """Who sends the request: someone the route would otherwise accept."""
    row = ROUTES[endpoint]
    return row.csrf_as or next(person for person in PEOPLE if not refused(row.post[person]))


def test_the_csrf_suite_covers_every_state_changing_endpoint(app):
    endpoints = changing_endpoints(app)
    assert len(endpoints) > 30
    assert all(ROUTES.get(endpoint) and ROUTES[endpoint].post for endpoint in endpoints)
    from mentorship.extensions import csrf

    def is_exempt(endpoint: str) -> bool:
        view = app.view_functions[endpoint]
        blueprint = app.blueprints.get(endpoint.rsplit(".", 1)[0]) if "." in endpoint else None
        return f"{view.__module__}.{view.__name__}" in csrf._exempt_views or blueprint in csrf._exempt_blueprints

    exempt = {endpoint for endpoint in endpoints if is_exempt(endpoint)}
    assert exempt == set(EXEMPT), "a CSRF exemption must be listed (with its reason) in EXEMPT"


def test_an_exempt_unsubscribe_refuses_an_altered_token(app, csrf_on):
    world = build_world()
    token = world.unsubscribe_token
    altered = token[:-2] + ("A" if token[-2] != "A" else "B") + token[-1]
    before = everything()
    response = app.test_client().post(f"/unsubscribe/{altered}", data={"action": "unsubscribe"})
    assert response.status_code == 400
    assert everything() == before


@pytest.fixture
def csrf_on(app, monkeypatch):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)


@pytest.mark.parametrize("endpoint", sorted(e for e, row in ROUTES.items() if row.post and e not in EXEMPT))
def test_a_request_without_the_csrf_token_is_refused_and_changes_nothing(app, csrf_on, endpoint):
    row = ROUTES[endpoint]
    world = build_world()
    person = actor_for(endpoint)
    user = world.people[person]
    client = app.test_client() if user is None else login_client(app, user)
    path, data = fill(row.path, world), fill(row.data, world)
    before = everything()

    plain = client.post(path, data=data)
    htmx = client.post(path, data=data, headers={"HX-Request": "true"})
    for response, whole_page in ((plain, True), (htmx, False)):
        body = response.get_data(as_text=True)
        assert response.status_code == 400, f"{endpoint} as {person}: {response.status_code}"
        assert "Please reload the page" in body and "Nothing was saved" in body
        assert ("<html" in body) is whole_page
    assert everything() == before, f"{endpoint}: a request without a token changed the database"

    # With the token (from the page's meta tag, as htmx sends it) the same request goes through.
    token = re.search(r'name="csrf-token" content="([^"]+)"', client.get("/about").get_data(as_text=True)).group(1)
    accepted = client.post(path, data=data, headers={"X-CSRFToken": token})
    assert accepted.status_code == row.post[person], accepted.get_data(as_text=True)[:400]
