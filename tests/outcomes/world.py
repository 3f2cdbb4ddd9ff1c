"""Outcome rows of A's mentee (and of the mentee in A's other programme), for the permission
matrix and page tests: ``add_outcomes(world)`` gives ``world.outcomes`` and
``world.other_outcomes``."""

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from tandem.outcomes.models import (
    EntryProfile,
    FollowUp,
    OutcomeSettings,
    SelfAssessment,
    StatusEvent,
)
from tests.conftest import World

# Words only staff may read: a test looks for them in pages shown to others.
EMPLOYER = "Secret Employer NV"


@dataclass
class Outcomes:
    entry: EntryProfile
    event: StatusEvent  # confirmed: employed
    proposed: StatusEvent  # a mentor's proposal, waiting for a coordinator
    follow_up: FollowUp  # due
    self_assessment: SelfAssessment
    settings: OutcomeSettings


def make_outcomes(participant, coordinator) -> Outcomes:
    today = timezone.localdate()
    now = timezone.now()
    entry = EntryProfile.objects.create(
        participant=participant,
        entry_date=today - timedelta(days=400),
        situation="unemployed",
        unemployed_since=today - timedelta(days=800),
        third_country_national=True,
        foreign_background=True,
        recorded_by=coordinator,
    )
    event = StatusEvent.objects.create(
        participant=participant,
        date=today - timedelta(days=30),
        type="employed",
        contract="fixed_term",
        full_time=True,
        isco="7231",
        isco_skill_level=2,
        nace="G",
        employer=EMPLOYER,
        economy="regular",
        recorded_by=coordinator,
        recorded_at=now,
    )
    proposed = StatusEvent.objects.create(
        participant=participant,
        date=today - timedelta(days=5),
        type="qualification_gained",
        source="mentor",
        status="proposed",
        recorded_at=now,
    )
    follow_up = FollowUp.objects.create(
        participant=participant,
        kind="weeks_4",
        left_on=today - timedelta(days=40),
        due_on=today - timedelta(days=12),
    )
    assessment = SelfAssessment.objects.create(
        participant=participant,
        moment="start",
        statements=["I feel confident looking for work."],
        scores=[2],
        answered_at=now - timedelta(days=300),
    )
    settings, _created = OutcomeSettings.objects.get_or_create(programme=participant.programme)
    return Outcomes(entry, event, proposed, follow_up, assessment, settings)


def add_outcomes(world: World) -> World:
    world.outcomes = make_outcomes(world.mentee_participant, world.coordinator)
    world.other_outcomes = make_outcomes(world.other_programme_participant, world.coordinator)
    return world
