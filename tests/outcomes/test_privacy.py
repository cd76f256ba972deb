"""Goals, milestones, summaries and survey answers are the mentorship's (or the person's) alone: unique text
planted in each never reaches anyone else's pages, the admins' dashboards and CSVs, any mail, notification or
push, or anyone else's export. A shared link shows the shared goals by the members' choice, names nobody, and
a mentee's words only when they ticked it."""

import json

from flask import current_app
from sqlalchemy import select

from mentorship.extensions import db
from mentorship.models import EmailOutbox, Notification, PushOutbox
from mentorship.models.outcomes import Achievement, Goal, Survey
from mentorship.services.outcomes.delivery import deliver_survey

PLANTS = ("PLANT-GOAL-7f3a", "PLANT-SUCCESS-7f3a", "PLANT-MILESTONE-7f3a", "PLANT-WORDS-7f3a", "PLANT-ANSWER-7f3a")


def _plant(pair, login_as):
    mentee, mentor = login_as(pair.mentee), login_as(pair.mentor)
    m = pair.mentorship.id
    assert mentee.post(f"/m/{m}/goals", data={"title": PLANTS[0], "success": PLANTS[1]}).status_code == 303
    goal = db.session.scalar(select(Goal).where(Goal.title == PLANTS[0]))
    assert mentor.post(f"/m/{m}/goals/{goal.id}/milestones", data={"title": PLANTS[2]}).status_code == 303
    assert mentee.post(f"/m/{m}/goals/{goal.id}/progress", data={"level": "3"}).status_code == 303
    end = db.session.scalars(select(Survey).where(Survey.program_id == pair.program.id).order_by(Survey.id)).all()[1]
    deliver_survey(end.id, m, pair.mentee.id, 0, "invite")
    text_q = next(q for q in end.questions if q.kind == "text")
    assert mentee.post(f"/m/{m}/surveys/{end.id}", data={f"q-{text_q.id}": PLANTS[4]}).status_code == 303
    complete = {"helpful": "5", "would_recommend": "yes", "comment": ""}
    assert mentor.post(f"/m/{m}/complete", data=complete).status_code == 303
    assert mentee.post(f"/m/{m}/achieved/words", data={"text": PLANTS[3]}).status_code == 303
    assert mentee.post(f"/m/{m}/achieved/share").status_code == 303
    return goal, end


def _leaks(text: str) -> list[str]:
    return [p for p in PLANTS if p in text]


def test_planted_text_reaches_no_one_else(pair, login_as):
    goal, end = _plant(pair, login_as)
    m = pair.mentorship.id
    slug, program = pair.community.slug, pair.program.id
    pages = [
        f"/m/{m}/goals",
        f"/m/{m}/goals/{goal.id}/edit",
        f"/m/{m}/achieved",
        f"/m/{m}/checkin",
        f"/m/{m}/surveys/{end.id}",
        f"/c/{slug}/programs/{program}/outcomes",
        f"/c/{slug}/programs/{program}/health",
        f"/c/{slug}/programs/{program}/surveys",
        f"/c/{slug}/programs/{program}/surveys/{end.id}",
        "/notifications",
        "/settings/account/export",
    ]
    from mentorship.services.outcomes.report import program_report

    with current_app.test_request_context():
        keys = list(program_report(program)["tables"])
    pages += [f"/c/{slug}/programs/{program}/outcomes/{key}.csv" for key in keys]
    pages += [f"/c/{slug}/programs/{program}/health/{key}.csv" for key in ("checkins", "statuses", "attention")]
    for person in (pair.admin, pair.member, pair.other_mentor):
        client = login_as(person)
        for path in pages:
            response = client.get(path)
            assert not _leaks(response.get_data(as_text=True)), (person.display_name, path)
    visitor_pages = [login_as(pair.admin).application.test_client().get(p) for p in pages]
    assert all(not _leaks(r.get_data(as_text=True)) for r in visitor_pages)
    for mail in db.session.scalars(select(EmailOutbox)):
        assert not _leaks(mail.subject + mail.text_body + mail.html_body), mail.kind
    for notice in db.session.scalars(select(Notification)):
        assert not _leaks(notice.text), notice.kind
    for push in db.session.scalars(select(PushOutbox)):
        assert not _leaks(str({c.name: getattr(push, c.name) for c in PushOutbox.__table__.columns}))


def test_the_members_export_holds_their_outcomes(pair, login_as):
    _plant(pair, login_as)
    mentee = login_as(pair.mentee).get("/settings/account/export").get_data(as_text=True)
    assert all(p in mentee for p in PLANTS)
    mentor = json.loads(login_as(pair.mentor).get("/settings/account/export").get_data(as_text=True))
    section = mentor["outcomes"]
    assert section["goals"][-1]["title"] == PLANTS[0]
    assert section["summaries"][0]["goals"][-1]["title"] == PLANTS[0]
    assert PLANTS[4] not in json.dumps(section)  # the mentee's answer is the mentee's own


def test_a_shared_link_names_nobody_and_can_be_revoked(pair, login_as, client):
    _plant(pair, login_as)
    achievement = db.session.scalar(select(Achievement))
    page = client.get(f"/achieved/{achievement.share_token}").get_data(as_text=True)
    assert PLANTS[0] in page and PLANTS[3] not in page
    for person in (pair.mentor, pair.mentee):
        assert person.display_name not in page
    assert (
        login_as(pair.mentee)
        .post(f"/m/{pair.mentorship.id}/achieved/words", data={"text": PLANTS[3], "on_link": "y"})
        .status_code
        == 303
    )
    assert PLANTS[3] in client.get(f"/achieved/{achievement.share_token}").get_data(as_text=True)
    token = achievement.share_token
    assert login_as(pair.mentor).post(f"/m/{pair.mentorship.id}/achieved/revoke").status_code == 303
    assert client.get(f"/achieved/{token}").status_code == 404


def test_completing_writes_the_summary_both_keep(pair, login_as):
    _plant(pair, login_as)
    achievement = db.session.scalar(select(Achievement))
    assert achievement.weeks == 1 and achievement.sessions_held == 0
    assert [(g["title"], g["level"], g["done"]) for g in achievement.goals][-1] == (PLANTS[0], 3, True)
    for person in (pair.mentor, pair.mentee):
        page = login_as(person).get(f"/m/{pair.mentorship.id}/achieved").get_data(as_text=True)
        assert PLANTS[0] in page and PLANTS[3] in page and "Sessions held" in page
