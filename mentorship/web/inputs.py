"""Form and query values arrive without NUL characters.

PostgreSQL refuses a NUL byte in a text column (the request would end in a 500), SQLite would store it,
and no person means to type one: browsers drop it when they show text. So the request's parameter
storage removes it from every form field and query value before any form or view sees them.
"""

from flask import Flask, Request, abort, request
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.routing import IntegerConverter

from mentorship.database import DATABASE_INT_MAX


def _clean(value):
    return value.replace("\x00", "") if isinstance(value, str) else value


class NulFreeMultiDict(ImmutableMultiDict):
    """An ImmutableMultiDict whose string keys and values hold no NUL character."""

    def __init__(self, mapping=None):
        if mapping is None:
            super().__init__()
            return
        if isinstance(mapping, dict) and not hasattr(mapping, "lists"):
            mapping = mapping.items()
        elif hasattr(mapping, "lists"):
            mapping = [(key, value) for key, values in mapping.lists() for value in values]
        super().__init__([(_clean(key), _clean(value)) for key, value in mapping])


class CleanRequest(Request):
    parameter_storage_class = NulFreeMultiDict


def register(app: Flask) -> None:
    app.request_class = CleanRequest

    @app.before_request
    def _no_nul_in_the_path():
        # No address of this site holds a NUL; PostgreSQL would refuse it in a lookup (a 500).
        if "\x00" in request.path:
            abort(404)

    app.url_map.converters["int"] = DatabaseIdConverter


# Offsets stay far inside a 64-bit integer for any page size (a larger ?page= shows the last, empty page).
MAX_PAGE = 1_000_000


def page_number(name: str = "page") -> int:
    """The 1-based page number of ?page= (the one way to read it): 1 when missing or not a number."""
    value = request.args.get(name, 1, type=int) or 1
    return min(max(1, value), MAX_PAGE)


class DatabaseIdConverter(IntegerConverter):
    """`<int:...>` in every route: a non-negative number that fits the database's integer columns."""

    def __init__(self, map, fixed_digits: int = 0, min: int | None = None, max: int | None = None, signed=False):
        super().__init__(map, fixed_digits, min, DATABASE_INT_MAX if max is None else max, signed)


def query_id(name: str, source=None, minimum: int = 1) -> int | None:
    """An id or keyset cursor from the query (or a form): None when missing, not a number or out of range.

    `minimum=0` for a cursor where 0 means "from the start" (the thread's poll `?after=0`).
    """
    value = (request.args if source is None else source).get(name, type=int)
    return value if value is not None and minimum <= value <= DATABASE_INT_MAX else None
