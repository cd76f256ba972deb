"""Page weight and query count of the people pages (a profile with 10 posts, 5 programs, the members list).

Run: /work/main/.venv/bin/python -m bench.people   (SQLite and the embedded Redis in a temporary folder)
"""

import tempfile
from contextlib import contextmanager

from sqlalchemy import event

from mentorship import create_app
from mentorship.extensions import db


@contextmanager
def counting():
    counter = {"n": 0}

    def bump(*_):
        counter["n"] += 1

    event.listen(db.engine, "before_cursor_execute", bump)
    try:
        yield counter
    finally:
        event.remove(db.engine, "before_cursor_execute", bump)


def main() -> None:
    from tests.conftest import login_client
    from tests.factories import add_member, make_community, make_enrollment, make_program, make_topic, make_user

    folder = tempfile.mkdtemp()
    app = create_app({"TESTING": True, "WTF_CSRF_ENABLED": False, "INSTANCE_PATH": folder, "RATELIMIT_ENABLED": False})
    with app.app_context():
        db.create_all()
        admin, person, viewer = make_user("Ada Admin"), make_user("Lin Person", skills=["python", "sql"]), make_user()
        community = make_community(admin=admin, members=[person, viewer])
        for n in range(60):
            add_member(community, make_user(f"Member {n}"))
        for _ in range(5):
            make_enrollment(make_program(community, admin, status="open"), person, "mentor")
        for n in range(12):
            make_topic(community, person, f"Topic {n}")
        db.session.commit()
        client = login_client(app, viewer)
        figures = {}
        for name, url in (
            ("profile", f"/c/{community.slug}/people/{person.id}"),
            ("members", f"/c/{community.slug}/members"),
            ("picture_settings", "/settings/picture"),
        ):
            client.get(url)
            with counting() as q:
                response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            figures[f"{name}_bytes"] = len(response.get_data())
            figures[f"{name}_queries"] = q["n"]
    print("RESULT " + " ".join(f"{key}={value}" for key, value in figures.items()))


if __name__ == "__main__":
    main()
