"""The matching interface the program pages rely on (MATCHING_API.md): properties, not internals."""

import itertools

import pytest

from mentorship.services.matching.suggest import (
    DEFAULT_WEIGHTS,
    MatchResult,
    Person,
    Reason,
    greedy,
    score_pair,
    solve,
    solve_circles,
)

_ids = itertools.count(1)


def person(role, topics=("python",), user_id=None, capacity=1, priority=0, tz="Europe/London", goals="data career"):
    pid = next(_ids)
    return Person(
        id=pid,
        user_id=user_id if user_id is not None else 1000 + pid,
        role=role,
        topics=frozenset(topics),
        goals=goals,
        timezone=tz,
        availability=frozenset({"mon-evening", "wed-evening"}),
        experience_years=10 if role == "mentor" else 1,
        capacity=capacity,
        priority=priority,
    )


def placed(result: MatchResult) -> dict[int, int]:
    return {mentee: s.mentor_id for s in result.suggestions for mentee in s.mentee_ids}


def test_score_pair_gives_points_and_reasons_in_words_per_field():
    mentor, mentee = person("mentor", ("python", "sql", "career")), person("mentee", ("python", "sql"))
    score, reasons = score_pair(mentor, mentee)
    assert isinstance(score, float | int) and score > 0
    assert all(isinstance(r, Reason) and r.field in DEFAULT_WEIGHTS and r.text for r in reasons)
    assert abs(sum(r.points for r in reasons) - score) < 0.5
    topics = next(r for r in reasons if r.field == "topics")
    assert "python" in topics.text and "sql" in topics.text
    worse, _ = score_pair(person("mentor", ("design",)), mentee)
    assert worse < score


def test_every_mentee_is_either_suggested_or_unmatched_with_a_reason():
    mentors = [person("mentor", capacity=1), person("mentor", capacity=1)]
    mentees = [person("mentee") for _ in range(4)]
    result = solve(mentors, mentees)
    assert set(placed(result)) | set(result.unmatched) == {m.id for m in mentees}
    assert not set(placed(result)) & set(result.unmatched)
    assert len(result.suggestions) == 2 and all(isinstance(v, str) and v for v in result.unmatched.values())


def test_capacity_same_person_and_forbidden_pairs_hold():
    shared_user = 77
    mentor = person("mentor", user_id=shared_user, capacity=3)
    other = person("mentor", capacity=1)
    me_too = person("mentee", user_id=shared_user)
    blocked = person("mentee")
    free = person("mentee")
    result = solve([mentor, other], [me_too, blocked, free], forbidden={(other.user_id, blocked.user_id)})
    pairs = placed(result)
    assert pairs.get(me_too.id) != mentor.id
    assert pairs.get(blocked.id) != other.id
    assert sum(1 for m in pairs.values() if m == other.id) <= 1


def test_locked_pairs_are_kept_and_use_capacity():
    mentor = person("mentor", ("design",), capacity=1)
    good, poor = person("mentee", ("design",)), person("mentee", ("cooking",))
    result = solve([mentor], [good, poor], locked=[(mentor.id, poor.id)])
    assert placed(result) == {poor.id: mentor.id}
    assert good.id in result.unmatched


def test_priority_goes_first_even_against_a_better_score():
    mentor = person("mentor", ("python",), capacity=1)
    best = person("mentee", ("python",))
    waited = person("mentee", ("knitting",), priority=2)
    assert placed(solve([mentor], [best, waited])) == {waited.id: mentor.id}


def test_must_rules_exclude_pairs_with_nothing_in_common_on_that_field():
    mentor = person("mentor", ("python",))
    mentee = person("mentee", ("design",))
    assert placed(solve([mentor], [mentee])) == {mentee.id: mentor.id}
    result = solve([mentor], [mentee], must=frozenset({"topics"}))
    assert result.suggestions == [] and mentee.id in result.unmatched


def test_exact_solve_beats_or_equals_greedy():
    # Greedy gives the generalist to the first strong pair and strands the specialist's fan.
    general = person("mentor", ("python", "sql"))
    special = person("mentor", ("sql",))
    a = person("mentee", ("python", "sql"))
    b = person("mentee", ("python",))
    exact, quick = solve([general, special], [a, b]), greedy([general, special], [a, b])
    assert exact.total_score >= quick.total_score - 1e-6
    assert len(exact.suggestions) >= len(quick.suggestions)


def test_circles_have_one_mentor_and_at_most_circle_size_mentees():
    mentors = [person("mentor", capacity=1), person("mentor", capacity=1)]
    mentees = [person("mentee") for _ in range(7)]
    result = solve_circles(mentors, mentees, circle_size=3)
    assert all(1 <= len(s.mentee_ids) <= 3 for s in result.suggestions)
    assert len({s.mentor_id for s in result.suggestions}) == len(result.suggestions) <= 2
    assert len(placed(result)) == 6 and len(result.unmatched) == 1
    assert all(r.field in DEFAULT_WEIGHTS for s in result.suggestions for r in s.reasons)


@pytest.mark.parametrize("solver", [solve, greedy])
def test_empty_inputs(solver):
    lonely = person("mentee")
    result = solver([], [lonely])
    assert result.suggestions == [] and lonely.id in result.unmatched
    assert solver([person("mentor")], []).suggestions == []
