"""Reporting: the form, its bad input, snapshots that outlive edits and deletions, automatic hiding, my reports."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from mentorship.extensions import db
from mentorship.models import Post, Report, Topic, utcnow
from mentorship.services.accounts import data as account_data
from mentorship.services.board import posting as board_service
from mentorship.services.moderation import reports as moderation
from tests.factories import PASSWORD, add_member, make_community, make_reply, make_topic, make_user
from tests.moderation.conftest import (  # noqa: F401
    audit_rows,
    count,
    file,
    fresh_request_globals,
    make_mod_world,
    notifications_of,
)


def test_a_member_reports_a_post_with_a_reason_and_details(app, login_as):
    world = make_mod_world()
    member, post = world.people["member"], world.board.writer_post
    client = login_as(member)
    page = client.get(f"/report/post/{post.id}", headers={"Referer": f"http://localhost/c/{world.slug}/board/"})
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Report a post by Wes Writer" in html and "Harassment or bullying" in html
    response = client.post(
        f"/report/post/{post.id}",
        data={"reason": "off_topic", "details": "  Not about stack traces  ", "next": f"/c/{world.slug}/board/"},
    )
    assert response.status_code == 303 and response.headers["Location"] == f"/c/{world.slug}/board/"
    report = db.session.scalar(select(Report).where(Report.reporter_id == member.id))
    assert (report.target_type, report.target_id, report.reason, report.details) == (
        "post",
        post.id,
        "off_topic",
        "Not about stack traces",
    )
    assert report.snapshot_text == "Also: search the error message."
    assert report.snapshot_author_id == world.board.writer.id
    assert report.context_topic_id == world.board.help_topic.id
    assert report.snapshot_title == "How do I read a stack trace?"
    assert report.status == "open" and report.community_id == world.community.id
    # The moderators hear about it (one bundled notification each); the reported person does not.
    assert [n.kind for n in notifications_of(world.people["moderator"])] == ["report_new"]
    assert [n.kind for n in notifications_of(world.people["admin"])] == ["report_new"]
    assert notifications_of(world.board.writer, "report_new") == []


def test_report_form_bad_input_keeps_what_was_typed_and_stores_nothing(app, login_as):
    world = make_mod_world()
    client = login_as(world.people["member"])
    before = count(Report)
    url = f"/report/post/{world.board.writer_post.id}"
    response = client.post(url, data={"reason": "", "details": "He keeps posting links"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Choose a reason." in html and "He keeps posting links" in html
    response = client.post(url, data={"reason": "made-up", "details": "x"})
    assert response.status_code == 422 and "Choose a reason." in response.get_data(as_text=True)
    long_details = "y" * 2001
    response = client.post(url, data={"reason": "spam", "details": long_details})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "Keep the details under 2,000 characters" in html
    assert long_details in html and re.search(r'<input checked [^>]*value="spam"', html)
    assert count(Report) == before


def test_report_form_bad_input_with_htmx_is_the_form_fragment(app, login_as):
    world = make_mod_world()
    client = login_as(world.people["member"], htmx=True)
    response = client.post(f"/report/post/{world.board.writer_post.id}", data={"details": "kept"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "<html" not in html
    assert 'id="report-form"' in html and "kept" in html and "Choose a reason." in html
    assert "HX-Request" in response.headers["Vary"]
    page = login_as(world.people["member"]).get(f"/report/post/{world.board.writer_post.id}")
    assert "<html" in page.get_data(as_text=True)


def test_htmx_report_success_redirects_with_hx_redirect(app, login_as):
    world = make_mod_world()
    client = login_as(world.people["member"], htmx=True)
    response = client.post(
        f"/report/post/{world.board.writer_post.id}", data={"reason": "spam", "next": "//evil.example/"}
    )
    assert response.status_code == 204 and response.headers["HX-Redirect"] == "/reports/mine"


def test_one_open_report_per_person_and_target(app, login_as):
    world = make_mod_world()
    client = login_as(world.board.writer)  # already reported member_post
    url = f"/report/post/{world.board.member_post.id}"
    page = client.get(url)
    assert page.status_code == 200 and "You reported this on" in page.get_data(as_text=True)
    response = client.post(url, data={"reason": "harassment"})
    assert response.status_code == 409
    assert count(Report) == 1
    # Once decided, they may report it again.
    world.report.status = "dismissed"
    db.session.commit()
    assert client.post(url, data={"reason": "harassment"}).status_code == 303
    assert count(Report) == 2


def test_the_service_refuses_a_double_report_and_self_reports(app):
    world = make_mod_world()
    with pytest.raises(moderation.ModerationError, match="already reported"):
        file(world.board.writer, "post", world.board.member_post.id, "spam")
    with pytest.raises(moderation.ModerationError, match="can't report yourself"):
        file(world.board.writer, "post", world.board.writer_post.id, "spam")
    assert count(Report) == 1


def test_nobody_reports_themselves_through_the_form(app, login_as):
    world = make_mod_world()
    writer = world.board.writer
    client = login_as(writer)
    assert client.get(f"/report/post/{world.board.writer_post.id}").status_code == 403
    assert client.post(f"/report/member/{writer.id}?community={world.slug}", data={"reason": "spam"}).status_code == 403
    assert count(Report) == 1


def test_the_snapshot_survives_the_author_editing_and_deleting_the_post(app, login_as):
    world = make_mod_world()
    post = world.board.writer_post
    file(world.people["member"], "post", post.id, "harassment")
    board_service.edit_post(post, world.board.writer, "Something harmless now")
    page = login_as(world.people["moderator"]).get(f"/c/{world.slug}/moderation/post/{post.id}")
    html = page.get_data(as_text=True)
    assert "Also: search the error message." in html and "Something harmless now" not in html
    board_service.delete_post(db.session.get(Post, post.id), world.board.writer)
    assert db.session.get(Post, post.id).body == ""
    html = login_as(world.people["moderator"]).get(f"/c/{world.slug}/moderation/").get_data(as_text=True)
    assert "Also: search the error message." in html and "Wes Writer" in html


def test_a_later_report_of_changed_content_shows_both_versions(app, login_as):
    world = make_mod_world()
    post = world.board.writer_post
    file(world.people["member"], "post", post.id, "harassment")
    board_service.edit_post(post, world.board.writer, "Edited to something else")
    file(world.people["pair_member"], "post", post.id, "harassment")
    html = login_as(world.people["moderator"]).get(f"/c/{world.slug}/moderation/post/{post.id}").get_data(as_text=True)
    assert "Also: search the error message." in html and "Edited to something else" in html
    assert "Changed by the time of a later report." in html


def test_a_topic_report_copies_its_title_and_opening_post(app):
    world = make_mod_world()
    report = file(world.board.writer, "topic", world.board.help_topic.id, "off_topic")
    assert report.snapshot_title == "How do I read a stack trace?"
    assert (
        report.snapshot_author_id == world.people["member"].id and report.context_topic_id == world.board.help_topic.id
    )
    assert report.snapshot_text == "Hello board"


def test_a_member_report_copies_their_profile(app):
    world = make_mod_world()
    writer = world.board.writer
    writer.bio = "I sell courses, DM me"
    db.session.commit()
    report = file(world.people["member"], "member", writer.id, "spam", slug=world.slug)
    writer.bio = "Changed"
    db.session.commit()
    db.session.refresh(report)
    assert (report.snapshot_title, report.snapshot_text, report.snapshot_author_id) == (
        "Wes Writer",
        "I sell courses, DM me",
        writer.id,
    )


def _three_reporters(world):
    return [world.people["member"], world.people["pair_member"], world.people["moderator"]]


def test_a_post_reported_by_three_members_is_hidden_at_once(app, login_as):
    world = make_mod_world()
    post = world.board.writer_post
    first, second, third = _three_reporters(world)
    file(first, "post", post.id)
    file(second, "post", post.id)
    assert db.session.get(Post, post.id).hidden_at is None
    file(third, "post", post.id, "spam")
    assert db.session.get(Post, post.id).hidden_at is not None
    [auto] = audit_rows("auto_hidden")
    assert (auto.actor_id, auto.target_type, auto.target_id) == (None, "post", post.id)
    assert "Reported by 3 members" in auto.reason
    # Members see the placeholder; moderators see it marked hidden.
    topic_url = f"/c/{world.slug}/board/t/{world.board.help_topic.id}"
    html = login_as(world.people["admin"]).get(topic_url).get_data(as_text=True)
    assert "Also: search the error message." in html and "hidden by moderators" in html
    html = login_as(world.board.writer).get(topic_url).get_data(as_text=True)
    assert "Also: search the error message." not in html and "This post was hidden by the moderators." in html


def test_the_same_member_reporting_twice_counts_once(app):
    world = make_mod_world()
    world.community.report_hide_threshold = 2
    db.session.commit()
    post = world.board.writer_post
    file(world.people["member"], "post", post.id)
    assert moderation.distinct_reporters("post", post.id) == 1
    with pytest.raises(moderation.ModerationError):
        file(world.people["member"], "post", post.id)
    assert db.session.get(Post, post.id).hidden_at is None
    file(world.people["pair_member"], "post", post.id)
    assert db.session.get(Post, post.id).hidden_at is not None


def test_the_threshold_is_the_communitys_setting(app):
    world = make_mod_world()
    world.community.report_hide_threshold = 0  # never hide automatically
    db.session.commit()
    topic = world.board.help_topic
    for reporter in [*_three_reporters(world)[1:], world.board.writer, world.people["admin"]]:
        file(reporter, "topic", topic.id)
    assert db.session.get(Topic, topic.id).hidden_at is None
    world.community.report_hide_threshold = 1
    db.session.commit()
    solution = world.board.solution
    file(world.people["member"], "post", solution.id)
    assert db.session.get(Post, solution.id).hidden_at is not None


def test_a_hidden_topic_disappears_from_the_board_for_members(app, login_as):
    world = make_mod_world()
    world.community.report_hide_threshold = 1
    db.session.commit()
    topic = world.board.invited_topic
    file(world.board.writer, "topic", topic.id, "spam")
    member = login_as(world.people["pair_member"])
    assert member.get(f"/c/{world.slug}/board/t/{topic.id}").status_code == 404
    assert "Unit tests for a CLI?" not in member.get(f"/c/{world.slug}/board/").get_data(as_text=True)
    assert "Unit tests for a CLI?" not in member.get(f"/c/{world.slug}/board/search?q=unit").get_data(as_text=True)
    moderator = login_as(world.people["moderator"])
    board = moderator.get(f"/c/{world.slug}/board/").get_data(as_text=True)
    assert "Unit tests for a CLI?" in board and "hidden by moderators" in board


def test_reports_about_old_resolved_reports_do_not_count_toward_hiding(app):
    world = make_mod_world()
    post = world.board.writer_post
    for reporter in _three_reporters(world)[:2]:
        file(reporter, "post", post.id)
    db.session.execute(
        Report.__table__.update().where(Report.target_id == post.id).values(status="dismissed", resolved_at=utcnow())
    )
    db.session.commit()
    file(world.people["moderator"], "post", post.id)
    assert db.session.get(Post, post.id).hidden_at is None


def test_my_reports_show_status_and_outcome(app, login_as):
    world = make_mod_world()
    writer = world.board.writer
    world.report.status, world.report.outcome = "actioned", "The moderators hid it."
    world.report.resolved_at = utcnow()
    file(writer, "member", world.people["pair_member"].id, "harassment", slug=world.slug)
    html = login_as(writer).get("/reports/mine").get_data(as_text=True)
    assert "The moderators hid it." in html and "action taken" in html
    assert "waiting for review" in html and "A member" in html
    other = login_as(world.people["pair_member"]).get("/reports/mine").get_data(as_text=True)
    assert "You haven't reported anything." in other


def test_my_reports_paginate_and_serve_a_fragment(app, login_as):
    member = make_user()
    community = make_community(members=[member])
    authors = [make_user() for _ in range(25)]
    for author in authors:
        add_member(community, author)
    topic = make_topic(community, authors[0], "Busy")
    posts = [make_reply(topic, author, f"post by {author.display_name}") for author in authors]
    for post in posts:
        file(member, "post", post.id, "spam")
    client = login_as(member)
    first = client.get("/reports/mine").get_data(as_text=True)
    assert first.count('class="my-report"') == 20 and "Page 1 of 2" in first
    second = login_as(member, htmx=True).get("/reports/mine?page=2")
    html = second.get_data(as_text=True)
    assert second.status_code == 200 and "<html" not in html and 'id="my-reports"' in html
    assert html.count('class="my-report"') == 5


def test_export_holds_my_reports_and_account_deletion_erases_their_details(app):
    world = make_mod_world()
    writer = world.board.writer
    data = account_data.export_user_data(writer)
    assert data["reports_made"][0]["details"] == "Looks like an advert"
    assert data["reports_made"][0]["about"] == "a post" and data["reports_made"][0]["status"] == "open"
    assert "blocks" in data and "moderation_warnings" in data
    account_data.delete_account(writer, PASSWORD, erase_written=True)
    report = db.session.get(Report, world.report.id)
    assert report.details == "" and report.snapshot_text == "Thank you both!"


def test_reports_are_never_about_deleted_topics(app, login_as):
    world = make_mod_world()
    topic = world.board.invited_topic
    topic.deleted_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    assert login_as(world.board.writer).get(f"/report/topic/{topic.id}").status_code == 404
