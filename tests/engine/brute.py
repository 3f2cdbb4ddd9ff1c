"""An independent exact solver for the tests: scipy's assignment on the expanded problem.

Each mentor becomes one column per free place, each mentee gets a private "unmatched" column;
infeasible cells are forbidden. It shares nothing with the engine but the reference rules.
"""

import numpy as np
from scipy.optimize import linear_sum_assignment

from tandem.matching.engine import rules


def best_total(instance) -> tuple[int, int]:
    """(matched count, total centipoints) of an optimal pairing, locks kept."""
    criteria = instance.criteria
    locked = dict(instance.locks)
    mentors = list(instance.mentors)
    free = {m.id: m.free_capacity for m in mentors}
    total = 0
    for mentee_id, mentor_id in instance.locks:
        free[mentor_id] -= 1
        mentee = next(p for p in instance.mentees if p.id == mentee_id)
        mentor = next(p for p in mentors if p.id == mentor_id)
        total += rules.centipoints(criteria, rules.contributions(criteria, mentee, mentor))
    mentees = [p for p in instance.mentees if p.id not in locked]
    columns = [m for m in mentors for _ in range(max(0, free[m.id]))]
    n = len(mentees)
    big = 10000 * len(instance.mentees) + 1 if criteria.objective == "max_matched" else 0
    forbidden = -(10**15)
    gain = np.full((n, len(columns) + n), forbidden, dtype=np.int64)
    for i, mentee in enumerate(mentees):
        gain[i, len(columns) + i] = 0
        for c, mentor in enumerate(columns):
            excluded = (mentee.id, mentor.id) in instance.exclusions
            if rules.violations(criteria, mentee, mentor, excluded=excluded, check_capacity=False):
                continue
            points = rules.centipoints(criteria, rules.contributions(criteria, mentee, mentor))
            gain[i, c] = points + big
    if n == 0:
        return len(locked), total
    rows, cols = linear_sum_assignment(gain, maximize=True)
    matched = 0
    for r, c in zip(rows, cols, strict=True):
        if c < len(columns):
            assert gain[r, c] > forbidden
            matched += 1
            total += int(gain[r, c]) - big
    return matched + len(locked), total
