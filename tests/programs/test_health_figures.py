"""Health figures checked against hand-made data; CSV equals the table; privacy; constant queries; nudges."""

import csv
import io
import re
from datetime import date, timedelta

import pytest

from mentorship.extensions import db
from mentorship.models import (
    AuditLog,
    Block,
    CheckIn,
    Mentorship,
    MentorshipFeedback,
    MentorshipMember,
    Message,
    Notification,
    Report,
    StepProgress,
    UneasyNote,
    User,
    utcnow,
)
from mentorship.services.programs import community as community_health
from mentorship.services.programs import health
from tests.factories import (
    add_member,
    make_community,
    make_enrollment,
    make_mentorship,
    make_reply,
    make_space_program,
    make_topic,
    make_user,
)


@pytest.fixture
def setup(app):
    admin = make_user("Admin")
    community = make_community(admin=admin)
    program = make_space_program(community, weeks=8)
    people = [make_user(f"Person {i}") for i in range(5)]
    for person in people:
        add_member(community, person)
    return admin, community, program, people


def _pair(community, program, mentor, mentee, started_days_ago):
    pair = make_mentorship(community, mentor, mentee, program=program)
    pair.started_at = utcnow() - timedelta(days=started_days_ago)
    db.session.commit()
    return pair


def test_program_aggregates_match_hand_made_data(setup):
    admin, community, program, (a, b, c, d, e) = setup
    first = _pair(community, program, a, b, 15)  # reached week 3
    second = _pair(community, program, c, d, 8)  # reached week 2
    make_enrollment(program, a, role="mentor")
    make_enrollment(program, b, role="mentee")
    make_enrollment(program, e, role="mentee")
    make_enrollment(program, c, role="mentor", status="pending")
    db.session.add_all(
        [
            CheckIn(mentorship_id=first.id, user_id=a.id, week=1, rating=4),
            CheckIn(mentorship_id=first.id, user_id=b.id, week=1, rating=2),
            CheckIn(mentorship_id=first.id, user_id=a.id, week=2, rating=3),
            CheckIn(mentorship_id=second.id, user_id=c.id, week=1, rating=5),
            StepProgress(mentorship_id=first.id, week=1),
            StepProgress(mentorship_id=second.id, week=1),
            MentorshipFeedback(mentorship_id=first.id, user_id=a.id, helpful=4, would_recommend=True),
            MentorshipFeedback(mentorship_id=first.id, user_id=b.id, helpful=5, would_recommend=False),
        ]
    )
    second.status = "paused"
    db.session.commit()

    figures = health.program_health(program.id)
    tables = figures["tables"]
    assert tables["checkins"].rows == [[1, 0.75, 3, 3.67], [2, 0.25, 1, 3.0], [3, 0.0, 0, None]]
    assert tables["steps"].rows == [[1, 1.0, 2], [2, 0.0, 0], [3, 0.0, 0]]
    assert tables["matched"].rows == [["Mentors", 1, 0], ["Mentees", 1, 1]]
    assert tables["mentorships"].rows == [
        ["Proposed", 0],
        ["Active", 1],
        ["Paused", 1],
        ["Completed", 0],
        ["Ended early", 0],
    ]
    monday = date.today() - timedelta(days=date.today().weekday())
    assert tables["signups"].rows == [[monday.isoformat(), 2, 2]]
    assert figures["overall"] == {"rating": 3.5, "feedback_count": 2, "helpful": 4.5, "recommend_share": 0.5}


def test_attention_list_names_each_reason(setup):
    admin, community, program, (a, b, c, d, e) = setup
    quiet = _pair(community, program, a, b, 20)
    concern = _pair(community, program, c, d, 20)
    blocked = _pair(community, program, e, a, 3)
    diverge = _pair(community, program, b, c, 10)
    fine = _pair(community, program, d, e, 10)
    db.session.add_all(
        [
            Message(mentorship_id=concern.id, author_id=c.id, body="hi"),
            UneasyNote(mentorship_id=concern.id, author_id=d.id, text="x"),
            Block(blocker_id=a.id, blocked_id=e.id),
            CheckIn(mentorship_id=diverge.id, user_id=b.id, week=2, rating=5),
            CheckIn(mentorship_id=diverge.id, user_id=c.id, week=2, rating=2),
            CheckIn(mentorship_id=fine.id, user_id=d.id, week=2, rating=4),
            CheckIn(mentorship_id=fine.id, user_id=e.id, week=2, rating=3),
        ]
    )
    db.session.commit()
    table, total = health.attention_rows(program.id)
    why = {row[0]: row[2] for row in table.rows}
    assert total == 4
    assert why[quiet.id] == "Quiet for 14 days"
    assert why[concern.id] == f"A member raised a concern on {date.today().isoformat()}"
    assert why[blocked.id] == "A member blocked another"
    assert why[diverge.id] == "Check-in ratings diverge"
    assert fine.id not in why


def _csv_rows(response):
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment;")
    return list(csv.reader(io.StringIO(response.get_data(as_text=True))))


def _cell(text: str) -> str:
    return re.sub(r"<[^>]+>", "", text).strip()


def _html_table(html: str, key: str) -> list[list[str]]:
    section = html.split(f'id="table-{key}"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr>(.*?)</tr>", section, re.S)
    return [[_cell(c) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)] for row in rows]


def test_csv_matches_the_table(setup, login_as):
    admin, community, program, (a, b, *_rest) = setup
    pair = _pair(community, program, a, b, 15)
    db.session.add(CheckIn(mentorship_id=pair.id, user_id=a.id, week=1, rating=4))
    db.session.commit()
    make_enrollment(program, a, role="mentor")
    make_reply(make_topic(community, a), b)
    browser = login_as(admin)
    html = browser.get(f"/c/{community.slug}/programs/{program.id}/health").get_data(as_text=True)
    for key in ("signups", "matched", "mentorships", "checkins", "steps"):
        rows = _csv_rows(browser.get(f"/c/{community.slug}/programs/{program.id}/health/{key}.csv"))
        shown = [[v if v else "–" for v in row] for row in rows]
        assert shown == _html_table(html, key), key
    page = browser.get(f"/c/{community.slug}/health").get_data(as_text=True)
    for key in ("members", "board"):
        rows = _csv_rows(browser.get(f"/c/{community.slug}/health/{key}.csv"))
        assert rows == _html_table(page, key), key


def test_no_private_text_in_any_response(setup, login_as):
    admin, community, program, (a, b, *_rest) = setup
    pair = _pair(community, program, a, b, 20)
    secrets = ["SECRET-MESSAGE-91", "SECRET-NOTE-92", "SECRET-GOAL-93", "SECRET-COMMENT-94", "SECRET-UNEASY-95"]
    db.session.add_all(
        [
            Message(mentorship_id=pair.id, author_id=a.id, body=secrets[0], body_html=secrets[0]),
            CheckIn(mentorship_id=pair.id, user_id=b.id, week=1, rating=1, note=secrets[1], next_goal=secrets[2]),
            MentorshipFeedback(
                mentorship_id=pair.id, user_id=a.id, helpful=3, would_recommend=True, comment=secrets[3]
            ),
            UneasyNote(mentorship_id=pair.id, author_id=b.id, text=secrets[4]),
        ]
    )
    pair.end_reason = "SECRET-REASON-96"
    db.session.commit()
    secrets.append("SECRET-REASON-96")
    browser = login_as(admin)
    base = f"/c/{community.slug}/programs/{program.id}/health"
    urls = [base, f"{base}?page=1", f"/c/{community.slug}/health"]
    urls += [f"{base}/{k}.csv" for k in ("signups", "matched", "mentorships", "checkins", "steps", "attention")]
    urls += [f"/c/{community.slug}/health/{k}.csv" for k in ("members", "board")]
    seen = ""
    for url in urls:
        response = browser.get(url)
        assert response.status_code == 200, url
        seen += response.get_data(as_text=True)
    assert "raised a concern" in seen
    # An "I'm uneasy" note is written for the admins (issue 20, finding 8): its text is on the program's page.
    assert secrets.pop(4) in seen
    for secret in secrets:
        assert secret not in seen


def _bulk_pairs(community, program, count):
    now = utcnow()
    users = [
        User(
            email=f"bulk{program.id}-{i}@example.com",
            display_name=f"Bulk {i}",
            password_hash="x",
            date_of_birth=date(1990, 1, 1),
        )
        for i in range(count * 2)
    ]
    db.session.add_all(users)
    db.session.flush()
    for i in range(count):
        mentor, mentee = users[2 * i], users[2 * i + 1]
        m = Mentorship(
            community_id=community.id, program_id=program.id, status="active", started_at=now - timedelta(days=30)
        )
        m.members = [
            MentorshipMember(user_id=mentor.id, role="mentor"),
            MentorshipMember(user_id=mentee.id, role="mentee"),
        ]
        db.session.add(m)
        db.session.flush()
        db.session.add(CheckIn(mentorship_id=m.id, user_id=mentor.id, week=1, rating=1 + i % 5))
        db.session.add(CheckIn(mentorship_id=m.id, user_id=mentee.id, week=1, rating=5 - i % 5))
        if i % 3 == 0:
            db.session.add(UneasyNote(mentorship_id=m.id, author_id=mentee.id, text="n"))
    db.session.commit()


def test_queries_do_not_grow_with_mentorships(setup, login_as, queries):
    admin, community, program, _people = setup
    big = make_space_program(community, weeks=8)
    _bulk_pairs(community, program, 10)
    _bulk_pairs(community, big, 200)
    browser = login_as(admin)
    browser.get(f"/c/{community.slug}/health")  # the first request refreshes the session
    counts = []
    for p in (program, big):
        with queries() as q:
            assert browser.get(f"/c/{community.slug}/programs/{p.id}/health").status_code == 200
        counts.append(q.count)
    assert counts[0] == counts[1] <= 23, (
        q.statements
    )  # 20, and the notes for the admins (concerns, end reasons, comments)


def test_nudge_plain_htmx_dedupe_and_audit(setup, login_as):
    admin, community, program, (a, b, *_rest) = setup
    pair = _pair(community, program, a, b, 20)
    url = f"/c/{community.slug}/programs/{program.id}/health/nudge/{pair.id}"
    plain = login_as(admin)
    response = plain.post(url)
    assert response.status_code == 303
    assert response.headers["Location"].endswith("#attention")
    assert {n.user_id for n in Notification.query.filter_by(kind="nudge")} == {a.id, b.id}
    assert AuditLog.query.filter_by(action="health.nudge", target_id=pair.id, actor_id=admin.id).count() == 1
    page = plain.get(f"/c/{community.slug}/programs/{program.id}/health").get_data(as_text=True)
    assert "Nudged this week" in page

    htmx = login_as(admin, htmx=True)
    response = htmx.post(url)
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<html" not in body and f'id="nudge-{pair.id}"' in body
    assert "already nudged this week" in body
    assert "HX-Request" in response.headers["Vary"]
    assert Notification.query.filter_by(kind="nudge").count() == 2
    assert AuditLog.query.filter_by(action="health.nudge").count() == 1


def test_nudge_refused_for_a_finished_mentorship(setup, login_as):
    admin, community, program, (a, b, *_rest) = setup
    pair = _pair(community, program, a, b, 20)
    pair.status = "completed"
    db.session.commit()
    htmx = login_as(admin, htmx=True)
    response = htmx.post(f"/c/{community.slug}/programs/{program.id}/health/nudge/{pair.id}")
    assert response.status_code == 409
    assert Notification.query.filter_by(kind="nudge").count() == 0


def test_attention_pages_plain_and_htmx(setup, login_as):
    admin, community, program, _people = setup
    big = make_space_program(community, weeks=8)
    _bulk_pairs(community, big, 25)  # diverging ratings or a concern: 21 rows, two pages
    assert health.attention_rows(big.id)[1] == 21
    plain = login_as(admin).get(f"/c/{community.slug}/programs/{big.id}/health?page=2")
    assert "<html" in plain.get_data(as_text=True)
    assert "Page 2 of 2" in plain.get_data(as_text=True)
    htmx = login_as(admin, htmx=True).get(
        f"/c/{community.slug}/programs/{big.id}/health?page=2", headers={"HX-Target": "attention"}
    )
    body = htmx.get_data(as_text=True)
    assert "<html" not in body and 'id="attention"' in body
    assert body.count('class="nudge"') == 1
    assert "HX-Request" in htmx.headers["Vary"]


def test_moderation_figures_with_and_without_reports(setup, login_as):
    admin, community, _program, people = setup
    assert community_health.moderation_stats(community.id) == {"median_seconds": None, "open_count": 0}
    now = utcnow()
    common = {"community_id": community.id, "target_type": "member", "reason": "spam"}
    db.session.add_all(
        [
            Report(**common, target_id=people[0].id, reporter_id=admin.id, created_at=now - timedelta(hours=3)),
            Report(
                **common,
                target_id=people[1].id,
                reporter_id=admin.id,
                created_at=now - timedelta(hours=2),
                resolved_at=now - timedelta(hours=1),
                status="dismissed",
            ),
        ]
    )
    db.session.commit()
    stats = community_health.moderation_stats(community.id)
    assert stats["open_count"] == 1 and stats["median_seconds"] == 3600
    assert "Health" in login_as(admin).get(f"/c/{community.slug}").get_data(as_text=True)
