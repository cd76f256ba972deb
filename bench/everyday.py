"""Page weight and query count of the everyday loop's new pages: a community's settings and invitations (20 links,
100 addresses invited), an invitation's page, a moderator's home with the to-do of 12 communities, a newcomer's
first screen, a topic of 200 replies reopened at the first unread one, and a 60-message thread.

Run: /work/main/.venv/bin/python -m bench.everyday   (SQLite and the embedded Redis in a temporary folder)
Last line: RESULT <page>_bytes=.. <page>_queries=.. ...
"""

import tempfile

from flask import g

from bench.people import counting
from mentorship import create_app
from mentorship.extensions import db


def build():
    from mentorship.models import Invitation, TopicRead
    from mentorship.services.moderation import reports as moderation
    from mentorship.services.space import thread as space
    from tests.factories import add_member, make_community, make_mentorship, make_reply, make_topic, make_user

    admin, moderator, newcomer, writer = (make_user(n) for n in ("Ada Admin", "Mo Mod", "Nia New", "Wes Writer"))
    make_community(admin=make_user(), name="Open Door")
    communities = [make_community(admin=admin, name=f"Circle {n}", members=[writer]) for n in range(12)]
    for community in communities:
        add_member(community, moderator, "moderator")
        topic = make_topic(community, writer, "Help with SQL", kind="help")
        post = make_reply(topic, writer, "Buy my course")
        moderation.file_report(admin, moderation.take_snapshot("post", post.id, admin, None), "spam", "An advert")
    main = communities[0]
    for n in range(20):
        db.session.add(Invitation(community_id=main.id, kind="link", token=f"link-{n}", max_uses=n + 1))
    for n in range(100):
        db.session.add(
            Invitation(community_id=main.id, kind="email", email=f"p{n}@example.org", token=f"mail-{n}", sends=1)
        )
    long_topic = make_topic(main, writer, "A long conversation")
    replies = [make_reply(long_topic, writer, f"Reply {n}", commit=False) for n in range(200)]
    db.session.flush()
    db.session.add(TopicRead(topic_id=long_topic.id, user_id=moderator.id, last_read_post_id=replies[120].id))
    mentorship = make_mentorship(main, moderator, [writer])
    loaded = space.load_space(mentorship.id)
    for n in range(60):
        space.send_message(loaded, writer if n % 2 else moderator, "main", f"Message {n}")
    db.session.commit()
    return admin, moderator, newcomer, main, long_topic, mentorship


def main() -> None:
    from tests.conftest import login_client

    folder = tempfile.mkdtemp()
    app = create_app({"TESTING": True, "WTF_CSRF_ENABLED": False, "INSTANCE_PATH": folder, "RATELIMIT_ENABLED": False})

    @app.teardown_request
    def _forget_request_globals(_error=None):  # one app context for the run: each request starts afresh
        g.__dict__.clear()

    with app.app_context():
        db.create_all()
        admin, moderator, newcomer, community, topic, mentorship = build()
        slug = community.slug
        pages = (
            ("settings", admin, f"/c/{slug}/settings"),
            ("invitations", admin, f"/c/{slug}/invitations"),
            ("invitation", newcomer, "/invite/link-19"),
            ("todo_home", moderator, "/"),
            ("first_steps_home", newcomer, "/"),
            ("topic_unread_page", moderator, f"/c/{slug}/board/t/{topic.id}?page=5"),
            ("thread", moderator, f"/m/{mentorship.id}"),
        )
        figures = {}
        for name, person, url in pages:
            client = login_client(app, person)
            client.get(url)
            with counting() as q:
                response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            figures[f"{name}_bytes"] = len(response.get_data())
            figures[f"{name}_queries"] = q["n"]
    print("RESULT " + " ".join(f"{key}={value}" for key, value in figures.items()))


if __name__ == "__main__":
    main()
