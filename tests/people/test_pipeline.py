"""The pipeline as a state machine: whatever coordinators do, participants stay in a valid state,
nobody skips the intake (or, for mentors, the training), and the history explains every step."""

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


def test_leaving_on_hold_goes_back_to_the_step_before_the_hold():
    assert pipeline.allowed_moves("mentee", "on_hold", held_from="applied") == [
        "applied",
        "withdrawn",
    ]
    assert pipeline.allowed_moves("mentor", "on_hold", held_from="ready_to_match") == [
        "ready_to_match",
        "withdrawn",
    ]


def test_a_mentee_put_on_hold_before_the_intake_cannot_become_eligible(db):
    participant = factories.ParticipantFactory(role="mentee")
    services.participant_move(
        participant=participant, to_status="on_hold", reason="Ill", moved_by=None
    )
    with pytest.raises(ValidationError):
        services.participant_move(participant=participant, to_status="eligible", moved_by=None)
    services.participant_move(participant=participant, to_status="applied", moved_by=None)
    assert participant.status == "applied"


def test_every_status_can_be_reached_from_applied_for_each_role():
    for role in ParticipantRole.values:
        reached, frontier = {"applied"}, [("applied", None)]
        while frontier:
            status, before = frontier.pop()
            for target in pipeline.allowed_moves(role, status, before):
                if target not in reached:
                    reached.add(target)
                    frontier.append((target, status))
        assert reached == set(pipeline.statuses_for(role))


def test_the_table_only_names_real_statuses():
    for table in pipeline.TRANSITIONS.values():
        for source, targets in table.items():
            assert source in ParticipantStatus.values
            assert targets <= set(ParticipantStatus.values)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    role=st.sampled_from(ParticipantRole.values),
    steps=st.lists(
        st.tuples(
            st.sampled_from(ParticipantStatus.values),
            st.sampled_from(["", "because"]),
            st.sampled_from(["", "found_work", "not-a-reason"]),
            st.booleans(),
        ),
        max_size=30,
    ),
)
def test_no_sequence_of_moves_skips_the_intake_or_the_training(db, role, steps):
    participant = factories.ParticipantFactory(role=role)
    for target, reason, drop_out, override in steps:
        before = participant.status
        try:
            services.participant_move(
                participant=participant,
                to_status=target,
                reason=reason,
                drop_out_reason=drop_out,
                override=override,
                moved_by=None,
            )
        except ValidationError:
            participant.refresh_from_db()
            assert participant.status == before  # a refused move changes nothing
        participant.refresh_from_db()
        assert participant.status in pipeline.statuses_for(role)

    history = list(participant.status_changes.order_by("changed_at", "pk"))
    reached = [change.to_status for change in history]
    assert reached[0] == "applied"
    assert reached[-1] == participant.status
    for before, after in pairwise(history):
        assert after.from_status == before.to_status
        if after.to_status in pipeline.REASON_REQUIRED:
            assert after.reason
        # Every withdrawal carries a drop-out reason from the list; nothing else does.
        assert bool(after.drop_out_reason) == (after.to_status == "withdrawn")
        assert after.drop_out_reason in ("", "found_work")
    # A mentor becomes ready to match without the training hours only through an override,
    # which always leaves a reason in the history.
    if role == "mentor":
        for change in history:
            if change.to_status == "ready_to_match" and change.from_status == "in_training":
                assert change.reason
    # Domain rules, independent of the transition table:
    for i, status in enumerate(reached):
        earlier = reached[:i]
        if status in ("eligible", "ready_to_match", "matched", "active", "completed"):
            assert "intake_done" in earlier, reached
        if status in ("ready_to_match", "matched", "active") and role == "mentor":
            assert "in_training" in earlier, reached
        if status == "ready_to_match" and role == "mentee":
            assert "eligible" in earlier, reached


def test_withdrawing_needs_a_drop_out_reason_from_the_list(db):
    participant = factories.ParticipantFactory(role="mentee")
    for drop_out in ("", "bored"):
        with pytest.raises(ValidationError):
            services.participant_move(
                participant=participant,
                to_status="withdrawn",
                reason="Gone",
                drop_out_reason=drop_out,
                moved_by=None,
            )
    services.participant_move(
        participant=participant,
        to_status="withdrawn",
        reason="Works at a warehouse now",
        drop_out_reason="found_work",
        moved_by=None,
    )
    assert participant.status_changes.last().get_drop_out_reason_display() == "Found work"
