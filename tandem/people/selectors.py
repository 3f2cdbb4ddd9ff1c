"""Reads about persons and participants, always through the access rules."""

from dataclasses import dataclass, field

from django.db.models import (
    Case,
    Count,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    When,
    Window,
)
from django.db.models.functions import RowNumber

from tandem.accounts import access
from tandem.accounts.models import Membership
from tandem.core.text import fold
from tandem.people import pipeline
from tandem.people.models import (
    Participant,
    ParticipantStatus,
    Person,
    Referral,
    ReferralStatus,
    StatusChange,
)
from tandem.programmes.models import Programme


def person_list(
    membership: Membership,
    *,
    query: str = "",
    programme: Programme | None = None,
    role: str = "",
    status: str = "",
    language: str = "",
) -> QuerySet[Person]:
    """Persons the membership may see, filtered, with what the list shows prefetched."""
    persons = access.scope(membership, Person)
    # Every word must match, ignoring case and accents ("elodie" finds "Élodie").
    for word in fold(query).split():
        persons = persons.filter(search_text__contains=word)
    participation = Q()
    if programme is not None:
        participation &= Q(programme=programme)
    if role:
        participation &= Q(role=role)
    if status:
        participation &= Q(status=status)
    if participation:
        persons = persons.filter(
            pk__in=access.scope(membership, Participant).filter(participation).values("person_id")
        )
    if language:
        persons = persons.filter(languages__code=language)
    visible_participations = access.scope(membership, Participant).select_related("programme")
    return persons.order_by("last_name", "first_name", "pk").prefetch_related(
        "languages", Prefetch("participations", queryset=visible_participations)
    )


def person_participations(membership: Membership, person: Person) -> QuerySet[Participant]:
    return (
        access.scope(membership, Participant)
        .filter(person=person)
        .select_related("programme", "cohort")
        .order_by("-created_at")
    )


def participant_history(membership: Membership, participant: Participant) -> QuerySet:
    return (
        access.scope(membership, StatusChange)
        .filter(participant=participant)
        .select_related("changed_by")
        .order_by("-changed_at", "-pk")
    )


@dataclass
class ProgrammeCounts:
    programme: Programme
    mentees: dict[str, int] = field(default_factory=dict)
    mentors: dict[str, int] = field(default_factory=dict)

    @property
    def mentee_total(self) -> int:
        return sum(self.mentees.values())

    @property
    def mentor_total(self) -> int:
        return sum(self.mentors.values())

    def rows(self) -> list[tuple[str, str, int, int]]:
        """(status, label, mentees, mentors) for every status, in pipeline order."""
        return [
            (s, label, self.mentees.get(s, 0), self.mentors.get(s, 0))
            for s, label in ParticipantStatus.choices
        ]


def programme_status_counts(membership: Membership) -> list[ProgrammeCounts]:
    """For the coordinator home: how many mentees and mentors each programme has per status."""
    programmes = access.scope(membership, Programme).order_by("name")
    by_pk = {p.pk: ProgrammeCounts(p) for p in programmes}
    rows = (
        access.scope(membership, Participant)
        .values("programme_id", "role", "status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in rows:
        counts = by_pk.get(row["programme_id"])
        if counts is not None:
            target = counts.mentees if row["role"] == "mentee" else counts.mentors
            target[row["status"]] = row["n"]
    return list(by_pk.values())


def held_from_subquery() -> Subquery:
    """Per participant, the status before their latest hold (for the moves a card offers)."""
    return Subquery(
        StatusChange.objects.filter(participant=OuterRef("pk"), to_status=ParticipantStatus.ON_HOLD)
        .order_by("-changed_at", "-pk")
        .values("from_status")[:1]
    )


# A board stays readable (and fast) with thousands of participants: each column shows the
# longest-waiting cards and links to the full list.
BOARD_CARDS_PER_COLUMN = 40


@dataclass
class Column:
    status: str
    label: str
    cards: list[Participant]
    total: int = 0

    @property
    def hidden(self) -> int:
        return self.total - len(self.cards)


def pipeline_board(membership: Membership, programme: Programme, role: str) -> list[Column]:
    """The board of a programme: one column per status, the longest-waiting cards first."""
    in_board = access.scope(membership, Participant).filter(programme=programme, role=role)
    totals = dict(
        in_board.order_by().values("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    participants = (
        in_board.annotate(
            position=Window(
                RowNumber(),
                partition_by=[F("status")],
                order_by=[F("status_changed_at").asc(), F("pk").asc()],
            )
        )
        .filter(position__lte=BOARD_CARDS_PER_COLUMN)
        .annotate(held_from=held_from_subquery())
        .select_related("person", "cohort")
        .order_by("status_changed_at", "pk")
    )
    columns = {
        s: Column(s, ParticipantStatus(s).label, [], totals.get(s, 0))
        for s in pipeline.statuses_for(role)
    }
    for participant in participants:
        participant.move_values = pipeline.allowed_moves(  # type: ignore[attr-defined]
            participant.role, participant.status, participant.held_from
        )
        participant.moves = [  # type: ignore[attr-defined]
            (s, ParticipantStatus(s).label) for s in participant.move_values
        ]
        column = columns.get(participant.status)
        if column is not None:
            column.cards.append(participant)
    return list(columns.values())


def referral_queue(membership: Membership) -> QuerySet:
    """The referrals a coordinator decides on: undecided first, oldest first."""
    return (
        access.scope(membership, Referral)
        .select_related("person", "programme", "referred_by")
        .order_by(
            Case(When(status=ReferralStatus.SUBMITTED, then=0), default=1),
            "created_at",
            "pk",
        )
    )


@dataclass
class PartnerRow:
    person: Person
    referral: Referral | None
    participations: list[Participant]


def partner_referrals(membership: Membership) -> list[PartnerRow]:
    """What a referral partner follows: each person they referred (through the referral form
    or as recorded by a coordinator), their latest referral and their programme steps."""
    persons = (
        access.scope(membership, Person)
        .prefetch_related(
            Prefetch(
                "referrals",
                queryset=access.scope(membership, Referral)
                .select_related("programme")
                .order_by("-created_at", "-pk"),
            ),
            Prefetch(
                "participations",
                queryset=access.scope(membership, Participant).select_related("programme"),
            ),
        )
        .order_by("-created_at", "-pk")
    )
    return [
        PartnerRow(p, next(iter(p.referrals.all()), None), list(p.participations.all()))
        for p in persons
    ]
