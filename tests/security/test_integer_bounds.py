"""Every route with an integer in its path, and the query numbers pages read, answer below 500 for numbers
outside the database's range: -1, 0, 2^31, 2^63 and 10^20 (a 404 or a page, never a server error)."""

from urllib.parse import urlencode

import pytest
from werkzeug.routing import IntegerConverter

from tests.factories import make_community, make_user

HOSTILE_NUMBERS = ["-1", "0", str(2**31), str(2**63), str(10**20)]
QUERY_NUMBERS = ("page", "before", "after")


def _int_rules(app):
    for rule in app.url_map.iter_rules():
        ints = [name for name, conv in rule._converters.items() if isinstance(conv, IntegerConverter)]
        if ints and rule.endpoint != "static":
            yield rule, ints


def _path(rule, ints, number, slug):
    path = rule.rule
    for name in ints:
        path = path.replace(f"<int:{name}>", number)
    path = path.replace("<slug>", slug).replace("<thread_key>", "main").replace("<kind>", "thanks")
    path = path.replace("<target_type>", "post").replace("<action>", "accept").replace("<key>", "pairs")
    for token in ("<any(topic, post):target_type>", "<any(hide, restore):verb>"):
        path = path.replace(token, "post" if "target" in token else "hide")
    return path


def test_the_int_converter_is_bounded_everywhere(app):
    rules = list(_int_rules(app))
    assert len(rules) > 30
    for rule, ints in rules:
        for name in ints:
            assert rule._converters[name].max == 2**31 - 1, rule.rule


@pytest.mark.parametrize("number", HOSTILE_NUMBERS)
def test_integer_paths_never_answer_500(app, login_as, number):
    admin = make_user()
    community = make_community(admin=admin, members=[make_user()])
    client = login_as(admin)
    checked = 0
    for rule, ints in _int_rules(app):
        path = _path(rule, ints, number, community.slug)
        if "<" in path:
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = client.open(path, method=method)
            assert response.status_code < 500, (method, path, response.status_code)
            checked += 1
    assert checked > 30


@pytest.mark.parametrize("number", HOSTILE_NUMBERS)
def test_query_numbers_never_answer_500(app, login_as, number):
    admin = make_user()
    community = make_community(admin=admin, members=[make_user()])
    client = login_as(admin)
    pages = ["/notifications", "/c/", f"/c/{community.slug}/members", "/m/"]
    for page in pages:
        for name in QUERY_NUMBERS:
            response = client.get(page, query_string={name: number})
            assert response.status_code < 500, (page, name, number, response.status_code)


# Pages that read a number from the query, as the person who may open them (tests/security/world.py).
WORLD_QUERY_PAGES = [
    ("pair", "/m/{m}", "before", False),
    ("pair", "/m/{m}", "before", True),  # the htmx "load earlier" fragment
    ("pair", "/m/{m}/t/main", "before", True),
    ("pair", "/m/{m}/t/main/poll", "after", True),
    ("member", "/c/{c}/board/t/{topic}", "quote", False),
    ("member", "/notifications", "page", False),
    ("admin", "/c/{c}/members", "page", False),
]


def _id_fields():
    """(endpoint, field) of every form in the route table whose value is an id of the world."""
    from .routes import ROUTES

    for endpoint, row in ROUTES.items():
        for key, value in row.data.items():
            if isinstance(value, str) and value.startswith("{") and "email" not in key:
                yield endpoint, key


def _allowed(row) -> str:
    return row.csrf_as or next(person for person, status in row.post.items() if status < 400 and status != 302)


@pytest.mark.parametrize("number", HOSTILE_NUMBERS)
def test_thread_poll_quote_and_form_ids_never_answer_500(app, number):
    """?before= and ?after= on the thread and its poll, ?quote= on a topic, and every id a form posts
    (post_id, mentor=, mentee=, mentees=): beyond the database's range they are refused, never a 500."""
    from tests.conftest import login_client

    from .routes import ROUTES
    from .test_route_matrix import fill
    from .world import build_world

    world = build_world()
    for person, page, name, htmx in WORLD_QUERY_PAGES:
        client = login_client(app, world.people[person], htmx=htmx)
        response = client.get(fill(page, world), query_string={name: number})
        assert response.status_code < 500, (page, name, number, response.status_code)
    fields = list(_id_fields())
    assert {key for _, key in fields} >= {"post_id", "mentor", "mentee", "mentees"}
    for endpoint, key in fields:
        row = ROUTES[endpoint]
        client = login_client(app, world.people[_allowed(row)])
        response = client.post(fill(row.path, world), data={**fill(row.data, world), key: number})
        assert response.status_code < 500, (endpoint, key, number, response.status_code)


# Every name the site reads a number (or an id) from in a query string; a new one joins this list.
QUERY_INT_NAMES = ("page", "before", "after", "since", "quote", "post_id", "topic", "hours", "week", "community")


def _getter(row) -> str | None:
    """The first person of the row who may open the page (an admin where everyone is refused)."""
    return next((person for person, status in row.get.items() if status == 200 and person != "visitor"), None)


@pytest.mark.parametrize("number", HOSTILE_NUMBERS)
def test_every_get_endpoint_with_every_query_number_answers_below_500(app, number):
    """Each GET row of the route table, as a person who may open it (plain and htmx), with every query number
    of the site at once: a 4xx or the page, never a server error (tests/security/routes.py: every endpoint)."""
    from tests.conftest import login_client

    from .routes import ROUTES
    from .test_route_matrix import fill
    from .world import build_world

    world = build_world()
    query = urlencode(dict.fromkeys(QUERY_INT_NAMES, number))
    checked = 0
    for endpoint, row in sorted(ROUTES.items()):
        person = _getter(row) if row.get and not row.get_changes_state else None
        if person is None:
            continue
        path = fill(row.path, world)
        for htmx in (False, True):
            client = login_client(app, world.people[person], htmx=htmx)
            response = client.get(path + ("&" if "?" in path else "?") + query)
            assert response.status_code < 500, (endpoint, number, htmx, response.status_code)
            checked += 1
    assert checked > 100
