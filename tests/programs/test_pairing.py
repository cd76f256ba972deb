"""Pairing rules from the database: blocks, capacity, already tried, decisions, priority, introductions."""

import pytest
from sqlalchemy import func, select

from mentorship.extensions import db
from mentorship.models import Block, Enrollment, Mentorship, MentorshipMember, Notification
from mentorship.models.matching import MatchRun, MatchSuggestion, PairDecision
from mentorship.services.programs import pairing, review
from mentorship.services.programs import runs as match_runs
from tests.factories import make_community, make_enrollment, make_mentorship, make_program, make_user


@pytest.fixture
def world(app):
    admin = make_user("Ada Admin")
    community = make_community(admin=admin)
    program = make_program(community, admin, status="open")
    return community, admin, program


def pending(program):
    return db.session.scalars(
        select(MatchSuggestion).where(MatchSuggestion.program_id == program.id, MatchSuggestion.status == "pending")
    ).all()


def pairs_of(program) -> set[tuple[int, int]]:
    return {(s.mentor_enrollment_id, m) for s in pending(program) for m in s.mentee_enrollment_ids}


def mentorship_count() -> int:
    return db.session.scalar(select(func.count(Mentorship.id)))


def test_run_suggests_the_best_pairs_with_reasons_in_words_and_points(world):
    _, admin, program = world
    mentor = make_enrollment(program, make_user("Mo Mentor"), "mentor", topics=["python", "sql"])
    mentee = make_enrollment(program, make_user("Lin Mentee"), "mentee", topics=["python", "sql"])
    run = match_runs.run_matching(program, admin)
    [suggestion] = pending(program)
    assert (suggestion.mentor_enrollment_id, suggestion.mentee_enrollment_ids) == (mentor.id, [mentee.id])
    assert suggestion.score > 0 and suggestion.run_id == run.id
    topics = next(r for r in suggestion.reasons if r["field"] == "topics")
    assert "python" in topics["text"] and topics["points"] > 0
    assert all(isinstance(r["text"], str) and r["text"] for r in suggestion.reasons)


@pytest.mark.parametrize("direction", ["mentor blocks mentee", "mentee blocks mentor"])
def test_a_blocked_pair_is_never_suggested_nor_paired_by_hand(world, direction):
    _, admin, program = world
    mentor = make_enrollment(program, make_user(), "mentor")
    mentee = make_enrollment(program, make_user(), "mentee")
    a, b = (mentor, mentee) if direction.startswith("mentor") else (mentee, mentor)
    db.session.add(Block(blocker_id=a.user_id, blocked_id=b.user_id))
    db.session.commit()
    run = match_runs.run_matching(program, admin)
    assert pending(program) == []
    assert run.unmatched[str(mentee.id)]  # a reason in words (its wording is the matcher's)
    with pytest.raises(match_runs.MatchingError, match="blocked"):
        match_runs.pair_by_hand(program, mentor, [mentee], admin)
    with pytest.raises(match_runs.MatchingError, match="blocked"):
        match_runs.set_pair_decision(program, mentor, mentee, "locked", admin)
    assert mentorship_count() == 0


def test_a_block_made_after_the_suggestion_stops_its_acceptance(world):
    _, admin, program = world
    mentor = make_enrollment(program, make_user(), "mentor")
    mentee = make_enrollment(program, make_user(), "mentee")
    match_runs.run_matching(program, admin)
    [suggestion] = pending(program)
    db.session.add(Block(blocker_id=mentee.user_id, blocked_id=mentor.user_id))
    db.session.commit()
    with pytest.raises(match_runs.MatchingError, match="blocked"):
        match_runs.accept_suggestion(suggestion, admin)
    assert mentorship_count() == 0


def test_mentor_capacity_is_never_exceeded(world):
    _, admin, program = world
    mentor = make_enrollment(program, make_user(), "mentor", capacity=2)
    mentees = [make_enrollment(program, make_user(), "mentee") for _ in range(3)]
    run = match_runs.run_matching(program, admin)
    assert len(pending(program)) == 2
    assert len(run.unmatched) == 1 and all(run.unmatched.values())
    accepted, skipped = match_runs.accept_all(program, admin)
    assert (accepted, skipped) == (2, [])
    left = next(
        m for m in mentees if m.user_id not in {mm.user_id for mm in db.session.scalars(select(MentorshipMember))}
    )
    with pytest.raises(match_runs.MatchingError, match="no free place"):
        match_runs.pair_by_hand(program, mentor, [left], admin)
    match_runs.run_matching(program, admin)
    assert pending(program) == []


def test_a_pair_already_tried_in_the_program_is_never_made_again(world):
    community, admin, program = world
    mentor = make_enrollment(program, make_user(), "mentor", capacity=3)
    mentee = make_enrollment(program, make_user(), "mentee")
    ended = make_mentorship(community, mentor.user, mentee.user, program=program, status="ended")
    assert ended.status == "ended"
    match_runs.run_matching(program, admin)
    assert pending(program) == []
    with pytest.raises(match_runs.MatchingError, match="already paired"):
        match_runs.pair_by_hand(program, mentor, [mentee], admin)
    # A pair from another program does not count.
    other = make_program(community, admin, status="open")
    other_mentor = make_enrollment(other, mentor.user, "mentor")
    other_mentee = make_enrollment(other, mentee.user, "mentee")
    match_runs.pair_by_hand(other, other_mentor, [other_mentee], admin)


def test_nobody_is_paired_with_themselves(world):
    _, admin, program = world
    person = make_user()
    mentor = make_enrollment(program, person, "mentor")
    # One sign-up per person and program makes this impossible in the database; the rule still holds.
    same_person = Enrollment(program_id=program.id, user_id=person.id, role="mentee", status="approved")
    with pytest.raises(pairing.PairingError, match="themselves"):
        pairing.create_mentorship(program, mentor, [same_person])
    assert mentorship_count() == 0


def test_rejected_and_forbidden_pairs_are_not_suggested_again_and_locked_ones_stay(world):
    _, admin, program = world
    m1 = make_enrollment(program, make_user("Mentor One"), "mentor", topics=["python"])
    m2 = make_enrollment(program, make_user("Mentor Two"), "mentor", topics=["design"])
    e1 = make_enrollment(program, make_user("Mentee One"), "mentee", topics=["python"])
    e2 = make_enrollment(program, make_user("Mentee Two"), "mentee", topics=["design"])
    match_runs.run_matching(program, admin)
    assert pairs_of(program) == {(m1.id, e1.id), (m2.id, e2.id)}
    [first] = [s for s in pending(program) if s.mentor_enrollment_id == m1.id]
    match_runs.reject_suggestion(first, admin)
    match_runs.set_pair_decision(program, m2, e1, "forbidden", admin)
    match_runs.run_matching(program, admin)
    assert (m1.id, e1.id) not in pairs_of(program) and (m2.id, e1.id) not in pairs_of(program)
    # Locking a poor pair keeps it over the better one at every re-run.
    match_runs.set_pair_decision(program, m1, e2, "locked", admin)
    match_runs.run_matching(program, admin)
    assert (m1.id, e2.id) in pairs_of(program)
    assert next(s for s in pending(program) if s.mentor_enrollment_id == m1.id).locked
    rule = db.session.scalar(select(PairDecision).where(PairDecision.decision == "rejected"))
    match_runs.remove_pair_decision(rule)
    assert db.session.scalar(select(func.count(PairDecision.id))) == 2


def test_people_left_out_come_first_next_round(world):
    _, admin, program = world
    make_enrollment(program, make_user(), "mentor", topics=["python"])
    late = make_enrollment(program, make_user("Left Out"), "mentee", topics=["design"])
    make_enrollment(program, make_user("Better Fit"), "mentee", topics=["python"])
    match_runs.run_matching(program, admin)
    assert late.unmatched_rounds == 1
    assert [m for s in pending(program) for m in s.mentee_enrollment_ids] != [late.id]
    match_runs.run_matching(program, admin)
    # Priority dominates the score: the person left out is suggested now.
    assert [m for s in pending(program) for m in s.mentee_enrollment_ids] == [late.id]
    match_runs.accept_all(program, admin)
    assert late.unmatched_rounds == 0


def test_accepting_creates_an_active_mentorship_with_copied_goals_and_introduces_them(world, monkeypatch):
    _, admin, program = world
    mentor = make_enrollment(
        program, make_user("Grace"), "mentor", goals="Help people switch careers", topics=["career"]
    )
    mentee = make_enrollment(
        program, make_user("Jon"), "mentee", goals="Move from logistics to product", topics=["career"]
    )
    posted = []
    monkeypatch.setattr(
        pairing, "post_system_message", lambda mentorship, text, commit: posted.append((mentorship.id, text))
    )
    match_runs.run_matching(program, admin)
    [suggestion] = pending(program)
    mentorship = match_runs.accept_suggestion(suggestion, admin)
    assert mentorship.status == "active" and mentorship.program_id == program.id and mentorship.kind == "pair"
    assert mentorship.score == suggestion.score and mentorship.reasons == suggestion.reasons
    members = {m.user_id: m for m in mentorship.members}
    assert members[mentor.user_id].role == "mentor" and members[mentee.user_id].role == "mentee"
    assert members[mentee.user_id].goals == "Move from logistics to product"
    assert members[mentee.user_id].topics == ["career"]
    [(mentorship_id, text)] = posted
    assert mentorship_id == mentorship.id
    assert "Move from logistics to product" in text and "Help people switch careers" in text
    assert f"Week 1: {program.steps[0].title}" in text
    notes = db.session.scalars(select(Notification).where(Notification.kind == "introduced")).all()
    assert {n.user_id for n in notes} == {mentor.user_id, mentee.user_id}
    assert all(n.link == f"/m/{mentorship.id}" for n in notes)
    assert suggestion.status == "accepted" and suggestion.mentorship_id == mentorship.id
    with pytest.raises(match_runs.MatchingError):
        match_runs.accept_suggestion(suggestion, admin)


def test_accept_all_skips_suggestions_that_no_longer_hold(world):
    _, admin, program = world
    mentor = make_enrollment(program, make_user(), "mentor")
    mentee = make_enrollment(program, make_user(), "mentee")
    match_runs.run_matching(program, admin)
    mentee.status = "declined"
    db.session.commit()
    accepted, skipped = match_runs.accept_all(program, admin)
    assert accepted == 0 and skipped == ["Both sign-ups must be approved first."]
    assert mentor.user_id not in pairing.people_in_live_mentorships(program.id)


def test_unmatched_list_says_why(world):
    _, admin, program = world
    lonely = make_enrollment(program, make_user("Lonely"), "mentee")
    found = review.review(program)
    assert found.unmatched == [(lonely, "Matching hasn't run yet.")]
    match_runs.run_matching(program, admin)
    found = review.review(program)
    reason = db.session.scalar(select(MatchRun)).unmatched[str(lonely.id)]
    assert reason and found.unmatched == [(lonely, reason[0].upper() + reason[1:].rstrip(".") + ".")]
    assert db.session.scalar(select(func.count(MatchRun.id))) == 1


def test_must_rules_only_allow_pairs_that_share_the_field(world):
    _, admin, program = world
    make_enrollment(program, make_user(), "mentor", topics=["design"])
    mentee = make_enrollment(program, make_user(), "mentee", topics=["python"])
    match_runs.set_weights(program, admin, {"topics": 50, "goals": 10}, ["topics"])
    run = match_runs.run_matching(program, admin)
    assert pending(program) == []
    assert run.unmatched[str(mentee.id)]
    with pytest.raises(match_runs.MatchingError, match="needs some weight"):
        match_runs.set_weights(program, admin, {"topics": 50, "language": 0}, ["language"])


def test_group_programs_build_circles_of_up_to_the_circle_size(app):
    admin = make_user()
    community = make_community(admin=admin)
    program = make_program(community, admin, template="group-circle", status="open", circle_size=3)
    mentor = make_enrollment(program, make_user(), "mentor", capacity=1)
    mentees = [make_enrollment(program, make_user(), "mentee") for _ in range(4)]
    run = match_runs.run_matching(program, admin)
    [circle] = pending(program)
    assert circle.mentor_enrollment_id == mentor.id and len(circle.mentee_enrollment_ids) == 3
    assert len(run.unmatched) == 1
    mentorship = match_runs.accept_suggestion(circle, admin)
    assert mentorship.kind == "circle" and len(mentorship.mentees) == 3
    left = [m for m in mentees if m.id not in circle.mentee_enrollment_ids]
    with pytest.raises(match_runs.MatchingError, match="no free place"):
        match_runs.pair_by_hand(program, mentor, left, admin)


def test_swap_roles_turns_the_mentee_into_the_mentor(world):
    community, admin, program = world
    teacher, learner = make_user("Newer Member"), make_user("Old Hand")
    mentorship = make_mentorship(community, learner, teacher, program=program)
    pairing.swap_roles(mentorship, actor=teacher)
    db.session.expire_all()
    mentorship = db.session.get(Mentorship, mentorship.id)
    assert mentorship.mentors[0].user_id == teacher.id and mentorship.mentees[0].user_id == learner.id
    told = db.session.scalars(select(Notification).where(Notification.kind == "roles_swapped")).all()
    assert [n.user_id for n in told] == [learner.id]


def test_swap_roles_refuses_circles_and_inactive_pairs(world):
    community, admin, program = world
    circle = make_mentorship(community, make_user(), [make_user(), make_user()], program=program)
    with pytest.raises(pairing.PairingError, match="Only a pair"):
        pairing.swap_roles(circle)
    paused = make_mentorship(community, make_user(), make_user(), program=program, status="paused")
    with pytest.raises(pairing.PairingError, match="active"):
        pairing.swap_roles(paused)
