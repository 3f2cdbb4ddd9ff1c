"""The intake interview: recorded by coordinators, moves the pipeline, seen by staff only."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from tandem.people import services
from tandem.people.models import Intake
from tests.conftest import login

INTERVIEW = {
    "held_on": "2026-11-02",
    "motivation": "Wants to work as an electrician again.",
    "goals": "Een job in de bouw binnen het jaar.",
    "languages_checked": "on",
    "needs": ["work", "diplomas", "housing"],
    "needs_note": "Diploma from Kabul not yet recognised.",
    "right_to_work": "full",
    "notes": "Shy at first; very motivated.",
}


def test_a_coordinator_records_the_intake_and_the_pipeline_follows(world):
    participant = world.mentee_participant
    response = login(world.coordinator).post(
        reverse("people:intake_record", args=[participant.pk]), INTERVIEW
    )
    assert response.url == participant.get_absolute_url()
    intake = Intake.objects.get(participant=participant)
    assert (intake.interviewer, intake.right_to_work, intake.needs) == (
        world.coordinator,
        "full",
        ["work", "diplomas", "housing"],
    )
    participant.refresh_from_db()
    assert participant.status == "intake_done"
    steps = list(participant.status_changes.values_list("to_status", flat=True))
    assert steps[-2:] == ["intake_planned", "intake_done"]


def test_the_participant_page_shows_the_intake_to_staff(world):
    login(world.coordinator).post(
        reverse("people:intake_record", args=[world.mentee_participant.pk]), INTERVIEW
    )
    body = login(world.coordinator).get(world.mentee_participant.get_absolute_url()).content
    text = body.decode()
    assert "Recognition of diplomas" in text
    assert "Full access to the labour market" in text


def test_nobody_but_staff_ever_sees_the_intake_or_the_right_to_work(world):
    login(world.coordinator).post(
        reverse("people:intake_record", args=[world.referred_participant.pk]),
        {**INTERVIEW, "notes": "Confidential trauma history"},
    )
    for actor in (world.mentee, world.mentor, world.referral_partner, world.employer_contact):
        client = login(actor)
        for page in (reverse("core:home"), reverse("people:me")):
            body = client.get(page, follow=True).content.decode()
            assert "Confidential trauma" not in body
            assert "Full access to the labour market" not in body


def test_mentors_are_not_asked_about_their_right_to_work(world):
    body = (
        login(world.coordinator)
        .get(reverse("people:intake_record", args=[world.mentor_participant.pk]))
        .content.decode()
    )
    assert "right_to_work" not in body


def test_an_interview_in_the_future_is_refused(world):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(ValidationError):
        services.intake_record(
            participant=world.mentee_participant, held_on=tomorrow, interviewer=world.coordinator
        )
    assert not Intake.objects.exists()
    world.mentee_participant.refresh_from_db()
    assert world.mentee_participant.status == "applied"


def test_a_later_intake_does_not_move_someone_further_along(world):
    services.participant_move(
        participant=world.mentee_participant, to_status="on_hold", reason="Ill", moved_by=None
    )
    services.intake_record(
        participant=world.mentee_participant,
        held_on=timezone.localdate(),
        interviewer=world.coordinator,
    )
    world.mentee_participant.refresh_from_db()
    assert world.mentee_participant.status == "on_hold"
