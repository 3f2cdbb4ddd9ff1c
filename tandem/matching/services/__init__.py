"""Changes in matching: settings, runs, locks and exclusions, proposals and their answers.

Views, tasks, the demo and tests all call these functions; one module per subject.
"""

from tandem.matching.services.matching_settings import SETTINGS_FIELDS, matching_settings_save
from tandem.matching.services.pairs import (
    exclusion_create,
    exclusion_delete,
    lock_create,
    lock_delete,
    pair_violations,
)
from tandem.matching.services.proposals import proposal_answer, proposal_create
from tandem.matching.services.runs import run_execute, run_start

__all__ = [
    "SETTINGS_FIELDS",
    "exclusion_create",
    "exclusion_delete",
    "lock_create",
    "lock_delete",
    "matching_settings_save",
    "pair_violations",
    "proposal_answer",
    "proposal_create",
    "run_execute",
    "run_start",
]
