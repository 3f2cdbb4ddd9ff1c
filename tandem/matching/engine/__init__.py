"""Tandem's matching engine: the best set of (mentee, mentor) pairs for a whole programme.

A pure Python library (numpy, scipy, OR-Tools; no Django) so it can be read, tested and run on
its own. docs/matching.md explains the rules and the method; docs/match-instance-format.md the
JSON files. The public surface:

- ``load(data) -> Instance`` checks a decoded JSON instance (``InstanceError`` names problems);
- ``loads(text) -> Instance`` decodes JSON text and checks it (the fast way in for big files);
- ``solve(instance, progress=None) -> Result`` finds an optimal set of pairs;
- ``explain(instance, mentee_id, mentor_id)`` the criterion-by-criterion contributions of a pair;
- ``why_not(instance, mentee_id, mentor_id)`` the hard rules a pair breaks (empty: none);
- ``describe(...)`` English wording of contributions and violations (the app translates its own).
"""

from .columns import People
from .instance import Criteria, Instance, InstanceError, Person, dump, load, loads
from .rules import Contribution, Violation
from .solver import Pair, Result, Unmatched, explain, solve, why_not
from .vocabulary import FORMAT
from .wording import describe_contribution, describe_violation

__all__ = [
    "FORMAT",
    "Contribution",
    "Criteria",
    "Instance",
    "InstanceError",
    "Pair",
    "People",
    "Person",
    "Result",
    "Unmatched",
    "Violation",
    "describe_contribution",
    "describe_violation",
    "dump",
    "explain",
    "load",
    "loads",
    "solve",
    "why_not",
]
