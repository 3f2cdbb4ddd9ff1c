"""Indicators: computed from participants and their status events only, with the definitions
written beside the code (and in docs/indicators.md).

- ``esf``: the ESF+ common indicators for participants, from records (tandem.outcomes.records).
- ``own``: Tandem's own indicators (positive outcomes, skill level, throughflow, completion,
  time to match, meetings, follow-up response), from the database.

Reports and dashboards only present what these modules return.
"""

from tandem.outcomes.indicators.esf import COLUMNS, ESF_KEYS, esf

__all__ = ["COLUMNS", "ESF_KEYS", "esf"]
