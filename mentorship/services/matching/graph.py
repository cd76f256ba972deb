"""Candidate search and exact assignment behind services.matching: numpy/scipy, no Python loop over pairs.

Scores for every mentee x mentor pair are computed in blocks of mentees (sparse incidence
products for topics, goal words, slots and languages; broadcasting for timezone and
experience), each mentee keeps its top_k mentors and each mentor its best few mentees, and
the resulting sparse graph is solved exactly as an assignment on capacity-cloned mentors.
"""

from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import min_weight_full_bipartite_matching

try:  # OR-tools' min-cost flow: exact and fast; scipy's LAPJVsp stands in without it
    from ortools.graph.python import min_cost_flow
except ImportError:  # pragma: no cover - exercised by forcing engine="lapjvsp" in tests
    min_cost_flow = None

from mentorship.services.matching import fields as mf

BLOCK_CELLS = 250_000  # pairs scored at once: 2 MB float64 blocks stay in cache and out of mmap
MIN_SCORE = 1e-9  # a pair must score above this to be a candidate


@dataclass
class Side:
    """One side's features, encoded as arrays over shared vocabularies and lookup tables."""

    topics: sp.csr_array
    topic_counts: np.ndarray
    words: sp.csr_array
    word_counts: np.ndarray
    slots: sp.csr_array
    slot_counts: np.ndarray
    languages: sp.csr_array
    zone: np.ndarray  # index into Tables.timezone
    years: np.ndarray  # index into Tables.experience

    def take(self, index) -> "Side":
        """The same features for a subset of people (an index array or a slice)."""
        return Side(*(value[index] for value in vars(self).values()))


@dataclass
class Tables:
    """Fits that depend on few distinct values: [mentee value, mentor value] -> fit."""

    timezone: np.ndarray
    experience: np.ndarray


@dataclass
class Candidates:
    """Candidate edges (mentee index, mentor index, score) and per-mentee counts that explain misses."""

    rows: np.ndarray
    cols: np.ndarray
    scores: np.ndarray
    open_count: np.ndarray  # mentors with room, not forbidden
    must_count: np.ndarray  # ... that also pass every must rule
    positive_count: np.ndarray  # ... that also score above zero
    must_field_count: dict[str, np.ndarray] = field(default_factory=dict)


def _incidence(sets: list[frozenset[str]], vocabulary: dict[str, int]) -> sp.csr_array:
    kept = [[vocabulary[v] for v in s if v in vocabulary] for s in sets]
    indptr = np.zeros(len(sets) + 1, dtype=np.int64)
    indptr[1:] = np.cumsum([len(k) for k in kept])
    indices = np.fromiter((i for k in kept for i in k), dtype=np.int32, count=int(indptr[-1]))
    data = np.ones(len(indices), dtype=np.float32)
    return sp.csr_array((data, indices, indptr), shape=(len(sets), max(len(vocabulary), 1)))


def _codes(values: list) -> tuple[np.ndarray, list]:
    distinct = sorted(set(values), key=lambda v: (v is None, v))
    code = {v: i for i, v in enumerate(distinct)}
    return np.array([code[v] for v in values], dtype=np.int64), distinct


def encode(mentors: list, mentees: list) -> tuple[Side, Side, Tables]:
    """Encode both sides (same normalisation and fits as score_pair).

    Incidence matrices keep only the names found on both sides (no other name can be shared);
    the counts used by the fits are of the full sets.
    """
    people = list(mentors) + list(mentees)
    columns = {
        "topics": [mf.normalise_tags(p.topics) for p in people],
        "words": [mf.goal_tokens(p.goals) for p in people],
        "slots": [mf.normalise_tags(p.availability) for p in people],
        "languages": [mf.normalise_tags(p.languages) for p in people],
    }
    matrices = {}
    for name, sets in columns.items():
        both = set().union(*sets[: len(mentors)]) & set().union(*sets[len(mentors) :])
        matrices[name] = _incidence(sets, {v: i for i, v in enumerate(sorted(both))})
    counts = {name: np.array([len(s) for s in sets], dtype=float) for name, sets in columns.items()}
    zone, offsets = _codes([mf.utc_offset_hours(p.timezone) for p in people])
    years, distinct_years = _codes([int(p.experience_years) for p in people])
    offsets = np.array([np.nan if o is None else o for o in offsets], dtype=float)
    distinct_years = np.array(distinct_years, dtype=float)
    tables = Tables(
        timezone=mf.timezone_fit(mf.hours_apart(offsets[:, None], offsets[None, :])),
        experience=mf.experience_fit(distinct_years[None, :] - distinct_years[:, None]),
    )
    everyone = Side(
        topics=matrices["topics"],
        topic_counts=counts["topics"],
        words=matrices["words"],
        word_counts=counts["words"],
        slots=matrices["slots"],
        slot_counts=counts["slots"],
        languages=matrices["languages"],
        zone=zone,
        years=years,
    )
    return everyone.take(slice(0, len(mentors))), everyone.take(slice(len(mentors), len(people))), tables


OVERLAPS = ("topics", "words", "slots", "languages")
DENSE_LIMIT = 50_000_000  # vocabulary x mentors cells above which a mentor matrix stays sparse


def _mentor_columns(mentors: Side) -> dict:
    """Mentor incidence matrices transposed (names x mentors), dense when small: sparse @ dense is fastest."""
    result = {}
    for name in OVERLAPS:
        matrix = getattr(mentors, name).T
        result[name] = matrix.toarray() if matrix.shape[0] * matrix.shape[1] <= DENSE_LIMIT else matrix.tocsr()
    return result


def _shared(block: sp.csr_array, mentor_columns) -> np.ndarray:
    product = block @ mentor_columns
    return np.asarray(product.toarray() if sp.issparse(product) else product, dtype=np.float64)


def _block_fits(fields: set[str], mentees: Side, mentors: Side, columns: dict, tables: Tables) -> dict:
    """Each requested field's fit for a block of mentees (rows) against all mentors (columns)."""
    fits = {}
    if "topics" in fields:
        fits["topics"] = mf.topics_fit(_shared(mentees.topics, columns["topics"]), mentees.topic_counts[:, None])
    if "goals" in fields:
        shared = _shared(mentees.words, columns["words"])
        fits["goals"] = mf.goals_fit(shared, mentors.word_counts[None, :], mentees.word_counts[:, None])
    if "timezone" in fields:
        fits["timezone"] = tables.timezone[mentees.zone[:, None], mentors.zone[None, :]]
    if "availability" in fields:
        shared = _shared(mentees.slots, columns["slots"])
        fits["availability"] = mf.availability_fit(shared, mentors.slot_counts[None, :], mentees.slot_counts[:, None])
    if "experience" in fields:
        fits["experience"] = tables.experience[mentees.years[:, None], mentors.years[None, :]]
    if "language" in fields:
        fits["language"] = mf.language_fit(_shared(mentees.languages, columns["languages"]))
    return fits


def _top_per_row(values: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Column indices and values of each row's k largest entries."""
    n = values.shape[1]
    if k >= n:
        index = np.broadcast_to(np.arange(n), values.shape)
    else:
        index = np.argpartition(values, n - k, axis=1)[:, n - k :]
    return index, np.take_along_axis(values, index, axis=1)


class _BestPerMentor:
    """Running best j mentees of every mentor over the blocks."""

    def __init__(self, j: int, m: int):
        self.j = j
        self.value = np.full((0, m), -np.inf)
        self.row = np.zeros((0, m), dtype=np.int64)

    def of_block(self, masked: np.ndarray, start: int) -> tuple[np.ndarray, np.ndarray]:
        """The block's best j mentees per mentor (rows, values), j x mentors."""
        if self.j == 0:
            return self.row, self.value
        index, top = _top_per_row(np.ascontiguousarray(masked.T), min(self.j, masked.shape[0]))
        return index.T + start, top.T

    def merge(self, rows: np.ndarray, values: np.ndarray) -> None:
        self.value = np.concatenate([self.value, values])
        self.row = np.concatenate([self.row, rows])
        if len(self.value) > self.j:
            keep = np.argpartition(self.value, len(self.value) - self.j, axis=0)[-self.j :]
            self.value = np.take_along_axis(self.value, keep, axis=0)
            self.row = np.take_along_axis(self.row, keep, axis=0)

    def edges(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        finite = np.isfinite(self.value)
        return self.row[finite], np.nonzero(finite)[1], self.value[finite]


def search(
    mentees: Side,
    mentors: Side,
    tables: Tables,
    weights: dict[str, float],
    must: frozenset[str],
    banned: tuple[np.ndarray, np.ndarray],
    top_k: int,
    mentor_top_k: int,
) -> Candidates:
    """Score every pair block by block; keep each mentee's top_k and each mentor's top mentor_top_k mentees."""
    n, m = len(mentees.zone), len(mentors.zone)
    fields = {f for f in mf.FIELDS if weights[f] > 0} | set(must)
    columns = _mentor_columns(mentors)
    banned_mentee, banned_mentor = banned
    counts = {name: np.zeros(n, dtype=np.int64) for name in ("open", "must", "positive", *must)}
    counts["open"][:] = m - np.bincount(banned_mentee, minlength=n)
    best = _BestPerMentor(min(mentor_top_k, n), m)
    block = max(1, BLOCK_CELLS // max(m, 1))

    def score_block(start: int):
        stop = min(n, start + block)
        fits = _block_fits(fields, mentees.take(slice(start, stop)), mentors, columns, tables)
        score = np.zeros((stop - start, m))
        for name in mf.FIELDS:  # same order of additions as score_pair, so the sums agree exactly
            if weights[name] > 0:
                score += weights[name] * fits[name]
        ok = np.ones(score.shape, dtype=bool)
        inside = (banned_mentee >= start) & (banned_mentee < stop)
        ok[banned_mentee[inside] - start, banned_mentor[inside]] = False
        open_ok = ok.copy() if must else ok
        for name in sorted(must):
            passes = fits[name] > 0
            counts[name][start:stop] = np.count_nonzero(open_ok & passes, axis=1)
            ok &= passes
        counts["must"][start:stop] = np.count_nonzero(ok, axis=1) if must else counts["open"][start:stop]
        ok &= score > MIN_SCORE
        counts["positive"][start:stop] = np.count_nonzero(ok, axis=1)
        score[~ok] = -np.inf
        index, top = _top_per_row(score, min(top_k, m))
        keep = np.isfinite(top)
        return (np.nonzero(keep)[0] + start, index[keep], top[keep]), best.of_block(score, start)

    edges = []
    for start in range(0, n if m else 0, block):
        block_edges, block_best = score_block(start)
        edges.append(block_edges)
        best.merge(*block_best)
    edges.append(best.edges())
    rows, cols, vals = (np.concatenate([e[i] for e in edges]) for i in range(3))
    _, first = np.unique(rows.astype(np.int64) * max(m, 1) + cols, return_index=True)
    return Candidates(
        rows=rows[first].astype(np.int64),
        cols=cols[first].astype(np.int64),
        scores=vals[first].astype(np.float64),
        open_count=counts["open"],
        must_count=counts["must"],
        positive_count=counts["positive"],
        must_field_count={name: counts[name] for name in must},
    )


def priority_bonus(scores: np.ndarray, rows: np.ndarray, priority: np.ndarray) -> np.ndarray:
    """Per-edge bonus that makes the sum of matched priorities dominate any difference in score."""
    if len(scores) == 0 or not np.any(priority[rows] > 0):
        return np.zeros(len(scores))
    big = float(scores.max()) * (len(np.unique(rows)) + 1) + 1.0
    return big * np.maximum(priority[rows], 0)


def assign(rows: np.ndarray, cols: np.ndarray, value: np.ndarray, capacity: np.ndarray, engine: str = "auto"):
    """Exact maximum-value assignment: each row at most once, column c at most capacity[c] times.

    engine "flow": OR-tools min-cost flow (source -> mentee -> mentor -> sink, plus a source -> sink
    bypass for mentees left unmatched); "lapjvsp": scipy's sparse assignment on capacity-cloned
    mentors; "auto": flow when OR-tools is installed. Both are exact; flow is much faster at scale.
    """
    if engine not in ("auto", "flow", "lapjvsp"):
        raise ValueError(f"unknown engine {engine!r}")
    keep = capacity[cols] > 0
    rows, cols, value = rows[keep], cols[keep], value[keep]
    if len(rows) == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    row_ids, r = np.unique(rows, return_inverse=True)
    col_ids, c = np.unique(cols, return_inverse=True)
    if engine == "auto":
        engine = "lapjvsp" if min_cost_flow is None else "flow"
    if engine == "flow" and min_cost_flow is None:
        raise RuntimeError("engine 'flow' needs OR-tools (pip install ortools)")
    solver = _assign_flow if engine == "flow" else _assign_lapjvsp
    matched_r, matched_c = solver(r, c, value, capacity[col_ids].astype(np.int64), len(row_ids))
    return row_ids[matched_r], col_ids[matched_c]


def _assign_flow(r, c, value, places, n_rows):
    n_cols = len(places)
    source, sink, n_nodes = n_rows + n_cols, n_rows + n_cols + 1, n_rows + n_cols + 2
    # Integer costs as fine as int64 allows with the solver's internal scaling by (nodes + 1).
    scale = 2.0**56 / (float(value.max()) * (n_nodes + 1))
    n_edges = len(r)
    tails = np.concatenate([np.full(n_rows, source), r, n_rows + np.arange(n_cols), [source]])
    heads = np.concatenate([np.arange(n_rows), n_rows + c, np.full(n_cols, sink), [sink]])
    capacities = np.concatenate([np.ones(n_rows + n_edges), places, [n_rows]])
    costs = np.concatenate([np.zeros(n_rows), -np.rint(value * scale), np.zeros(n_cols + 1)])
    flow = min_cost_flow.SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(
        tails.astype(np.int32), heads.astype(np.int32), capacities.astype(np.int64), costs.astype(np.int64)
    )
    supplies = np.zeros(n_nodes, dtype=np.int64)
    supplies[source], supplies[sink] = n_rows, -n_rows
    flow.set_nodes_supplies(np.arange(n_nodes, dtype=np.int32), supplies)
    status = flow.solve()
    if status != flow.OPTIMAL:
        raise RuntimeError(f"min-cost flow ended with status {status}")
    used = np.asarray(flow.flows(np.arange(n_rows, n_rows + n_edges, dtype=np.int32))) > 0
    return r[used], c[used]


def _assign_lapjvsp(r, c, value, places, n_rows):
    # Mentors cloned once per place (no more places than candidates); every row gets a private
    # "unmatched" column so a full matching always exists; minimise offset - value.
    places = np.minimum(places, np.bincount(c, minlength=len(places)))
    first_place = np.concatenate([[0], np.cumsum(places)[:-1]])
    n_places = int(places.sum())
    copies = places[c]
    edge = np.repeat(np.arange(len(r)), copies)
    within = np.arange(len(edge)) - np.repeat(np.cumsum(copies) - copies, copies)
    offset = float(value.max()) + 1.0  # costs offset - value are all >= 1, never an explicit zero
    graph = sp.csr_array(
        (
            np.concatenate([offset - value[edge], np.full(n_rows, offset)]),
            (
                np.concatenate([r[edge], np.arange(n_rows)]),
                np.concatenate([first_place[c[edge]] + within, n_places + np.arange(n_rows)]),
            ),
        ),
        shape=(n_rows, n_places + n_rows),
    )
    matched_rows, matched_places = min_weight_full_bipartite_matching(graph)
    real = matched_places < n_places
    owner = np.repeat(np.arange(len(places)), places)
    return matched_rows[real], owner[matched_places[real]]


def greedy_assign(rows: np.ndarray, cols: np.ndarray, value: np.ndarray, bonus: np.ndarray, capacity: np.ndarray):
    """Baseline: take edges by priority then score, best first, while both ends have room."""
    left = capacity.astype(np.int64).copy()
    taken = set()
    chosen_rows, chosen_cols = [], []
    for e in np.lexsort((-value, -bonus)):
        row, col = int(rows[e]), int(cols[e])
        if row not in taken and left[col] > 0:
            taken.add(row)
            left[col] -= 1
            chosen_rows.append(row)
            chosen_cols.append(col)
    return np.array(chosen_rows, dtype=np.int64), np.array(chosen_cols, dtype=np.int64)
