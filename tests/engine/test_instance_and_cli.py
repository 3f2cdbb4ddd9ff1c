"""Instance files: refused with a message naming the problem; solved from the command line."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tandem.matching.engine import (
    InstanceError,
    describe_contribution,
    describe_violation,
    dump,
    explain,
    load,
    solve,
    why_not,
)

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"


def example(name="match-attribute.json") -> dict:
    return json.loads((EXAMPLES / name).read_text())


def broken(change) -> dict:
    data = example()
    change(data)
    return data


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.update(format="tandem-match-instance/2"), "format: expected"),
        (lambda d: d["mentors"].append(dict(d["mentors"][0])), "duplicate id 'marie'"),
        (lambda d: d.update(locks=[["amina", "nobody"]]), "unknown mentor id 'nobody'"),
        (lambda d: d.update(locks=[["ghost", "marie"]]), "unknown mentee id 'ghost'"),
        (lambda d: d["mentors"][0].update(capacity=-1), "capacity: must be at least 0"),
        (lambda d: d["mentors"][0].update(capacity=4), "at most 3 mentees"),
        (lambda d: d["mentees"][0].update(availability=["monday"]), "unknown value 'monday'"),
        (lambda d: d["mentees"][0]["languages"][0].update(level="fluent"), "must be one of"),
        (lambda d: d["mentees"][0].update(lat=None), "give both lat and lon"),
        (lambda d: d["criteria"]["weights"].update(charm=1), "unknown field 'charm'"),
        (lambda d: d["criteria"].update(objective="fastest"), "criteria.objective"),
        (
            lambda d: d.update(locks=[["amina", "marie"]], exclusions=[["amina", "marie"]]),
            "both locked and excluded",
        ),
        (
            lambda d: d.update(locks=[["amina", "jan"], ["yonas", "jan"]]),
            "has 1 free place(s) but 2 locked",
        ),
    ],
)
def test_malformed_instances_are_refused_naming_the_problem(change, message):
    with pytest.raises(InstanceError) as error:
        load(broken(change))
    assert message in str(error.value)


def test_a_lock_that_breaks_a_hard_rule_is_refused():
    # Amina asked for a woman mentor; Jan is a man, 40 km away and speaks no language of hers.
    instance = load(broken(lambda d: d.update(locks=[["amina", "jan"]])))
    with pytest.raises(InstanceError, match=r"locks: pair \['amina', 'jan'\] breaks a hard rule"):
        solve(instance)


def test_explanations_give_every_criterion_in_words():
    instance = load(example())
    parts = {p.criterion: describe_contribution(p) for p in explain(instance, "amina", "marie")}
    assert parts["language"] == "both speak Arabic (mentor C1, mentee native)"
    assert parts["sector"] == "both in health and social work"
    assert parts["distance"] == "3.4 km apart"
    assert parts["availability"] == "2 common time slot(s): mon-am, sat-am"
    assert parts["interests"] == "both like cooking"
    assert parts["age"] == "mentor 34 years older"
    assert parts["waiting"] == "waiting for 60 days"


def test_why_not_names_every_rule_that_rules_a_pair_out():
    instance = load(example())
    rules = {v.rule: describe_violation(v) for v in why_not(instance, "amina", "jan")}
    assert set(rules) == {"language", "distance", "gender_wish"}
    assert rules["gender_wish"] == "the mentee asked for a mentor who is a woman"
    assert rules["distance"].endswith("beyond the mentee's maximum of 10 km")


def test_dump_and_load_round_trip():
    instance = load(example())
    assert load(json.loads(json.dumps(dump(instance)))) == instance


def run_cli(*args):
    return subprocess.run(
        [sys.executable, "-m", "tandem", "match", *args],
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(EXAMPLES.parents[1])},
        check=False,
    )


def test_cli_solves_an_instance_without_settings_or_database():
    done = run_cli("solve", str(EXAMPLES / "match-attribute.json"), "--json")
    assert done.returncode == 0, done.stderr
    output = json.loads(done.stdout)
    assert [(p["mentee"], p["mentor"]) for p in output["pairs"]] == [
        ("amina", "marie"),
        ("yonas", "jan"),
    ]
    assert output["unmatched"] == []
    assert output["total_score"] == pytest.approx(sum(p["score"] for p in output["pairs"]))
    assert set(output["timings"]) == {"candidates_s", "solve_s"}
    criteria = [e["criterion"] for e in output["pairs"][0]["explanation"]]
    assert criteria == [
        "sector",
        "language",
        "distance",
        "availability",
        "interests",
        "age",
        "waiting",
    ]


def test_cli_prints_pairs_of_a_scored_instance():
    done = run_cli("solve", str(EXAMPLES / "match-scored.json"))
    assert done.returncode == 0, done.stderr
    assert "a       x   90.00  (locked)" in done.stdout
    assert "b       –  unmatched: capacity taken" in done.stdout
    assert "2 pairs, 1 unmatched, total score 185.00" in done.stdout


def test_cli_refuses_a_bad_file_with_a_message_and_non_zero_exit(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(broken(lambda d: d["mentors"].append(dict(d["mentors"][0])))))
    done = run_cli("solve", str(bad))
    assert done.returncode == 2
    assert "mentors: duplicate id 'marie'" in done.stderr
    bad.write_text("{not json")
    done = run_cli("solve", str(bad))
    assert done.returncode == 2
    assert "is not valid JSON" in done.stderr
