"""Figures about matching in a programme. Definitions (also in docs/matching-workflow.md):

- Days to a proposal: for each proposal, the whole days from the moment its mentee last
  became "ready to match" (before the proposal) to the proposal. The median is the lower
  middle value for an even count.
- Days to the mentorship: the same, up to the day the mentorship started, for proposals both
  sides accepted.
- Acceptance rate: accepted proposals among those decided (accepted or declined); proposals
  still waiting for answers do not count.
- Decline reasons: the reason each "no" gave, from the fixed list, counted per side.
"""

import statistics
from dataclasses import dataclass

from django.db.models import Count

from tandem.accounts import access
from tandem.accounts.models import Membership
from tandem.matching.models import (
    Answer,
    DeclineReason,
    Proposal,
    ProposalAnswer,
    ProposalStatus,
    Side,
)
from tandem.people.models import ParticipantStatus, StatusChange
from tandem.programmes.models import Programme


@dataclass(frozen=True)
class DeclineCount:
    reason: str
    label: str
    mentee: int
    mentor: int

    @property
    def total(self) -> int:
        return self.mentee + self.mentor


@dataclass(frozen=True)
class MatchingFigures:
    proposals: int
    pending: int
    accepted: int
    declined: int
    acceptance_rate: float | None
    median_days_to_proposal: int | None
    median_days_to_mentorship: int | None
    declines: list[DeclineCount]


def _median(days: list[int]) -> int | None:
    return int(statistics.median_low(days)) if days else None


def programme_figures(membership: Membership, programme: Programme) -> MatchingFigures:
    proposals = access.scope(membership, Proposal).filter(programme=programme)
    # "mentorship__started_on" follows the later app's relation by name: no import of it.
    rows = list(
        proposals.values_list("mentee_id", "created_at", "status", "mentorship__started_on")
    )
    readiness: dict[int, list] = {}
    for participant_id, moment in (
        access.scope(membership, StatusChange)
        .filter(
            participant_id__in={row[0] for row in rows},
            to_status=ParticipantStatus.READY_TO_MATCH,
        )
        .order_by("changed_at")
        .values_list("participant_id", "changed_at")
    ):
        readiness.setdefault(participant_id, []).append(moment)

    to_proposal, to_mentorship = [], []
    for mentee_id, created_at, _status, started_on in rows:
        ready = [m for m in readiness.get(mentee_id, []) if m <= created_at]
        if not ready:
            continue
        to_proposal.append((created_at - ready[-1]).days)
        if started_on is not None:
            to_mentorship.append((started_on - ready[-1].date()).days)

    statuses = [row[2] for row in rows]
    accepted = statuses.count(ProposalStatus.ACCEPTED)
    declined = statuses.count(ProposalStatus.DECLINED)
    counts = {
        (reason, side): n
        for reason, side, n in access.scope(membership, ProposalAnswer)
        .filter(proposal__programme=programme, answer=Answer.DECLINED)
        .values("reason", "side")
        .annotate(n=Count("pk"))
        .values_list("reason", "side", "n")
    }
    declines = [
        DeclineCount(
            reason=value,
            label=str(label),
            mentee=counts.get((value, Side.MENTEE), 0),
            mentor=counts.get((value, Side.MENTOR), 0),
        )
        for value, label in DeclineReason.choices
    ]
    return MatchingFigures(
        proposals=len(rows),
        pending=statuses.count(ProposalStatus.PENDING),
        accepted=accepted,
        declined=declined,
        acceptance_rate=accepted / (accepted + declined) if accepted + declined else None,
        median_days_to_proposal=_median(to_proposal),
        median_days_to_mentorship=_median(to_mentorship),
        declines=sorted((d for d in declines if d.total), key=lambda d: (-d.total, d.label)),
    )
