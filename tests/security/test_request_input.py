"""A NUL character in any form or query value is dropped before forms and views see it: PostgreSQL would
refuse it with a 500, and no person types one (found by the XSS corpus on PostgreSQL)."""

from sqlalchemy import select

from mentorship.extensions import db
from mentorship.models import User
from mentorship.web.inputs import NulFreeMultiDict
from tests.factories import make_user


def test_nul_characters_are_dropped_from_form_values(login_as):
    user = make_user()
    client = login_as(user)
    response = client.post(
        "/settings/",
        data={"display_name": "Ad\x00a", "timezone": "UTC", "skills": "py\x00thon", "bio": "<scr\x00ipt>hi"},
    )
    assert response.status_code == 303
    db.session.expire_all()
    saved = db.session.scalar(select(User).where(User.id == user.id))
    assert (saved.display_name, saved.bio) == ("Ada", "<script>hi")
    assert [s.tag for s in saved.skills] == ["python"]


def test_nul_characters_are_dropped_from_query_values(client):
    response = client.get("/login?next=/c/\x00")
    assert response.status_code == 200


def test_the_storage_keeps_every_value_and_its_order():
    values = NulFreeMultiDict([("a", "1\x00"), ("a", "2"), ("b\x00", "x")])
    assert values.getlist("a") == ["1", "2"] and values["b"] == "x"
    assert NulFreeMultiDict({"k": "v\x00"})["k"] == "v" and not NulFreeMultiDict()
    assert NulFreeMultiDict(values).getlist("a") == ["1", "2"]


def test_a_nul_byte_in_the_path_is_a_404(client):
    """No address holds a NUL; PostgreSQL would refuse it in the community lookup (a 500)."""
    for path in ("/c/career%00", "/c/x%00/board/", "/%00"):
        assert client.get(path).status_code == 404, path
