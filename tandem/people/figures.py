"""Figures about the intake: the funnel of a programme and its waiting list.

Definitions (also in docs/intake.md):
- Funnel: for each step of the pipeline, how many participants of the programme (one role) have
  ever reached it — from their status history, so someone now "active" counts at every step they
  passed. Conversion is the share of the previous step that reached this one.
- Waiting list: participants who are "ready to match"; the time they have waited runs from the
  moment they became ready, in whole days. The median is the lower middle value for an even
  count; the 90th percentile is the nearest rank (the smallest wait that 90 % do not exceed).
"""

import statistics
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, QuerySet

from tandem.people.models import Participant, ParticipantRole, ParticipantStatus, StatusChange

S = ParticipantStatus

# The steps a successful path goes through, in order, per role.
FUNNEL_STEPS = {
    ParticipantRole.MENTEE: (
        S.APPLIED,
        S.INTAKE_DONE,
        S.ELIGIBLE,
        S.READY_TO_MATCH,
        S.MATCHED,
        S.ACTIVE,
        S.COMPLETED,
    ),
    ParticipantRole.MENTOR: (
        S.APPLIED,
        S.INTAKE_DONE,
        S.ELIGIBLE,
        S.IN_TRAINING,
        S.READY_TO_MATCH,
        S.MATCHED,
        S.ACTIVE,
        S.COMPLETED,
    ),
}


@dataclass(frozen=True)
class FunnelStep:
    status: str
    label: str
    reached: int
    conversion: float | None  # share of the previous step, 0..1; None for the first


def funnel(changes: QuerySet[StatusChange], role: str) -> list[FunnelStep]:
    """The funnel of one role, from a queryset of status changes already scoped to what the
    reader may see (and to one programme or cohort)."""
    reached = dict(
        changes.filter(participant__role=role)
        .values("to_status")
        .annotate(n=Count("participant", distinct=True))
        .values_list("to_status", "n")
    )
    steps, previous = [], None
    for status in FUNNEL_STEPS[role]:
        n = reached.get(status, 0)
        conversion = None if previous is None else (n / previous if previous else 0.0)
        steps.append(FunnelStep(status, ParticipantStatus(status).label, n, conversion))
        previous = n
    return steps


@dataclass(frozen=True)
class Waiting:
    count: int
    median_days: int | None
    p90_days: int | None


def _percentile(sorted_days: list[int], share: float) -> int:
    """Nearest-rank percentile: the smallest value with at least ``share`` of values at or
    below it."""
    rank = max(1, -(-int(share * 100) * len(sorted_days) // 100))
    return sorted_days[rank - 1]


def waiting(participants: QuerySet[Participant], now: datetime) -> Waiting:
    """How many wait to be matched, and for how long (whole days since they became ready)."""
    since = participants.filter(status=S.READY_TO_MATCH).values_list("status_changed_at", flat=True)
    days = sorted((now - moment).days for moment in since)
    if not days:
        return Waiting(0, None, None)
    return Waiting(len(days), int(statistics.median_low(days)), _percentile(days, 0.9))
