"""The support layer of the demo: an intervision group of mentors in each programme and an
exchange group of mentees in Brussels, each meeting about once a month — three past sessions
with attendance and a summary, two to come. The demo mentor and mentee log-ins belong to the
Brussels groups, so their pages show the next sessions. Through the same services as the
pages (no invitation is e-mailed)."""

import random
from datetime import datetime, time, timedelta

from django.utils import timezone

from tandem.accounts.models import User
from tandem.community.models import GroupKind
from tandem.community.services import attendance_record, group_create, session_schedule
from tandem.people.models import Participant, ParticipantStatus
from tandem.programmes.models import Organisation

S = ParticipantStatus

# Days from the build day of each group's sessions: three past, two to come.
_SESSION_DAYS = (-80, -50, -20, 10, 40)

_GROUPS = (
    # programme slug, kind, name, start hour, place, how many members
    (
        "newcomers-brussels",
        GroupKind.INTERVISION,
        "Mentors' intervision — evening group",
        18,
        "Tandem office, Rue Haute 12, Brussels — room 2",
        9,
    ),
    (
        "newcomers-brussels",
        GroupKind.EXCHANGE,
        "Mentee exchange group — Saturday morning",
        10,
        "Community centre Le Pavillon, Brussels",
        10,
    ),
    (
        "throughflow-antwerp",
        GroupKind.INTERVISION,
        "Mentors' intervision — Antwerp",
        17,
        "Partner company canteen, Antwerp (by video for those who cannot come)",
        8,
    ),
)

_SUMMARIES = {
    GroupKind.INTERVISION: (
        "How to keep a mentee motivated after a string of rejections; setting smaller goals "
        "with a date.",
        "Where the mentor's role stops: paperwork with the welfare office, housing questions. "
        "Who to call at the organisation.",
        "Preparing job interviews together: practice rounds, what employers ask, how to talk "
        "about a gap in the CV.",
    ),
    GroupKind.EXCHANGE: (
        "Learning Dutch and French at work; tips on evening classes and conversation tables.",
        "Recognition of diplomas: what to ask, how long it takes, where to get help.",
        "First weeks in a new job: asking questions, breaks, how to talk to a manager.",
    ),
}

_MEMBER_STATUSES = (S.MATCHED, S.ACTIVE, S.COMPLETED)


def _members(organisation: Organisation, slug: str, role: str, size: int) -> list[Participant]:
    """The demo log-in first (so the mentor and mentee pages show a group), then the longest
    in the programme, by id: the same people at each build."""
    found = list(
        Participant.objects.filter(
            programme__organisation=organisation,
            programme__slug=slug,
            role=role,
            status__in=_MEMBER_STATUSES,
        )
        .select_related("person")
        .order_by("pk")
    )
    found.sort(key=lambda p: p.person.user_id is None)
    return found[:size]


def add_community_layer(rng: random.Random, organisation: Organisation, coordinator: User) -> None:
    """Add the demo's support groups and their sessions."""
    today = timezone.localdate()
    for slug, kind, name, hour, place, size in _GROUPS:
        programme = organisation.programmes.get(slug=slug)
        role = "mentor" if kind == GroupKind.INTERVISION else "mentee"
        members = _members(organisation, slug, role, size)
        group = group_create(
            programme=programme,
            name=name,
            kind=kind,
            facilitator=coordinator,
            members=members,
            created_by=coordinator,
        )
        summaries = iter(_SUMMARIES[kind])
        for offset in _SESSION_DAYS:
            starts_at = timezone.make_aware(
                datetime.combine(today + timedelta(days=offset), time(hour, 0))
            )
            session = session_schedule(
                group=group,
                starts_at=starts_at,
                duration_minutes=120,
                place=place,
                scheduled_by=coordinator,
                at=starts_at - timedelta(days=21),
                notify=False,
            )
            if offset < 0:
                # Most come; one or two are kept away by work, health or family.
                present = [p for p in members if rng.random() < 0.8]
                attendance_record(
                    session=session,
                    present=present,
                    summary=next(summaries),
                    recorded_by=coordinator,
                )
