"""Reads for the matching pages, always through the access rules and in a fixed number of
queries, however many pairs a run has."""

from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Case, QuerySet, Value, When

from tandem.accounts import access
from tandem.accounts.models import Membership
from tandem.matching import engine, instances, wording
from tandem.matching.models import (
    MatchRun,
    PairExclusion,
    PairLock,
    Proposal,
    ProposalStatus,
    Suggestion,
)
from tandem.people.models import Participant
from tandem.programmes.models import Cohort, Programme

RUN_PAGE_SIZE = 50
UNMATCHED_SHOWN = 200
ORDERS = {
    "score": ("-score", "pk"),
    "waiting": ("-days_waiting", "-score", "pk"),
    "mentee": ("mentee__person__last_name", "mentee__person__first_name", "pk"),
}


def run_participants(membership: Membership, run: MatchRun) -> dict[int, Participant]:
    """Every mentee and mentor of a run, by id, with their person: one query."""
    if not run.instance:
        return {}
    ids = [
        instances.participant_pk(p["id"])
        for key in ("mentees", "mentors")
        for p in run.instance.get(key, [])
    ]
    found = access.scope(membership, Participant).filter(pk__in=ids).select_related("person")
    return {p.pk: p for p in found}


@dataclass
class Line:
    """One suggestion as the result page shows it."""

    suggestion: Suggestion
    mentee: Participant | None
    mentor: Participant | None
    explanation: list[dict]
    alternatives: list[tuple[Participant | None, float]]
    locked: bool
    excluded: bool
    proposal: Proposal | None


@dataclass
class Unplaced:
    mentee: Participant | None
    reason: str
    days_waiting: int
    alternatives: list[tuple[Participant | None, float]]


@dataclass
class RunResult:
    page: Page
    lines: list[Line]
    unmatched: list[Unplaced]
    unmatched_total: int
    participants: dict[int, Participant]
    dropped_locks: list[dict] = field(default_factory=list)


def run_result(membership: Membership, run: MatchRun, *, order: str, page: str | int | None):
    """The result page of a run: one page of suggestions worded, with next-best mentors,
    locks, exclusions and proposals; the mentees left over; the locks that could not be kept."""
    people = run_participants(membership, run)
    suggestions = (
        access.scope(membership, Suggestion)
        .filter(run=run)
        .select_related("proposal")
        .order_by(*ORDERS.get(order, ORDERS["score"]))
    )
    current = Paginator(suggestions, RUN_PAGE_SIZE).get_page(page)
    rows = list(current.object_list)
    mentee_ids = [s.mentee_id for s in rows]
    locks = set(
        access.scope(membership, PairLock)
        .filter(mentee_id__in=mentee_ids)
        .values_list("mentee_id", "mentor_id")
    )
    excluded = set(
        access.scope(membership, PairExclusion)
        .filter(mentee_id__in=mentee_ids)
        .values_list("mentee_id", "mentor_id")
    )
    # A mentee may have a proposal from another run (or another mentor) waiting for answers.
    waiting = {
        p.mentee_id: p
        for p in access.scope(membership, Proposal).filter(
            mentee_id__in=mentee_ids, status=ProposalStatus.PENDING
        )
    }
    weights = run.instance["criteria"]["weights"] if run.instance else None
    lines = [
        Line(
            suggestion=s,
            mentee=people.get(s.mentee_id),
            mentor=people.get(s.mentor_id),
            explanation=wording.explanation(s.explanation, weights),
            alternatives=[(people.get(pk), score) for pk, score in s.alternatives],
            locked=(s.mentee_id, s.mentor_id) in locks,
            excluded=(s.mentee_id, s.mentor_id) in excluded,
            proposal=getattr(s, "proposal", None) or waiting.get(s.mentee_id),
        )
        for s in rows
    ]
    unmatched = [
        Unplaced(
            mentee=people.get(item["mentee"]),
            reason=wording.unmatched_reason(item["reason"]),
            days_waiting=item.get("days_waiting", 0),
            alternatives=[(people.get(pk), score) for pk, score in item.get("alternatives", [])],
        )
        for item in run.unmatched[:UNMATCHED_SHOWN]
    ]
    dropped = [
        {
            "mentee": people.get(item["mentee"]),
            "mentor": people.get(item["mentor"]),
            "why": [wording.violation(rule) for rule in item["rules"]],
        }
        for item in run.dropped_locks
    ]
    return RunResult(
        page=current,
        lines=lines,
        unmatched=unmatched,
        unmatched_total=len(run.unmatched),
        participants=people,
        dropped_locks=dropped,
    )


def pair_explained(
    membership: Membership, run: MatchRun, mentee: Participant, mentor: Participant
) -> dict:
    """For a pair of a run that breaks no rule: its ``score``, its worded ``explanation``, and
    whether the run ``suggested`` it."""
    ids = instances.participant_id(mentee.pk), instances.participant_id(mentor.pk)
    parts = engine.explain(instances.pair_instance(run.instance, *ids), *ids)
    stored = [{"criterion": p.criterion, "points": p.points, "facts": p.facts} for p in parts]
    return {
        "score": sum(part.points for part in parts),
        "explanation": wording.explanation(stored, run.instance["criteria"]["weights"]),
        "suggested": access.scope(membership, Suggestion)
        .filter(run=run, mentee=mentee, mentor=mentor)
        .exists(),
    }


def run_sides(
    people: dict[int, Participant],
) -> tuple[list[Participant], list[Participant]]:
    """A run's mentees and mentors, by name (for the "why not?" form)."""
    ordered = sorted(people.values(), key=lambda p: (p.person.display_name.casefold(), p.pk))
    return (
        [p for p in ordered if p.role == "mentee"],
        [p for p in ordered if p.role == "mentor"],
    )


@dataclass
class Overview:
    ready_mentees: int
    available_mentors: int
    runs: QuerySet[MatchRun]
    locks: QuerySet[PairLock]
    exclusions: QuerySet[PairExclusion]
    pending_proposals: int


def programme_overview(
    membership: Membership, programme: Programme, cohort: Cohort | None = None
) -> Overview:
    """The matching page of a programme: who can be matched now, past runs, locks,
    exclusions, proposals waiting."""
    return Overview(
        ready_mentees=instances.mentees_to_match(programme, cohort).count(),
        available_mentors=instances.mentors_to_match(programme).count(),
        runs=access.scope(membership, MatchRun)
        .filter(programme=programme)
        .select_related("cohort", "created_by")
        .defer("instance", "unmatched", "groups"),
        locks=access.scope(membership, PairLock)
        .filter(programme=programme)
        .select_related("mentee__person", "mentor__person", "created_by"),
        exclusions=access.scope(membership, PairExclusion)
        .filter(programme=programme)
        .select_related("mentee__person", "mentor__person", "created_by"),
        pending_proposals=access.scope(membership, Proposal)
        .filter(programme=programme, status=ProposalStatus.PENDING)
        .count(),
    )


@dataclass
class Comparison:
    kept: list[tuple[Participant | None, Participant | None]]
    changed: list[tuple[Participant | None, Participant | None, Participant | None]]
    only_here: list[tuple[Participant | None, Participant | None]]
    only_there: list[tuple[Participant | None, Participant | None]]


def run_compare(membership: Membership, run: MatchRun, other: MatchRun) -> Comparison:
    """Pairs of two runs side by side: kept, changed mentor, matched in one run only."""
    here = dict(
        access.scope(membership, Suggestion).filter(run=run).values_list("mentee_id", "mentor_id")
    )
    there = dict(
        access.scope(membership, Suggestion).filter(run=other).values_list("mentee_id", "mentor_id")
    )
    ids = set(here) | set(there) | set(here.values()) | set(there.values())
    people = {
        p.pk: p
        for p in access.scope(membership, Participant).filter(pk__in=ids).select_related("person")
    }

    def name_key(pk: int) -> tuple:
        p = people.get(pk)
        return (p.person.display_name.casefold() if p else "", pk)

    kept, changed, only_here, only_there = [], [], [], []
    for mentee in sorted(set(here) | set(there), key=name_key):
        a, b = here.get(mentee), there.get(mentee)
        if a is not None and a == b:
            kept.append((people.get(mentee), people.get(a)))
        elif a is not None and b is not None:
            changed.append((people.get(mentee), people.get(b), people.get(a)))
        elif a is not None:
            only_here.append((people.get(mentee), people.get(a)))
        else:
            only_there.append((people.get(mentee), people.get(b)))
    return Comparison(kept, changed, only_here, only_there)


def proposals(membership: Membership, programme: Programme) -> QuerySet[Proposal]:
    return (
        access.scope(membership, Proposal)
        .filter(programme=programme)
        .select_related("mentee__person", "mentor__person", "created_by")
        .prefetch_related("answers")
        .order_by("-created_at", "-pk")
    )


def own_proposals(membership: Membership) -> QuerySet[Proposal]:
    """A mentor's or mentee's own proposals, newest first."""
    return (
        access.scope(membership, Proposal)
        .select_related("programme__organisation", "mentee__person", "mentor__person", "created_by")
        .prefetch_related("answers", "mentee__person__languages", "mentor__person__languages")
        # Those still waiting for answers first.
        .order_by(
            Case(When(status=ProposalStatus.PENDING, then=Value(0)), default=Value(1)),
            "-created_at",
            "-pk",
        )
    )
