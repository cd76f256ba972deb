"""The topic page keeps rendered posts per worker (views/board/fragments.py). What each person sees
must be exactly what an uncached render shows them: their own reactions and rights, their own CSRF
token, and every change to a post at once."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from mentorship.extensions import db
from mentorship.models import Mentorship, MentorshipMember, Reaction
from mentorship.services.board import posting as board
from mentorship.services.notify import notifications
from mentorship.views.board.fragments import CSRF_SLOT, POSTS, FragmentCache
from tests.board.conftest import board_url, fresh_request_globals, make_world  # noqa: F401
from tests.factories import make_notification, make_reply
from tests.space.conftest import say


@pytest.fixture
def world(app, monkeypatch):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)  # real tokens in the forms
    POSTS.clear()
    return make_world()


def topic_page(client, world) -> str:
    response = client.get(board_url(world.community, f"/t/{world.help_topic.id}"))
    assert response.status_code == 200
    return response.get_data(as_text=True)


def article(page: str, post_id: int) -> str:
    match = re.search(rf'<article[^>]*id="post-{post_id}".*?</article>', page, re.S)
    assert match, f"post {post_id} is not on the page"
    return match.group(0)


def tokens(page: str) -> tuple[str, set[str]]:
    """The page's own token (its <meta>) and every token in its forms."""
    meta = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)
    return meta, set(re.findall(r'name="csrf_token" value="([^"]*)"', page))


def test_each_person_gets_their_own_token_in_every_post_form(world, login_as):
    pages = [topic_page(login_as(world.people[who]), world) for who in ("pair_member", "moderator", "member")]
    seen = set()
    for page in pages:
        meta, in_forms = tokens(page)
        assert in_forms == {meta} and CSRF_SLOT not in page
        seen.add(meta)
    assert len(seen) == 3


def test_the_same_post_shows_each_person_their_own_reaction_and_rights(world, login_as):
    writer, pair_member = world.writer, world.people["pair_member"]
    post_id = world.writer_post.id
    topic_page(login_as(pair_member), world)  # the post is now kept as pair_member saw it
    db.session.add(Reaction(post_id=post_id, user_id=pair_member.id, kind="thanks"))
    db.session.commit()

    mine = article(topic_page(login_as(pair_member), world), post_id)
    assert re.search(r'aria-pressed="true">\s*Thanks <span class="count" aria-label="1 so far">1</span>', mine)
    theirs = article(topic_page(login_as(world.people["member"]), world), post_id)
    assert re.search(r'aria-pressed="false">\s*Thanks <span class="count" aria-label="1 so far">1</span>', theirs)
    authors = article(topic_page(login_as(writer), world), post_id)
    assert ">Edit</a>" in authors and "aria-pressed" not in authors  # no reacting to one's own post
    assert ">Edit</a>" not in mine and ">Edit</a>" not in theirs
    moderators = article(topic_page(login_as(world.people["moderator"]), world), post_id)
    assert "Hide<span" in moderators and "Hide<span" not in theirs


def test_an_edit_a_hide_and_a_block_show_at_once_to_someone_who_saw_the_post_before(world, login_as):
    member, post = world.people["member"], world.writer_post
    client = login_as(member)
    assert "Also: search the error message." in article(topic_page(client, world), post.id)

    board.edit_post(post, world.writer, "Also: *read* the error message.")
    assert "Also: <em>read</em> the error message." in article(topic_page(client, world), post.id)

    post.hidden_at = post.created_at + timedelta(minutes=1)
    db.session.commit()
    hidden = article(topic_page(client, world), post.id)
    assert "hidden by the moderators" in hidden and "read</em>" not in hidden

    post.hidden_at = None
    db.session.commit()
    token, _ = tokens(topic_page(client, world))
    assert client.post(f"/people/{world.writer.id}/block", data={"csrf_token": token}).status_code == 303
    assert "Hidden: you blocked this member" in article(topic_page(client, world), post.id)


def test_text_that_looks_like_the_token_slot_stays_text(world, login_as):
    reply = make_reply(world.help_topic, world.writer, f"My post says {CSRF_SLOT} and <csrf-slot/>")
    page = topic_page(login_as(world.people["member"]), world)
    meta, _ = tokens(page)
    shown = article(page, reply.id)
    assert "&lt;csrf-slot&gt;" in shown and meta not in shown.split('class="prose"')[1].split("</div>")[0]


def test_the_topic_pages_navigation_counts_come_with_its_first_query(world, login_as, queries):
    """The topic page's first query carries the navigation's two counts: they must be this person's."""
    pair_member = world.people["pair_member"]
    mentorship = db.session.scalar(
        select(Mentorship).join(MentorshipMember).where(MentorshipMember.user_id == pair_member.id)
    )
    say(mentorship, world.people["admin"], "How is it going?")
    say(mentorship, world.people["admin"], "Any news?")
    already = notifications.unread_count(pair_member)  # the world's help request told this helper
    for _ in range(3):
        make_notification(pair_member)
    make_notification(world.people["member"])
    client = login_as(pair_member)
    with queries() as q:
        page = topic_page(client, world)
    assert f"({already + 3} unread)" in page and '<span class="badge">2<span class="visually-hidden"> unread' in page
    assert not any(
        "notifications" in statement and statement.lstrip().startswith("SELECT (SELECT") for statement in q.statements
    )
    other = topic_page(login_as(world.people["member"]), world)
    member_unread = notifications.unread_count(world.people["member"])
    assert f"({member_unread} unread)" in other and '<span class="visually-hidden"> unread' not in other


def test_the_cache_keeps_the_most_recently_used_within_its_byte_budget():
    one = "x" * 100
    cache = FragmentCache(max_bytes=3 * FragmentCache._cost(one))
    for key in "abc":
        cache.put(key, one)
    assert cache.get("a") == one  # "a" is now the most recent
    cache.put("d", one)
    assert cache.get("b") is None and [cache.get(k) for k in "acd"] == [one] * 3
    cache.put("big", "y" * 1000)  # more than the budget of three small ones: they all go
    assert [cache.get(k) for k in "acd"] == [None] * 3 and cache.bytes <= cache.max_bytes
    cache.put("big", "z")  # replacing an entry counts only the new one
    assert cache.bytes == FragmentCache._cost("z")
