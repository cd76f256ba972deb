"""A whole number too large for a float, in any field of any form with a range: a message, never a 500.

WTForms' NumberRange raised OverflowError on a few hundred digits (the fuzz pass found it on an event's duration);
mentorship.forms.numbers.NumberRange reads it as out of range. The event form is also posted whole."""

import importlib
import inspect
import pkgutil
from pathlib import Path

import pytest
from flask_wtf import FlaskForm
from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

import mentorship.forms
from mentorship.extensions import db
from mentorship.forms.numbers import NumberRange
from mentorship.models.events import CommunityEvent
from tests.conftest import login_client
from tests.factories import make_community, make_user

HUGE = "9" * 400  # under Python's 4,300-digit limit of int(), over a float's range


def _ranged_fields():
    for info in pkgutil.iter_modules(mentorship.forms.__path__):
        module = importlib.import_module(f"mentorship.forms.{info.name}")
        for _, form in inspect.getmembers(module, inspect.isclass):
            if issubclass(form, FlaskForm) and form.__module__ == module.__name__:
                for name, field in inspect.getmembers(form):
                    validators = getattr(field, "kwargs", {}).get("validators") or []
                    if any(isinstance(v, NumberRange) for v in validators):
                        yield form, name


RANGED = sorted(set(_ranged_fields()), key=lambda pair: (pair[0].__name__, pair[1]))


def test_every_form_takes_its_range_check_from_the_safe_one():
    forms = Path(mentorship.forms.__file__).parent
    direct = [
        p.name
        for p in forms.glob("*.py")
        if p.name != "numbers.py"
        and "NumberRange" in p.read_text()
        and "from mentorship.forms.numbers import NumberRange" not in p.read_text()
    ]
    assert direct == []
    assert len(RANGED) >= 8  # durations, capacities, uses, series, weeks, days, points


@pytest.mark.parametrize(("form", "name"), RANGED, ids=[f"{f.__name__}.{n}" for f, n in RANGED])
def test_a_huge_number_is_a_message(app, form, name):
    with app.test_request_context(method="POST"):
        instance = form(formdata=MultiDict({name: HUGE}), meta={"csrf": False})
        field = getattr(instance, name)
        assert field.validate(instance) is False
        assert field.errors and all(str(error).strip() for error in field.errors)


def test_an_event_of_a_huge_duration_is_refused_with_its_sentence_and_not_stored(app):
    admin = make_user("Ada Admin")
    community = make_community(admin=admin)
    client = login_client(app, admin)
    data = {
        "title": "Monthly strategy session",
        "day": "2030-01-10",
        "at": "18:00",
        "minutes": HUGE,
        "place_kind": "link",
        "place": "https://meet.example.org/strategy",
        "zone": "UTC",
    }
    response = client.post(f"/c/{community.slug}/events/new", data=data)
    assert response.status_code == 422
    assert "An event lasts 15 to 120 minutes." in response.get_data(as_text=True)
    assert "Monthly strategy session" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(CommunityEvent)) == 0
