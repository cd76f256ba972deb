"""Matching mentors and mentees: scores with reasons in words, and an exact assignment with capacities.

Pure Python + numpy/scipy: no Flask, no database. The programs area turns Enrollment rows into
Person values and stores the MatchResult. How it works: docs/MATCHING.md.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from mentorship.services.matching import fields as mf
from mentorship.services.matching import graph as mg

FIELDS = mf.FIELDS
DEFAULT_WEIGHTS = {"topics": 40, "goals": 20, "timezone": 15, "availability": 15, "experience": 10, "language": 0}
MUST_PHRASES = {
    "topics": "shares a topic",
    "goals": "shares a word in their goals",
    "timezone": f"lives less than {mf.TIMEZONE_ZERO_HOURS:g} h away",
    "availability": "shares a time slot",
    "experience": "has more years of experience",
    "language": "speaks a shared language",
}


class MatchingError(ValueError):
    """Matching refused, with the sentence for the admin: the one error of matching.

    The solver raises it for input it can't use (weights, rules, locked pairs); the programs area raises the
    same class for an action the admin may not take (services/programs/runs.py), so one `except` shows both.
    """


@dataclass(frozen=True)
class Person:
    id: int  # Enrollment.id
    user_id: int
    role: str  # "mentor" | "mentee"
    topics: frozenset[str]
    goals: str
    timezone: str  # IANA name
    availability: frozenset[str]  # "mon-morning" ... "sun-evening"
    experience_years: int
    capacity: int = 1  # mentors: how many mentees (pairs) or circles
    languages: frozenset[str] = frozenset()
    priority: int = 0  # rounds left unmatched before; higher goes first


@dataclass(frozen=True)
class Reason:
    field: str
    points: float
    text: str


@dataclass
class Suggestion:
    mentor_id: int
    mentee_ids: list[int]
    score: float
    reasons: list[Reason]


@dataclass
class MatchResult:
    suggestions: list[Suggestion]
    unmatched: dict[int, str]  # mentee Person.id -> why, in words
    total_score: float


def normalise_weights(weights: dict | None) -> dict[str, float]:
    """All six weights as non-negative floats (DEFAULT_WEIGHTS for None or a missing field)."""
    unknown = set(weights or {}) - set(FIELDS)
    if unknown:
        raise MatchingError(f"Unknown match field: {', '.join(sorted(unknown))}.")
    merged = {**DEFAULT_WEIGHTS, **(weights or {})}
    try:
        result = {name: float(merged[name]) for name in FIELDS}
    except (TypeError, ValueError):
        raise MatchingError("Weights must be numbers.")
    if any(not np.isfinite(w) or w < 0 for w in result.values()):
        raise MatchingError("Weights must be zero or more.")
    return result


def _check_must(must: Iterable[str]) -> frozenset[str]:
    must = frozenset(must)
    if must - set(FIELDS):
        raise MatchingError(f"Unknown must rule: {', '.join(sorted(must - set(FIELDS)))}.")
    return must


def score_pair(
    mentor: Person, mentee: Person, weights: dict | None = None, *, must: Iterable[str] = frozenset()
) -> tuple[float, list[Reason]]:
    """The pair's score and one reason per weighted (or must) field; the points add up to the score."""
    return score_pairs([mentor], [mentee], weights, must=must)[0]


def score_pairs(
    mentors: list[Person], mentees: list[Person], weights: dict | None = None, *, must: Iterable[str] = frozenset()
) -> list[tuple[float, list[Reason]]]:
    """score_pair for many pairs at once (mentors[k] with mentees[k]), the fits computed in one pass."""
    weights, must = normalise_weights(weights), _check_must(must)
    shown = [name for name in FIELDS if weights[name] > 0 or name in must]
    results = []
    for details in mf.pair_details_many(mentors, mentees):
        reasons = [
            Reason(name, weights[name] * details[name][0], mf.pair_text(name, details[name][1])) for name in shown
        ]
        score = 0.0
        for reason in reasons:
            score += reason.points
        results.append((score, reasons))
    return results


def _unmatched_reason(i: int, n_mentors: int, n_open: int, found: mg.Candidates, must: frozenset[str]) -> str:
    if n_mentors == 0:
        return "there are no mentors in this program"
    if n_open == 0:
        return "all mentors are full"
    if found.open_count[i] == 0:
        return "blocked or already tried with every candidate"
    if found.must_count[i] == 0:
        failing = [name for name in FIELDS if name in must and found.must_field_count[name][i] == 0]
        if failing:
            return "no mentor " + " or ".join(MUST_PHRASES[name] for name in failing)
        return "no mentor meets every rule: " + ", ".join(MUST_PHRASES[name] for name in FIELDS if name in must)
    if found.positive_count[i] == 0:
        return "nothing in common with any mentor"
    return "all suitable mentors are full"


def _match(mentors, mentees, weights, must, forbidden, locked, top_k, mentor_top_k, places_per_capacity, method):
    """Check the input, keep the locked pairs, search candidates and assign the rest.

    Returns (pairs as (mentor index, mentee index), unmatched {mentee id: reason}, weights, must).
    """
    weights, must = normalise_weights(weights), _check_must(must)
    mentor_at = {p.id: i for i, p in enumerate(mentors)}
    mentee_at = {p.id: i for i, p in enumerate(mentees)}
    if len(mentor_at) != len(mentors) or len(mentee_at) != len(mentees):
        raise MatchingError("Each person can appear only once on each side.")
    if top_k < 1:
        raise MatchingError("top_k must be at least 1.")
    forbidden = {(int(a), int(b)) for a, b in forbidden}
    places = np.array([max(p.capacity, 0) * places_per_capacity for p in mentors], dtype=np.int64)
    pairs, locked_mentees = [], set()
    for mentor_id, mentee_id in locked:
        if mentor_id not in mentor_at or mentee_id not in mentee_at:
            raise MatchingError("A locked pair names someone who is not in this program.")
        mentor, mentee = mentors[mentor_at[mentor_id]], mentees[mentee_at[mentee_id]]
        if mentor.user_id == mentee.user_id or (mentor.user_id, mentee.user_id) in forbidden:
            raise MatchingError("A locked pair is the same person, blocked or already tried.")
        if mentee_at[mentee_id] in locked_mentees:
            raise MatchingError("A mentee is locked to two mentors.")
        if places[mentor_at[mentor_id]] == 0:
            raise MatchingError("A mentor has more locked mentees than places.")
        places[mentor_at[mentor_id]] -= 1
        pairs.append((mentor_at[mentor_id], mentee_at[mentee_id]))
        locked_mentees.add(mentee_at[mentee_id])
    free = np.array([k for k in range(len(mentees)) if k not in locked_mentees], dtype=np.int64)
    open_mentors = np.flatnonzero(places > 0)
    if mentor_top_k is None:  # enough per mentor to fill its places even when its top mentees go elsewhere
        mentor_top_k = 2 * int(places.max(initial=0)) + 2
    unmatched = {}
    if len(free):
        found = _search(mentors, mentees, free, open_mentors, weights, must, forbidden, top_k, mentor_top_k)
        rows, cols = free[found.rows], open_mentors[found.cols]
        priority = np.array([p.priority for p in mentees], dtype=float)
        bonus = mg.priority_bonus(found.scores, rows, priority)
        if method == "greedy":
            chosen = mg.greedy_assign(rows, cols, found.scores, bonus, places)
        else:
            chosen = mg.assign(rows, cols, found.scores + bonus, places, engine=method)
        pairs.extend(zip(chosen[1].tolist(), chosen[0].tolist(), strict=True))
        matched = set(chosen[0].tolist())
        for position, k in enumerate(free.tolist()):
            if k not in matched:
                reason = _unmatched_reason(position, len(mentors), len(open_mentors), found, must)
                unmatched[mentees[k].id] = reason
    return pairs, unmatched, weights, must


def _search(mentors, mentees, free, open_mentors, weights, must, forbidden, top_k, mentor_top_k) -> mg.Candidates:
    """Candidates between free mentees and mentors with room; never the same user, never a forbidden pair."""
    mentor_side, mentee_side, tables = mg.encode(mentors, mentees)
    column_of = defaultdict(list)  # user id -> columns (open mentors) of that user
    for column, i in enumerate(open_mentors.tolist()):
        column_of[mentors[i].user_id].append(column)
    rows_of = defaultdict(list)
    for row, k in enumerate(free.tolist()):
        rows_of[mentees[k].user_id].append(row)
    banned = set()
    for user, rows in rows_of.items():  # never the same person on both sides
        banned.update((row, column) for row in rows for column in column_of.get(user, ()))
    for mentor_user, mentee_user in forbidden:
        banned.update(
            (row, column) for row in rows_of.get(mentee_user, ()) for column in column_of.get(mentor_user, ())
        )
    banned_pairs = np.array(sorted(banned), dtype=np.int64).reshape(-1, 2)
    return mg.search(
        mentee_side.take(free),
        mentor_side.take(open_mentors),
        tables,
        weights,
        must,
        (banned_pairs[:, 0], banned_pairs[:, 1]),
        top_k,
        mentor_top_k,
    )


def _pair_result(mentors, mentees, pairs, unmatched, weights, must) -> MatchResult:
    scored = score_pairs([mentors[i] for i, _ in pairs], [mentees[k] for _, k in pairs], weights, must=must)
    suggestions = [
        Suggestion(mentors[i].id, [mentees[k].id], score, reasons)
        for (i, k), (score, reasons) in zip(pairs, scored, strict=True)
    ]
    suggestions.sort(key=lambda s: (-s.score, s.mentor_id, s.mentee_ids))
    return MatchResult(suggestions, unmatched, sum(s.score for s in suggestions))


def solve(
    mentors: list[Person],
    mentees: list[Person],
    *,
    weights: dict | None = None,
    must: frozenset[str] = frozenset(),
    forbidden: set[tuple[int, int]] = frozenset(),
    locked: list[tuple[int, int]] = (),
    top_k: int = 25,
    mentor_top_k: int | None = None,
    engine: str = "auto",
) -> MatchResult:
    """Exact best pairs with capacities over each mentee's top_k candidates; priority first."""
    args = (weights, must, forbidden, locked, top_k, mentor_top_k)
    pairs, unmatched, weights, must = _match(mentors, mentees, *args, places_per_capacity=1, method=engine)
    return _pair_result(mentors, mentees, pairs, unmatched, weights, must)


def greedy(
    mentors: list[Person],
    mentees: list[Person],
    *,
    weights: dict | None = None,
    must: frozenset[str] = frozenset(),
    forbidden: set[tuple[int, int]] = frozenset(),
    locked: list[tuple[int, int]] = (),
    top_k: int = 25,
    mentor_top_k: int | None = None,
    engine: str = "auto",  # accepted so greedy takes solve's keywords; unused
) -> MatchResult:
    """Baseline for the bench and tests: best candidate pairs first while there is room."""
    args = (weights, must, forbidden, locked, top_k, mentor_top_k)
    pairs, unmatched, weights, must = _match(mentors, mentees, *args, places_per_capacity=1, method="greedy")
    return _pair_result(mentors, mentees, pairs, unmatched, weights, must)


def solve_circles(
    mentors: list[Person],
    mentees: list[Person],
    *,
    circle_size: int,
    weights: dict | None = None,
    must: frozenset[str] = frozenset(),
    forbidden: set[tuple[int, int]] = frozenset(),
    locked: list[tuple[int, int]] = (),
    top_k: int = 25,
    mentor_top_k: int | None = None,
    engine: str = "auto",
) -> MatchResult:
    """Circles of one mentor and up to circle_size mentees: the same exact solver on capacity x circle_size places."""
    if circle_size < 1:
        raise MatchingError("A circle needs room for at least one mentee.")
    args = (weights, must, forbidden, locked, top_k, mentor_top_k)
    pairs, unmatched, weights, must = _match(mentors, mentees, *args, places_per_capacity=circle_size, method=engine)
    by_mentor = defaultdict(list)
    for i, k in pairs:
        by_mentor[i].append(k)
    suggestions = []
    for i, ks in by_mentor.items():
        # Mentees close in local time share a circle; circles are as even in size as possible.
        ks.sort(key=lambda k: (mf.utc_offset_hours(mentees[k].timezone) or 0.0, mentees[k].id))
        n_circles = -(-len(ks) // circle_size)
        for group in np.array_split(np.array(ks), n_circles):
            suggestions.append(_circle(mentors[i], [mentees[k] for k in group.tolist()], weights, must))
    suggestions.sort(key=lambda s: (-s.score, s.mentor_id, s.mentee_ids))
    return MatchResult(suggestions, unmatched, sum(s.score for s in suggestions))


def _circle(mentor: Person, group: list[Person], weights: dict[str, float], must: frozenset[str]) -> Suggestion:
    """One circle's suggestion: pair scores summed, reasons merged per field."""
    details = mf.pair_details_many([mentor] * len(group), group)
    points = defaultdict(float)
    for _, reasons in score_pairs([mentor] * len(group), group, weights, must=must):
        for reason in reasons:
            points[reason.field] += reason.points
    reasons = [
        Reason(name, points[name], mf.circle_text(name, [d[name][1] for d in details]))
        for name in FIELDS
        if weights[name] > 0 or name in must
    ]
    return Suggestion(mentor.id, [m.id for m in group], sum(r.points for r in reasons), reasons)
