"""The optimal set of pairs: a min-cost flow, solved on a pruned graph and proved on the full one.

The problem is a maximum-weight b-matching: each mentee gets at most one mentor, each mentor at
most their free places, and the total score is as high as possible (with the objective
``max_matched``: as many mentees as possible first, then the highest total score). OR-Tools'
min-cost flow solves it exactly on any set of candidate pairs.

At national scale there are tens of millions of feasible pairs, but an optimum uses few of them.
So the flow is first solved on each mentee's best ``keep`` pairs only. Its LP dual — a price
``v`` per mentor, a value ``u`` per mentee — is then checked against *every* feasible pair: when
no pair scores more than ``u[mentee] + v[mentor]``, the dual is feasible for the full problem and
has the same value as the pairing found, so by LP duality that pairing is optimal for the full
problem (bipartite b-matching LPs have integral optima). Pairs that do score more are added and
the flow solved again; in practice once or twice. The proof is checked, not assumed: a run that
cannot produce it fails loudly.
"""

from __future__ import annotations

import dataclasses
import gc
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from ortools.graph.python import min_cost_flow
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from . import candidates as candidates_module
from . import rules
from .instance import Instance, InstanceError

Progress = Callable[[float, str], None]
KEEP = 12  # pairs per mentee in the first, pruned flow
NEAR = 1000  # centipoints: pairs this close to breaking the dual proof join the next flow


@dataclass(frozen=True)
class Pair:
    mentee: str
    mentor: str
    score: float
    locked: bool = False


@dataclass(frozen=True)
class Unmatched:
    mentee: str
    reason: str  # no_feasible_mentor | capacity_taken


@dataclass
class Result:
    instance: Instance
    pairs: list[Pair]
    unmatched: list[Unmatched]
    total_score: float
    candidate_pairs: int
    timings: dict
    rounds: int
    # Feasible pairs, for alternatives: mentee/mentor indices into the sorted people.
    _mentee_ids: list[str] = dataclasses.field(repr=False, default_factory=list)
    _mentor_ids: list[str] = dataclasses.field(repr=False, default_factory=list)
    _candidates: candidates_module.Candidates | None = dataclasses.field(repr=False, default=None)
    _rows: dict | None = dataclasses.field(repr=False, default=None)
    _chosen: dict = dataclasses.field(repr=False, default_factory=dict)
    _starts: np.ndarray | None = dataclasses.field(repr=False, default=None)

    @property
    def matched(self) -> int:
        return len(self.pairs)

    def alternatives(self, mentee_id: str, k: int = 5) -> list[tuple[str, float]]:
        """The next ``k`` best mentors for a mentee who break no hard rule (best first, ties by
        mentor id), leaving out the one suggested. Places taken by this run are not considered."""
        c = self._candidates
        if c is None or len(c) == 0:
            return []
        if self._rows is None:
            # Built once: the app asks for every mentee of a run.
            self._rows = {mentee_id: row for row, mentee_id in enumerate(self._mentee_ids)}
            self._chosen = {p.mentee: p.mentor for p in self.pairs}
            self._starts = np.searchsorted(c.mentee, np.arange(len(self._mentee_ids) + 1))
        row = self._rows.get(mentee_id)
        if row is None:
            raise KeyError(mentee_id)
        start, stop = int(self._starts[row]), int(self._starts[row + 1])
        stop = min(stop, start + k + 1)
        chosen = self._chosen.get(mentee_id)
        out = []
        # Pairs come best first per mentee (ties by mentor), so the first k others are the answer.
        for mentor, points in zip(
            c.mentor[start:stop].tolist(),
            c.points[start:stop].tolist(),
            strict=True,
        ):
            mentor_id = self._mentor_ids[mentor]
            if mentor_id != chosen:
                out.append((mentor_id, points / 100))
            if len(out) == k:
                break
        return out

    def to_json(self, *, explanations: bool = True) -> dict:
        """The output object of docs/match-instance-format.md."""
        from .wording import describe_contribution

        pairs = []
        for pair in self.pairs:
            item = {"mentee": pair.mentee, "mentor": pair.mentor, "score": pair.score}
            if pair.locked:
                item["locked"] = True
            if explanations and not self.instance.scored:
                item["explanation"] = [
                    {
                        "criterion": part.criterion,
                        "points": round(part.points, 2),
                        "text": describe_contribution(part),
                    }
                    for part in explain(self.instance, pair.mentee, pair.mentor)
                    if self.instance.criteria.weights[part.criterion]
                ]
            pairs.append(item)
        return {
            "pairs": pairs,
            "unmatched": [{"mentee": u.mentee, "reason": u.reason} for u in self.unmatched],
            "total_score": self.total_score,
            "timings": {key: round(value, 4) for key, value in self.timings.items()},
        }


def explain(instance: Instance, mentee_id: str, mentor_id: str) -> list[rules.Contribution]:
    """What each criterion adds to this pair's score (hard rules not checked: see why_not)."""
    mentee = instance.person(mentee_id, mentor=False)
    mentor = instance.person(mentor_id, mentor=True)
    if instance.scored:
        raise InstanceError("a scored instance has no criteria to explain")
    return rules.contributions(instance.criteria, mentee, mentor)


def why_not(instance: Instance, mentee_id: str, mentor_id: str) -> list[rules.Violation]:
    """Every hard rule that rules this pair out (empty: the pair is allowed)."""
    mentee = instance.person(mentee_id, mentor=False)
    mentor = instance.person(mentor_id, mentor=True)
    excluded = (mentee_id, mentor_id) in instance.exclusions
    if instance.scored:
        found = [rules.Violation("excluded")] if excluded else []
        if mentor.free_capacity <= 0:
            found.append(rules.Violation("capacity", {"capacity": mentor.capacity}))
        if not any(e[0] == mentee_id and e[1] == mentor_id for e in instance.edges):
            found.append(rules.Violation("no_edge"))
        return found
    return rules.violations(instance.criteria, mentee, mentor, excluded=excluded)


# --- solving ------------------------------------------------------------------------------------


def solve(instance: Instance, progress: Progress | None = None, *, keep: int = KEEP) -> Result:
    """An optimal set of pairs for ``instance`` (see the module docstring for the method)."""
    # Nothing here makes reference cycles; the collector only slows the big arrays of objects.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _solve(instance, progress, keep=keep)
    finally:
        if was_enabled:
            gc.enable()


def _solve(instance: Instance, progress: Progress | None, *, keep: int) -> Result:
    report = progress or (lambda fraction, stage: None)
    started = time.perf_counter()
    mentee_order = candidates_module.by_id(instance.mentee_columns.ids)
    mentor_order = candidates_module.by_id(instance.mentor_columns.ids)
    mentee_ids = [instance.mentee_columns.ids[row] for row in mentee_order.tolist()]
    mentor_ids = [instance.mentor_columns.ids[row] for row in mentor_order.tolist()]
    n, m = len(mentee_ids), len(mentor_ids)
    # Id → engine index, only for the few people named by locks and exclusions.
    named = [*instance.locks, *instance.exclusions]
    mentee_index = _index_of(mentee_ids, {mentee for mentee, _ in named})
    mentor_index = _index_of(mentor_ids, {mentor for _, mentor in named})

    # Locks are kept as given, after checking that they break no hard rule.
    locked_mentor = {}
    for mentee_id, mentor_id in instance.locks:
        broken = why_not(instance, mentee_id, mentor_id)
        broken = [v for v in broken if v.rule != "capacity"]
        if broken:
            raise InstanceError(
                f"locks: pair {[mentee_id, mentor_id]!r} breaks a hard rule ({broken[0].rule})"
            )
        locked_mentor[mentee_id] = mentor_id
    places = instance.mentor_columns.free_capacity[mentor_order]
    free = places.copy()
    for mentor_id in locked_mentor.values():
        free[mentor_index[mentor_id]] -= 1

    report(0.0, "candidates")
    excluded = {(mentee_index[a], mentor_index[b]) for a, b in instance.exclusions}
    if instance.scored:
        found = _scored_candidates(instance, mentee_ids, mentor_ids, excluded, places)
    else:
        found = candidates_module.generate(
            instance,
            mentee_order,
            mentor_order,
            excluded,
            progress=lambda f: report(0.6 * f, "candidates"),
        )
    candidates_done = time.perf_counter()
    report(0.6, "solve")

    # The optimisation leaves out locked mentees and full mentors.
    is_locked = np.zeros(n, dtype=bool)
    for mentee_id in locked_mentor:
        is_locked[mentee_index[mentee_id]] = True
    ei, ej, points = found.mentee, found.mentor, found.points
    if is_locked.any() or (free[ej] <= 0).any():
        usable = ~is_locked[ei] & (free[ej] > 0)
        ei, ej, points = ei[usable], ej[usable], points[usable]
    weight = points.astype(np.int64)
    if instance.criteria.objective == "max_matched":
        # Any pairing with one more mentee beats any difference in total score.
        weight = weight + 10000 * n + 1
    match, rounds = _optimise(n, m, free, ei, ej, weight, keep=keep)
    solved = time.perf_counter()

    pairs, unmatched, total = [], [], 0
    has_candidate = np.zeros(n, dtype=bool)
    has_candidate[found.mentee] = True
    match_points = _points_of(match, ei, ej, points, n).tolist()
    for i, (mentee_id, j) in enumerate(zip(mentee_ids, match.tolist(), strict=True)):
        if mentee_id in locked_mentor:
            mentor_id = locked_mentor[mentee_id]
            centi = _pair_points(instance, mentee_id, mentor_id, found, i, mentor_index[mentor_id])
            pairs.append(Pair(mentee_id, mentor_id, centi / 100, locked=True))
            total += centi
        elif j >= 0:
            pairs.append(Pair(mentee_id, mentor_ids[j], match_points[i] / 100))
            total += match_points[i]
        else:
            reason = "capacity_taken" if has_candidate[i] else "no_feasible_mentor"
            unmatched.append(Unmatched(mentee_id, reason))
    report(1.0, "done")
    return Result(
        instance=instance,
        pairs=pairs,
        unmatched=unmatched,
        total_score=total / 100,
        candidate_pairs=len(found),
        timings={"candidates_s": candidates_done - started, "solve_s": solved - candidates_done},
        rounds=rounds,
        _mentee_ids=mentee_ids,
        _mentor_ids=mentor_ids,
        _candidates=found,
    )


def _index_of(ids: list[str], wanted: set[str]) -> dict[str, int]:
    return {person_id: i for i, person_id in enumerate(ids) if person_id in wanted}


def _points_of(match, ei, ej, points, n):
    """Centipoints of each mentee's matched pair (0 when unmatched)."""
    out = np.zeros(n, dtype=np.int64)
    chosen = match[ei] == ej
    out[ei[chosen]] = points[chosen]
    return out


def _pair_points(instance, mentee_id: str, mentor_id: str, found, i: int, j: int) -> int:
    start, stop = np.searchsorted(found.mentee, [i, i + 1])
    hit = np.flatnonzero(found.mentor[start:stop] == j)
    if len(hit):
        return int(found.points[start + hit[0]])
    # A locked pair whose mentor is full outside the lock is not among the candidates.
    if instance.scored:
        score = next(e[2] for e in instance.edges if e[0] == mentee_id and e[1] == mentor_id)
        return round(score * 100)
    mentee = instance.person(mentee_id, mentor=False)
    mentor = instance.person(mentor_id, mentor=True)
    return rules.centipoints(
        instance.criteria, rules.contributions(instance.criteria, mentee, mentor)
    )


def _scored_candidates(instance, mentee_ids, mentor_ids, excluded, free):
    mentee_index = {person_id: i for i, person_id in enumerate(mentee_ids)}
    mentor_index = {person_id: j for j, person_id in enumerate(mentor_ids)}
    rows = [
        (mentee_index[a], mentor_index[b], round(score * 100))
        for a, b, score in instance.edges
        if (mentee_index[a], mentor_index[b]) not in excluded and free[mentor_index[b]] > 0
    ]
    if not rows:
        empty = np.zeros(0, dtype=np.int32)
        return candidates_module.Candidates(empty, empty.copy(), empty.copy())
    array = np.array(rows, dtype=np.int64)
    ordered = candidates_module._ordered(
        array[:, 0].astype(np.int32),
        array[:, 1].astype(np.int32),
        array[:, 2].astype(np.int32),
        len(mentor_ids),
    )
    return candidates_module.Candidates(*ordered)


def _optimise(n, m, capacity, ei, ej, weight, *, keep: int) -> tuple[np.ndarray, int]:
    """Maximum-weight b-matching: mentee i → mentor match[i] (or -1). Returns (match, rounds)."""
    match = np.full(n, -1, dtype=np.int64)
    if len(ei) == 0:
        return match, 0
    # First round: each mentee's best ``keep`` pairs. The pairs come sorted by mentee, best
    # score first, so that is the first ``keep`` of each mentee's run.
    starts = np.searchsorted(ei, np.arange(n + 1, dtype=ei.dtype))
    take = np.minimum(np.diff(starts), keep)
    ends = np.cumsum(take)
    top = np.repeat(starts[:-1] - (ends - take), take) + np.arange(ends[-1])
    active = np.zeros(len(ei), dtype=bool)
    active[top] = True
    del starts, take, ends, top
    rounds = 0
    touched = active.copy()
    while True:
        rounds += 1
        idx = np.flatnonzero(active)
        # Only the connected parts of the pruned graph that new pairs reached can change: the
        # rest keeps its optimum (the problem separates by component).
        graph = coo_matrix(
            (np.ones(len(idx), dtype=np.int8), (ei[idx], n + ej[idx])), shape=(n + m, n + m)
        )
        _count, component = connected_components(graph, directed=False)
        redo = np.zeros(_count, dtype=bool)
        redo[component[ei[touched]]] = True
        mentee_redo = redo[component[:n]]
        mentor_redo = redo[component[n:]]
        sub = idx[mentee_redo[ei[idx]]]
        mentee_ids = np.flatnonzero(mentee_redo)
        mentor_ids = np.flatnonzero(mentor_redo)
        mentee_new = np.full(n, -1, dtype=np.int64)
        mentee_new[mentee_ids] = np.arange(len(mentee_ids))
        mentor_new = np.full(m, -1, dtype=np.int64)
        mentor_new[mentor_ids] = np.arange(len(mentor_ids))
        partial = _flow(
            len(mentee_ids),
            len(mentor_ids),
            capacity[mentor_ids],
            mentee_new[ei[sub]],
            mentor_new[ej[sub]],
            weight[sub],
        )
        match[mentee_ids] = np.where(partial >= 0, mentor_ids[np.maximum(partial, 0)], -1)
        u, v = _duals(n, m, capacity, ei[idx], ej[idx], weight[idx], match)
        # The slack of every pair, computed in place (ten million pairs at national scale).
        slack = u[ei]
        slack += v[ej]
        slack -= weight
        slack[active] = NEAR  # the active pairs are settled: only the others can break it
        if slack.min(initial=0) >= 0:
            return match, rounds
        # Besides the pairs that break the proof, those within NEAR of breaking it join: the
        # next optimum moves the prices a little, and without them a third round is often
        # needed for a handful of pairs (each round re-solves the whole connected region).
        touched = slack < NEAR
        del slack
        active |= touched


def _flow(n, m, capacity, ei, ej, weight) -> np.ndarray:
    source, sink = n + m, n + m + 1
    tails = np.concatenate([np.full(n, source), ei, n + np.arange(m), np.arange(n)])
    heads = np.concatenate([np.arange(n), n + ej, np.full(m, sink), np.full(n, sink)])
    caps = np.concatenate([np.ones(n), np.ones(len(ei)), capacity, np.ones(n)]).astype(np.int64)
    costs = np.concatenate([np.zeros(n), -weight, np.zeros(m), np.zeros(n)]).astype(np.int64)
    flow = min_cost_flow.SimpleMinCostFlow()
    first = flow.add_arcs_with_capacity_and_unit_cost(
        tails.astype(np.int32), heads.astype(np.int32), caps, costs
    )[0]
    supplies = np.zeros(n + m + 2, dtype=np.int64)
    supplies[source], supplies[sink] = n, -n
    flow.set_nodes_supplies(np.arange(n + m + 2, dtype=np.int32), supplies)
    status = flow.solve()
    if status != flow.OPTIMAL:
        raise RuntimeError(f"min-cost flow did not reach an optimum: {status}")
    arcs = first + n + np.arange(len(ei))
    used = flow.flows(arcs) > 0
    match = np.full(n, -1, dtype=np.int64)
    match[ei[used]] = ej[used]
    return match


def _duals(n, m, capacity, ei, ej, weight, match) -> tuple[np.ndarray, np.ndarray]:
    """A dual solution (u per mentee, v per mentor) with complementary slackness to ``match``.

    v is the least price vector such that no mentee prefers another mentor at those prices,
    found by longest-path relaxation along alternating paths (no positive cycle exists at an
    optimum, so it converges). Raises RuntimeError when ``match`` is not optimal.
    """
    matched_weight = np.zeros(n, dtype=np.int64)
    on_match = match[ei] == ej
    matched_weight[ei[on_match]] = weight[on_match]
    v = np.zeros(m, dtype=np.int64)
    loose = match[ei] < 0
    np.maximum.at(v, ej[loose], weight[loose])
    other = ~loose & ~on_match
    src = match[ei[other]]
    dst = ej[other]
    delta = weight[other] - matched_weight[ei[other]]
    for _ in range(m + 2):
        updated = v.copy()
        np.maximum.at(updated, dst, v[src] + delta)
        if np.array_equal(updated, v):
            break
        v = updated
    else:
        raise RuntimeError("matching is not optimal: prices do not settle")
    load = np.bincount(match[match >= 0], minlength=m)
    u = np.where(match >= 0, matched_weight - v[np.maximum(match, 0)], 0)
    if (v[load < capacity] > 0).any() or (u < 0).any():
        raise RuntimeError("matching is not optimal: no dual certificate")
    return u, v
