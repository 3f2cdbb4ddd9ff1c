"""Reads for a coordinator's caseload: their running pairs with their health, the worst first.

Everything comes from one query (``health.with_health_facts``) whatever the number of pairs;
sorting happens in Python, since health is computed there (2,000 pairs sort in milliseconds).
"""

from dataclasses import dataclass
from datetime import date, datetime
from types import SimpleNamespace

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from tandem.accounts import access
from tandem.accounts.models import Membership, User
from tandem.mentorships import health
from tandem.mentorships.health import PairHealth
from tandem.mentorships.models import Mentorship, MentorshipStatus
from tandem.programmes.models import Programme

CALL_TODAY = 5
_PLACEHOLDER = 987654321

ORDERS = ("health", "quiet", "review", "started", "name")


@dataclass(frozen=True)
class Someone:
    """A side of a pair, as the caseload shows them."""

    first_name: str
    last_name: str
    preferred_name: str
    phone: str

    @property
    def name(self) -> str:
        return self.preferred_name or self.first_name

    @property
    def display_name(self) -> str:
        return f"{self.name} {self.last_name}".strip()


@dataclass(frozen=True)
class Row:
    """One running pair as the caseload shows it."""

    pk: int
    url: str
    health: PairHealth
    reason: str  # the main reason in words (for a green pair: when they last met)
    started_on: date
    next_meeting_at: datetime | None
    programme: Programme
    coordinator: User | None
    mentee: Someone
    mentor: Someone

    @property
    def mentee_name(self) -> str:
        return self.mentee.name

    @property
    def mentor_name(self) -> str:
        return self.mentor.name

    @property
    def sort_name(self) -> str:
        return f"{self.mentee.last_name} {self.mentee.first_name}".casefold()


def running_pairs(
    membership: Membership, *, mine: bool, programme: Programme | None = None
) -> QuerySet[Mentorship]:
    """The running mentorships a staff member covers; only theirs (as contact person) when
    ``mine``."""
    pairs = access.scope(membership, Mentorship).filter(status=MentorshipStatus.ACTIVE)
    if mine:
        pairs = pairs.filter(coordinator_id=membership.user_id)
    if programme is not None:
        pairs = pairs.filter(programme=programme)
    return pairs


def has_own_pairs(membership: Membership) -> bool:
    return running_pairs(membership, mine=True).exists()


_PERSON = ("first_name", "last_name", "preferred_name", "phone")
_AGREEMENT = ("meetings_per_month", "review_interval_weeks", "ends_on")
_FACTS = (
    "last_meeting_at",
    "next_meeting_at",
    "last_review_due",
    "dropped_goals",
    "help_asked_at",
    "help_side",
)


def rows(pairs: QuerySet[Mentorship], *, now: datetime | None = None) -> list[Row]:
    """The pairs with their health: one query for the pairs, one for their programmes (with
    the health settings) and one for their contact persons, however many pairs.

    Plain values, not model instances: a caseload of 2,000 pairs would otherwise build 10,000
    objects it only reads a few fields of.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    found = list(
        health.with_health_facts(pairs.order_by(), now).values(
            "pk",
            "programme_id",
            "coordinator_id",
            "started_on",
            "agreement__pk",
            *(f"agreement__{name}" for name in _AGREEMENT),
            *(f"{side}__person__{name}" for side in ("mentor", "mentee") for name in _PERSON),
            *_FACTS,
        )
    )
    programmes = Programme.objects.select_related("mentorship_settings").in_bulk(
        {v["programme_id"] for v in found}
    )
    contacts = User.objects.only("name", "email").in_bulk(
        {v["coordinator_id"] for v in found if v["coordinator_id"]}
    )
    # One reverse() for thousands of links.
    detail = reverse("mentorships:detail", args=[_PLACEHOLDER])
    result = []
    for v in found:
        pair = SimpleNamespace(
            started_on=v["started_on"],
            programme=programmes[v["programme_id"]],
            agreement=SimpleNamespace(**{n: v[f"agreement__{n}"] for n in _AGREEMENT})
            if v["agreement__pk"]
            else None,
            **{name: v[name] for name in _FACTS},
        )
        seen = health.pair_health(pair, today)
        result.append(
            Row(
                pk=v["pk"],
                url=detail.replace(str(_PLACEHOLDER), str(v["pk"])),
                health=seen,
                reason=seen.main_reason,
                started_on=v["started_on"],
                next_meeting_at=v["next_meeting_at"],
                programme=pair.programme,
                coordinator=contacts.get(v["coordinator_id"]),
                mentee=Someone(*(v[f"mentee__person__{n}"] for n in _PERSON)),
                mentor=Someone(*(v[f"mentor__person__{n}"] for n in _PERSON)),
            )
        )
    return result


def _worst_first(row: Row) -> tuple:
    return (-row.health.rank, -row.health.days_quiet, row.sort_name, row.pk)


_FAR = date.max


def sort_rows(found: list[Row], order: str) -> list[Row]:
    """Rows in one of ORDERS: health (worst first), quiet (longest without a meeting first),
    review (next review due soonest first; none due last), started (newest first), name."""
    keys = {
        "health": _worst_first,
        "quiet": lambda r: (-r.health.days_quiet, -r.health.rank, r.sort_name, r.pk),
        "review": lambda r: (r.health.review_due_on or _FAR, -r.health.rank, r.sort_name),
        "started": lambda r: (-r.started_on.toordinal(), r.sort_name),
        "name": lambda r: (r.sort_name, r.pk),
    }
    return sorted(found, key=keys.get(order, _worst_first))


def call_today(found: list[Row], limit: int = CALL_TODAY) -> list[Row]:
    """The pairs to call first: red, then amber, the longest-quiet first."""
    return sorted((r for r in found if r.health.rank > 0), key=_worst_first)[:limit]


def counts(found: list[Row]) -> dict[str, int]:
    tally = dict.fromkeys(health.RANK, 0)
    for row in found:
        tally[row.health.health] += 1
    return tally
