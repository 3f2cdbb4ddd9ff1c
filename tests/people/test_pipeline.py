"""The pipeline as a state machine: whatever coordinators do, participants stay in a valid state
and the history explains every step."""

from itertools import pairwise

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tandem.people import pipeline, services
from tandem.people.models import ParticipantRole, ParticipantStatus
from tests import factories


def test_mentors_are_trained_before_they_are_ready_and_mentees_are_not():
    assert "in_training" in pipeline.allowed_moves("mentor", "eligible")
    assert "ready_to_match" not in pipeline.allowed_moves("mentor", "eligible")
    assert "in_training" not in pipeline.allowed_moves("mentee", "eligible")
    assert "in_training" not in pipeline.statuses_for("mentee")


def test_every_status_can_be_reached_from_applied_for_each_role():
    for role in ParticipantRole.values:
        reached, frontier = {"applied"}, ["applied"]
        while frontier:
            for target in pipeline.allowed_moves(role, frontier.pop()):
                if target not in reached:
                    reached.add(target)
                    frontier.append(target)
        assert reached == set(pipeline.statuses_for(role))


def test_the_table_only_names_real_statuses():
    for table in pipeline.TRANSITIONS.values():
        for source, targets in table.items():
            assert source in ParticipantStatus.values
            assert targets <= set(ParticipantStatus.values)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    role=st.sampled_from(ParticipantRole.values),
    steps=st.lists(
        st.tuples(st.sampled_from(ParticipantStatus.values), st.sampled_from(["", "because"])),
        max_size=25,
    ),
)
def test_no_sequence_of_moves_reaches_an_invalid_state(db, role, steps):
    participant = factories.ParticipantFactory(role=role)
    expected = "applied"
    for target, reason in steps:
        allowed = pipeline.can_move(role, expected, target) and (
            reason or target not in pipeline.REASON_REQUIRED
        )
        if allowed:
            services.participant_move(
                participant=participant, to_status=target, reason=reason, moved_by=None
            )
            expected = target
        else:
            with pytest.raises(ValidationError):
                services.participant_move(
                    participant=participant, to_status=target, reason=reason, moved_by=None
                )
        participant.refresh_from_db()
        assert participant.status == expected
        assert participant.status in pipeline.statuses_for(role)
    # The history is an unbroken chain of allowed moves ending in the current status.
    history = list(participant.status_changes.order_by("changed_at", "pk"))
    assert history[0].to_status == "applied"
    for before, after in pairwise(history):
        assert after.from_status == before.to_status
        assert pipeline.can_move(role, after.from_status, after.to_status)
    assert history[-1].to_status == participant.status
