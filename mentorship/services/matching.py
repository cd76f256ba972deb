"""Mentor–mentee matching: scores with reasons in words, and an exact assignment with capacities.

Pure Python + numpy/scipy (no Flask, no database). This is a small reference implementation of
the interface in MATCHING_API.md (dense assignment, fine for small programs); the fast sparse
solver replaces it.
"""

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import numpy as np
from scipy.optimize import linear_sum_assignment


@dataclass(frozen=True)
class Person:
    id: int
    user_id: int
    role: str
    topics: frozenset[str]
    goals: str
    timezone: str
    availability: frozenset[str]
    experience_years: int
    capacity: int = 1
    languages: frozenset[str] = frozenset()
    priority: int = 0


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
    unmatched: dict[int, str]
    total_score: float


DEFAULT_WEIGHTS = {"topics": 40, "goals": 20, "timezone": 15, "availability": 15, "experience": 10, "language": 0}
FIELDS = tuple(DEFAULT_WEIGHTS)
_STOPWORDS = frozenset(
    re.findall(
        r"\w+",
        "a an and are as at be but by for from get have how i in into is it me more my of on or so that the this to "
        "want with would like learn better about who what when can will",
    )
)
_REFERENCE_TIME = datetime(2026, 1, 15, 12, tzinfo=UTC)
_PRIORITY_BONUS = 10_000.0
_DISALLOWED = 1e12


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9+#]+", text.lower()) if len(w) > 2 and w not in _STOPWORDS}


def _offset_hours(name: str) -> float:
    try:
        offset = _REFERENCE_TIME.astimezone(ZoneInfo(name)).utcoffset()
    except (ZoneInfoNotFoundError, ValueError):
        offset = None
    return offset.total_seconds() / 3600 if offset is not None else 0.0


def hours_apart(a: str, b: str) -> float:
    """Hours between two IANA timezones (the shorter way round the clock)."""
    diff = abs(_offset_hours(a) - _offset_hours(b)) % 24
    return min(diff, 24 - diff)


def _listed(items) -> str:
    return ", ".join(sorted(items))


def score_pair(mentor: Person, mentee: Person, weights: dict | None = None) -> tuple[float, list[Reason]]:
    """How well a mentor suits a mentee, with one reason in words per weighted field."""
    weights = {**DEFAULT_WEIGHTS, **(weights or {})}
    reasons = [r for r in _all_reasons(mentor, mentee, weights) if weights.get(r.field, 0) > 0]
    return round(sum(r.points for r in reasons), 2), reasons


def _all_reasons(mentor: Person, mentee: Person, weights: dict) -> list[Reason]:
    """A reason per field; points are weight x fit (0..1), so a zero weight gives zero points."""
    reasons: list[Reason] = []

    shared = mentor.topics & mentee.topics
    wanted = max(1, min(3, len(mentee.topics)))
    fraction = min(1.0, len(shared) / wanted)
    text = f"{len(shared)} shared topic{'s' if len(shared) != 1 else ''}: {_listed(shared)}"
    if not shared:
        text = "no shared topics"
    reasons.append(Reason("topics", weights["topics"] * fraction, text))

    mentee_words = _words(mentee.goals)
    mentor_words = _words(mentor.goals) | {w for t in mentor.topics for w in _words(t.replace("-", " "))}
    common = mentee_words & mentor_words
    fraction = min(1.0, len(common) / 3) if mentee_words else 0.0
    text = f"goals share {_listed(list(common)[:5])}" if common else "goals have no words in common"
    reasons.append(Reason("goals", weights["goals"] * fraction, text))

    apart = hours_apart(mentor.timezone, mentee.timezone)
    fraction = max(0.0, 1 - apart / 12)
    text = "same time zone" if apart == 0 else f"{apart:g} h apart"
    reasons.append(Reason("timezone", weights["timezone"] * fraction, text))

    slots = mentor.availability & mentee.availability
    fraction = min(1.0, len(slots) / 3)
    text = f"{len(slots)} shared time slot{'s' if len(slots) != 1 else ''}" if slots else "no shared time slots"
    reasons.append(Reason("availability", weights["availability"] * fraction, text))

    gap = mentor.experience_years - mentee.experience_years
    if gap >= 2:
        fraction, text = 1.0, f"mentor has {gap} more years of experience"
    elif gap >= 0:
        fraction, text = 0.5, "similar experience"
    else:
        fraction, text = 0.0, f"mentee has {-gap} more years of experience"
    reasons.append(Reason("experience", weights["experience"] * fraction, text))

    languages = mentor.languages & mentee.languages
    text = f"both speak {_listed(languages)}" if languages else "no shared language listed"
    reasons.append(Reason("language", weights["language"] * (1.0 if languages else 0.0), text))

    return [Reason(r.field, round(r.points, 2), r.text) for r in reasons]


def _allowed(mentor: Person, mentee: Person, must, forbidden) -> str | None:
    """None when the pair may be made, else the kind of refusal ("must": a must field does not fit at all)."""
    if mentor.user_id == mentee.user_id or (mentor.user_id, mentee.user_id) in forbidden:
        return "forbidden"
    if must:
        fit = {r.field: r.points for r in _all_reasons(mentor, mentee, {f: 1 for f in FIELDS})}
        if any(fit.get(field, 0) <= 0 for field in must):
            return "must"
    return None


def _solve_slots(mentors, mentees, *, slots_per_mentor, weights, must, forbidden, locked, top_k):
    """Assign mentees to mentor slots; returns ({mentee id: mentor id}, scores, unmatched reasons)."""
    forbidden = set(forbidden)
    by_id = {p.id: p for p in mentors + mentees}
    free = {m.id: slots_per_mentor(m) for m in mentors}
    assigned: dict[int, int] = {}
    scored: dict[tuple[int, int], tuple[float, list[Reason]]] = {}
    for mentor_id, mentee_id in locked:
        mentor, mentee = by_id.get(mentor_id), by_id.get(mentee_id)
        if mentor is None or mentee is None or mentee_id in assigned or free.get(mentor_id, 0) <= 0:
            continue
        if mentor.user_id == mentee.user_id or (mentor.user_id, mentee.user_id) in forbidden:
            continue
        assigned[mentee_id] = mentor_id
        free[mentor_id] -= 1
        scored[(mentor_id, mentee_id)] = score_pair(mentor, mentee, weights)

    open_mentees = [m for m in mentees if m.id not in assigned]
    refusals: dict[int, set[str]] = {m.id: set() for m in open_mentees}
    candidates: dict[int, list[tuple[float, int]]] = {}
    for mentee in open_mentees:
        options = []
        for mentor in mentors:
            score, reasons = score_pair(mentor, mentee, weights)
            refusal = _allowed(mentor, mentee, must, forbidden)
            if refusal:
                refusals[mentee.id].add(refusal)
                continue
            scored[(mentor.id, mentee.id)] = (score, reasons)
            options.append((score, mentor.id))
        options.sort(reverse=True)
        candidates[mentee.id] = options[:top_k]

    columns = [mentor.id for mentor in mentors for _ in range(max(0, free[mentor.id]))]
    if open_mentees and columns:
        size = len(columns) + len(open_mentees)
        benefit = np.full((len(open_mentees), size), -_DISALLOWED)
        for row, mentee in enumerate(open_mentees):
            benefit[row, len(columns) + row] = 0.0
            options = dict((mentor_id, score) for score, mentor_id in candidates[mentee.id])
            for col, mentor_id in enumerate(columns):
                if mentor_id in options:
                    benefit[row, col] = options[mentor_id] + 1.0 + _PRIORITY_BONUS * mentee.priority
        rows, cols = linear_sum_assignment(benefit, maximize=True)
        for row, col in zip(rows, cols, strict=True):
            if col < len(columns) and benefit[row, col] > -_DISALLOWED:
                assigned[open_mentees[row].id] = columns[col]

    unmatched = {}
    for mentee in open_mentees:
        if mentee.id in assigned:
            continue
        if not mentors:
            unmatched[mentee.id] = "no mentors are available"
        elif candidates[mentee.id]:
            unmatched[mentee.id] = "all suitable mentors are full"
        elif "must" in refusals[mentee.id]:
            unmatched[mentee.id] = "no mentor meets the must rules (" + ", ".join(sorted(must)) + ")"
        else:
            unmatched[mentee.id] = "blocked or already tried with every candidate"
    return assigned, scored, unmatched


def solve(
    mentors: list[Person],
    mentees: list[Person],
    *,
    weights: dict | None = None,
    must: frozenset[str] = frozenset(),
    forbidden=frozenset(),
    locked=(),
    top_k: int = 25,
) -> MatchResult:
    """Best one-to-one assignment under capacities; higher-priority mentees first."""
    assigned, scored, unmatched = _solve_slots(
        list(mentors),
        list(mentees),
        slots_per_mentor=lambda m: m.capacity,
        weights=weights,
        must=must,
        forbidden=forbidden,
        locked=locked,
        top_k=top_k,
    )
    suggestions = []
    for mentee in mentees:
        if mentee.id in assigned:
            mentor_id = assigned[mentee.id]
            score, reasons = scored[(mentor_id, mentee.id)]
            suggestions.append(Suggestion(mentor_id, [mentee.id], score, reasons))
    return MatchResult(suggestions, unmatched, round(sum(s.score for s in suggestions), 2))


def _merge_reasons(groups: list[list[Reason]]) -> list[Reason]:
    merged: dict[str, list[Reason]] = {}
    for reasons in groups:
        for reason in reasons:
            merged.setdefault(reason.field, []).append(reason)
    out = []
    for field, reasons in merged.items():
        points = round(sum(r.points for r in reasons) / len(reasons), 2)
        texts = list(dict.fromkeys(r.text for r in reasons))
        out.append(Reason(field, points, "; ".join(texts)))
    return out


def solve_circles(
    mentors: list[Person],
    mentees: list[Person],
    *,
    circle_size: int,
    weights=None,
    must=frozenset(),
    forbidden=frozenset(),
    locked=(),
) -> MatchResult:
    """Circles of one mentor and up to circle_size mentees (capacity = circles per mentor)."""
    assigned, scored, unmatched = _solve_slots(
        list(mentors),
        list(mentees),
        slots_per_mentor=lambda m: m.capacity * circle_size,
        weights=weights,
        must=must,
        forbidden=forbidden,
        locked=locked,
        top_k=25,
    )
    suggestions = []
    for mentor in mentors:
        mine = [m.id for m in mentees if assigned.get(m.id) == mentor.id]
        for start in range(0, len(mine), circle_size):
            group = mine[start : start + circle_size]
            pair_scores = [scored[(mentor.id, mentee_id)] for mentee_id in group]
            score = round(sum(s for s, _ in pair_scores) / len(group), 2)
            suggestions.append(Suggestion(mentor.id, group, score, _merge_reasons([r for _, r in pair_scores])))
    return MatchResult(suggestions, unmatched, round(sum(s.score for s in suggestions), 2))


def greedy(
    mentors, mentees, *, weights=None, must=frozenset(), forbidden=frozenset(), locked=(), top_k=25
) -> MatchResult:
    """Best pair first until capacities run out: a baseline for benchmarks and tests."""
    forbidden = set(forbidden)
    by_id = {p.id: p for p in list(mentors) + list(mentees)}
    free = {m.id: m.capacity for m in mentors}
    assigned: dict[int, tuple[int, float, list[Reason]]] = {}
    for mentor_id, mentee_id in locked:
        if mentor_id in free and mentee_id in by_id and free[mentor_id] > 0 and mentee_id not in assigned:
            score, reasons = score_pair(by_id[mentor_id], by_id[mentee_id], weights)
            assigned[mentee_id] = (mentor_id, score, reasons)
            free[mentor_id] -= 1
    pairs = []
    for mentee in mentees:
        for mentor in mentors:
            score, reasons = score_pair(mentor, mentee, weights)
            if _allowed(mentor, mentee, must, forbidden) is None:
                pairs.append((mentee.priority, score, mentor.id, mentee.id, reasons))
    pairs.sort(key=lambda p: (p[0], p[1]), reverse=True)
    for _priority, score, mentor_id, mentee_id, reasons in pairs:
        if mentee_id not in assigned and free[mentor_id] > 0:
            assigned[mentee_id] = (mentor_id, score, reasons)
            free[mentor_id] -= 1
    suggestions = [Suggestion(a[0], [mid], a[1], a[2]) for mid, a in assigned.items()]
    unmatched = {m.id: "no suitable mentor was free" for m in mentees if m.id not in assigned}
    return MatchResult(suggestions, unmatched, round(sum(s.score for s in suggestions), 2))
