"""Hypothesis over the site's forms: random text up to 100 KB, NUL bytes, lone surrogates, invalid UTF-8, wrong
types (a list where one value belongs, a number, nothing at all) in every field of every form of the route
table. No answer is a server error, and a refused form (4xx) leaves every table as it was: nothing half-stored.

Two profiles: "fuzz-short" (the default, inside `make test`, well under a minute) and "fuzz-long"
(`make test-fuzz`: HYPOTHESIS_PROFILE=fuzz-long).
"""

import os
from urllib.parse import quote_from_bytes

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from mentorship.extensions import db
from tests.conftest import login_client

from .routes import ROUTES
from .test_integer_bounds import _allowed
from .test_route_matrix import fill
from .world import build_world

settings.register_profile(
    "fuzz-short", max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
settings.register_profile(
    "fuzz-long", max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "fuzz-short")

# Forms whose success would end the world for the next example (a log-out, a deletion) or that another suite
# covers with its own rules (log-in limits), and the one-click unsubscribe (a token, not a form).
SKIPPED = {
    "auth.logout",
    "auth.login",
    "auth.signup",
    "auth.forgot_password",
    "auth.reset_password",
    "settings.delete_account",
    "settings.change_password",
    "settings.change_email",
    "settings.sign_out_other_sessions",
    "communities.leave",
    "notifications.unsubscribe",
}
# Tables a refused request may still touch: its session's last-seen time, a submission token it released.
NOT_CONTENT = {"user_sessions", "submissions"}


def _forms():
    for endpoint, row in sorted(ROUTES.items()):
        if row.post and row.data and endpoint not in SKIPPED:
            yield endpoint


FORMS = list(_forms())

# One value as bytes: text (any code point, lone surrogates as their invalid UTF-8 bytes), raw bytes, a NUL,
# up to 100 KB of one character, a number.
text_bytes = st.text(max_size=300).map(lambda t: t.encode("utf-8", "surrogatepass"))
long_bytes = st.builds(lambda c, n: (c * n).encode("utf-8", "surrogatepass"), st.characters(), st.integers(0, 100_000))
VALUE = st.one_of(
    text_bytes,
    st.binary(max_size=300),
    long_bytes,
    st.just(b"\x00"),
    st.integers(-(10**20), 10**20).map(lambda n: str(n).encode()),
    st.just(b"\xed\xa0\x80"),  # a lone surrogate, as CESU-8
)
# Per field: leave it out, one value, or several (a list where one value belongs).
FIELD = st.one_of(st.none(), VALUE.map(lambda v: [v]), st.lists(VALUE, min_size=2, max_size=3))


def _body(fields: dict[str, list[bytes] | None]) -> bytes:
    parts = []
    for name, values in fields.items():
        for value in values or []:
            parts.append(quote_from_bytes(name.encode()) + "=" + quote_from_bytes(value))
    return "&".join(parts).encode()


def _row_counts() -> dict[str, int]:
    tables = [t for t in db.metadata.sorted_tables if t.name not in NOT_CONTENT]
    return {t.name: db.session.scalar(select(func.count()).select_from(t)) for t in tables}


@pytest.mark.parametrize("endpoint", FORMS)
def test_no_form_answers_500_or_half_stores_for_any_input(app, endpoint):
    row = ROUTES[endpoint]
    world = build_world()
    person = world.people[_allowed(row)]
    client = app.test_client() if person is None else login_client(app, person)
    path = fill(row.path, world)
    names = sorted(set(fill(row.data, world)) | {"submission"})

    @settings(settings.get_profile(PROFILE))
    @given(st.fixed_dictionaries({name: FIELD for name in names}))
    def post_anything(fields):
        before = _row_counts()
        response = client.post(path, data=_body(fields), content_type="application/x-www-form-urlencoded")
        db.session.rollback()
        assert response.status_code < 500, (endpoint, response.status_code, response.get_data()[:300])
        if response.status_code >= 400:
            assert _row_counts() == before, (endpoint, response.status_code)

    post_anything()
