"""Counts follow in-place actions (issue 14, point 10): the fragment an htmx action answers with carries every
count the action changed, as out-of-band swaps (the replies heading, the review queue and the header's to-do, the
sign-up tabs)."""

import re

from mentorship.extensions import db
from mentorship.services.moderation import reports as moderation
from tests.factories import make_community, make_enrollment, make_program, make_reply, make_topic, make_user


def oob(body: str, element_id: str) -> str:
    match = re.search(rf'<[^>]*id="{element_id}"[^>]*hx-swap-oob="[^"]+"[^>]*>(.*?)</', body, re.S)
    assert match, f"no out-of-band #{element_id} in:\n{body[:1500]}"
    return match.group(1)


def test_an_htmx_reply_carries_the_new_reply_count(login_as):
    admin, member = make_user(), make_user()
    community = make_community(admin=admin, members=[member])
    topic = make_topic(community, admin, "Hello")
    make_reply(topic, admin, "First")
    client = login_as(member, htmx=True)
    response = client.post(f"/c/{community.slug}/board/t/{topic.id}/reply", data={"body": "Second", "page": "1"})
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in body
    assert oob(body, "replies-count").strip() == "2 replies"


def test_deciding_a_report_in_place_carries_the_queue_and_to_do_counts(login_as):
    admin, writer, member = make_user(), make_user(), make_user()
    community = make_community(admin=admin, members=[writer, member])
    topic = make_topic(community, member, "Help")
    posts = [make_reply(topic, member, f"Advert {n}") for n in range(2)]
    for post in posts:
        moderation.file_report(writer, moderation.take_snapshot("post", post.id, writer, None), "spam", "An advert")
    db.session.commit()
    client = login_as(admin, htmx=True)
    assert "2 things to review" in login_as(admin).get(f"/c/{community.slug}/moderation/").get_data(as_text=True)
    response = client.post(
        f"/c/{community.slug}/moderation/post/{posts[0].id}/act", data={"action": "dismiss", "reason": ""}
    )
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "Done." in body
    assert oob(body, "queue-count").startswith("1 thing to review")
    assert re.search(r'id="nav-todo" hx-swap-oob="outerHTML".*?<span class="badge">1<', body, re.S)


def test_deciding_a_signup_in_place_carries_the_tab_counts(login_as):
    admin = make_user()
    community = make_community(admin=admin)
    program = make_program(community, admin, status="open")
    first, _second = (make_enrollment(program, make_user(), "mentee", status="pending") for _ in range(2))
    client = login_as(admin, htmx=True)
    response = client.post(
        f"/c/{community.slug}/programs/{program.id}/signups/{first.id}", data={"decision": "approve"}
    )
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    oob(body, "signup-tabs")
    tabs = body[body.index('id="signup-tabs"') :]
    assert "Waiting for approval (1)" in tabs and "Approved (1)" in tabs
