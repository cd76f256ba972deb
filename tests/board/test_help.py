"""Help requests: skilled members notified, solutions, time to first answer, invitations into a mentorship,
the community page figures, export and erasure."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from mentorship.extensions import db
from mentorship.models import Block, HelpInvite, Mentorship, Notification, Post, Reaction, Topic, utcnow
from mentorship.services.board import help_requests
from mentorship.services.board import posting as service
from mentorship.services.board.read import duration_words, help_stats
from tests.board.conftest import board_url, fresh_request_globals  # noqa: F401
from tests.factories import add_member, make_community, make_reply, make_topic, make_user


@pytest.fixture
def people(app):
    asker = make_user("Asha Asker")
    python_sql = make_user("Pia Python", skills=["python", "sql"])
    sql_only = make_user("Sol Sql", skills=["sql"])
    no_match = make_user("Nat Nomatch", skills=["design"])
    blocked = make_user("Bea Blocked", skills=["python"])
    blocker = make_user("Ben Blocker", skills=["python"])
    gone = make_user("Gus Gone", skills=["python"])
    elsewhere = make_user("Eli Elsewhere", skills=["python"])
    community = make_community(members=[asker, python_sql, sql_only, no_match, blocked, blocker, gone])
    make_community(members=[elsewhere])
    gone.deleted_at = utcnow()
    db.session.add_all(
        [Block(blocker_id=asker.id, blocked_id=blocked.id), Block(blocker_id=blocker.id, blocked_id=asker.id)]
    )
    db.session.commit()
    return community, asker, python_sql, sql_only


def ask(client, community, **extra):
    data = {"kind": "help", "title": "How do I join two tables?", "body": "Stuck on JOINs", "tags": "python, sql"}
    data.update(extra)
    return client.post(board_url(community, "/new"), data=data)


def test_help_request_notifies_matching_members_once_each(people, login_as):
    community, asker, python_sql, sql_only = people
    response = ask(login_as(asker), community, urgency="high")
    assert response.status_code == 303
    notes = db.session.scalars(select(Notification).order_by(Notification.user_id)).all()
    assert [n.user_id for n in notes] == [python_sql.id, sql_only.id]
    assert notes[0].kind == "help_request" and notes[0].text == (
        f"Asha Asker asked for help in {community.name}: “How do I join two tables?” (your skills: python, sql)."
    )
    assert notes[1].text.endswith("(your skills: sql).")
    topic = db.session.scalar(select(Topic))
    assert notes[0].link == f"/c/{community.slug}/board/t/{topic.id}"
    assert topic.kind == "help" and topic.urgency == "high" and topic.tag_names == ["python", "sql"]


def test_notifying_takes_the_same_queries_for_few_or_many_skilled_members(app, login_as, queries):
    asker = make_user("Asker")
    community = make_community(members=[asker])
    few = [make_user(skills=["python"]) for _ in range(2)]
    for user in few:
        add_member(community, user)
    client = login_as(asker)
    with queries() as small:
        ask(client, community, title="First question")
    many = [make_user(skills=["python"], commit=False) for _ in range(30)]
    db.session.flush()
    for user in many:
        add_member(community, user, commit=False)
    db.session.commit()
    with queries() as large:
        ask(client, community, title="Second question")
    assert db.session.scalar(select(func.count()).select_from(Notification)) == 2 + 32

    def reads(counter):
        writes = ("INSERT INTO NOTIFICATIONS", "INSERT INTO EMAIL_OUTBOX")
        return [s for s in counter.statements if not s.lstrip().upper().startswith(writes)]

    # Finding who to tell is one query whatever their number; only the rows written grow.
    assert len(reads(large)) == len(reads(small)), reads(large)
    assert sum(s.startswith("SELECT user_skills.user_id") for s in reads(large)) == 1


def test_asker_marks_the_solution_and_the_list_shows_solved(people, login_as):
    community, asker, python_sql, sql_only = people
    ask(login_as(asker), community)
    topic = db.session.scalar(select(Topic))
    topic.created_at = utcnow() - timedelta(hours=2)
    db.session.commit()
    helper = login_as(python_sql)
    helper.post(board_url(community, f"/t/{topic.id}/reply"), data={"body": "Use JOIN ... ON"})
    login_as(sql_only).post(board_url(community, f"/t/{topic.id}/reply"), data={"body": "Or a subquery"})
    db.session.refresh(topic)
    assert 7190 <= topic.first_answer_seconds <= 7300
    first = db.session.scalar(select(Post).where(Post.author_id == python_sql.id))
    assert (
        login_as(sql_only).post(board_url(community, f"/t/{topic.id}/solution"), data={"post_id": first.id}).status_code
        == 403
    )
    response = login_as(asker).post(board_url(community, f"/t/{topic.id}/solution"), data={"post_id": first.id})
    assert response.status_code == 303 and response.headers["Location"].endswith(f"#post-{first.id}")
    db.session.refresh(topic)
    assert topic.solved_post_id == first.id and topic.solved_at is not None
    index = helper.get(board_url(community)).get_data(as_text=True)
    assert "✓ Solved" in index
    page = helper.get(board_url(community, f"/t/{topic.id}")).get_data(as_text=True)
    assert "✓ Solution" in page
    note = db.session.scalar(select(Notification).where(Notification.kind == "board_solution"))
    assert note.user_id == python_sql.id and "marked as the solution" in note.text
    own = db.session.scalar(select(Post).where(Post.author_id == asker.id))
    assert (
        login_as(asker).post(board_url(community, f"/t/{topic.id}/solution"), data={"post_id": own.id}).status_code
        == 400
    )
    login_as(asker).post(board_url(community, f"/t/{topic.id}/solution"))
    db.session.refresh(topic)
    assert topic.solved_post_id is None
    assert "✓ Solved" not in helper.get(board_url(community)).get_data(as_text=True)


def test_deleting_the_solution_reopens_the_request(people, login_as):
    community, asker, python_sql, sql_only = people
    topic = make_topic(community, asker, "Q", kind="help", tags=["sql"])
    answer = make_reply(topic, python_sql, "A")
    help_requests.mark_solution(topic, asker, answer)
    login_as(python_sql).post(board_url(community, f"/p/{answer.id}/delete"))
    db.session.refresh(topic)
    assert topic.solved_post_id is None and topic.reply_count == 0


def test_invite_the_helper_into_a_mentorship_and_accept(people, login_as):
    community, asker, python_sql, sql_only = people
    topic = make_topic(community, asker, "Career switch?", kind="help", tags=["python"])
    answer = make_reply(topic, python_sql, "Start with small projects")
    help_requests.mark_solution(topic, asker, answer)
    asker_client = login_as(asker)
    page = asker_client.get(board_url(community, f"/t/{topic.id}")).get_data(as_text=True)
    assert "Invite them into a mentorship" in page
    confirm = asker_client.get(board_url(community, f"/t/{topic.id}/invite")).get_data(as_text=True)
    assert "Invite Pia Python into a mentorship" in confirm and "You asked anonymously" not in confirm
    too_long = asker_client.post(board_url(community, f"/t/{topic.id}/invite"), data={"message": "x" * 2001})
    assert too_long.status_code == 422 and "under 2,000 characters" in too_long.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(HelpInvite)) == 0
    sent = asker_client.post(board_url(community, f"/t/{topic.id}/invite"), data={"message": "Weekly calls?"})
    assert sent.status_code == 303
    again = asker_client.post(board_url(community, f"/t/{topic.id}/invite"), data={"message": ""})
    assert again.status_code == 422 and "already invited" in again.get_data(as_text=True)
    invite = db.session.scalar(select(HelpInvite))
    note = db.session.scalar(select(Notification).where(Notification.kind == "help_invite"))
    assert note.user_id == python_sql.id and note.link.endswith(f"/invites/{invite.id}")
    helper = login_as(python_sql)
    shown = helper.get(note.link).get_data(as_text=True)
    assert "Asha Asker" in shown and "Weekly calls?" in shown and "Accept and start the mentorship" in shown
    assert helper.post(note.link, data={"decision": "accept"}).status_code == 303
    mentorship = db.session.scalar(select(Mentorship))
    assert mentorship.program_id is None and mentorship.origin == "help_request"
    assert mentorship.kind == "pair" and mentorship.status == "active" and mentorship.started_at is not None
    assert mentorship.community_id == community.id
    assert {(m.user_id, m.role) for m in mentorship.members} == {(python_sql.id, "mentor"), (asker.id, "mentee")}
    db.session.refresh(invite)
    assert invite.status == "accepted" and invite.mentorship_id == mentorship.id
    told = db.session.scalars(select(Notification.user_id).where(Notification.text.like("%has begun%"))).all()
    assert sorted(told) == sorted([asker.id, python_sql.id])
    assert helper.post(note.link, data={"decision": "decline"}).status_code == 303
    assert db.session.get(HelpInvite, invite.id).status == "accepted"


def test_the_helper_may_decline(people, login_as):
    community, asker, python_sql, sql_only = people
    topic = make_topic(community, asker, "Q", kind="help", tags=["python"])
    help_requests.mark_solution(topic, asker, make_reply(topic, python_sql, "A"))
    invite = help_requests.invite_helper(topic, asker)
    response = login_as(python_sql).post(board_url(community, f"/invites/{invite.id}"), data={"decision": "decline"})
    assert response.status_code == 303
    assert db.session.get(HelpInvite, invite.id).status == "declined"
    assert db.session.scalar(select(func.count()).select_from(Mentorship)) == 0
    page = login_as(asker).get(board_url(community, f"/invites/{invite.id}")).get_data(as_text=True)
    assert "can't take on a mentorship right now" in page


def test_invite_needs_a_solution_first(people, login_as):
    community, asker, python_sql, sql_only = people
    topic = make_topic(community, asker, "Q", kind="help", tags=["python"])
    response = login_as(asker).get(board_url(community, f"/t/{topic.id}/invite"))
    assert response.status_code == 400 and "Mark an answer as the solution first" in response.get_data(as_text=True)


def _help(community, author, hours_ago: float, answered_after_h: float | None, solved=False):
    topic = make_topic(community, author, f"Request {hours_ago}", kind="help", tags=["x"], commit=False)
    topic.created_at = utcnow() - timedelta(hours=hours_ago)
    if answered_after_h is not None:
        topic.first_answer_at = topic.created_at + timedelta(hours=answered_after_h)
        topic.first_answer_seconds = int(answered_after_h * 3600)
    if solved:
        db.session.flush()
        reply = make_reply(topic, author, "self", commit=False)
        db.session.flush()
        topic.solved_post_id = reply.id
    return topic


def test_help_figures_are_computed_in_sql(app, login_as):
    asker = make_user()
    community = make_community(members=[asker])
    _help(community, asker, 48, 1)
    _help(community, asker, 72, 3, solved=True)
    _help(community, asker, 100, 30)
    _help(community, asker, 50, None)
    _help(community, asker, 1, None)  # too young to count in the 24 h share
    _help(community, asker, 24 * 120, 0.1)  # older than the 90-day window
    make_topic(community, asker, "A discussion")
    db.session.commit()
    stats = help_stats(community.id)
    assert stats["open_count"] == 5
    assert stats["median_seconds"] == 3 * 3600
    assert stats["share_24h"] == 0.5 and stats["measured"] == 4
    _help(community, asker, 30, 5)
    db.session.commit()
    assert help_stats(community.id)["median_seconds"] == 4 * 3600  # even count: the mean of the middle two
    page = login_as(asker).get(f"/c/{community.slug}").get_data(as_text=True)
    assert "Median time to a first answer" in page and "4 h" in page and "60%" in page
    assert "Waiting for help" in page and "Request 1" in page


def test_help_figures_when_nothing_was_asked(app, login_as):
    user = make_user()
    community = make_community(members=[user])
    assert help_stats(community.id) == {"open_count": 0, "median_seconds": None, "share_24h": None, "measured": 0}
    page = login_as(user).get(f"/c/{community.slug}").get_data(as_text=True)
    assert "no answers yet" in page and "not measured yet" in page and "No open help requests" in page
    assert f'href="/c/{community.slug}/board/"' in page


@pytest.mark.parametrize(
    "seconds,words",
    [
        (None, "no answers yet"),
        (20, "under a minute"),
        (45 * 60, "45 min"),
        (3 * 3600, "3 h"),
        (11400, "3 h 10 min"),
        (3 * 86400, "3 days"),
    ],
)
def test_duration_words(seconds, words):
    assert duration_words(seconds) == words


def test_export_and_erase(people, login_as):
    community, asker, python_sql, sql_only = people
    anon = make_topic(
        community, asker, "Anonymous worry", body="Private worry", kind="help", tags=["sql"], anonymous=True
    )
    make_reply(anon, python_sql, "Kind answer")
    mine = make_reply(anon, asker, "My follow-up")
    db.session.add(Reaction(post_id=mine.id - 1, user_id=asker.id, kind="thanks"))
    db.session.commit()
    data = service.export_board_data(asker)
    assert data["topics"][0]["title"] == "Anonymous worry" and data["topics"][0]["anonymous"] is True
    assert [p["body"] for p in data["posts"]] == ["Private worry", "My follow-up"]
    assert data["reactions"] == [
        {"post_id": mine.id - 1, "kind": "thanks", "created_at": data["reactions"][0]["created_at"]}
    ]
    service.erase_board_content(asker)
    bodies = db.session.scalars(select(Post.body).order_by(Post.id)).all()
    assert bodies == [service.ERASED, "Kind answer", service.ERASED]
    topic = db.session.get(Topic, anon.id)
    assert topic.title == service.ERASED and topic.author_id is None and topic.tag_names == []
    assert db.session.scalar(select(func.count()).select_from(Reaction)) == 0
    assert service.export_board_data(asker)["posts"] == []


def test_invite_form_and_solution_over_htmx(people, login_as):
    community, asker, python_sql, sql_only = people
    topic = make_topic(community, asker, "Q", kind="help", tags=["python"])
    answer = make_reply(topic, python_sql, "A")
    htmx = login_as(asker, htmx=True)
    marked = htmx.post(board_url(community, f"/t/{topic.id}/solution"), data={"post_id": answer.id})
    assert marked.status_code == 204 and marked.headers["HX-Redirect"].endswith(f"#post-{answer.id}")
    page = login_as(asker).get(board_url(community, f"/t/{topic.id}/invite")).get_data(as_text=True)
    assert "<html" in page and 'id="invite-form"' in page
    refused = htmx.post(board_url(community, f"/t/{topic.id}/invite"), data={"message": "y" * 2500})
    body = refused.get_data(as_text=True)
    assert refused.status_code == 422 and "<html" not in body and 'id="invite-form"' in body
    assert "y" * 2500 in body and "HX-Request" in refused.headers["Vary"]
    sent = htmx.post(board_url(community, f"/t/{topic.id}/invite"), data={"message": "Hi"})
    assert sent.status_code == 204 and sent.headers["HX-Redirect"].endswith(f"/t/{topic.id}")
