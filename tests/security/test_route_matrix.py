"""Route x person matrix built from app.url_map: every endpoint has a row (tests/security/routes.py) saying
what each person gets, and the app answers exactly that.

GETs run for every person in one world. A POST is first sent by every person who must be refused (in the
same world: a refusal changes nothing), then by each person who may do it, each in a fresh world.
"""

import re

import pytest
from flask import current_app

from mentorship.extensions import db
from tests.conftest import _empty_all_tables, login_client

from .routes import ROUTES, Row
from .world import PEOPLE, build_world

CHANGING = {"POST", "PUT", "PATCH", "DELETE"}


def fill(value, world):
    """Put the world's ids into a path or form value (`{c}`, `{p}`, ...)."""
    if isinstance(value, str):
        return re.sub(r"\{(\w+)\}", lambda m: str(getattr(world, m.group(1))), value)
    if isinstance(value, list):
        return [fill(v, world) for v in value]
    if isinstance(value, dict):
        return {fill(k, world): fill(v, world) for k, v in value.items()}
    return value


def client_for(app, world, person):
    return app.test_client() if person == "visitor" else login_client(app, world.people[person])


def refused(status: int) -> bool:
    return status >= 400 or status == 302


def check(response, expected: int, person: str, method: str, row: Row) -> None:
    body = response.get_data().decode(errors="replace")  # a picture is bytes
    assert response.status_code == expected, f"{method} {row.path} as {person}: {response.status_code}\n{body[:400]}"
    # The security headers on every answer, whatever it is (tests/security/test_headers.py checks their values).
    for header in ("Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options", "Referrer-Policy"):
        assert header in response.headers, f"{method} {row.path} as {person}: no {header}"
    expected_for = row.get if method == "GET" else row.post
    if person == "visitor" and expected == 302 and set(expected_for.values()) != {302}:
        assert "/login" in response.headers["Location"], "a visitor is sent to log in"


def test_every_endpoint_has_a_row_with_each_of_its_methods(app):
    missing, methods = [], []
    for rule in app.url_map.iter_rules():
        row = ROUTES.get(rule.endpoint)
        if row is None:
            missing.append(f"{rule.endpoint} ({rule.rule})")
            continue
        if "GET" in rule.methods and row.get is None:
            methods.append(f"{rule.endpoint}: GET has no expected statuses")
        for method in rule.methods & CHANGING:
            if method != "POST":
                methods.append(f"{rule.endpoint}: {method} is not covered by the matrix yet")
            elif row.post is None:
                methods.append(f"{rule.endpoint}: POST has no expected statuses")
    stale = set(ROUTES) - {rule.endpoint for rule in app.url_map.iter_rules()}
    assert not missing, "endpoints without a row in tests/security/routes.py:\n" + "\n".join(missing)
    assert not methods, "\n".join(methods)
    assert not stale, f"rows for endpoints that no longer exist: {sorted(stale)}"


def test_each_row_points_at_its_endpoint_and_names_every_person(app):
    adapter = app.url_map.bind("localhost")
    dummy = _DummyWorld()
    for endpoint, row in ROUTES.items():
        for method, expected in (("GET", row.get), ("POST", row.post)):
            if expected is None:
                continue
            path = re.sub(r"\{(\w+)\}", lambda m: dummy[m.group(1)], row.path)
            matched, _ = adapter.match(path.split("?")[0], method=method)
            assert matched == endpoint, f"{row.path} {method} is {matched}, not {endpoint}"
            assert set(expected) == set(PEOPLE), endpoint


class _DummyWorld(dict):
    def __missing__(self, key):
        return "1"


def fresh_world():
    """Empty every table and build the world again (the test's session must let go of SQLite first)."""
    from redis import Redis

    db.session.remove()
    _empty_all_tables()
    Redis.from_url(current_app.config["REDIS_URL"]).flushdb()  # rate limits count per address
    return build_world()


@pytest.mark.parametrize("endpoint", sorted(ROUTES))
def test_route_matrix(app, endpoint):
    row = ROUTES[endpoint]
    world = build_world()
    if row.get:
        for person in PEOPLE:
            if row.get_changes_state:
                world = fresh_world()
            response = client_for(app, world, person).get(fill(row.path, world))
            check(response, row.get[person], person, "GET", row)
    if row.post:
        allowed = [person for person in PEOPLE if not refused(row.post[person])]
        for person in PEOPLE:
            if person not in allowed:
                response = client_for(app, world, person).post(fill(row.path, world), data=fill(row.data, world))
                check(response, row.post[person], person, "POST", row)
        for person in allowed:
            world = fresh_world()
            response = client_for(app, world, person).post(fill(row.path, world), data=fill(row.data, world))
            check(response, row.post[person], person, "POST", row)
