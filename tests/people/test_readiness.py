"""Mentor readiness: training hours and screening checks gate 'ready to match'."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from tandem.people import readiness, services
from tandem.people.models import ScreeningCheck, TrainingSession
from tests.conftest import login

TODAY = timezone.localdate()


def to_training(world):
    p = world.mentor_participant
    for status in ("intake_planned", "intake_done", "eligible", "in_training"):
        services.participant_move(participant=p, to_status=status, moved_by=None)
    return p


def train(p, hours):
    services.training_record(
        participant=p, held_on=TODAY, hours=Decimal(hours), topic="Basics", recorded_by=None
    )


def screen(p, kind, passed=True, on=TODAY):
    services.screening_record(
        participant=p, kind=kind, checked_on=on, passed=passed, recorded_by=None
    )


def test_a_mentor_is_ready_with_enough_training_and_both_checks_in_order(world):
    p = to_training(world)  # the programme requires 12 hours
    state = readiness.readiness(p)
    assert state.missing == [
        "Training: 0 of 12 hours.",
        "References checked: not done yet.",
        "Certificate of good conduct: not done yet.",
    ]
    train(p, "8")
    train(p, "4")
    screen(p, "references")
    screen(p, "good_conduct")
    assert readiness.readiness(p).ready
    services.participant_move(participant=p, to_status="ready_to_match", moved_by=None)
    assert p.status == "ready_to_match"


def test_the_latest_check_of_a_kind_counts(world):
    p = to_training(world)
    train(p, "12")
    screen(p, "references")
    screen(p, "good_conduct", passed=False, on=TODAY - dt.timedelta(days=10))
    assert readiness.readiness(p).missing == ["Certificate of good conduct: not in order."]
    screen(p, "good_conduct", passed=True)
    assert readiness.readiness(p).ready


def test_an_unready_mentor_cannot_be_marked_ready_without_an_override_and_a_reason(world):
    p = to_training(world)
    train(p, "4")
    with pytest.raises(ValidationError, match="Training: 4 of 12 hours"):
        services.participant_move(participant=p, to_status="ready_to_match", moved_by=None)
    with pytest.raises(ValidationError):
        services.participant_move(
            participant=p, to_status="ready_to_match", moved_by=None, override=True
        )
    services.participant_move(
        participant=p,
        to_status="ready_to_match",
        moved_by=world.coordinator,
        override=True,
        reason="Trained as a job coach for 20 years",
    )
    assert p.status == "ready_to_match"


def test_mentees_are_not_trained_or_screened(world):
    assert readiness.readiness(world.mentee_participant) is None
    with pytest.raises(ValidationError):
        train(world.mentee_participant, "2")


def test_the_coordinator_records_training_and_checks_on_the_mentor_s_page(world):
    p = to_training(world)
    client = login(world.coordinator)
    client.post(
        reverse("people:training_add", args=[p.pk]),
        {"held_on": TODAY.isoformat(), "hours": "12", "topic": "Intercultural communication"},
    )
    client.post(
        reverse("people:screening_add", args=[p.pk]),
        {"kind": "good_conduct", "checked_on": TODAY.isoformat(), "passed": "on"},
    )
    assert TrainingSession.objects.get(participant=p).topic == "Intercultural communication"
    assert ScreeningCheck.objects.get(participant=p).recorded_by == world.coordinator
    body = client.get(p.get_absolute_url()).content.decode()
    assert "Training: 12 of 12 hours" in body
    assert "References checked: not done yet." in body


def test_bad_training_input_is_refused_with_a_message(world):
    p = to_training(world)
    response = login(world.coordinator).post(
        reverse("people:training_add", args=[p.pk]),
        {"held_on": (TODAY + dt.timedelta(days=3)).isoformat(), "hours": "2", "topic": "X"},
        follow=True,
    )
    assert "cannot be recorded before it happens" in response.content.decode()
    assert not TrainingSession.objects.exists()
