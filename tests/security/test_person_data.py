"""A person's data (issue 20, findings 7 and 9): the export holds everything they wrote or gave, and nothing of
anyone else's words; "delete my account and erase what I wrote" reaches every copy the site holds, so nobody
else's pages, fragments, notifications or exports show their words or their name afterwards."""

import json

import pytest
from sqlalchemy import select

from mentorship.extensions import db
from mentorship.models import HelpInvite, Membership, MentorshipFeedback
from mentorship.models.matching import MentorRequest
from mentorship.services.accounts import data as account_data
from mentorship.services.board import posting
from mentorship.services.communities import audit
from mentorship.services.communities import membership as communities
from mentorship.services.moderation import reports
from mentorship.services.programs import setup as programs
from mentorship.services.space import checkins, lifecycle, steps, thread
from tests.factories import (
    PASSWORD,
    add_member,
    make_community,
    make_enrollment,
    make_mentorship,
    make_program,
    make_space_program,
    make_user,
)

NAME = "Zephyrine Quillfeather"
# One marker per thing the subject writes or gives; each must be in their export and gone after erasure.
WORDS = {
    "topic": "zqtopictitle",
    "reply": "zqreplybody",
    "message": "zqmessagebody",
    "edited": "zqeditedbody",
    "checkin_note": "zqcheckinnote",
    "next_goal": "zqnextgoal",
    "step_note": "zqstepnote",
    "uneasy": "zquneasynote",
    "feedback": "zqfeedbackcomment",
    "request_note": "zqrequestnote",
    "invite_note": "zqinvitenote",
    "join_note": "zqjoinnote",
    "report_details": "zqreportdetails",
    "draft": "zqdraftprogram",
    "decision": "zqdecisionreason",
}
PARTNER_WORDS = "partnersownwords"


def _membership(user, community):
    return db.session.scalar(
        select(Membership).where(Membership.user_id == user.id, Membership.community_id == community.id)
    )


@pytest.fixture
def world(app):
    """The subject touches every area: board, thread, check-ins, steps, notes, requests, reports, programs."""
    subject, partner = make_user(NAME, skills=["python"]), make_user("Pat Partner", skills=["python"])
    admin, moderator, member = make_user("Ada Admin"), make_user("Mo Moderator"), make_user("Mia Member")
    community = make_community(admin=admin, members=[subject, partner, member])
    add_member(community, moderator, "moderator")
    other_place = make_community(admin=subject, name="Subject's own place")
    add_member(other_place, admin, "admin")
    private = make_community(admin=admin, name="Private Corner", private=True)

    topic = posting.create_topic(
        community,
        subject,
        _membership(subject, community),
        kind="help",
        title=f"Help {WORDS['topic']}",
        body="Please help with python",
        tags="python",
    )
    partner_topic = posting.create_topic(
        community, partner, _membership(partner, community), kind="discussion", title="Partner asks", body="Hi"
    )
    posting.post_reply(partner_topic, subject, _membership(subject, community), f"Answer {WORDS['reply']}")
    solution = posting.post_reply(topic, partner, _membership(partner, community), "Try this")
    topic.solved_post_id = solution.id
    db.session.add(
        HelpInvite(
            topic_id=topic.id,
            asker_id=subject.id,
            helper_id=partner.id,
            message=WORDS["invite_note"],
            status="declined",
        )
    )

    program = make_space_program(community)
    mentorship = make_mentorship(community, subject, partner, program=program)
    thread.send_message(mentorship, subject, "main", f"Hello {WORDS['message']}")
    edited = thread.send_message(mentorship, subject, "main", "first draft")
    thread.edit_message(edited, subject, f"Better {WORDS['edited']}")
    thread.send_message(mentorship, partner, "main", f"Reply {PARTNER_WORDS}")
    checkins.save_checkin(mentorship, subject, 4, WORDS["checkin_note"], WORDS["next_goal"])
    steps.mark_done(mentorship, subject, 1, WORDS["step_note"])
    lifecycle.raise_concern(mentorship, subject, f"I feel {WORDS['uneasy']}")
    db.session.add(
        MentorshipFeedback(
            mentorship_id=mentorship.id, user_id=subject.id, helpful=4, would_recommend=True, comment=WORDS["feedback"]
        )
    )

    choice = make_program(community, admin, status="open", matching_mode="mentee_choice")
    mentor_side = make_enrollment(choice, member, "mentor")
    mentee_side = make_enrollment(choice, subject, "mentee")
    db.session.add(
        MentorRequest(
            program_id=choice.id,
            mentee_enrollment_id=mentee_side.id,
            mentor_enrollment_id=mentor_side.id,
            message=WORDS["request_note"],
        )
    )
    communities.request_to_join(subject, private, WORDS["join_note"])
    snapshot = reports.take_snapshot("topic", partner_topic.id, subject, community.slug)
    reports.file_report(subject, snapshot, "spam", WORDS["report_details"])
    programs.create_from_template(other_place, subject, programs.BUILT_IN_TEMPLATES[0], WORDS["draft"])
    audit.log(other_place.id, subject.id, "warn", "user", admin.id, WORDS["decision"])
    db.session.commit()
    others = {"partner": partner, "admin": admin, "moderator": moderator, "member": member}
    return {
        "subject": subject,
        "others": others,
        "community": community,
        "topic": topic.id,
        "partner_topic": partner_topic.id,
        "mentorship": mentorship.id,
        "private": private.slug,
    }


def test_the_export_holds_everything_the_person_wrote_and_nothing_of_the_others_words(login_as, world):
    response = login_as(world["subject"]).get("/settings/account/export")
    text = response.get_data(as_text=True)
    export = json.loads(text)
    assert export["format"].startswith("mentorship-export/")
    missing = [key for key, word in WORDS.items() if word not in text]
    assert missing == []
    assert PARTNER_WORDS not in text
    threads = export["mentorship_spaces"]["threads"]
    assert {"from": "them", "text": "their message"}.items() <= threads[0]["messages"][-1].items()


def _everything_seen_by(login_as, person, world) -> str:
    """The pages, fragments and export another person opens where the subject's words or name were."""
    slug, m = world["community"].slug, world["mentorship"]
    pages = [
        ("/notifications", False),
        ("/notifications", True),
        (f"/c/{slug}/board", False),
        (f"/c/{slug}/board/t/{world['topic']}", False),
        (f"/c/{slug}/board/t/{world['partner_topic']}", False),
        (f"/c/{slug}/board/search?q={WORDS['topic'][:7]}", False),  # a prefix: the box echoes the query
        (f"/c/{slug}/board/search?q={WORDS['reply'][:7]}", True),
        (f"/c/{slug}/members", False),
        (f"/m/{m}", False),
        (f"/m/{m}/t/main/poll?after=0", True),
        (f"/m/{m}?before=999999", True),
        (f"/m/{m}/checkin", False),
        (f"/m/{m}/program", False),
        (f"/c/{slug}/moderation/", False),
        (f"/c/{world['private']}/requests", False),
        ("/settings/account/export", False),
    ]
    seen = []
    for path, htmx in pages:
        response = login_as(person, htmx=htmx).get(path)
        assert response.status_code < 500, path
        seen.append(response.get_data(as_text=True))
    return "\n".join(seen)


def test_erasure_reaches_every_copy_of_the_persons_words_and_name(login_as, world):
    before = _everything_seen_by(login_as, world["others"]["partner"], world)
    assert NAME in before and WORDS["message"] in before  # the pages do show them while the account lives
    subject = world["subject"]
    account_data.delete_account(subject, PASSWORD, erase_written=True)
    db.session.commit()
    for role, person in world["others"].items():
        seen = _everything_seen_by(login_as, person, world)
        leaks = [key for key, word in WORDS.items() if word in seen]
        assert leaks == [], role
        assert NAME not in seen and NAME.split()[0] not in seen, role
