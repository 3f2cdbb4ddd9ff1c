"""The engine's promises, checked on random instances against an independent exact solver."""

import copy
import random

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tandem.matching.engine import load, rules, solve, why_not
from tandem.matching.engine.candidates import by_id, encode, generate, score_pairs
from tandem.matching.engine.columns import columns_of, fast_columns
from tandem.matching.engine.greedy import greedy
from tandem.matching.engine.instance import _person

from .brute import best_total
from .strategies import instances

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _centipoints(result):
    return round(result.total_score * 100)


@SETTINGS
@given(instances())
def test_total_equals_an_independent_exact_solver_and_beats_greedy(data):
    instance = load(data)
    result = solve(instance)
    matched, total = best_total(instance)
    if instance.criteria.objective == "max_matched":
        assert result.matched == matched
    assert _centipoints(result) == total

    mentee_order = by_id(instance.mentee_columns.ids)
    mentor_order = by_id(instance.mentor_columns.ids)
    index_e = {instance.mentee_columns.ids[row]: i for i, row in enumerate(mentee_order)}
    index_m = {instance.mentor_columns.ids[row]: j for j, row in enumerate(mentor_order)}
    excluded = {(index_e[a], index_m[b]) for a, b in instance.exclusions}
    found = generate(instance, mentee_order, mentor_order, excluded)
    capacity = instance.mentor_columns.free_capacity[mentor_order]
    greedy_matched, greedy_total = greedy(found, capacity, len(mentee_order))
    if instance.criteria.objective == "max_matched":
        assert result.matched >= greedy_matched
    else:
        assert _centipoints(result) >= greedy_total


@SETTINGS
@given(instances())
def test_no_pair_breaks_a_hard_rule_and_capacities_hold(data):
    instance = load(data)
    result = solve(instance)
    mentees = {p.id: p for p in instance.mentees}
    mentors = {p.id: p for p in instance.mentors}
    load_by_mentor = {}
    for pair in result.pairs:
        assert (pair.mentee, pair.mentor) not in instance.exclusions
        assert not rules.violations(
            instance.criteria, mentees[pair.mentee], mentors[pair.mentor], check_capacity=False
        )
        assert why_not(instance, pair.mentee, pair.mentor) == []
        load_by_mentor[pair.mentor] = load_by_mentor.get(pair.mentor, 0) + 1
    for mentor_id, count in load_by_mentor.items():
        assert count <= mentors[mentor_id].free_capacity
    paired = [p.mentee for p in result.pairs]
    assert len(paired) == len(set(paired))
    assert set(paired) | {u.mentee for u in result.unmatched} == set(mentees)


@SETTINGS
@given(instances(), st.randoms(use_true_random=False))
def test_same_input_same_output_whatever_the_order_of_the_lists(data, rnd):
    first = solve(load(data))
    shuffled = copy.deepcopy(data)
    rnd.shuffle(shuffled["mentees"])
    rnd.shuffle(shuffled["mentors"])
    second = solve(load(shuffled))
    assert first.pairs == second.pairs
    assert first.unmatched == second.unmatched
    assert solve(load(data)).pairs == first.pairs


@SETTINGS
@given(instances(max_mentees=6, max_mentors=4), st.data())
def test_locks_are_kept_and_the_rest_is_optimal(data, draw):
    instance = load(data)
    feasible = [
        (e.id, m.id)
        for e in instance.mentees
        for m in instance.mentors
        if not why_not(instance, e.id, m.id)
    ]
    if not feasible:
        return
    lock = draw.draw(st.sampled_from(feasible))
    data = {**data, "locks": [list(lock)]}
    instance = load(data)
    result = solve(instance)
    assert any(p.mentee == lock[0] and p.mentor == lock[1] and p.locked for p in result.pairs)
    assert _centipoints(result) == best_total(instance)[1]


@SETTINGS
@given(instances(max_mentees=8, max_mentors=6))
def test_the_vectorised_scorer_agrees_with_the_reference_rules_pair_by_pair(data):
    instance = load(data)
    a, b = encode(instance)
    ti = np.repeat(np.arange(len(instance.mentees)), len(instance.mentors)).astype(np.int32)
    tj = np.tile(np.arange(len(instance.mentors)), len(instance.mentees)).astype(np.int32)
    ki, kj, points = score_pairs(instance.criteria, a, b, ti, tj)
    got = {(int(i), int(j)): int(p) for i, j, p in zip(ki, kj, points, strict=True)}
    for i, mentee in enumerate(instance.mentees):
        for j, mentor in enumerate(instance.mentors):
            broken = rules.violations(instance.criteria, mentee, mentor, check_capacity=False)
            if broken:
                assert (i, j) not in got, broken
            else:
                parts = rules.contributions(instance.criteria, mentee, mentor)
                assert got[(i, j)] == rules.centipoints(instance.criteria, parts)


def _grid_instance(mentees: int, mentors: int, seed: int) -> dict:
    rng = random.Random(seed)
    slots = ["mon-am", "tue-pm", "wed-eve", "sat-am", "sun-pm"]

    def person(pid, mentor):
        row = {
            "id": pid,
            "languages": [{"code": rng.choice(["fr", "nl"]), "level": "native"}],
            "lat": 50.8 + rng.random() * 0.1,
            "lon": 4.3 + rng.random() * 0.1,
            "availability": rng.sample(slots, 3),
            "sectors": [rng.choice("CFGHQ")],
            "interests": rng.sample(["a", "b", "c", "d"], 2),
            "birth_year": rng.randint(1950, 2000),
        }
        if mentor:
            row["capacity"] = rng.randint(1, 3)
        else:
            row["days_waiting"] = rng.randint(0, 300)
        return row

    return {
        "format": "tandem-match-instance/1",
        "criteria": {
            "weights": {
                "sector": 2,
                "language": 1,
                "distance": 3,
                "availability": 1,
                "interests": 1,
                "age": 1,
                "waiting": 1,
            },
            "min_language_level": "B1",
            "max_distance_km": 20,
            "min_availability_overlap": 1,
        },
        "mentees": [person(f"e{i}", False) for i in range(mentees)],
        "mentors": [person(f"m{j}", True) for j in range(mentors)],
    }


def test_pruned_flow_is_proved_on_the_full_graph_and_repaired_when_it_is_not_optimal():
    # With one pair per mentee in the first flow, popular mentors are over-asked: the dual
    # check must find the missing pairs and the final total must equal the unpruned optimum.
    instance = load(_grid_instance(60, 30, seed=7))
    pruned = solve(instance, keep=1)
    full = solve(instance, keep=10**6)
    assert pruned.rounds > 1
    assert full.rounds == 1
    assert pruned.total_score == full.total_score
    assert round(full.total_score * 100) == best_total(instance)[1]


def test_unmatched_reasons_tell_no_feasible_mentor_from_places_taken():
    data = _grid_instance(4, 1, seed=3)
    data["mentors"][0]["capacity"] = 1
    data["mentors"][0]["languages"] = [{"code": "fr", "level": "native"}]
    for mentee in data["mentees"]:
        mentee["languages"] = [{"code": "fr", "level": "native"}]
        mentee["availability"] = data["mentors"][0]["availability"]
        mentee["lat"], mentee["lon"] = data["mentors"][0]["lat"], data["mentors"][0]["lon"]
    data["mentees"][3]["languages"] = [{"code": "ar", "level": "native"}]
    result = solve(load(data))
    reasons = {u.mentee: u.reason for u in result.unmatched}
    assert reasons["e3"] == "no_feasible_mentor"
    assert sorted(reasons.values()).count("capacity_taken") == 2
    assert len(result.pairs) == 1


def test_waiting_longest_wins_when_everything_else_is_equal():
    data = _grid_instance(2, 1, seed=5)
    mentor = data["mentors"][0]
    mentor["capacity"] = 1
    for mentee, days in zip(data["mentees"], [10, 200], strict=True):
        mentee.update(
            {
                k: mentor[k]
                for k in (
                    "languages",
                    "lat",
                    "lon",
                    "availability",
                    "sectors",
                    "interests",
                    "birth_year",
                )
            }
        )
        mentee["days_waiting"] = days
    result = solve(load(data))
    assert [p.mentee for p in result.pairs] == ["e1"]


def test_alternatives_are_the_next_best_feasible_mentors():
    instance = load(_grid_instance(10, 12, seed=11))
    result = solve(instance)
    pair = result.pairs[0]
    alternatives = result.alternatives(pair.mentee)
    assert 0 < len(alternatives) <= 5
    assert pair.mentor not in [mentor for mentor, _ in alternatives]
    scores = [score for _, score in alternatives]
    assert scores == sorted(scores, reverse=True)
    for mentor_id, score in alternatives:
        assert why_not(instance, pair.mentee, mentor_id) == []
        mentee = next(p for p in instance.mentees if p.id == pair.mentee)
        mentor = next(p for p in instance.mentors if p.id == mentor_id)
        assert rules.pair_score(instance.criteria, mentee, mentor) == score


def test_alternatives_never_borrow_another_mentees_mentors():
    instance = load(_grid_instance(12, 8, seed=13))
    result = solve(instance)
    for mentee in instance.mentees:
        for mentor_id, _score in result.alternatives(mentee.id):
            assert why_not(instance, mentee.id, mentor_id) == []


def _as_compared(people) -> dict:
    """A side's columns with flattened lists as sets of (row, value), whatever their order."""
    out = {}
    for name in ("lat", "lon", "max_km", "birth_year"):
        out[name] = np.nan_to_num(getattr(people, name), nan=-1.0, posinf=-2.0).tolist()
    for name in ("availability", "gender", "wish", "days_waiting", "capacity"):
        out[name] = getattr(people, name).tolist()
    out["current_mentees"] = people.current_mentees.tolist()
    out["ids"], out["isco"] = people.ids, people.isco
    languages = zip(people.language_code, people.language_rank.tolist(), strict=True)
    out["languages"] = set(zip(people.language_owner.tolist(), languages, strict=True))
    out["sectors"] = set(zip(people.sector_owner.tolist(), people.sector, strict=True))
    out["interests"] = set(zip(people.interest_owner.tolist(), people.interest, strict=True))
    return out


@SETTINGS
@given(instances())
def test_the_column_reader_agrees_with_the_person_by_person_checks(data):
    for side, mentor in (("mentees", False), ("mentors", True)):
        fast = fast_columns(data[side], mentor=mentor)
        assert fast is not None
        people = tuple(_person(obj, side, mentor=mentor, scored=False) for obj in data[side])
        assert _as_compared(fast) == _as_compared(columns_of(people, data[side]))
