"""Moderators' decisions: each action, its audit row, who is told what, the rules, the queue and the audit log."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from mentorship.extensions import db
from mentorship.models import AuditLog, Membership, MemberWarning, Post, Report, Topic, utcnow
from mentorship.services.communities import audit
from tests.factories import add_member, make_community, make_reply, make_topic, make_user
from tests.moderation.conftest import (  # noqa: F401
    audit_rows,
    count,
    file,
    fresh_request_globals,
    make_mod_world,
    mod_url,
    notifications_of,
)


def act(client, world, data, target=("post", None)):
    kind, target_id = target
    target_id = target_id or world.board.member_post.id
    return client.post(mod_url(world, f"/{kind}/{target_id}/act"), data=data)


def membership(community, user):
    return db.session.scalar(
        select(Membership).where(Membership.community_id == community.id, Membership.user_id == user.id)
    )


def test_dismiss_closes_the_report_tells_the_reporter_and_is_audited(app, login_as):
    world = make_mod_world()
    moderator = world.people["moderator"]
    response = act(login_as(moderator), world, {"action": "dismiss", "reason": "Not an ad"})
    assert response.status_code == 303 and response.headers["Location"] == mod_url(world)
    report = db.session.get(Report, world.report.id)
    assert (report.status, report.resolved_by_id) == ("dismissed", moderator.id)
    assert report.resolved_at is not None and "doesn't break" in report.outcome
    [row] = audit_rows("dismissed")
    assert (row.actor_id, row.target_type, row.target_id, row.reason) == (
        moderator.id,
        "post",
        report.target_id,
        "Not an ad",
    )
    assert row.details["reports"] == [report.id] and row.community_id == world.community.id
    [told] = notifications_of(world.board.writer, "report_outcome")
    assert "Your report about a post in" in told.text and "doesn't break" in told.text and told.link == "/reports/mine"
    assert db.session.get(Post, report.target_id).hidden_at is None
    assert notifications_of(world.people["member"], "moderation") == []


def test_hide_needs_a_reason_and_stores_nothing_without_one(app, login_as):
    world = make_mod_world()
    response = act(login_as(world.people["moderator"]), world, {"action": "hide", "reason": "  "})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "Give a reason" in html
    assert 'id="item-post-' in html and '<details class="mod-action" open>' in html
    assert db.session.get(Post, world.board.member_post.id).hidden_at is None
    assert db.session.get(Report, world.report.id).status == "open" and audit_rows() == []


def test_a_failed_action_keeps_what_was_typed(app, login_as):
    world = make_mod_world()
    data = {"action": "suspend", "days": "400", "reason": "Repeated spam after a warning"}
    response = act(login_as(world.people["moderator"]), world, data)
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "Suspend for 1 to 365 days." in html
    assert "Repeated spam after a warning" in html and 'value="400"' in html
    assert membership(world.community, world.people["member"]).suspended_until is None
    response = act(login_as(world.people["moderator"]), world, {"action": "suspend", "reason": "x"})
    assert response.status_code == 422 and "Suspend for 1 to 365 days." in response.get_data(as_text=True)
    response = act(login_as(world.people["moderator"]), world, {"action": "explode", "reason": "x"})
    assert response.status_code == 422 and "Choose what to do." in response.get_data(as_text=True)
    assert audit_rows() == []


def test_hide_hides_tells_the_author_and_the_reporter(app, login_as):
    world = make_mod_world()
    moderator, post = world.people["moderator"], world.board.member_post
    act(login_as(moderator), world, {"action": "hide", "reason": "Advertising"})
    assert db.session.get(Post, post.id).hidden_at is not None
    [row] = audit_rows("hidden")
    assert (row.actor_id, row.target_type, row.target_id, row.reason) == (moderator.id, "post", post.id, "Advertising")
    [author_told] = notifications_of(world.people["member"], "moderation")
    assert "hid your post: Advertising" in author_told.text
    [reporter_told] = notifications_of(world.board.writer, "report_outcome")
    assert "The moderators hid it." in reporter_told.text
    assert db.session.get(Report, world.report.id).status == "actioned"


def test_restore_shows_auto_hidden_content_again(app, login_as):
    world = make_mod_world()
    post = world.board.writer_post
    for reporter in (world.people["member"], world.people["pair_member"], world.people["admin"]):
        file(reporter, "post", post.id)
    assert db.session.get(Post, post.id).hidden_at is not None
    response = act(login_as(world.people["moderator"]), world, {"action": "restore"}, ("post", post.id))
    assert response.status_code == 303
    assert db.session.get(Post, post.id).hidden_at is None
    [row] = audit_rows("restored")
    assert row.target_id == post.id and len(row.details["reports"]) == 3
    statuses = db.session.scalars(
        select(Report.status).where(Report.target_id == post.id, Report.target_type == "post")
    )
    assert set(statuses) == {"dismissed"}
    for reporter in (world.people["member"], world.people["pair_member"], world.people["admin"]):
        [told] = notifications_of(reporter, "report_outcome")
        assert "keep it up" in told.text


def test_hidden_content_offers_restore_not_dismiss_and_open_content_the_reverse(app, login_as):
    world = make_mod_world()
    client = login_as(world.people["moderator"])
    html = client.get(mod_url(world, f"/post/{world.board.member_post.id}")).get_data(as_text=True)
    assert "Dismiss: no rule broken" in html and "Restore: show it again" not in html
    world.board.member_post.hidden_at = utcnow()
    db.session.commit()
    html = client.get(mod_url(world, f"/post/{world.board.member_post.id}")).get_data(as_text=True)
    assert "Restore: show it again" in html and "Dismiss: no rule broken" not in html
    assert act(client, world, {"action": "dismiss"}).status_code == 422


def test_warn_records_a_warning_tells_the_member_and_hides_the_post(app, login_as):
    world = make_mod_world()
    moderator, member = world.people["moderator"], world.people["member"]
    act(login_as(moderator), world, {"action": "warn", "reason": "No advertising, please", "also_hide": "y"})
    [warning] = db.session.scalars(select(MemberWarning))
    assert (warning.user_id, warning.moderator_id, warning.reason, warning.report_id) == (
        member.id,
        moderator.id,
        "No advertising, please",
        world.report.id,
    )
    assert [r.action for r in audit_rows()] == ["hidden", "warned"]
    warned = audit_rows("warned")[0]
    assert (warned.target_type, warned.target_id, warned.actor_id) == ("user", member.id, moderator.id)
    texts = [n.text for n in notifications_of(member, "moderation")]
    assert any("warned you: No advertising, please" in t for t in texts)
    assert db.session.get(Post, world.board.member_post.id).hidden_at is not None
    [told] = notifications_of(world.board.writer, "report_outcome")
    assert "warned the member" in told.text and "content is hidden" in told.text


def test_warn_without_hiding_leaves_the_post(app, login_as):
    world = make_mod_world()
    act(login_as(world.people["moderator"]), world, {"action": "warn", "reason": "Mind the tone"})
    assert db.session.get(Post, world.board.member_post.id).hidden_at is None
    assert [r.action for r in audit_rows()] == ["warned"]


def test_suspend_sets_the_end_tells_the_member_and_is_audited(app, login_as):
    world = make_mod_world()
    member = world.people["member"]
    before = utcnow()
    act(login_as(world.people["admin"]), world, {"action": "suspend", "days": "3", "reason": "Spam again"})
    suspended = membership(world.community, member)
    assert before + timedelta(days=3) <= suspended.suspended_until <= utcnow() + timedelta(days=3)
    assert suspended.is_suspended and suspended.status == "suspended"
    row = audit_rows("suspended")[0]
    assert (row.target_type, row.target_id, row.reason, row.details["days"]) == ("user", member.id, "Spam again", 3)
    [told] = [n for n in notifications_of(member, "moderation") if "suspended" in n.text]
    assert "for 3 days: Spam again" in told.text and "You can still read" in told.text


def test_remove_takes_the_member_out_of_the_community(app, login_as):
    world = make_mod_world()
    member = world.people["member"]
    act(login_as(world.people["moderator"]), world, {"action": "remove", "reason": "Harassment"})
    assert membership(world.community, member) is None
    row = audit_rows("removed")[0]
    assert (row.target_type, row.target_id, row.reason) == ("user", member.id, "Harassment")
    assert any("removed from" in n.text and "Harassment" in n.text for n in notifications_of(member))
    assert login_as(member).get(f"/c/{world.slug}/board/").status_code == 403


@pytest.mark.parametrize("action", ["warn", "suspend", "remove"])
def test_moderators_cannot_sanction_moderators_or_admins_but_admins_can_sanction_moderators(app, login_as, action):
    world = make_mod_world()
    second_mod = make_user("Second Mod")
    add_member(world.community, second_mod, "moderator")
    topic = make_topic(world.community, second_mod, "Mod's topic")
    file(world.people["member"], "topic", topic.id, "harassment")
    data = {"action": action, "reason": "Because", "days": "2"}
    response = act(login_as(world.people["moderator"]), world, data, ("topic", topic.id))
    assert response.status_code == 422 and "available for this report" in response.get_data(as_text=True)
    assert membership(world.community, second_mod).role == "moderator" and audit_rows() == []
    response = act(login_as(world.people["admin"]), world, data, ("topic", topic.id))
    assert response.status_code == 303
    assert audit_rows({"warn": "warned", "suspend": "suspended", "remove": "removed"}[action])


def test_nobody_sanctions_an_admin(app, login_as):
    world = make_mod_world()
    admin = world.people["admin"]
    file(world.people["member"], "member", admin.id, "harassment", slug=world.slug)
    client = login_as(world.people["moderator"])
    html = client.get(mod_url(world, f"/member/{admin.id}")).get_data(as_text=True)
    assert "Dismiss" in html and "Suspend…" not in html and "Warn the member…" not in html
    response = act(client, world, {"action": "suspend", "reason": "x", "days": "1"}, ("member", admin.id))
    assert response.status_code == 422 and membership(world.community, admin).suspended_until is None


def test_a_moderator_never_reviews_reports_about_themselves(app, login_as):
    world = make_mod_world()
    moderator = world.people["moderator"]
    topic = make_topic(world.community, moderator, "Mod writes")
    file(world.people["member"], "topic", topic.id, "harassment", "Rude")
    client = login_as(moderator)
    assert "Mod writes" not in client.get(mod_url(world)).get_data(as_text=True)
    assert client.get(mod_url(world, f"/topic/{topic.id}")).status_code == 404
    [earlier] = notifications_of(moderator, "report_new")  # about the world's first report, not bumped since
    assert earlier.count == 1
    assert "Mod writes" in login_as(world.people["admin"]).get(mod_url(world)).get_data(as_text=True)


def test_one_decision_closes_every_report_about_the_target_and_tells_each_reporter_once(app, login_as):
    world = make_mod_world()
    post = world.board.member_post
    file(world.people["pair_member"], "post", post.id, "harassment", "Mean")
    client = login_as(world.people["moderator"])
    html = client.get(mod_url(world)).get_data(as_text=True)
    assert html.count('class="card mod-item"') == 1 and "2 members reported this" in html
    assert "Looks like an advert" in html and "Mean" in html and "Wes Writer" in html and "Pat Pair" in html
    act(client, world, {"action": "hide", "reason": "Unkind"})
    assert set(db.session.scalars(select(Report.status))) == {"actioned"}
    assert len(notifications_of(world.board.writer, "report_outcome")) == 1
    assert len(notifications_of(world.people["pair_member"], "report_outcome")) == 1


def test_acting_on_decided_reports_is_a_conflict(app, login_as):
    world = make_mod_world()
    client = login_as(world.people["moderator"])
    assert act(client, world, {"action": "dismiss"}).status_code == 303
    response = act(login_as(world.people["admin"]), world, {"action": "hide", "reason": "x"})
    assert response.status_code == 409 and "already decided" in response.get_data(as_text=True)
    assert len(audit_rows()) == 1


def test_queue_htmx_action_returns_the_resolved_card(app, login_as):
    world = make_mod_world()
    client = login_as(world.people["moderator"], htmx=True)
    response = act(client, world, {"action": "dismiss"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in html
    assert f'id="item-post-{world.board.member_post.id}"' in html and "Dismissed." in html
    assert "HX-Request" in response.headers["Vary"]
    response = act(client, world, {"action": "dismiss"})
    assert response.status_code == 409 and "<html" not in response.get_data(as_text=True)


def test_queue_htmx_error_returns_the_item_fragment(app, login_as):
    world = make_mod_world()
    response = act(login_as(world.people["moderator"], htmx=True), world, {"action": "warn", "reason": ""})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "<html" not in html
    assert f'id="item-post-{world.board.member_post.id}"' in html and "Give a reason" in html


def test_queue_page_and_fragment_and_empty_state(app, login_as):
    world = make_mod_world()
    page = login_as(world.people["moderator"]).get(mod_url(world))
    html = page.get_data(as_text=True)
    assert "<html" in html and 'id="queue"' in html and "Thank you both!" in html
    assert f'href="/c/{world.slug}/board/p/{world.board.member_post.id}"' in html  # context: the post in its topic
    assert "How do I read a stack trace?" in html
    fragment = login_as(world.people["moderator"], htmx=True).get(mod_url(world))
    body = fragment.get_data(as_text=True)
    assert "<html" not in body and 'id="queue"' in body and "HX-Request" in fragment.headers["Vary"]
    act(login_as(world.people["moderator"]), world, {"action": "dismiss"})
    html = login_as(world.people["moderator"]).get(mod_url(world)).get_data(as_text=True)
    assert "Nothing to review." in html
    closed = login_as(world.people["moderator"]).get(mod_url(world, "/?show=closed")).get_data(as_text=True)
    assert "dismissed" in closed and "Mo Moderator" in closed and "Looks like an advert" not in closed


def _busy_queue(n: int):
    """n reported posts by n distinct authors, each reported by its own reporter."""
    admin = make_user()
    community = make_community(admin=admin)
    moderator = make_user()
    add_member(community, moderator, "moderator")
    starter = make_user()
    add_member(community, starter)
    topic = make_topic(community, starter, "Busy topic")
    for i in range(n):
        author, reporter = make_user(f"Author {i}"), make_user(f"Reporter {i}")
        add_member(community, author)
        add_member(community, reporter)
        post = make_reply(topic, author, f"post {i}")
        file(reporter, "post", post.id, "spam", f"details {i}")
    return community, moderator


def test_queue_queries_do_not_grow_with_the_reports(app, login_as, queries):
    counts = []
    for n in (3, 30):
        community, moderator = _busy_queue(n)
        client = login_as(moderator)
        client.get(mod_url(community.slug))  # warm up
        with queries() as q:
            response = client.get(mod_url(community.slug))
        assert response.status_code == 200
        counts.append(q.count)
    assert counts[0] == counts[1], counts


def test_queue_paginates_oldest_first(app, login_as):
    community, moderator = _busy_queue(23)
    client = login_as(moderator)
    first = client.get(mod_url(community.slug)).get_data(as_text=True)
    assert first.count('class="card mod-item"') == 20 and "Page 1 of 2" in first
    assert "details 0" in first and "details 22" not in first
    second = client.get(mod_url(community.slug, "/?page=2")).get_data(as_text=True)
    assert second.count('class="card mod-item"') == 3 and "details 22" in second
    empty = client.get(mod_url(community.slug, "/?page=9")).get_data(as_text=True)
    assert "No more reports on this page." in empty


def test_hide_and_restore_from_the_board(app, login_as):
    world = make_mod_world()
    moderator, post = world.people["moderator"], world.board.member_post
    client = login_as(moderator)
    topic_url = f"/c/{world.slug}/board/t/{world.board.help_topic.id}"
    page = client.get(topic_url).get_data(as_text=True)
    assert f"/c/{world.slug}/moderation/post/{post.id}/hide" in page
    form = client.get(mod_url(world, f"/post/{post.id}/hide"), headers={"Referer": f"http://localhost{topic_url}"})
    assert form.status_code == 200 and "Thank you both!" in form.get_data(as_text=True)
    response = client.post(mod_url(world, f"/post/{post.id}/hide"), data={"reason": "", "next": topic_url})
    assert response.status_code == 422 and "Give a reason" in response.get_data(as_text=True)
    assert db.session.get(Post, post.id).hidden_at is None
    response = client.post(mod_url(world, f"/post/{post.id}/hide"), data={"reason": "Off-topic", "next": topic_url})
    assert response.status_code == 303 and response.headers["Location"] == topic_url
    assert db.session.get(Post, post.id).hidden_at is not None
    assert db.session.get(Report, world.report.id).status == "actioned"  # the open report closed with it
    assert f"/c/{world.slug}/moderation/post/{post.id}/restore" in client.get(topic_url).get_data(as_text=True)
    response = client.post(mod_url(world, f"/post/{post.id}/restore"), data={"next": topic_url})
    assert response.status_code == 303 and db.session.get(Post, post.id).hidden_at is None
    assert [r.action for r in audit_rows()] == ["hidden", "restored"]
    member_page = login_as(world.people["pair_member"]).get(topic_url).get_data(as_text=True)
    assert "/moderation/" not in member_page and "Report" in member_page


def test_hiding_a_topic_from_its_page(app, login_as):
    world = make_mod_world()
    topic = world.board.invited_topic
    client = login_as(world.people["admin"])
    response = client.post(mod_url(world, f"/topic/{topic.id}/hide"), data={"reason": "Duplicate"})
    assert response.status_code == 303 and db.session.get(Topic, topic.id).hidden_at is not None
    assert login_as(world.people["pair_member"]).get(f"/c/{world.slug}/board/t/{topic.id}").status_code == 404
    html = client.get(f"/c/{world.slug}/board/t/{topic.id}").get_data(as_text=True)
    assert "Restore topic" in html and "hidden by moderators" in html


def test_lift_a_suspension(app, login_as):
    world = make_mod_world()
    client = login_as(world.people["moderator"])
    members_page = client.get(f"/c/{world.slug}/members").get_data(as_text=True)
    assert "Lift suspension" in members_page
    response = client.post(mod_url(world, f"/members/{world.suspended.id}/lift-suspension"))
    assert response.status_code == 303
    assert not membership(world.community, world.suspended).is_suspended
    assert [r.action for r in audit_rows()] == ["suspension_lifted"]
    assert any("lifted" in n.text for n in notifications_of(world.suspended, "moderation"))


def test_a_moderator_cannot_lift_another_moderators_suspension(app, login_as):
    world = make_mod_world()
    second = make_user()
    held = add_member(world.community, second, "moderator")
    held.suspended_until = utcnow() + timedelta(days=1)
    db.session.commit()
    response = login_as(world.people["moderator"]).post(mod_url(world, f"/members/{second.id}/lift-suspension"))
    assert response.status_code == 403 and membership(world.community, second).is_suspended


def test_settings_bad_input_and_save(app, login_as):
    world = make_mod_world()
    client = login_as(world.people["admin"])
    for bad, message in (("-1", "from 0 to 50"), ("51", "from 0 to 50"), ("lots", "Enter a whole number.")):
        response = client.post(mod_url(world, "/settings"), data={"report_hide_threshold": bad})
        html = response.get_data(as_text=True)
        assert response.status_code == 422 and message in html and f'value="{bad}"' in html
    db.session.refresh(world.community)
    assert world.community.report_hide_threshold == 3 and world.community.slow_mode_enabled
    assert audit_rows() == []
    response = client.post(mod_url(world, "/settings"), data={"report_hide_threshold": "5"})
    assert response.status_code == 303
    db.session.refresh(world.community)
    assert world.community.report_hide_threshold == 5 and not world.community.slow_mode_enabled
    [row] = audit_rows("moderation_settings_changed")
    assert row.details["before"]["report_hide_threshold"] == 3 and row.details["after"]["slow_mode_enabled"] is False
    fragment = login_as(world.people["admin"], htmx=True).post(mod_url(world, "/settings"), data={})
    assert fragment.status_code == 422 and "<html" not in fragment.get_data(as_text=True)


def test_audit_log_shows_who_what_when_why_and_filters(app, login_as):
    world = make_mod_world()
    admin, moderator = world.people["admin"], world.people["moderator"]
    act(login_as(moderator), world, {"action": "warn", "reason": "Be kind", "also_hide": "y"})
    client = login_as(admin)
    html = client.get(mod_url(world, "/log")).get_data(as_text=True)
    assert "Member warned" in html and "Content hidden" in html and "Be kind" in html
    assert "Mo Moderator" in html and "Mia Member" in html and "a post in “How do I read a stack trace?”" in html
    filtered = client.get(mod_url(world, "/log?action=warned")).get_data(as_text=True)
    assert "Member warned" in filtered and "Content hidden</td>" not in filtered
    nothing = client.get(mod_url(world, "/log?action=suspended")).get_data(as_text=True)
    assert "No “Member suspended” entries yet." in nothing
    fragment = login_as(admin, htmx=True).get(mod_url(world, "/log?action=warned"))
    body = fragment.get_data(as_text=True)
    assert "<html" not in body and 'id="audit-log"' in body and "Member warned" in body


def test_audit_log_paginates_with_constant_queries(app, login_as, queries):
    world = make_mod_world()
    admin = world.people["admin"]
    counts = []
    for n in (5, 120):
        db.session.execute(AuditLog.__table__.delete())
        for i in range(n):
            actor = make_user(f"Actor {n}-{i}", commit=False)
            db.session.flush()
            audit.log(world.community.id, actor.id, "warned", "user", actor.id, f"reason {i}")
        db.session.commit()
        client = login_as(admin)
        with queries() as q:
            html = client.get(mod_url(world, "/log")).get_data(as_text=True)
        counts.append(q.count)
    assert counts[0] == counts[1], counts
    assert html.count('<tr id="audit-') == 50 and "Page 1 of 3" in html


def test_the_community_page_links_moderators_to_the_queue_with_a_count(app, login_as):
    world = make_mod_world()
    html = login_as(world.people["moderator"]).get(f"/c/{world.slug}").get_data(as_text=True)
    badge = '<span class="badge" aria-label="1 to review">1</span>'
    assert f'href="/c/{world.slug}/moderation/">Moderation {badge}' in html
    member_page = login_as(world.people["member"]).get(f"/c/{world.slug}").get_data(as_text=True)
    assert "/moderation/" not in member_page
