"""The private thread: writing, polling, editing, deleting, loading earlier messages, unread counts."""

import re
from datetime import timedelta

import pytest

from mentorship.dates import in_zone
from mentorship.extensions import db
from mentorship.models import Block, MentorshipMember, UserSession, utcnow
from mentorship.models.space import Message
from mentorship.services.space import reads as space_reads
from mentorship.services.space import thread as space
from mentorship.web.poll import fast_path
from tests.space.conftest import client_for, make_cast, make_circle, refresh, say


@pytest.fixture
def cast(app):
    return make_cast()


def _messages():
    refresh()
    return db.session.query(Message).order_by(Message.id).all()


def test_posting_with_htmx_returns_only_the_new_message(app, cast):
    client = client_for(app, cast.mentor, htmx=True)
    response = client.post(f"/m/{cast.mentorship.id}/t/main/messages", data={"body": "Hi **Sam**, welcome!"})
    body = response.get_data(as_text=True)
    (message,) = _messages()
    assert response.status_code == 200
    assert "<html" not in body and f'id="msg-{message.id}"' in body
    assert body.count("<li") == 1 and len(response.data) < 2048
    assert "<strong>Sam</strong>" in body and "HX-Request" in response.headers["Vary"]
    assert message.body == "Hi **Sam**, welcome!" and message.body_html == "<p>Hi <strong>Sam</strong>, welcome!</p>\n"
    assert message.author_id == cast.mentor.id and message.thread_key == "main"


def test_posting_without_javascript_redirects_back_to_the_thread(app, cast):
    client = client_for(app, cast.mentee)
    response = client.post(f"/m/{cast.mentorship.id}/t/main/messages", data={"body": "Thanks!"})
    (message,) = _messages()
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/m/{cast.mentorship.id}#msg-{message.id}")
    page = client.get(f"/m/{cast.mentorship.id}").get_data(as_text=True)
    assert "<html" in page and "Thanks!" in page


@pytest.mark.parametrize(
    ("text", "message"),
    [("", "Write something first."), ("   \n ", "Write something first."), ("x" * 5001, "under 5,000")],
)
def test_bad_messages_are_refused_and_the_text_is_kept(app, cast, text, message):
    page = client_for(app, cast.mentor).post(f"/m/{cast.mentorship.id}/t/main/messages", data={"body": text})
    assert page.status_code == 422
    html = page.get_data(as_text=True)
    assert "<html" in html and message in html and 'aria-invalid="true"' in html
    if text.strip():
        assert text in html
    fragment = client_for(app, cast.mentor, htmx=True).post(
        f"/m/{cast.mentorship.id}/t/main/messages", data={"body": text}
    )
    assert fragment.status_code == 422
    assert fragment.headers["HX-Retarget"] == "#compose" and fragment.headers["HX-Reswap"] == "outerHTML"
    assert "<html" not in fragment.get_data(as_text=True) and 'id="compose"' in fragment.get_data(as_text=True)
    assert _messages() == []


def test_a_block_between_the_two_stops_messages_and_only_the_blocker_is_told_why(app, cast):
    """Issue 14, point 16: the blocked side reads that messages are closed, never that a block is in place."""
    say(cast.mentorship, cast.mentor, "Words from before")
    db.session.add(Block(blocker_id=cast.mentee.id, blocked_id=cast.mentor.id))
    db.session.commit()
    response = client_for(app, cast.mentor).post(f"/m/{cast.mentorship.id}/t/main/messages", data={"body": "hello?"})
    assert response.status_code == 422
    blocked_side = response.get_data(as_text=True)
    assert "Messages are closed in this mentorship for now." in blocked_side and "block" not in blocked_side.lower()
    page = client_for(app, cast.mentor).get(f"/m/{cast.mentorship.id}").get_data(as_text=True)
    assert "Messages are closed in this mentorship for now." in page and "blocked" not in page.lower()
    blocker = client_for(app, cast.mentee)
    page = blocker.get(f"/m/{cast.mentorship.id}").get_data(as_text=True)
    assert "You blocked someone in this thread, so no messages can be sent here" in page and 'id="body"' not in page
    assert "Messages still work" not in page
    # the partner's earlier words are collapsed, with a Show that fetches that one message
    assert "Hidden: you blocked this person." in page and "Words from before" not in page
    shown_id = [m for m in _messages() if m.body == "Words from before"][0].id
    assert f'href="?reveal={shown_id}#msg-{shown_id}"' in page
    revealed = blocker.get(f"/m/{cast.mentorship.id}?reveal={shown_id}").get_data(as_text=True)
    assert "Words from before" in revealed
    assert [m.body for m in _messages()] == ["Words from before"]


def test_after_a_block_the_blocked_side_cannot_edit_into_the_thread(app, cast):
    """Editing is writing (issue 20, finding 2): a message sent before the block keeps its text."""
    message = say(cast.mentorship, cast.mentor, "Before the block")
    db.session.add(Block(blocker_id=cast.mentee.id, blocked_id=cast.mentor.id))
    db.session.commit()
    url = f"/m/{cast.mentorship.id}/messages/{message.id}/edit"
    response = client_for(app, cast.mentor).post(url, data={"body": "Sneaked in after the block"})
    assert response.status_code == 422 and "Messages are closed" in response.get_data(as_text=True)
    assert [m.body for m in _messages()] == ["Before the block"]


def test_a_blocked_authors_words_stay_hidden_in_the_poll_and_the_older_fragment(app, cast):
    """The poll (new, changed, after=0) and the "load earlier" fragment hide what the blocked person wrote, as the
    page does (issue 20, finding 2)."""
    old = say(cast.mentorship, cast.mentor, "SECRET-OLD-WORDS")
    db.session.add(Block(blocker_id=cast.mentee.id, blocked_id=cast.mentor.id))
    old.body = old.body_html = "SECRET-CHANGED-WORDS"  # changed after the block (as an edit that raced it)
    old.changed_at = utcnow()
    new = Message(mentorship_id=cast.mentorship.id, author_id=cast.mentor.id, thread_key="main")
    new.body = new.body_html = "SECRET-NEW-WORDS"
    db.session.add(new)
    db.session.commit()
    client = client_for(app, cast.mentee, htmx=True)
    base = f"/m/{cast.mentorship.id}"
    answers = [
        client.get(f"{base}/t/main/poll", query_string={"after": 0, "since": 1000}),  # everything
        client.get(f"{base}/t/main/poll", query_string={"after": old.id, "since": 1000}),  # new and changed
        client.get(base, query_string={"before": new.id + 1}),  # the htmx "load earlier" fragment
    ]
    for response in answers:
        body = response.get_data(as_text=True)
        assert response.status_code == 200 and "Hidden: you blocked this person." in body, body[:300]
        assert "SECRET" not in body
    mentor_view = client_for(app, cast.mentor, htmx=True).get(f"{base}/t/main/poll?after=0&since=1000")
    assert "SECRET-NEW-WORDS" in mentor_view.get_data(as_text=True)  # their own words, to themselves


def test_a_finished_mentorship_is_read_only(app, cast):
    say(cast.mentorship, cast.mentor, "Last words")
    cast.mentorship.status = "completed"
    db.session.commit()
    client = client_for(app, cast.mentee)
    response = client.post(f"/m/{cast.mentorship.id}/t/main/messages", data={"body": "one more"})
    assert response.status_code == 422 and "closed to new messages" in response.get_data(as_text=True)
    page = client.get(f"/m/{cast.mentorship.id}").get_data(as_text=True)
    assert "Last words" in page and 'id="body"' not in page
    assert [m.body for m in _messages()] == ["Last words"]


def test_an_empty_poll_is_a_bare_204_with_at_most_two_queries(app, cast, queries):
    first = say(cast.mentorship, cast.mentee, "first")
    url = f"/m/{cast.mentorship.id}/t/main/poll?after={first.id}&since=9999999999999"
    client = client_for(app, cast.mentor, htmx=True)
    fast = fast_path(app)
    before = fast.queries_run
    with queries() as q:
        response = client.get(url)
    assert response.status_code == 204 and response.data == b""
    # The fast path: session, membership and news in one query (on its own DBAPI connection), before the app.
    assert fast.queries_run - before == 1 and q.count == 1, q.statements
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cache-Control"] == "no-store" and "HX-Request" in response.headers["Vary"]
    app.config["SPACE_POLL_FAST_PATH"] = False
    try:
        with queries() as q:
            response = client.get(url)
    finally:
        app.config["SPACE_POLL_FAST_PATH"] = True
    # Through the app: Flask-Login's session lookup, then the poll's single query.
    assert response.status_code == 204 and response.data == b"" and q.count == 2, q.statements
    assert response.headers["Cache-Control"] == "no-store"


def test_the_fast_path_leaves_everything_but_nothing_new_to_the_app(app, cast, queries):
    first = say(cast.mentorship, cast.mentee, "first")
    url = f"/m/{cast.mentorship.id}/t/main/poll?after={first.id}"
    mentor = client_for(app, cast.mentor, htmx=True)
    assert mentor.get(url).status_code == 204
    # Someone who is not in the pair: the app's 404.
    assert client_for(app, cast.admin, htmx=True).get(url).status_code == 404
    # A revoked session (its row deleted), a deleted account, a forged cookie: the app's 401.
    db.session.query(UserSession).filter_by(user_id=cast.mentor.id).delete()
    db.session.commit()
    assert mentor.get(url).status_code == 401
    mentee = client_for(app, cast.mentee, htmx=True)
    cast.mentee.deleted_at = utcnow()
    db.session.commit()
    assert mentee.get(url).status_code == 401
    forged = client_for(app, None, htmx=True)
    forged.set_cookie("session", "eyJfdXNlcl9pZCI6IngifQ.forged.signature")
    assert forged.get(url).status_code == 401
    # An old browser session is left to the app's own rules.
    other = client_for(app, cast.other_mentor, htmx=True)
    db.session.query(UserSession).filter_by(user_id=cast.other_mentor.id).update(
        {"created_at": utcnow() - timedelta(days=3)}
    )
    db.session.commit()
    other_url = f"/m/{cast.other_mentorship.id}/t/main/poll?after=0"
    with queries() as q:
        response = other.get(other_url)
    # The fast path declined it; the app's session rule (browser sessions last a day) answered.
    assert q.count >= 1 and response.status_code == 401


def test_the_fast_path_runs_no_query_for_numbers_beyond_the_database_and_reads_only_its_cookie(app, cast):
    first = say(cast.mentorship, cast.mentee, "first")
    client = client_for(app, cast.mentor, htmx=True)
    fast = fast_path(app)
    before = fast.queries_run
    for url in (
        f"/m/{cast.mentorship.id}/t/main/poll?after={2**31}",
        f"/m/{2**31}/t/main/poll?after={first.id}",
        f"/m/{cast.mentorship.id}/t/main/poll?after=%31",  # escaped: the app parses it
    ):
        assert client.get(url).status_code < 500
    assert fast.queries_run == before
    # The session cookie among others (and a look-alike name) still takes the fast path.
    cookie = client.get_cookie("session").value
    other = app.test_client()
    other.set_cookie("xsession", "nope")
    other.set_cookie("session", cookie)
    other.set_cookie("theme", "dark")
    url = f"/m/{cast.mentorship.id}/t/main/poll?after={first.id}&since=9999999999999&x=1"
    assert other.get(url, headers={"HX-Request": "true"}).status_code == 204
    assert fast.queries_run == before + 1


def test_an_empty_poll_sees_a_message_written_right_after_it(app, cast):
    first = say(cast.mentorship, cast.mentee, "first")
    client = client_for(app, cast.mentor, htmx=True)
    url = f"/m/{cast.mentorship.id}/t/main/poll?after={first.id}"
    for _ in range(3):
        assert client.get(url).status_code == 204
    second = client_for(app, cast.mentee, htmx=True).post(
        f"/m/{cast.mentorship.id}/t/main/messages", data={"body": "second"}
    )
    assert second.status_code == 200
    response = client.get(url)
    assert response.status_code == 200 and "second" in response.get_data(as_text=True)


def test_a_poll_brings_new_messages_and_moves_the_poller_on(app, cast):
    first = say(cast.mentorship, cast.mentor, "first")
    second = say(cast.mentorship, cast.mentee, "second *news*")
    client = client_for(app, cast.mentor, htmx=True)
    response = client.get(f"/m/{cast.mentorship.id}/t/main/poll?after={first.id}")
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in body
    assert f'id="msg-{second.id}"' in body and f'id="msg-{first.id}"' not in body and "<em>news</em>" in body
    assert 'id="poller" hx-get="' in body and f"after={second.id}" in body and 'hx-swap-oob="true"' in body
    # The poll marked the new message read for the mentor.
    refresh()
    member = db.session.query(MentorshipMember).filter_by(user_id=cast.mentor.id).one()
    assert member.last_read_message_id == second.id


def test_a_poll_replaces_messages_changed_since_the_last_one(app, cast):
    message = say(cast.mentorship, cast.mentee, "typo hre")
    since = int((utcnow() - timedelta(seconds=30)).timestamp() * 1000)
    client_for(app, cast.mentee).post(f"/m/{cast.mentorship.id}/messages/{message.id}/edit", data={"body": "typo here"})
    body = (
        client_for(app, cast.mentor)
        .get(f"/m/{cast.mentorship.id}/t/main/poll?after={message.id}&since={since}")
        .get_data(as_text=True)
    )
    assert f'id="msg-{message.id}"' in body and "typo here" in body and "(edited)" in body
    assert re.search(rf'id="msg-{message.id}"[^>]*hx-swap-oob="true"', body)
    # Later polls (since after the edit) are empty again.
    later = int((utcnow() + timedelta(seconds=5)).timestamp() * 1000)
    response = client_for(app, cast.mentor).get(f"/m/{cast.mentorship.id}/t/main/poll?after={message.id}&since={later}")
    assert response.status_code == 204


@pytest.mark.parametrize("query", ["", "?after=", "?after=abc", "?after=-1"])
def test_a_poll_needs_the_last_id(app, cast, query):
    response = client_for(app, cast.mentor).get(f"/m/{cast.mentorship.id}/t/main/poll{query}")
    assert response.status_code == 400


def test_editing_within_15_minutes(app, cast):
    message = say(cast.mentorship, cast.mentor, "Meet on Tuesday")
    client = client_for(app, cast.mentor, htmx=True)
    form = client.get(f"/m/{cast.mentorship.id}/messages/{message.id}/edit").get_data(as_text=True)
    assert "<html" not in form and f'id="msg-{message.id}"' in form and "Meet on Tuesday" in form
    response = client.post(f"/m/{cast.mentorship.id}/messages/{message.id}/edit", data={"body": "Meet on *Wednesday*"})
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "<em>Wednesday</em>" in body and "(edited)" in body
    (stored,) = _messages()
    assert stored.body == "Meet on *Wednesday*" and stored.body_html == "<p>Meet on <em>Wednesday</em></p>\n"
    assert stored.edited_at is not None and stored.changed_at is not None


def test_editing_is_refused_after_15_minutes_and_for_others(app, cast):
    message = say(cast.mentorship, cast.mentor, "Old news")
    message.created_at = utcnow() - timedelta(minutes=16)
    db.session.commit()
    url = f"/m/{cast.mentorship.id}/messages/{message.id}/edit"
    late = client_for(app, cast.mentor).post(url, data={"body": "rewritten"})
    assert late.status_code == 403 and "15 minutes" in late.get_data(as_text=True)
    page = client_for(app, cast.mentor).get(f"/m/{cast.mentorship.id}").get_data(as_text=True)
    assert url not in page  # no Edit link any more
    other = client_for(app, cast.mentee).post(url, data={"body": "hijack"})
    assert other.status_code == 403 and "your own messages" in other.get_data(as_text=True)
    assert _messages()[0].body == "Old news"


def test_an_empty_edit_is_refused_and_the_message_kept(app, cast):
    message = say(cast.mentorship, cast.mentor, "Keep me")
    response = client_for(app, cast.mentor).post(
        f"/m/{cast.mentorship.id}/messages/{message.id}/edit", data={"body": "  "}
    )
    assert response.status_code == 422 and "Write something first." in response.get_data(as_text=True)
    assert _messages()[0].body == "Keep me"


def test_deleting_leaves_message_deleted(app, cast):
    message = say(cast.mentorship, cast.mentee, "I shared too much")
    client = client_for(app, cast.mentee, htmx=True)
    response = client.post(f"/m/{cast.mentorship.id}/messages/{message.id}/delete")
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "Message deleted" in body and "too much" not in body
    (stored,) = _messages()
    assert stored.body == "" and stored.body_html == "" and stored.deleted_at is not None
    partner = client_for(app, cast.mentor).get(f"/m/{cast.mentorship.id}").get_data(as_text=True)
    assert "Message deleted" in partner and "too much" not in partner
    again = client_for(app, cast.mentee).post(f"/m/{cast.mentorship.id}/messages/{message.id}/delete")
    assert again.status_code == 403


def test_system_messages_are_shown_distinctly(app, cast):
    space.post_system_message(cast.mentorship, "Welcome! Lin will mentor Sam on *public speaking*.")
    page = client_for(app, cast.mentee).get(f"/m/{cast.mentorship.id}").get_data(as_text=True)
    assert re.search(r'class="message system"[^>]*>\s*<div class="prose"><p>Welcome!', page)
    assert "<em>public speaking</em>" in page


def test_loading_earlier_messages(app, cast):
    messages = [
        Message(mentorship_id=cast.mentorship.id, author_id=cast.mentor.id, body=f"n{i}", body_html=f"<p>n{i}</p>")
        for i in range(120)
    ]
    db.session.add_all(messages)
    db.session.commit()
    ids = [m.id for m in messages]
    client = client_for(app, cast.mentee)
    page = client.get(f"/m/{cast.mentorship.id}").get_data(as_text=True)
    assert "<p>n119</p>" in page and "<p>n70</p>" in page and "<p>n69</p>" not in page
    assert f'href="?before={ids[70]}"' in page and "Load earlier messages" in page
    older = client_for(app, cast.mentee, htmx=True).get(f"/m/{cast.mentorship.id}?before={ids[70]}")
    fragment = older.get_data(as_text=True)
    assert "<html" not in fragment and 'id="load-earlier"' in fragment and f"before={ids[20]}" in fragment
    assert "<p>n20</p>" in fragment and "<p>n69</p>" in fragment and "<p>n70</p>" not in fragment
    assert "HX-Request" in older.headers["Vary"]
    oldest = client.get(f"/m/{cast.mentorship.id}?before={ids[20]}").get_data(as_text=True)
    assert "<html" in oldest and "<p>n0</p>" in oldest and "Load earlier messages" not in oldest
    assert "Back to the newest messages" in oldest and 'id="poller"' not in oldest


def test_unread_counts_per_mentorship_and_in_the_navigation(app, cast):
    for text in ("one", "two", "three"):
        say(cast.mentorship, cast.mentor, text)
    mentee = client_for(app, cast.mentee)
    index = mentee.get("/m/").get_data(as_text=True)
    assert re.search(r'My mentorships <span class="badge">3<', index)
    assert re.search(r'class="badge">3<span class="visually-hidden"> unread messages', index)
    # The author has nothing unread.
    assert 'My mentorships <span class="badge">' not in client_for(app, cast.mentor).get("/m/").get_data(as_text=True)
    # Opening the thread reads them; the navigation on that page already shows none.
    thread = mentee.get(f"/m/{cast.mentorship.id}").get_data(as_text=True)
    assert 'My mentorships <span class="badge">' not in thread
    assert 'My mentorships <span class="badge">' not in mentee.get("/m/").get_data(as_text=True)
    say(cast.mentorship, cast.mentor, "four")
    assert re.search(r'My mentorships <span class="badge">1<', mentee.get("/m/").get_data(as_text=True))


def test_circle_side_threads_have_their_own_unread_counts(app, cast):
    circle, mentor, mentees = make_circle(cast.community, size=2)
    first, second = mentees
    say(circle, mentor, "hello circle")
    say(circle, first, "private question", f"side-{first.id}")
    mentor_page = client_for(app, mentor).get(f"/m/{circle.id}").get_data(as_text=True)
    # In the main thread; the side thread with the first mentee still shows 1 unread.
    assert re.search(
        rf'href="/m/{circle.id}/t/side-{first.id}"[^>]*>Private with {first.display_name} <span', mentor_page
    )
    second_page = client_for(app, second).get(f"/m/{circle.id}").get_data(as_text=True)
    assert "private question" not in second_page and f"side-{first.id}" not in second_page
    assert space_reads.unread_by_mentorship(second.id) == {}
    assert space_reads.unread_by_mentorship(first.id) == {circle.id: 1}
    client_for(app, mentor).get(f"/m/{circle.id}/t/side-{first.id}")
    refresh()
    assert space_reads.unread_counts(mentor.id) == {}


def _fill(mentorship, authors, count):
    db.session.add_all(
        Message(
            mentorship_id=mentorship.id,
            author_id=authors[i % len(authors)].id,
            body=f"message {i}",
            body_html=f"<p>message {i}</p>",
        )
        for i in range(count)
    )
    db.session.commit()


@pytest.mark.parametrize("count", [10, 1000])
def test_the_thread_page_runs_the_same_few_queries_whatever_its_length(app, cast, queries, count):
    circle, mentor, mentees = make_circle(cast.community, size=12, program=cast.mentorship.program)
    _fill(circle, [mentor, *mentees], count)
    client = client_for(app, mentees[0])
    circle_id = circle.id
    with queries() as q:
        response = client.get(f"/m/{circle_id}")
    assert response.status_code == 200 and f"message {count - 1}" in response.get_data(as_text=True)
    # Session, mentorship with members, messages, blocks + my suspension (one query), read-marker UPDATE,
    # unread counts, this week, and the navigation's notification bell.
    assert q.count == 8, "\n".join(q.statements)
    # A second visit, with nothing new, skips the read marker's UPDATE.
    with queries() as q:
        client.get(f"/m/{circle_id}")
    assert q.count == 7


def test_the_index_runs_a_constant_number_of_queries(app, cast, queries):
    circle, mentor, mentees = make_circle(cast.community, size=10, program=cast.mentorship.program)
    client = client_for(app, mentor)
    with queries() as q1:
        client.get("/m/")
    for _ in range(5):
        other_circle = make_circle(cast.community, size=3)[0]
        db.session.add(MentorshipMember(mentorship_id=other_circle.id, user_id=mentor.id, role="mentee"))
        db.session.commit()
    with queries() as q2:
        body = client.get("/m/").get_data(as_text=True)
    assert body.count('class="card mentorship-card"') == 6
    assert q1.count == q2.count <= 6


def test_csrf_is_required_for_posting(app, cast):
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        client = client_for(app, cast.mentor)
        url = f"/m/{cast.mentorship.id}/t/main/messages"
        refused = client.post(url, data={"body": "no token"})
        assert refused.status_code == 400 and _messages() == []
        page = client.get(f"/m/{cast.mentorship.id}").get_data(as_text=True)
        token = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)
        htmx = client.post(url, data={"body": "with header"}, headers={"HX-Request": "true", "X-CSRFToken": token})
        assert htmx.status_code == 200
        form = client.post(url, data={"body": "with field", "csrf_token": token})
        assert form.status_code == 303
        for path in ("pause", "uneasy", f"messages/{_messages()[0].id}/delete"):
            assert client.post(f"/m/{cast.mentorship.id}/{path}", data={"text": "0123456789 x"}).status_code == 400
        assert [m.body for m in _messages()] == ["with header", "with field"]
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


def test_side_thread_polls_take_the_fast_path_for_their_two_people_only(app, cast, queries):
    circle, mentor, (first, second) = make_circle(cast.community, size=2)
    message = say(circle, first, "just us", f"side-{first.id}")
    url = f"/m/{circle.id}/t/side-{first.id}/poll?after={message.id}"
    for person in (first, mentor):
        client = client_for(app, person, htmx=True)
        before = fast_path(app).queries_run
        with queries() as q:
            assert client.get(url).status_code == 204
        assert q.count == 1 and fast_path(app).queries_run == before + 1
    assert client_for(app, second, htmx=True).get(url).status_code == 404


def test_the_edit_form_and_a_single_message_as_page_and_fragment(app, cast):
    message = say(cast.mentorship, cast.mentor, "Hello there")
    edit_url = f"/m/{cast.mentorship.id}/messages/{message.id}/edit"
    page = client_for(app, cast.mentor).get(edit_url)
    assert page.status_code == 200 and "<html" in page.get_data(as_text=True)
    assert 'hx-history="false"' in page.get_data(as_text=True) and "Hello there" in page.get_data(as_text=True)
    fragment = client_for(app, cast.mentor, htmx=True).get(edit_url)
    body = fragment.get_data(as_text=True)
    assert "<html" not in body and f'id="msg-{message.id}"' in body and "HX-Request" in fragment.headers["Vary"]
    # Cancel: htmx gets the message back; a browser goes to it in the thread.
    one = client_for(app, cast.mentee, htmx=True).get(f"/m/{cast.mentorship.id}/messages/{message.id}")
    assert one.status_code == 200 and "<html" not in one.get_data(as_text=True)
    assert f'id="msg-{message.id}"' in one.get_data(as_text=True) and "Edit" not in one.get_data(as_text=True)
    plain = client_for(app, cast.mentee).get(f"/m/{cast.mentorship.id}/messages/{message.id}")
    assert plain.status_code == 302 and plain.headers["Location"].endswith(f"/m/{cast.mentorship.id}#msg-{message.id}")


def test_posting_in_a_side_thread_stays_in_it(app, cast):
    circle, mentor, (first, second) = make_circle(cast.community, size=2)
    response = client_for(app, first).post(f"/m/{circle.id}/t/side-{first.id}/messages", data={"body": "psst"})
    assert response.headers["Location"].endswith(f"/m/{circle.id}/t/side-{first.id}#msg-1")
    (message,) = _messages()
    assert message.thread_key == f"side-{first.id}"
    assert "psst" in client_for(app, mentor).get(f"/m/{circle.id}/t/side-{first.id}").get_data(as_text=True)
    assert "psst" not in client_for(app, second).get(f"/m/{circle.id}").get_data(as_text=True)
    assert "psst" not in client_for(app, mentor).get(f"/m/{circle.id}").get_data(as_text=True)


def test_kept_rendered_messages_follow_edits_deletions_blocks_and_each_viewers_timezone(app, cast):
    """The thread page keeps each message's HTML per way of seeing it (views/space/fragments.py): whatever
    changes what a viewer should see (an edit, a deletion, a block, their timezone) shows at once."""
    kept = say(cast.mentorship, cast.mentee, "first words")
    gone = say(cast.mentorship, cast.mentee, "soon gone")
    mine = say(cast.mentorship, cast.mentor, "my own")
    url = f"/m/{cast.mentorship.id}"
    mentor = client_for(app, cast.mentor)

    def page(client=mentor) -> str:
        return client.get(url).get_data(as_text=True)

    first = page()
    again = page()
    # The same messages' HTML, each response with its own token.
    assert _messages_html(first) == _messages_html(again).replace(_csrf(again), _csrf(first))
    assert "first words" in first and "<csrf-slot>" not in first
    assert f'value="{_csrf(first)}"' in first  # the delete form of the mentor's own message carries their token
    assert f'hx-target="#msg-{mine.id}"' in first and "Report" in first
    db.session.get(Message, kept.id).body_html = "<p>edited words</p>"
    db.session.get(Message, kept.id).edited_at = utcnow()
    db.session.get(Message, gone.id).deleted_at = utcnow()
    db.session.commit()
    second = page()
    assert "edited words" in second and "(edited)" in second and "first words" not in second
    assert "Message deleted" in second and "soon gone" not in second
    db.session.add(Block(blocker_id=cast.mentor.id, blocked_id=cast.mentee.id))
    db.session.commit()
    assert "Hidden: you blocked this person." in page()
    # The mentee sees the same messages in their own timezone.
    cast.mentee.timezone = "Asia/Tokyo"
    db.session.commit()
    shown = message_time(mine)
    theirs = page(client_for(app, cast.mentee))
    assert shown("Asia/Tokyo") in theirs and "Edit" not in theirs.split(f'id="msg-{mine.id}"')[1].split("</li>")[0]
    assert shown("UTC") in page()


def _messages_html(html: str) -> str:
    return html.split('id="messages"')[1].split("</ol>")[0]


def _csrf(html: str) -> str:
    return re.search(r'name="csrf-token" content="([^"]+)"', html).group(1)


def message_time(message):
    return lambda zone: in_zone(message.created_at, zone)
