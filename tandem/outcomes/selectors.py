"""Reads of the outcomes pages: a mentee's situation at entry and timeline, the queue of
mentors' proposals. Everything through the access rules, in a fixed number of queries."""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, QuerySet

from tandem.accounts import access
from tandem.accounts.models import Membership
from tandem.outcomes.models import (
    NOT_A_SITUATION,
    EntryProfile,
    EventStatus,
    FollowUp,
    StatusEvent,
)
from tandem.people.models import Participant


@dataclass
class ParticipantOutcomes:
    entry: EntryProfile | None
    events: list[StatusEvent]  # the newest first, each with ``answers_follow_up``
    current: StatusEvent | None  # the latest confirmed situation event (None: as at entry)

    @property
    def proposed_count(self) -> int:
        return sum(1 for e in self.events if e.status == EventStatus.PROPOSED)


def events_of(membership: Membership, participant: Participant) -> QuerySet[StatusEvent]:
    return (
        access.scope(membership, StatusEvent)
        .filter(participant=participant)
        .select_related("recorded_by", "confirmed_by")
        .annotate(answers_follow_up=Exists(FollowUp.objects.filter(event=OuterRef("pk"))))
        .order_by("-date", "-pk")
    )


def participant_outcomes(membership: Membership, participant: Participant) -> ParticipantOutcomes:
    """A mentee's situation at entry and their events (two queries)."""
    entry = (
        access.scope(membership, EntryProfile)
        .filter(participant=participant)
        .select_related("recorded_by")
        .first()
    )
    events = list(events_of(membership, participant))
    # The situation now: the latest confirmed situation event from entry on; on the same date
    # the one recorded last (the list is newest first, highest pk first within a date).
    current = next(
        (
            e
            for e in events
            if e.status == EventStatus.CONFIRMED
            and e.type not in NOT_A_SITUATION
            and (entry is None or e.date >= entry.entry_date)
        ),
        None,
    )
    return ParticipantOutcomes(entry=entry, events=events, current=current)


def proposed_events(membership: Membership) -> QuerySet[StatusEvent]:
    """The mentors' proposals waiting for a coordinator, the oldest first."""
    return (
        access.scope(membership, StatusEvent)
        .filter(status=EventStatus.PROPOSED)
        .select_related("participant__person", "participant__programme", "recorded_by")
        .order_by("recorded_at", "pk")
    )
