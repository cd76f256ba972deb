"""Posting on the board: topics, replies, bad input, the code of conduct, suspension, edit, delete, quote,
reactions, blocks, hidden and deleted content, pagination and the htmx fragments."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from mentorship.extensions import db
from mentorship.models import Block, Membership, Notification, Post, Reaction, Topic, utcnow
from tests.board.conftest import board_url, fresh_request_globals  # noqa: F401
from tests.factories import add_member, make_community, make_reply, make_topic, make_user


@pytest.fixture
def setup(app):
    admin, member, other = make_user("Ada Admin"), make_user("Mia Member"), make_user("Noor Other")
    community = make_community(admin=admin, members=[member, other])
    return community, admin, member, other


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_start_a_discussion_and_reply(setup, login_as):
    community, admin, member, other = setup
    client = login_as(member)
    response = client.post(
        board_url(community, "/new"),
        data={"kind": "discussion", "title": "  Hello   all ", "body": "Glad to be *here*", "tags": "Intro, #welcome"},
    )
    topic = db.session.scalar(select(Topic))
    assert response.status_code == 303 and response.headers["Location"].endswith(f"/t/{topic.id}")
    assert topic.title == "Hello all" and topic.tag_names == ["intro", "welcome"] and topic.kind == "discussion"
    opening = db.session.scalar(select(Post).where(Post.is_opening.is_(True)))
    assert opening.body_html == "<p>Glad to be <em>here</em></p>\n"
    response = login_as(other).post(board_url(community, f"/t/{topic.id}/reply"), data={"body": "Welcome!"})
    assert response.status_code == 303 and response.headers["Location"].endswith("#post-2")
    db.session.refresh(topic)
    assert topic.reply_count == 1 and topic.first_answer_at is not None and topic.first_answer_seconds >= 0
    note = db.session.scalar(select(Notification).where(Notification.user_id == member.id))
    assert note.text == "Noor Other replied to “Hello all”." and note.link.endswith(f"/p/{topic.id + 1}")
    page = client.get(board_url(community, f"/t/{topic.id}")).get_data(as_text=True)
    assert "Welcome!" in page and "<em>here</em>" in page and "1 reply" in page


def test_the_board_lists_newest_activity_first_with_filters_and_tags(setup, login_as):
    community, admin, member, other = setup
    old = make_topic(community, member, "Old discussion", tags=["python"])
    helpreq = make_topic(community, other, "Help with SQL", kind="help", tags=["sql"])
    answered = make_topic(community, admin, "Answered question")
    make_reply(answered, member, "Here you go")
    old.last_activity_at = utcnow() - timedelta(days=3)
    db.session.commit()
    client = login_as(member)
    body = client.get(board_url(community)).get_data(as_text=True)
    assert body.index("Answered question") < body.index("Help with SQL") < body.index("Old discussion")
    help_only = client.get(board_url(community, "/?filter=help")).get_data(as_text=True)
    assert "Help with SQL" in help_only and "Old discussion" not in help_only
    unanswered = client.get(board_url(community, "/?filter=unanswered")).get_data(as_text=True)
    assert "Answered question" not in unanswered and "Old discussion" in unanswered
    tagged = client.get(board_url(community, "/?tag=python")).get_data(as_text=True)
    assert "Old discussion" in tagged and "Help with SQL" not in tagged and "Clear the tag" in tagged
    discussions = client.get(board_url(community, "/?filter=discussions")).get_data(as_text=True)
    assert "Help with SQL" not in discussions and "Old discussion" in discussions
    assert helpreq.id


def test_filter_fragment_and_load_more_for_htmx(setup, login_as):
    community, admin, member, other = setup
    for n in range(25):
        make_topic(community, admin, f"Topic number {n:02d}", commit=False)
    db.session.commit()
    plain = login_as(member).get(board_url(community))
    assert "<html" in plain.get_data(as_text=True) and 'id="load-more"' in plain.get_data(as_text=True)
    htmx = login_as(member, htmx=True)
    fragment = htmx.get(board_url(community, "/?filter=discussions"), headers={"HX-Target": "board-topics"})
    text = fragment.get_data(as_text=True)
    assert fragment.status_code == 200 and "<html" not in text and 'id="board-topics"' in text
    assert "HX-Request" in fragment.headers["Vary"]
    more = htmx.get(board_url(community, "/?page=2"), headers={"HX-Target": "load-more"}).get_data(as_text=True)
    assert "<html" not in more and 'id="board-topics"' not in more
    assert more.count('class="topic-row') == 5 and "Topic number 00" in more and 'id="load-more"' not in more
    # Without JavaScript, "Load more" is a link to the next page.
    assert "Topic number 00" in login_as(member).get(board_url(community, "/?page=2")).get_data(as_text=True)


@pytest.mark.parametrize(
    "data,message",
    [
        ({"title": "", "body": ""}, "Give it a title of 3 to 150 characters."),
        ({"title": "Fine title", "body": "   "}, "Write something first."),
        ({"title": "Fine title", "body": "x" * 102_400}, "Keep it under 10,000 characters (this has 102,400)."),
        ({"title": "T" * 151, "body": "ok"}, "Give it a title of 3 to 150 characters."),
        (
            {"title": "Fine title", "body": "ok", "tags": "good, <b>bad</b>, way-too-long-tag-" + "x" * 30},
            "These tags can",
        ),
        ({"title": "Fine title", "body": "ok", "tags": ",".join(f"t{n}" for n in range(9))}, "Use at most 8 tags."),
        ({"title": "Need help", "body": "ok", "kind": "help", "tags": ""}, "Add at least one skill tag"),
        ({"title": "Need help", "body": "ok", "kind": "help", "tags": "sql", "urgency": "panic"}, "Choose how urgent"),
    ],
)
def test_bad_topic_input_is_refused_with_the_text_kept(setup, login_as, data, message):
    community, admin, member, other = setup
    form = {"kind": "discussion", "tags": "", **data}
    response = login_as(member).post(board_url(community, "/new"), data=form)
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in body
    assert 'aria-invalid="true"' in body
    if form["title"].strip():
        assert f'value="{form["title"]}"' in body
    if form["body"].strip():
        assert form["body"][:2000] in body
    if "<b>bad</b>" in form["tags"]:
        assert "&lt;b&gt;bad&lt;/b&gt;" in body and "<b>bad</b>" not in body
    assert count(Topic) == 0 and count(Post) == 0


def test_bad_input_on_htmx_comes_back_as_the_form_fragment(setup, login_as):
    community, admin, member, other = setup
    response = login_as(member, htmx=True).post(board_url(community, "/new"), data={"kind": "help", "title": "Hi"})
    body = response.get_data(as_text=True)
    assert response.status_code == 422 and "<html" not in body and 'id="topic-form"' in body
    assert 'value="Hi"' in body and "Write something first." in body and "HX-Request" in response.headers["Vary"]


def test_bad_reply_keeps_the_text_plain_and_htmx(setup, login_as):
    community, admin, member, other = setup
    topic = make_topic(community, admin, "A topic")
    big = "word " * 21_000
    response = login_as(member).post(board_url(community, f"/t/{topic.id}/reply"), data={"body": big})
    body = response.get_data(as_text=True)
    assert response.status_code == 422 and "<html" in body and "Keep it under 10,000 characters" in body
    assert big.strip()[:500] in body
    response = login_as(member, htmx=True).post(board_url(community, f"/t/{topic.id}/reply"), data={"body": " "})
    body = response.get_data(as_text=True)
    assert response.status_code == 422 and "<html" not in body and 'id="reply-form"' in body
    assert "Write something first." in body
    assert count(Post) == 1 and db.session.get(Topic, topic.id).reply_count == 0


def test_htmx_reply_on_the_last_page_appends_in_place(setup, login_as):
    community, admin, member, other = setup
    topic = make_topic(community, admin, "A topic")
    response = login_as(member, htmx=True).post(
        board_url(community, f"/t/{topic.id}/reply"), data={"body": "In place", "page": "1"}
    )
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in body
    assert 'id="reply-form"' in body and 'hx-swap-oob="beforeend:#replies"' in body and "In place" in body
    # A reply that lands on another page than the one shown takes the browser there.
    response = login_as(member, htmx=True).post(
        board_url(community, f"/t/{topic.id}/reply"), data={"body": "Elsewhere", "page": "7"}
    )
    assert response.status_code == 204 and response.headers["HX-Redirect"].endswith("#post-3")


def test_code_of_conduct_is_shown_and_accepted_once_before_the_first_post(setup, login_as):
    community, admin, member, other = setup
    newcomer = make_user("Nia Newcomer")
    membership = add_member(community, newcomer)
    membership.coc_accepted_at = None
    db.session.commit()
    client = login_as(newcomer)
    form_page = client.get(board_url(community, "/new")).get_data(as_text=True)
    assert "Before your first post: the code of conduct" in form_page and "Be kind and assume good intent" in form_page
    data = {"kind": "discussion", "title": "My first post", "body": "Hello!"}
    response = client.post(board_url(community, "/new"), data=data)
    assert response.status_code == 422 and "Please accept the code of conduct" in response.get_data(as_text=True)
    assert 'value="My first post"' in response.get_data(as_text=True) and count(Topic) == 0
    assert client.post(board_url(community, "/new"), data={**data, "accept_coc": "y"}).status_code == 303
    db.session.refresh(membership)
    assert membership.coc_accepted_at is not None
    topic = db.session.scalar(select(Topic))
    assert "the code of conduct" not in client.get(board_url(community, f"/t/{topic.id}")).get_data(as_text=True)
    assert client.post(board_url(community, f"/t/{topic.id}/reply"), data={"body": "again"}).status_code == 303


def test_reply_form_asks_for_the_code_of_conduct_too(setup, login_as):
    community, admin, member, other = setup
    topic = make_topic(community, admin, "A topic")
    membership = db.session.scalar(select(Membership).where(Membership.user_id == member.id))
    membership.coc_accepted_at = None
    db.session.commit()
    client = login_as(member)
    assert "code of conduct" in client.get(board_url(community, f"/t/{topic.id}")).get_data(as_text=True)
    response = client.post(board_url(community, f"/t/{topic.id}/reply"), data={"body": "Hi"})
    assert response.status_code == 422 and count(Post) == 1
    response = client.post(board_url(community, f"/t/{topic.id}/reply"), data={"body": "Hi", "accept_coc": "y"})
    assert response.status_code == 303 and count(Post) == 2


def test_suspended_member_reads_but_cannot_post(setup, login_as):
    community, admin, member, other = setup
    topic = make_topic(community, admin, "A topic")
    post = make_reply(topic, other, "A reply")
    membership = db.session.scalar(select(Membership).where(Membership.user_id == member.id))
    membership.suspended_until = utcnow() + timedelta(days=2)
    db.session.commit()
    client = login_as(member)
    page = client.get(board_url(community, f"/t/{topic.id}"))
    assert page.status_code == 200 and "you can read the board but not post" in page.get_data(as_text=True)
    assert 'id="reply-form" class="form' not in page.get_data(as_text=True)
    for path, data in (
        (f"/t/{topic.id}/reply", {"body": "hi"}),
        ("/new", {"kind": "discussion", "title": "Hello", "body": "x"}),
        (f"/p/{post.id}/react/thanks", {}),
    ):
        response = client.post(board_url(community, path), data=data)
        assert response.status_code == 403 and "suspended" in response.get_data(as_text=True)
    assert count(Post) == 2 and count(Reaction) == 0


def test_edit_own_post_plain_and_htmx(setup, login_as):
    community, admin, member, other = setup
    topic = make_topic(community, member, "First title", tags=["a"])
    reply = make_reply(topic, member, "first words")
    opening = db.session.scalar(select(Post).where(Post.is_opening.is_(True)))
    client = login_as(member)
    form = client.get(board_url(community, f"/p/{opening.id}/edit")).get_data(as_text=True)
    assert 'value="First title"' in form and "Hello board" in form
    response = client.post(
        board_url(community, f"/p/{opening.id}/edit"), data={"title": "Better title", "body": "**new**", "tags": "b, c"}
    )
    assert response.status_code == 303
    db.session.refresh(topic)
    assert topic.title == "Better title" and topic.tag_names == ["b", "c"]
    htmx = login_as(member, htmx=True)
    fragment = htmx.get(board_url(community, f"/p/{reply.id}/edit"), headers={"HX-Target": f"post-{reply.id}"})
    assert "<html" not in fragment.get_data(as_text=True) and f'id="post-{reply.id}"' in fragment.get_data(as_text=True)
    saved = htmx.post(board_url(community, f"/p/{reply.id}/edit"), data={"body": "second words"})
    text = saved.get_data(as_text=True)
    assert saved.status_code == 200 and "<html" not in text and "<article" in text and "second words" in text
    assert "(edited)" in text
    bad = htmx.post(board_url(community, f"/p/{reply.id}/edit"), data={"body": ""})
    assert bad.status_code == 422 and 'id="post-' in bad.get_data(as_text=True)
    db.session.refresh(reply)
    assert reply.body == "second words" and reply.edited_at is not None


def test_delete_reply_shows_post_deleted_and_opening_without_replies_removes_topic(setup, login_as):
    community, admin, member, other = setup
    topic = make_topic(community, admin, "Stays")
    reply = make_reply(topic, member, "Regrettable words")
    client = login_as(member)
    assert client.post(board_url(community, f"/p/{reply.id}/delete")).status_code == 303
    page = login_as(other).get(board_url(community, f"/t/{topic.id}")).get_data(as_text=True)
    assert "Post deleted" in page and "Regrettable words" not in page
    db.session.refresh(topic)
    assert topic.reply_count == 0 and db.session.get(Post, reply.id).body == ""
    lonely = make_topic(community, member, "Nobody answered")
    opening = db.session.scalar(select(Post).where(Post.topic_id == lonely.id))
    response = client.post(board_url(community, f"/p/{opening.id}/delete"))
    assert response.status_code == 303 and response.headers["Location"].endswith(f"/c/{community.slug}/board/")
    assert client.get(board_url(community, f"/t/{lonely.id}")).status_code == 404
    assert "Nobody answered" not in client.get(board_url(community)).get_data(as_text=True)


def test_quote_prefills_the_reply_form(setup, login_as):
    community, admin, member, other = setup
    topic = make_topic(community, admin, "A topic")
    reply = make_reply(topic, other, "line one\nline two")
    client = login_as(member, htmx=True)
    response = client.get(board_url(community, f"/t/{topic.id}?quote={reply.id}"), headers={"HX-Target": "reply-form"})
    body = response.get_data(as_text=True)
    assert "<html" not in body and 'id="reply-form"' in body
    assert "&gt; Noor Other wrote:\n&gt;\n&gt; line one\n&gt; line two" in body
    plain = login_as(member).get(board_url(community, f"/t/{topic.id}?quote={reply.id}")).get_data(as_text=True)
    assert "<html" in plain and "&gt; line one" in plain


def test_reactions_toggle_in_place(setup, login_as):
    community, admin, member, other = setup
    topic = make_topic(community, admin, "A topic")
    reply = make_reply(topic, other, "Useful answer")
    htmx = login_as(member, htmx=True)
    response = htmx.post(board_url(community, f"/p/{reply.id}/react/helpful"))
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in body and f'id="reactions-{reply.id}"' in body
    assert 'aria-pressed="true"' in body and "HX-Request" in response.headers["Vary"]
    login_as(admin).post(board_url(community, f"/p/{reply.id}/react/helpful"))
    assert db.session.scalar(select(func.count()).select_from(Reaction).where(Reaction.kind == "helpful")) == 2
    body = htmx.post(board_url(community, f"/p/{reply.id}/react/helpful")).get_data(as_text=True)
    assert 'aria-pressed="true"' not in body and '<span class="count" aria-label="1 so far">1</span>' in body
    plain = login_as(member).post(board_url(community, f"/p/{reply.id}/react/thanks"))
    assert plain.status_code == 303 and plain.headers["Location"].endswith(f"#post-{reply.id}")
    own = login_as(other).post(board_url(community, f"/p/{reply.id}/react/thanks"))
    assert own.status_code == 400 and "your own post" in own.get_data(as_text=True)
    assert login_as(member).post(board_url(community, f"/p/{reply.id}/react/downvote")).status_code == 404
    assert count(Reaction) == 2


def test_posts_of_blocked_people_are_collapsed(setup, login_as):
    community, admin, member, other = setup
    topic = make_topic(community, other, "By the blocked one")
    make_reply(topic, other, "Blocked words")
    db.session.add(Block(blocker_id=member.id, blocked_id=other.id))
    db.session.commit()
    page = login_as(member).get(board_url(community, f"/t/{topic.id}")).get_data(as_text=True)
    assert page.count("Hidden: you blocked this member. Show") == 2
    assert "<details" in page and "Blocked words" in page  # one click shows it
    index = login_as(member).get(board_url(community)).get_data(as_text=True)
    assert "Hidden: you blocked this member" in index
    assert "Hidden: you blocked" not in login_as(admin).get(board_url(community, f"/t/{topic.id}")).get_data(
        as_text=True
    )


def test_deleted_members_and_hidden_content(setup, login_as):
    community, admin, member, other = setup
    topic = make_topic(community, admin, "A topic")
    make_reply(topic, other, "From a leaver")
    hidden = make_reply(topic, admin, "Hidden words")
    hidden.hidden_at = utcnow()
    other.deleted_at = utcnow()
    hidden_topic = make_topic(community, admin, "Hidden topic", hidden_at=utcnow())
    db.session.commit()
    page = login_as(member).get(board_url(community, f"/t/{topic.id}")).get_data(as_text=True)
    assert "Deleted member" in page and "Noor Other" not in page and "From a leaver" in page
    assert "Hidden words" not in page and "hidden by the moderators" in page
    assert login_as(member).get(board_url(community, f"/t/{hidden_topic.id}")).status_code == 404
    assert "Hidden topic" not in login_as(member).get(board_url(community)).get_data(as_text=True)
    mod_page = login_as(admin).get(board_url(community, f"/t/{topic.id}")).get_data(as_text=True)
    assert "Hidden words" in mod_page and "hidden by moderators" in mod_page
    assert login_as(admin).get(board_url(community, f"/t/{hidden_topic.id}")).status_code == 200


def test_topic_pages_and_post_links(setup, login_as):
    community, admin, member, other = setup
    topic = make_topic(community, admin, "Long one", body="The question")
    replies = [make_reply(topic, member, f"Reply number {n}", commit=False) for n in range(30)]
    db.session.commit()
    client = login_as(other)
    first = client.get(board_url(community, f"/t/{topic.id}")).get_data(as_text=True)
    assert "Reply number 0<" in first and "Reply number 24<" in first and "Reply number 25<" not in first
    second = client.get(board_url(community, f"/t/{topic.id}?page=2")).get_data(as_text=True)
    assert "The question" in second and "Reply number 25<" in second and "Page 2 of 2" in second
    link = client.get(board_url(community, f"/p/{replies[27].id}"))
    assert link.status_code == 302 and link.headers["Location"].endswith(f"page=2#post-{replies[27].id}")


def test_delete_with_htmx_swaps_the_post_for_its_placeholder(setup, login_as):
    community, admin, member, other = setup
    topic = make_topic(community, admin, "Stays")
    reply = make_reply(topic, member, "Second thoughts")
    response = login_as(member, htmx=True).post(board_url(community, f"/p/{reply.id}/delete"))
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in body and f'id="post-{reply.id}"' in body
    assert "Post deleted" in body and "Second thoughts" not in body and "HX-Request" in response.headers["Vary"]
    lonely = make_topic(community, member, "Alone")
    opening = db.session.scalar(select(Post).where(Post.topic_id == lonely.id))
    gone = login_as(member, htmx=True).post(board_url(community, f"/p/{opening.id}/delete"))
    assert gone.status_code == 204 and gone.headers["HX-Redirect"] == f"/c/{community.slug}/board/"


def test_an_empty_later_page_says_so(setup, login_as):
    community, admin, member, other = setup
    make_topic(community, admin, "Only one")
    body = login_as(member).get(board_url(community, "/?page=5")).get_data(as_text=True)
    assert "No more topics here." in body and "Back to the newest" in body
