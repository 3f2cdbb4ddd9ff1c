"""Reads for the mentor's and the mentee's own page (their portal).

What a side sees of their mentorships: the other side's limited profile (with their consent),
the goals, the meetings (never the private notes), what is due (a review, their own evaluation),
their own open call for help, the agreement and whether they signed it, and who to contact.
Everything comes through the access rules, in a fixed number of queries whatever the number of
goals, meetings or reviews (plus one consent check per running mentorship: never cached).
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch
from django.utils import timezone

from tandem.accounts import access
from tandem.accounts.models import Membership, Role, User
from tandem.matching.profiles import LimitedProfile, limited_profile
from tandem.mentorships.models import (
    Evaluation,
    Goal,
    HelpRequest,
    Meeting,
    MeetingStatus,
    Mentorship,
    Review,
    Side,
    Signature,
)
from tandem.mentorships.services.evaluations import evaluations_due
from tandem.mentorships.services.reviews import next_review_due, review_open

RECENT_MEETINGS = 3


@dataclass
class PortalPair:
    """One running mentorship, as one of its sides sees it."""

    mentorship: Mentorship
    side: str  # "mentor" or "mentee": the reader
    other: LimitedProfile | None  # None: the other side does not share a profile
    goals: list[Goal]
    planned: list[Meeting]  # coming, the soonest first
    to_confirm: list[Meeting]  # planned, time passed, not marked held yet
    recent: list[Meeting]  # the last ones held
    held_count: int
    review_due: date | None  # the review the pair can fill in now
    next_review: date | None
    evaluations: list[str]  # kinds the reader can answer now
    signed: Signature | None  # the reader's signature of the agreement
    open_help: HelpRequest | None  # the reader's own call for help, not dealt with yet
    contacts: list[User] = field(default_factory=list)

    @property
    def next_meeting(self) -> Meeting | None:
        return self.planned[0] if self.planned else None

    @property
    def agreement(self):
        return self.mentorship.agreement


@dataclass
class Portal:
    running: list[PortalPair]
    past: list[Mentorship]


def _mentorships(membership: Membership):
    return (
        access.scope(membership, Mentorship)
        .select_related(
            "programme__organisation",
            "programme__mentorship_settings",
            "mentor__person__user",
            "mentee__person__user",
            "agreement",
            "coordinator",
        )
        .prefetch_related(
            Prefetch("goals", queryset=access.scope(membership, Goal)),
            Prefetch("meetings", queryset=access.scope(membership, Meeting)),
            Prefetch("reviews", queryset=access.scope(membership, Review)),
            # Only the reader's own evaluations and calls for help: never the other side's.
            Prefetch("evaluations", queryset=access.scope(membership, Evaluation)),
            Prefetch(
                "help_requests",
                queryset=access.scope(membership, HelpRequest).filter(resolved_at__isnull=True),
            ),
            Prefetch("agreement__signatures", queryset=access.scope(membership, Signature)),
            # The other side's languages: shown only through limited_profile (their consent).
            "mentor__person__languages",
            "mentee__person__languages",
        )
        .order_by("-started_on", "-pk")
    )


def _staff_by_programme(programmes: dict[int, int]) -> dict[int, list[User]]:
    """The active admins and coordinators covering each programme (``programmes``: programme
    id -> organisation id): the contact when a pair has no contact person of its own."""
    if not programmes:
        return {}
    memberships = (
        Membership.objects.filter(
            organisation_id__in=set(programmes.values()),
            is_active=True,
            user__is_active=True,
            role__in=(Role.ADMIN, Role.COORDINATOR),
        )
        .select_related("user")
        .prefetch_related("programmes")
        .order_by("user__name", "user__email")
    )
    found: dict[int, list[User]] = {pk: [] for pk in programmes}
    for membership in memberships:
        assigned = {p.pk for p in membership.programmes.all()}
        for pk, organisation_id in programmes.items():
            covers = membership.role == Role.ADMIN or membership.all_programmes or pk in assigned
            if membership.organisation_id == organisation_id and covers:
                found[pk].append(membership.user)
    return found


def portal(membership: Membership, today: date | None = None) -> Portal:
    """The running and the past mentorships of the mentor or mentee acting through
    ``membership``."""
    today = today or timezone.localdate()
    now = timezone.now()
    running, past = [], []
    for mentorship in _mentorships(membership):
        side = access.mentorship_side(membership, mentorship)
        if side not in Side.values:
            continue
        if not mentorship.is_active:
            past.append(mentorship)
            continue
        other = mentorship.participant(Side.MENTEE if side == Side.MENTOR else Side.MENTOR)
        meetings = list(mentorship.meetings.all())  # the newest first
        planned = [m for m in meetings if m.status == MeetingStatus.PLANNED]
        held = [m for m in meetings if m.status == MeetingStatus.HELD]
        open_help = [h for h in mentorship.help_requests.all() if h.side == side]
        running.append(
            PortalPair(
                mentorship=mentorship,
                side=side,
                other=limited_profile(other.person),
                goals=list(mentorship.goals.all()),
                planned=sorted((m for m in planned if m.starts_at >= now), key=_start),
                to_confirm=sorted((m for m in planned if m.starts_at < now), key=_start),
                recent=held[:RECENT_MEETINGS],
                held_count=len(held),
                review_due=review_open(mentorship, today),
                next_review=next_review_due(mentorship, today),
                # The evaluations are prefetched for the reader's side only: ask for that side.
                evaluations=[k for k, s in evaluations_due(mentorship, today) if s == side],
                signed=next(
                    (s for s in mentorship.agreement.signatures.all() if s.signatory == side),
                    None,
                ),
                open_help=open_help[0] if open_help else None,
            )
        )
    staff = _staff_by_programme(
        {
            p.mentorship.programme_id: p.mentorship.programme.organisation_id
            for p in running
            if p.mentorship.coordinator is None
        }
    )
    for pair in running:
        if pair.mentorship.coordinator is None:
            pair.contacts = staff.get(pair.mentorship.programme_id, [])
        else:
            pair.contacts = [pair.mentorship.coordinator]
    return Portal(running=running, past=past)


def _start(meeting: Meeting):
    return meeting.starts_at
