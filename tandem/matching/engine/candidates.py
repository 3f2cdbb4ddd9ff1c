"""Candidate pairs: every (mentee, mentor) pair that breaks no hard rule, with its score.

The rules and criteria are those of ``rules``, computed for whole blocks of pairs at once with
numpy. A k-d tree over the mentors' homes (as points on the unit sphere) finds the mentors
within the programme's maximum distance of each block of mentees, so at national scale only
nearby pairs are ever looked at; at national scale two forked processes share the mentees.
Scores are kept as whole hundredths of a point ("centipoints"), so the solver works on exact
integers.
"""

from __future__ import annotations

import math
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

import numpy as np
from scipy.spatial import cKDTree

from . import rules
from .columns import People
from .instance import Criteria, Instance
from .vocabulary import CRITERIA, LEVEL_RANK, LEVELS

GENDER_CODE = {"woman": 0, "man": 1, "non_binary": 2, "unknown": 3}
BLOCK_PAIRS = 2_000_000  # pairs evaluated at once: bounds the scorer's memory
WORKERS = 2  # processes that find pairs at once (the machines have two cores)
PARALLEL_FROM = 20_000  # mentees; below this, starting the processes costs more than it saves


@dataclass
class Candidates:
    """Feasible pairs as parallel arrays (indices into the people as given), sorted by mentee,
    then by score (best first), then by mentor."""

    mentee: np.ndarray  # int32
    mentor: np.ndarray  # int32
    points: np.ndarray  # int32, centipoints 0..10000

    def __len__(self) -> int:
        return len(self.mentee)


def _vocabulary(*groups: list[str]) -> dict[str, int]:
    return {value: index for index, value in enumerate(sorted(set().union(*groups)))}


def _bitsets(n: int, rows: np.ndarray, codes: np.ndarray, words: int) -> np.ndarray:
    """One row of 64-bit words per person, bit k set when they have vocabulary value k."""
    out = np.zeros((n, max(1, words)), dtype=np.uint64)
    word, bit = np.divmod(codes, 64)
    flags = np.left_shift(np.uint64(1), bit.astype(np.uint64))
    for w in range(words):
        here = word == w
        np.bitwise_or.at(out[:, w], rows[here], flags[here])
    return out


def _common_count(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.bitwise_count(a & b).sum(axis=1, dtype=np.int64)


def _isco_digits(codes: list[str | None]) -> np.ndarray:
    """ISCO-08 codes as rows of 4 digits, -1 past the code's end."""
    raw = np.array([(code or "").ljust(4, "x") for code in codes], dtype="S4")
    digits = raw.view(np.uint8).reshape(len(codes), 4).astype(np.int8) - ord("0")
    digits[(digits < 0) | (digits > 9)] = -1
    return digits


class Side:
    """One side's people as arrays, in the engine's order (``order``: rows of ``people``)."""

    def __init__(self, people: People, order: np.ndarray, criteria: Criteria, vocab: dict):
        n = len(order)
        # Where each person as given lands in the engine's order.
        position = np.empty(n, dtype=np.int64)
        position[order] = np.arange(n)
        self.lat = people.lat[order]
        self.lon = people.lon[order]
        self.located = ~np.isnan(self.lat)
        lat, lon = np.radians(np.nan_to_num(self.lat)), np.radians(np.nan_to_num(self.lon))
        self.xyz = np.column_stack(
            [np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)]
        )
        self.max_km = people.max_km[order]

        # One bitset of languages per level from the floor up: languages[k] holds the languages
        # spoken at level floor + k or higher.
        floor = LEVEL_RANK[criteria.min_language_level]
        languages = vocab["languages"]
        code = np.array([languages.get(c, -1) for c in people.language_code], dtype=np.int64)
        usable = (code >= 0) & (people.language_rank >= floor)
        owner = position[people.language_owner[usable]]
        code, above = code[usable], people.language_rank[usable] - floor
        words = max(1, math.ceil(len(languages) / 64))
        self.languages = np.stack(
            [
                _bitsets(n, owner[above >= k], code[above >= k], words)
                for k in range(len(LEVELS) - floor)
            ]
        )

        self.availability = people.availability[order]
        self.availability_n = np.bitwise_count(self.availability).astype(np.int64)
        self.sectors = self._set_column(
            n, position[people.sector_owner], people.sector, vocab["sectors"]
        )
        self.interests = self._set_column(
            n, position[people.interest_owner], people.interest, vocab["interests"]
        )
        self.interests_n = np.bitwise_count(self.interests).sum(axis=1, dtype=np.int64)
        self.isco = _isco_digits([people.isco[row] for row in order.tolist()])
        self.gender = people.gender[order]
        self.wish = people.wish[order]
        self.birth_year = people.birth_year[order]
        self.waiting = np.minimum(
            1.0, people.days_waiting[order] / criteria.waiting_full_after_days
        )

    @staticmethod
    def _set_column(n, rows, values: list[str], vocabulary: dict[str, int]) -> np.ndarray:
        codes = np.array([vocabulary[value] for value in values], dtype=np.int64)
        return _bitsets(n, rows, codes, math.ceil(len(vocabulary) / 64))


def by_id(ids: list[str]) -> np.ndarray:
    """Rows in order of id: the engine's order, so the same instance gives the same pairs."""
    return np.array(sorted(range(len(ids)), key=ids.__getitem__), dtype=np.int64)


def encode(instance: Instance, mentee_order=None, mentor_order=None) -> tuple[Side, Side]:
    """Both sides as arrays (by default in the order given)."""
    mentees, mentors = instance.mentee_columns, instance.mentor_columns
    if mentee_order is None:
        mentee_order = np.arange(len(mentees))
    if mentor_order is None:
        mentor_order = np.arange(len(mentors))
    floor = LEVEL_RANK[instance.criteria.min_language_level]

    def spoken(people: People) -> set[str]:
        ranks = people.language_rank.tolist()
        return {
            code for code, rank in zip(people.language_code, ranks, strict=True) if rank >= floor
        }

    # Only languages both sides speak well enough can make a pair.
    shared = spoken(mentees) & spoken(mentors)
    vocab = {
        "languages": {code: i for i, code in enumerate(sorted(shared))},
        "sectors": _vocabulary(mentees.sector, mentors.sector),
        "interests": _vocabulary(mentees.interest, mentors.interest),
    }
    return (
        Side(mentees, mentee_order, instance.criteria, vocab),
        Side(mentors, mentor_order, instance.criteria, vocab),
    )


def score_pairs(
    criteria: Criteria,
    a: Side,
    b: Side,
    ti: np.ndarray,
    tj: np.ndarray,
    channel: int | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The pairs (a[ti], b[tj]) that break no hard rule (capacity and exclusions aside), as
    (ti, tj, centipoints). The same arithmetic as ``rules.contributions``, in the same order;
    the cheap rules run first so the costly ones only see pairs still in the running.

    ``channel``: the pairs were found as speakers of the language with this index; pairs that
    also share a language of a lower index are dropped (they are found under that one)."""

    def keep(mask):
        nonlocal ti, tj
        ti, tj = ti[mask], tj[mask]

    # Availability overlap (the rule that rules out most nearby pairs).
    if criteria.min_availability_overlap:
        overlap = np.bitwise_count(a.availability[ti] & b.availability[tj])
        keep(overlap >= criteria.min_availability_overlap)

    # Gender wish.
    wish = a.wish[ti]
    keep((wish < 0) | (wish == b.gender[tj]))

    if channel:
        word, bit = divmod(channel, 64)
        earlier = np.zeros(len(ti), dtype=bool)
        for w in range(word + 1):
            mask = np.uint64((1 << bit) - 1) if w == word else np.uint64(0xFFFFFFFFFFFFFFFF)
            earlier |= (a.languages[0, ti, w] & b.languages[0, tj, w] & mask) != 0
        keep(~earlier)

    # Languages: the highest layer in which both share a language (-1: none).
    best = np.full(len(ti), -1, dtype=np.int64)
    for k in range(a.languages.shape[0]):
        common = (a.languages[k][ti] & b.languages[k][tj]).any(axis=1)
        if k == 0:
            keep(common)
            best = np.zeros(len(ti), dtype=np.int64)
        else:
            best[common] = k

    # Distance.
    limit = np.minimum(a.max_km[ti], b.max_km[tj])
    if criteria.max_distance_km is not None:
        limit = np.minimum(limit, criteria.max_distance_km)
    km = rules.great_circle_km(a.lat[ti], a.lon[ti], b.lat[tj], b.lon[tj])
    located = a.located[ti] & b.located[tj]
    limited = np.isfinite(limit)
    fits = ~limited | (located & (km <= limit))
    keep(fits)
    best, km, limit, limited, located = (
        best[fits],
        km[fits],
        limit[fits],
        limited[fits],
        located[fits],
    )

    # Criteria of the feasible pairs.
    floor = LEVEL_RANK[criteria.min_language_level]
    language = (best + 1) / (len(LEVELS) - floor)

    shared_sector = (a.sectors[ti] & b.sectors[tj]).any(axis=1)
    ia, ib = a.isco[ti], b.isco[tj]
    prefix = np.zeros(len(ti), dtype=np.int64)
    running = np.ones(len(ti), dtype=bool)
    for col in range(4):
        running &= (ia[:, col] >= 0) & (ia[:, col] == ib[:, col])
        prefix += running
    sector = np.maximum(
        np.where(shared_sector, rules.SHARED_SECTOR_SCORE, 0.0),
        np.asarray(rules.ISCO_PREFIX_SCORE)[prefix],
    )

    scale = np.where(limited, limit, rules.DEFAULT_DISTANCE_SCALE_KM)
    with np.errstate(divide="ignore", invalid="ignore"):
        distance = np.where(scale == 0, 1.0, np.maximum(0.0, 1.0 - km / scale))
    distance = np.where(located, distance, 0.0)

    overlap = np.bitwise_count(a.availability[ti] & b.availability[tj]).astype(np.int64)
    smaller = np.minimum(a.availability_n[ti], b.availability_n[tj])
    with np.errstate(divide="ignore", invalid="ignore"):
        availability = np.where(smaller > 0, overlap / smaller, 0.0)

    common = _common_count(a.interests[ti], b.interests[tj])
    smaller = np.minimum(a.interests_n[ti], b.interests_n[tj])
    with np.errstate(divide="ignore", invalid="ignore"):
        interests = np.where(smaller > 0, common / smaller, 0.0)

    gap = a.birth_year[ti] - b.birth_year[tj]
    away = np.abs(gap - criteria.preferred_age_gap)
    age = np.where(np.isnan(gap), 0.0, np.maximum(0.0, 1.0 - away / rules.AGE_TOLERANCE_YEARS))

    scores = {
        "sector": sector,
        "language": language,
        "distance": distance,
        "availability": availability,
        "interests": interests,
        "age": age,
        "waiting": a.waiting[ti],
    }
    total_weight = sum(criteria.weights[name] for name in CRITERIA)
    if not total_weight:
        return ti, tj, np.zeros(len(ti), dtype=np.int64)
    weighted = np.zeros(len(ti))
    for name in CRITERIA:
        if criteria.weights[name]:
            weighted = weighted + criteria.weights[name] * scores[name]
    points = np.rint(10000.0 * weighted / total_weight).astype(np.int64)
    return ti, tj, points


def _blocks(order: np.ndarray, counts: np.ndarray):
    """Split ``order`` into consecutive runs of about BLOCK_PAIRS pairs each."""
    ends = np.cumsum(counts[order] if len(counts) != len(order) else counts)
    start = 0
    while start < len(order):
        base = ends[start - 1] if start else 0
        stop = int(np.searchsorted(ends, base + BLOCK_PAIRS, side="right"))
        stop = max(stop, start + 1)
        yield order[start:stop]
        start = stop


def _nearby_blocks(criteria: Criteria, a: Side, b: Side, mentee_rows: np.ndarray, mentor_rows):
    """Yield (ti, tj) blocks of pairs worth scoring: pairs sharing a language at the minimum
    level, within the distance limit when there is one. A pair sharing several languages is
    yielded once, under the first."""
    if len(mentee_rows) == 0 or len(mentor_rows) == 0 or a.languages.shape[0] == 0:
        return
    floor_a, floor_b = a.languages[0], b.languages[0]
    words = floor_a.shape[1]
    # Work is reported by share of mentee-language rows done, a fair proxy for the pairs.
    speakers = np.bitwise_count(floor_a[mentee_rows]).sum()
    done = 0
    for code_index in range(words * 64):
        word, bit = divmod(code_index, 64)
        flag = np.uint64(1 << bit)
        speaks_a = mentee_rows[(floor_a[mentee_rows, word] & flag) != 0]
        speaks_b = mentor_rows[(floor_b[mentor_rows, word] & flag) != 0]
        done += len(speaks_a)
        if len(speaks_a) == 0 or len(speaks_b) == 0:
            continue
        for ti, tj in _spatial_blocks(criteria, a, b, speaks_a, speaks_b):
            yield ti, tj, code_index, done / speakers


def _spatial_blocks(criteria: Criteria, a: Side, b: Side, mentee_rows, mentor_rows):
    if criteria.max_distance_km is None:
        per_block = max(1, BLOCK_PAIRS // len(mentor_rows))
        for start in range(0, len(mentee_rows), per_block):
            rows = mentee_rows[start : start + per_block].astype(np.int32)
            yield (
                np.repeat(rows, len(mentor_rows)),
                np.tile(mentor_rows.astype(np.int32), len(rows)),
            )
        return
    # Only located people can be within a limit.
    mentee_rows = mentee_rows[a.located[mentee_rows]]
    mentor_rows = mentor_rows[b.located[mentor_rows]]
    if len(mentee_rows) == 0 or len(mentor_rows) == 0:
        return
    # Each side searches only as far as both limits allow, by groups of equal limits.
    mentee_reach = np.minimum(a.max_km[mentee_rows], criteria.max_distance_km)
    mentor_reach = np.minimum(b.max_km[mentor_rows], criteria.max_distance_km)
    for mentor_km in np.unique(mentor_reach):
        group = mentor_rows[mentor_reach == mentor_km]
        tree = cKDTree(b.xyz[group])
        for mentee_km in np.unique(mentee_reach):
            rows = mentee_rows[mentee_reach == mentee_km]
            yield from _within(a, tree, group, rows, min(mentor_km, mentee_km))


def _within(a: Side, tree, tree_rows, rows, radius_km):
    # A little slack so the exact haversine check, not the chord, decides at the boundary.
    angle = min(math.pi, radius_km / rules.EARTH_RADIUS_KM)
    radius = 2 * math.sin(angle / 2) * (1 + 1e-9) + 1e-12
    # Blocks of mentees close to each other, so each block meets a compact set of mentors.
    rows = rows[np.lexsort((a.lon[rows], np.floor(a.lat[rows] * 10)))]
    counts = tree.query_ball_point(a.xyz[rows], radius, return_length=True)
    for block in _blocks(np.arange(len(rows)), counts):
        block_rows = rows[block]
        pairs = cKDTree(a.xyz[block_rows]).sparse_distance_matrix(
            tree, radius, p=2.0, output_type="ndarray"
        )
        if len(pairs):
            yield (
                block_rows[pairs["i"]].astype(np.int32),
                tree_rows[pairs["j"]].astype(np.int32),
            )


@dataclass
class _Job:
    """What a worker needs to find the pairs of its share of the mentees (inherited by fork)."""

    criteria: Criteria
    a: Side
    b: Side
    mentor_rows: np.ndarray
    excluded: np.ndarray  # pair codes mentee * mentors + mentor, sorted
    mentors: int


_job: _Job | None = None  # set in a worker process, before it takes any share


def generate(
    instance: Instance,
    mentee_order: np.ndarray,
    mentor_order: np.ndarray,
    excluded: set[tuple[int, int]],
    progress=None,
) -> Candidates:
    """Every feasible pair (mentors with free places only), as indices into the orders given.

    Large programmes are split into WORKERS shares of consecutive mentees, each found and
    sorted in a forked process; in mentee order the shares join into one sorted list."""
    a, b = encode(instance, mentee_order, mentor_order)
    free = instance.mentor_columns.free_capacity[mentor_order] > 0
    m = len(mentor_order)
    codes = sorted(i * m + j for i, j in excluded)
    job = _Job(instance.criteria, a, b, np.flatnonzero(free), np.array(codes, np.int64), m)
    n = len(mentee_order)
    workers = WORKERS if n >= PARALLEL_FROM else 1
    shares = np.array_split(np.arange(n, dtype=np.int64), workers)
    if workers == 1:
        parts = [_pairs_of(job, shares[0], progress)]
    else:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(workers, context, initializer=_adopt, initargs=(job,)) as pool:
            parts = list(pool.map(_share, shares))
    return Candidates(*(np.concatenate([part[k] for part in parts]) for k in range(3)))


def _adopt(job: _Job) -> None:
    global _job
    _job = job


def _share(mentee_rows: np.ndarray):
    assert _job is not None
    return _pairs_of(_job, mentee_rows)


def _pairs_of(job: _Job, mentee_rows: np.ndarray, progress=None):
    """The feasible pairs of these mentees, sorted as ``Candidates`` are."""
    criteria, a, b = job.criteria, job.a, job.b
    out_i, out_j, out_p = [], [], []
    for ti, tj, channel, done in _nearby_blocks(criteria, a, b, mentee_rows, job.mentor_rows):
        if progress is not None:
            progress(done)
        ti, tj, points = score_pairs(criteria, a, b, ti, tj, channel)
        if len(job.excluded):
            ok = ~np.isin(ti.astype(np.int64) * job.mentors + tj, job.excluded)
            ti, tj, points = ti[ok], tj[ok], points[ok]
        out_i.append(ti.astype(np.int32))
        out_j.append(tj.astype(np.int32))
        out_p.append(points.astype(np.int32))
    if not out_i:
        return tuple(np.zeros(0, dtype=np.int32) for _ in range(3))
    ti, tj, points = np.concatenate(out_i), np.concatenate(out_j), np.concatenate(out_p)
    return _ordered(ti, tj, points, job.mentors)


def _ordered(ti, tj, points, mentors: int):
    """Sort pairs by mentee, then best score first, then mentor: one int64 key, one sort."""
    key = (ti.astype(np.int64) * 10001 + (10000 - points)) * mentors + tj
    order = np.argsort(key)
    return ti[order], tj[order], points[order]
