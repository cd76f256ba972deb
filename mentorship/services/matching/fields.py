"""The six match fields: how well a mentor fits a mentee on each, in [0, 1], and the reason in words.

The fit functions take plain numbers or numpy arrays, so the vectorised candidate search
(matching_graph) and score_pair compute exactly the same values.
"""

import re
from collections import Counter
from datetime import UTC, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import numpy as np

FIELDS = ("topics", "goals", "timezone", "availability", "experience", "language")
# Hours apart are measured at one fixed instant so a pair's score never changes with the season.
REFERENCE_INSTANT = datetime(2025, 1, 15, 12, 0, tzinfo=UTC)
TIMEZONE_ZERO_HOURS = 8.0  # this many hours apart (or more) scores nothing
AVAILABILITY_ENOUGH = 3  # shared slots that give full points (fewer if either side offers fewer)
EXPERIENCE_FULL_GAP = 5.0  # years more than the mentee that give full points
LIST_LIMIT = 5  # names shown in a reason before "and N more"

STOP_WORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before being
    below between both but by can could did do does doing down during each few for from further had has
    have having he her here hers herself him himself his how i if in into is it its itself just me more
    most my myself no nor not now of off on once only or other our ours ourselves out over own same she
    should so some such than that the their theirs them themselves then there these they this those
    through to too under until up very was we were what when where which while who whom why will with
    would you your yours yourself yourselves im ive id dont want wants wanted learn learning like get
    getting help helping become better improve improving start starting need needs find know make good
    really able try trying someone something way ways new lot lots much many well year years looking
    hoping hope goal goals plan plans""".split()  # noqa: SIM905
)
DAY_NAMES = {"mon": "Mon", "tue": "Tue", "wed": "Wed", "thu": "Thu", "fri": "Fri", "sat": "Sat", "sun": "Sun"}
DAY_ORDER = {key: i for i, key in enumerate(DAY_NAMES)}
PART_ORDER = {"morning": 0, "afternoon": 1, "evening": 2}
_TOKEN = re.compile(r"[^\W_][\w+#]*(?:[.\-][\w+#]+)*")  # words in any script; keeps c++, c#, node.js


def normalise_tags(values) -> frozenset[str]:
    """Lower-case, trimmed, non-empty tags (topics, slots, languages)."""
    try:
        return _normalise_cached(values)
    except TypeError:  # a list or set instead of a frozenset
        return _normalise(values)


def _normalise(values) -> frozenset[str]:
    return frozenset(v.strip().lower() for v in values if v and v.strip())


_normalise_cached = lru_cache(maxsize=65536)(_normalise)


@lru_cache(maxsize=65536)
def goal_tokens(text: str) -> frozenset[str]:
    """The meaningful words of a goal text: lower-cased, stop words dropped, plural s removed."""
    words = set()
    for token in _TOKEN.findall((text or "").lower()):
        if token in STOP_WORDS or len(token) < 2:
            continue
        if len(token) > 4 and token.isalpha() and token.endswith("s") and not token.endswith("ss"):
            token = token[:-1]
        words.add(token)
    return frozenset(words)


@lru_cache(maxsize=2048)
def utc_offset_hours(name: str) -> float | None:
    """The zone's UTC offset in hours at the reference instant, or None for an unknown zone."""
    try:
        offset = REFERENCE_INSTANT.astimezone(ZoneInfo(name)).utcoffset()
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        return None
    return offset.total_seconds() / 3600.0


def hours_apart(a, b):
    """Hours between two UTC offsets around the clock (0 to 12); NaN when either is unknown."""
    d = np.abs(np.asarray(a, dtype=float) - np.asarray(b, dtype=float)) % 24.0
    return np.minimum(d, 24.0 - d)


def topics_fit(shared, mentee_count):
    """Share of the mentee's topics the mentor covers."""
    return shared / np.maximum(mentee_count, 1)  # nothing is shared when the mentee has no topics


def goals_fit(shared, mentor_count, mentee_count):
    """Cosine of the two goal word sets (shared / sqrt(|a| |b|))."""
    return shared / np.sqrt(np.maximum(mentor_count * mentee_count, 1.0))  # shared is 0 if either is empty


def timezone_fit(hours):
    """1 for the same local time, falling linearly to 0 at TIMEZONE_ZERO_HOURS apart; 0 if unknown."""
    fit = np.clip(1.0 - np.asarray(hours, dtype=float) / TIMEZONE_ZERO_HOURS, 0.0, 1.0)
    return np.nan_to_num(fit, nan=0.0)


def availability_fit(shared, mentor_count, mentee_count):
    """Shared slots against the few a pair needs (at most AVAILABILITY_ENOUGH)."""

    def needed(count):  # per side first, so only the last minimum spans all pairs
        return np.maximum(np.minimum(count, AVAILABILITY_ENOUGH), 1)

    return np.minimum(1.0, shared / np.minimum(needed(mentor_count), needed(mentee_count)))


def experience_fit(gap):
    """Mentor's extra years over the mentee, full at EXPERIENCE_FULL_GAP."""
    return np.clip(np.asarray(gap, dtype=float) / EXPERIENCE_FULL_GAP, 0.0, 1.0)


def language_fit(shared):
    """1 when the two share a language."""
    return np.minimum(shared, 1.0)


def slot_key(slot: str) -> tuple:
    """Sort key putting weekday slots in calendar order."""
    day, _, part = slot.partition("-")
    return (DAY_ORDER.get(day, 9), PART_ORDER.get(part, 9), slot)


def slot_label(slot: str) -> str:
    """'mon-evening' -> 'Mon evening'; other slot names unchanged."""
    day, _, part = slot.partition("-")
    return f"{DAY_NAMES[day]} {part}" if day in DAY_NAMES and part else slot


def pair_details_many(mentors: list, mentees: list) -> list[dict[str, tuple[float, object]]]:
    """For each (mentor, mentee) pair: every field's fit and what it rests on (names, hours, years)."""
    shared = {name: [] for name in ("topics", "goals", "availability", "language")}
    sizes = {name: [] for name in ("mentor_words", "mentee_words", "mentee_topics", "mentor_slots", "mentee_slots")}
    hours, gaps = [], []
    for mentor, mentee in zip(mentors, mentees, strict=True):
        mentee_topics = normalise_tags(mentee.topics)
        mentor_words, mentee_words = goal_tokens(mentor.goals), goal_tokens(mentee.goals)
        mentor_slots, mentee_slots = normalise_tags(mentor.availability), normalise_tags(mentee.availability)
        shared["topics"].append(sorted(normalise_tags(mentor.topics) & mentee_topics))
        shared["goals"].append(sorted(mentor_words & mentee_words))
        shared["availability"].append(sorted(mentor_slots & mentee_slots, key=slot_key))
        shared["language"].append(sorted(normalise_tags(mentor.languages) & normalise_tags(mentee.languages)))
        for name, value in zip(
            sizes, (mentor_words, mentee_words, mentee_topics, mentor_slots, mentee_slots), strict=True
        ):
            sizes[name].append(len(value))
        mentor_offset, mentee_offset = utc_offset_hours(mentor.timezone), utc_offset_hours(mentee.timezone)
        hours.append(np.nan if mentor_offset is None or mentee_offset is None else mentor_offset - mentee_offset)
        gaps.append(int(mentor.experience_years) - int(mentee.experience_years))
    count = {name: np.array([len(v) for v in values], dtype=float) for name, values in shared.items()}
    size = {name: np.array(values, dtype=float) for name, values in sizes.items()}
    apart = hours_apart(np.array(hours, dtype=float), 0.0)
    fits = {
        "topics": topics_fit(count["topics"], size["mentee_topics"]),
        "goals": goals_fit(count["goals"], size["mentor_words"], size["mentee_words"]),
        "timezone": timezone_fit(apart),
        "availability": availability_fit(count["availability"], size["mentor_slots"], size["mentee_slots"]),
        "experience": experience_fit(np.array(gaps, dtype=float)),
        "language": language_fit(count["language"]),
    }
    details = {**shared, "timezone": [None if np.isnan(h) else float(h) for h in apart], "experience": gaps}
    return [{name: (float(fits[name][k]), details[name][k]) for name in FIELDS} for k in range(len(gaps))]


def pair_details(mentor, mentee) -> dict[str, tuple[float, object]]:
    """Each field's fit and what it rests on, for one pair."""
    return pair_details_many([mentor], [mentee])[0]


def _names(items: list[str]) -> str:
    shown = ", ".join(items[:LIST_LIMIT])
    return shown if len(items) <= LIST_LIMIT else f"{shown} and {len(items) - LIST_LIMIT} more"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _hours(h: float) -> str:
    return f"{h:g} h"


def pair_text(field: str, detail) -> str:
    """One pair's reason for a field, in words."""
    if field == "topics":
        return f"{_plural(len(detail), 'shared topic')}: {_names(detail)}" if detail else "no shared topics"
    if field == "goals":
        return f"goals share {_plural(len(detail), 'word')}: {_names(detail)}" if detail else "goals share no words"
    if field == "timezone":
        if detail is None:
            return "timezone unknown"
        return "same local time" if detail == 0 else f"{_hours(detail)} apart"
    if field == "availability":
        labels = [slot_label(s) for s in detail]
        return f"{_plural(len(labels), 'shared time slot')}: {_names(labels)}" if labels else "no shared time slots"
    if field == "experience":
        if detail > 0:
            return f"{_plural(detail, 'more year')} of experience"
        return "same years of experience" if detail == 0 else f"mentee has {_plural(-detail, 'more year')}"
    if field == "language":
        return f"shared language: {_names(detail)}" if detail else "no shared language"
    raise ValueError(f"unknown field {field!r}")


def _counted(label: str, lists: list[list[str]], empty: str, rename=str) -> str:
    counts = Counter(name for names in lists for name in names)
    if not counts:
        return empty
    ranked = sorted(counts, key=lambda name: (-counts[name], name))
    return f"{label}: " + _names([f"{rename(name)} ({counts[name]} of {len(lists)})" for name in ranked])


def _span(values: list[float], unit) -> str:
    low, high = min(values), max(values)
    return unit(low) if low == high else f"{low:g}–{unit(high)}"


def circle_text(field: str, details: list) -> str:
    """A circle's reason for a field, merged over its mentees."""
    if len(details) == 1:
        return pair_text(field, details[0])
    if field == "topics":
        return _counted("shared topics", details, "no shared topics")
    if field == "goals":
        return _counted("goals share words", details, "goals share no words")
    if field == "availability":
        return _counted("shared time slots", details, "no shared time slots", slot_label)
    if field == "language":
        return _counted("shared language", details, "no shared language")
    if field == "timezone":
        known = [h for h in details if h is not None]
        if not known:
            return "timezones unknown"
        text = "same local time" if max(known) == 0 else f"{_span(known, _hours)} apart"
        missing = len(details) - len(known)
        return f"{text}, {missing} unknown" if missing else text
    if field == "experience":
        if min(details) == max(details):
            return pair_text(field, details[0])
        if min(details) > 0:
            return f"{_span(details, str)} more years of experience"
        return f"years more than the mentees: {min(details)} to {max(details)}"
    raise ValueError(f"unknown field {field!r}")
