"""Matching engine benchmark: generated national-scale programmes, exact solve vs greedy.

    .venv/bin/python bench/matching.py            # 1k, 10k, 100k mentees + the weekly batch
    .venv/bin/python bench/matching.py 10000      # one size

Each size runs in its own process so the peak memory (max RSS) is that run's alone; from 20,000
mentees two forked worker processes find the candidate pairs, and their peak is printed beside
the main process's (each worker's, the larger of the two). The clock runs from the instance as
JSON text to the list of pairs (decode, check, candidates, solve).
Targets (issue 4): 100k mentees in at most 10 s under 1.5 GB; 2,000 new mentees against the
existing programme in under 0.5 s.
"""

import gc
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tandem.matching.engine import loads, solve  # noqa: E402
from tandem.matching.engine.candidates import by_id  # noqa: E402
from tandem.matching.engine.greedy import greedy  # noqa: E402
from tandem.matching.engine.synthetic import programme  # noqa: E402

GAZETTEER = ROOT / "tandem" / "people" / "data" / "be-postcodes.csv"


def run(mentees: int, mentors_per_mentee: float, label: str) -> None:
    data = programme(mentees, gazetteer=GAZETTEER, mentors_per_mentee=mentors_per_mentee)
    text = json.dumps(data)
    del data
    gc.collect()
    started = time.perf_counter()
    instance = loads(text)
    loaded = time.perf_counter()
    result = solve(instance)
    finished = time.perf_counter()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    # The processes that find candidate pairs at national scale (0 when none was started).
    workers_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024

    found = result._candidates
    mentor_order = by_id(instance.mentor_columns.ids)
    capacity = instance.mentor_columns.free_capacity[mentor_order]
    greedy_matched, greedy_total = greedy(found, capacity, len(instance.mentee_columns))
    print(
        f"{label:>22}: {len(instance.mentee_columns):>7,} mentees"
        f" {len(instance.mentor_columns):>7,} mentors"
        f" | {result.candidate_pairs:>11,} candidate pairs"
        f" | read {loaded - started:5.2f} s  candidates {result.timings['candidates_s']:5.2f} s"
        f"  solve {result.timings['solve_s']:5.2f} s ({result.rounds} flow rounds)"
        f" | end-to-end {finished - started:5.2f} s  peak {peak_mb:,.0f} MB"
        f" (+ each worker {workers_mb:,.0f} MB)"
    )
    print(
        f"{'':>22}  exact: {result.matched:,} matched, total {result.total_score:,.2f}"
        f" | greedy: {greedy_matched:,} matched, total {greedy_total / 100:,.2f}"
        f" ({100 * (result.total_score - greedy_total / 100) / max(1, greedy_total / 100):+.2f} %)"
    )


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        run(int(sys.argv[2]), float(sys.argv[3]), sys.argv[4])
        return
    sizes = [int(x) for x in sys.argv[1:]] or [1_000, 10_000, 100_000]
    jobs = [(n, 0.8, f"programme {n:,}") for n in sizes]
    if len(sys.argv) == 1:
        # A weekly batch: 2,000 new mentees against a programme with 8,000 mentors.
        jobs.append((2_000, 4.0, "weekly batch 2,000"))
    for n, ratio, label in jobs:
        subprocess.run([sys.executable, __file__, "--child", str(n), str(ratio), label], check=True)


if __name__ == "__main__":
    main()
