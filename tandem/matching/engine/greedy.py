"""The greedy baseline the benchmark compares with: best remaining pair first, never revisited.

This is how most matching tools work (and how a weekly meeting matches by hand). It is not used
to make suggestions; ``solve`` is exact.
"""

from __future__ import annotations

import numpy as np

from .candidates import Candidates


def greedy(found: Candidates, capacity: np.ndarray, mentees: int) -> tuple[int, int]:
    """(matched count, total centipoints) of the greedy pairing over ``found``."""
    order = np.lexsort((found.mentor, found.mentee, -found.points.astype(np.int64)))
    free = capacity.astype(np.int64).tolist()
    taken = [False] * mentees
    matched = total = 0
    for i, j, points in zip(
        found.mentee[order].tolist(),
        found.mentor[order].tolist(),
        found.points[order].tolist(),
        strict=True,
    ):
        if not taken[i] and free[j] > 0:
            taken[i] = True
            free[j] -= 1
            matched += 1
            total += points
    return matched, total
