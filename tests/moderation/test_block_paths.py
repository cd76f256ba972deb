"""A block holds on every path that renders the blocked person's words for the blocker (issue 20, finding 2):
`?quote=` on a topic, the board's search, notifications (old ones collapse, new ones are not made) and mail.
The thread's paths (page, poll, "load earlier", editing after a block) are tests/space/test_thread.py's."""

import pytest
from sqlalchemy import func, select

from mentorship.extensions import db
from mentorship.models import EmailOutbox, Membership, Notification
from mentorship.services.board import posting
from mentorship.services.moderation import blocking
from tests.factories import make_community, make_reply, make_topic, make_user

WORDS = "kumquat-marmalade"


@pytest.fixture
def people(app):
    """Bea (the blocker) has a topic; Xan (blocked after writing in it) replied there and asked for help."""
    bea, xan, cal = make_user("Bea Blocker", skills=["python"]), make_user("Xan Blocked"), make_user("Cal Calm")
    community = make_community(admin=make_user(), members=[bea, xan, cal])
    topic = make_topic(community, bea, title="Bea asks about jam")
    membership = db.session.scalar(
        select(Membership).where(Membership.user_id == xan.id, Membership.community_id == community.id)
    )
    reply = posting.post_reply(topic, xan, membership, f"My secret recipe: {WORDS}")
    xan_topic = make_topic(community, xan, title="Xan's quinceword question", body="About quinceword jars")
    blocking.block(bea, xan)
    people = {"bea": bea, "xan": xan, "cal": cal, "community": community, "topic": topic, "reply": reply}
    return {**people, "xan_topic": xan_topic, "membership": membership}


def test_a_quote_of_a_blocked_author_is_not_put_in_the_blockers_reply_box(login_as, people):
    community, topic, reply = people["community"], people["topic"], people["reply"]
    url = f"/c/{community.slug}/board/t/{topic.id}"
    mine = login_as(people["bea"]).get(url, query_string={"quote": reply.id}).get_data(as_text=True)
    assert WORDS not in mine.split('id="reply-form"')[1]
    assert "Hidden: you blocked this member." in mine
    theirs = login_as(people["cal"]).get(url, query_string={"quote": reply.id}).get_data(as_text=True)
    assert "&gt; Xan Blocked wrote:" in theirs and WORDS in theirs.split('id="reply-form"')[1]


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "active-search"])
def test_the_search_does_not_find_a_blocked_persons_words_for_the_blocker(login_as, people, htmx):
    search = f"/c/{people['community'].slug}/board/search"
    for words in (WORDS.split("-")[0], "quinceword"):
        mine = login_as(people["bea"], htmx=htmx).get(search, query_string={"q": words}).get_data(as_text=True)
        assert "Bea asks about jam" not in mine and "quinceword question" not in mine, words
        theirs = login_as(people["cal"], htmx=htmx).get(search, query_string={"q": words}).get_data(as_text=True)
        assert "Bea asks about jam" in theirs or "quinceword question" in theirs, words


def test_notifications_from_a_blocked_person_collapse_and_no_new_ones_come(login_as, people):
    bea, xan = people["bea"], people["xan"]
    before = db.session.scalar(select(func.count()).select_from(Notification).where(Notification.user_id == bea.id))
    assert before == 1  # Xan's reply, before the block
    for htmx in (False, True):
        html = login_as(bea, htmx=htmx).get("/notifications").get_data(as_text=True)
        assert "Xan Blocked" not in html and "Hidden: you blocked this member." in html
    mails = db.session.scalar(select(func.count()).select_from(EmailOutbox).where(EmailOutbox.user_id == bea.id))
    # After the block: another reply in Bea's topic and a help request with Bea's skill reach her nowhere.
    posting.post_reply(people["topic"], xan, people["membership"], "Another one")
    make_reply(people["topic"], people["cal"], "Cal writes too")
    topic = posting.create_topic(
        people["community"],
        xan,
        people["membership"],
        kind="help",
        title="Python trouble",
        body="Help me",
        tags="python",
    )
    assert (
        db.session.scalar(select(func.count()).select_from(Notification).where(Notification.user_id == bea.id))
        == before
    )
    assert (
        db.session.scalar(select(func.count()).select_from(EmailOutbox).where(EmailOutbox.user_id == bea.id)) == mails
    )
    assert topic.id is not None
    helped = select(func.count()).select_from(Notification).where(Notification.kind == "help_request")
    assert db.session.scalar(helped) == 0  # Bea alone offers python


def test_an_unblocked_authors_notification_shows_again(login_as, people):
    blocking.unblock(people["bea"], people["xan"].id)
    html = login_as(people["bea"]).get("/notifications").get_data(as_text=True)
    assert "Xan Blocked replied" in html
