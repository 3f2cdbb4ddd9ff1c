"""Closing a mentorship: completed or ended early with a reason; planned meetings cancelled; the
mentee and the mentor moved on through the pipeline; the final evaluation asked for and later
steps told — once the change commits, and never for a refused closure."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from hypothesis import given
from hypothesis import strategies as st

from tandem.mentorships import signals
from tandem.mentorships.models import ClosureReason, Meeting, Mentorship, MentorshipStatus
from tandem.mentorships.services.closure import closure_moves, mentorship_close
from tandem.people import pipeline
from tandem.people.models import Participant, ScreeningCheck, StatusChange, TrainingSession
from tests import factories
from tests.mentorships.world import add_mentorships, make_pair

TODAY = timezone.localdate


def set_status(participant: Participant, status: str) -> None:
    Participant.objects.filter(pk=participant.pk).update(
        status=status, status_changed_at=timezone.now() - timedelta(days=60)
    )
    participant.status = status


def make_ready(mentor: Participant) -> None:
    """Training hours and screening in order: a mentor who may be matched again."""
    TrainingSession.objects.create(
        participant=mentor, held_on=TODAY(), hours=Decimal(20), topic="Basics"
    )
    for kind in ("references", "good_conduct"):
        ScreeningCheck.objects.create(participant=mentor, kind=kind, checked_on=TODAY())


@pytest.fixture
def pair(world):
    add_mentorships(world)
    set_status(world.mentee_participant, "active")
    set_status(world.mentor_participant, "active")
    return world.pair


def close(world, mentorship, **overrides) -> Mentorship:
    values = {
        "status": "ended_early",
        "reason": "mentee_moved",
        "note": "",
        "ended_on": TODAY(),
        "closed_by": world.coordinator,
    } | overrides
    return mentorship_close(mentorship=mentorship, **values)


def status_of(participant: Participant) -> str:
    return Participant.objects.get(pk=participant.pk).status


def test_a_completed_mentorship_records_the_end_and_completes_both(
    world, pair, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        close(world, pair.mentorship, status="completed", reason="period_ended", note=" Fine ")
    saved = Mentorship.objects.get(pk=pair.mentorship.pk)
    assert (saved.status, saved.ended_on, saved.closure_reason, saved.closure_note) == (
        "completed",
        TODAY(),
        "period_ended",
        "Fine",
    )
    assert saved.closed_by == world.coordinator
    assert status_of(world.mentee_participant) == "completed"
    assert status_of(world.mentor_participant) == "completed"
    last = StatusChange.objects.filter(participant=world.mentee_participant).last()
    assert (last.from_status, last.to_status, last.changed_by) == (
        "active",
        "completed",
        world.coordinator,
    )


def test_closing_cancels_the_meetings_still_planned_and_keeps_those_held(world, pair):
    past_plan = Meeting.objects.create(
        mentorship=pair.mentorship,
        status="planned",
        starts_at=timezone.now() - timedelta(days=2),
    )
    close(world, pair.mentorship)
    planned = Meeting.objects.get(pk=pair.planned_meeting.pk)
    assert (planned.status, planned.sequence) == ("cancelled", 1)
    assert Meeting.objects.get(pk=pair.meeting.pk).status == "held"
    # Planned in the past and never logged: not ahead, so left for the record.
    assert Meeting.objects.get(pk=past_plan.pk).status == "planned"


def test_an_early_end_sends_the_mentee_back_to_matching_first_in_line(world, pair):
    close(world, pair.mentorship, mentee_back_to_matching=True)
    mentee = Participant.objects.get(pk=world.mentee_participant.pk)
    assert (mentee.status, mentee.match_priority) == ("ready_to_match", True)
    assert status_of(world.mentor_participant) == "completed"
    assert Mentorship.objects.get(pk=pair.mentorship.pk).status == "ended_early"


@pytest.mark.parametrize(
    ("reason", "note", "drop_out"),
    [
        ("mentee_moved", "", "moved"),
        ("found_work", "", "found_work"),
        ("health", "", "health"),
        ("no_chemistry", "", "other"),
        ("other", "Lost touch", "other"),
    ],
)
def test_a_mentee_who_stops_is_withdrawn_with_the_matching_drop_out_reason(
    world, pair, reason, note, drop_out
):
    close(world, pair.mentorship, reason=reason, note=note)
    change = StatusChange.objects.filter(participant=world.mentee_participant).last()
    assert (change.to_status, change.drop_out_reason) == ("withdrawn", drop_out)
    assert change.reason.startswith("The mentorship ended early")
    assert not Participant.objects.get(pk=world.mentee_participant.pk).match_priority


def test_a_mentor_available_again_is_ready_to_match_right_after(world, pair):
    make_ready(world.mentor_participant)
    close(world, pair.mentorship, mentor_available_again=True)
    moves = StatusChange.objects.filter(participant=world.mentor_participant).order_by("pk")
    assert [c.to_status for c in moves][-2:] == ["completed", "ready_to_match"]


def test_a_mentor_not_ready_any_more_is_not_made_available_and_nothing_is_saved(world, pair):
    with pytest.raises(ValidationError) as refused:
        close(world, pair.mentorship, mentor_available_again=True)
    assert "mentor_available_again" in refused.value.message_dict
    assert "Training" in " ".join(refused.value.message_dict["mentor_available_again"])
    assert Mentorship.objects.get(pk=pair.mentorship.pk).status == "active"
    assert status_of(world.mentee_participant) == "active"
    assert Meeting.objects.get(pk=pair.planned_meeting.pk).status == "planned"


def test_a_mentor_with_another_running_mentorship_stays_active(world, pair):
    other_mentee = factories.ParticipantFactory(
        person=factories.PersonFactory(organisation=world.org),
        programme=world.programme,
        status="active",
    )
    make_pair(world.programme, other_mentee, world.mentor_participant, world.coordinator)
    close(world, pair.mentorship, mentor_available_again=True)
    assert status_of(world.mentor_participant) == "active"


def test_a_pair_still_matched_passes_through_active_to_complete(world, pair):
    set_status(world.mentee_participant, "matched")
    set_status(world.mentor_participant, "matched")
    close(world, pair.mentorship, status="completed", reason="found_work")
    path = StatusChange.objects.filter(participant=world.mentee_participant).order_by("pk")
    assert [c.to_status for c in path][-2:] == ["active", "completed"]
    assert status_of(world.mentor_participant) == "completed"


def test_a_participant_moved_by_hand_meanwhile_keeps_their_status(world, pair):
    set_status(world.mentee_participant, "on_hold")
    close(world, pair.mentorship, mentee_back_to_matching=True)
    mentee = Participant.objects.get(pk=world.mentee_participant.pk)
    assert (mentee.status, mentee.match_priority) == ("on_hold", False)


def test_the_signal_and_the_final_evaluation_reminders_go_once_the_change_commits(
    world, pair, django_capture_on_commit_callbacks
):
    received = []

    def listener(sender, mentorship, **kwargs):
        received.append((sender, mentorship.pk, mentorship.status))

    signals.mentorship_closed.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            close(world, pair.mentorship)
        assert received == []  # nothing before the commit
        assert not DBTaskResult.objects.exists()
        for callback in callbacks:
            callback()
    finally:
        signals.mentorship_closed.disconnect(listener)
    assert received == [(Mentorship, pair.mentorship.pk, "ended_early")]
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "tandem.mentorships.tasks.remind_pair"
    assert queued.args_kwargs["kwargs"] == {"mentorship_id": pair.mentorship.pk}


def _refused(world, pair, callbacks_fixture, **values) -> ValidationError:
    before = (
        StatusChange.objects.count(),
        list(Participant.objects.order_by("pk").values_list("status", "match_priority")),
        list(Meeting.objects.order_by("pk").values_list("status", "sequence")),
    )
    with callbacks_fixture(execute=False) as callbacks, pytest.raises(ValidationError) as refused:
        close(world, pair.mentorship, **values)
    after = (
        StatusChange.objects.count(),
        list(Participant.objects.order_by("pk").values_list("status", "match_priority")),
        list(Meeting.objects.order_by("pk").values_list("status", "sequence")),
    )
    assert after == before
    assert callbacks == []
    assert Mentorship.objects.get(pk=pair.mentorship.pk).status == "active"
    return refused.value


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"ended_on": "before start"}, "ended_on"),
        ({"ended_on": "tomorrow"}, "ended_on"),
        ({"reason": "other", "note": "  "}, "note"),
        ({"reason": "period_ended"}, "reason"),
        ({"reason": "bored"}, "reason"),
        ({"status": "active"}, "status"),
        (
            {"status": "completed", "reason": "found_work", "mentee_back_to_matching": True},
            "mentee_back_to_matching",
        ),
    ],
)
def test_bad_closures_are_refused_on_their_field_with_nothing_half_saved(
    world, pair, django_capture_on_commit_callbacks, values, field
):
    dates = {
        "before start": pair.mentorship.started_on - timedelta(days=1),
        "tomorrow": TODAY() + timedelta(days=1),
    }
    if "ended_on" in values:
        values = values | {"ended_on": dates[values["ended_on"]]}
    error = _refused(world, pair, django_capture_on_commit_callbacks, **values)
    assert field in error.message_dict


def test_a_mentorship_is_closed_once(world, pair, django_capture_on_commit_callbacks):
    close(world, pair.mentorship)
    with (
        django_capture_on_commit_callbacks(execute=False) as callbacks,
        pytest.raises(ValidationError, match="closed already"),
    ):
        close(world, Mentorship.objects.get(pk=pair.mentorship.pk), status="completed")
    assert callbacks == []
    assert Mentorship.objects.get(pk=pair.mentorship.pk).status == "ended_early"


# --- where both participants end, for every combination -------------------------------------------

IN_MENTORSHIP = ("matched", "active")


@given(
    status=st.sampled_from(["completed", "ended_early"]),
    mentee_status=st.sampled_from([*IN_MENTORSHIP, "on_hold", "withdrawn"]),
    mentor_status=st.sampled_from([*IN_MENTORSHIP, "withdrawn"]),
    mentor_busy=st.booleans(),
    back=st.booleans(),
    available=st.booleans(),
)
def test_closure_moves_follow_the_pipeline_and_end_where_the_rules_say(
    status, mentee_status, mentor_status, mentor_busy, back, available
):
    back = back and status == "ended_early"  # the service refuses it otherwise
    moves = closure_moves(
        status=status,
        mentee_status=mentee_status,
        mentor_status=mentor_status,
        mentor_busy=mentor_busy,
        mentee_back_to_matching=back,
        mentor_available_again=available,
    )
    # Every step is one the pipeline allows, from where the participant is.
    for role, start, path in (
        ("mentee", mentee_status, moves.mentee),
        ("mentor", mentor_status, moves.mentor),
    ):
        current = start
        for step in path:
            assert pipeline.can_move(role, current, step), (role, current, step)
            current = step
    mentee_end = moves.mentee[-1] if moves.mentee else mentee_status
    mentor_end = moves.mentor[-1] if moves.mentor else mentor_status
    if mentee_status not in IN_MENTORSHIP:
        assert mentee_end == mentee_status
    elif status == "completed":
        assert mentee_end == "completed"
    else:
        assert mentee_end == ("ready_to_match" if back else "withdrawn")
    assert moves.mentee_priority == (mentee_end == "ready_to_match" and bool(moves.mentee))
    if mentor_status not in IN_MENTORSHIP or mentor_busy:
        assert mentor_end == mentor_status
    else:
        assert mentor_end == ("ready_to_match" if available else "completed")
        assert "completed" in moves.mentor  # a mentor's mentorship always ends "completed"


@pytest.mark.parametrize("status", ["completed", "ended_early"])
@pytest.mark.parametrize("back", [False, True])
@pytest.mark.parametrize("available", [False, True])
@pytest.mark.parametrize("start", IN_MENTORSHIP)
def test_the_service_moves_both_as_the_rules_say(world, pair, status, back, available, start):
    back = back and status == "ended_early"
    set_status(world.mentee_participant, start)
    set_status(world.mentor_participant, start)
    make_ready(world.mentor_participant)
    expected = closure_moves(
        status=status,
        mentee_status=start,
        mentor_status=start,
        mentor_busy=False,
        mentee_back_to_matching=back,
        mentor_available_again=available,
    )
    close(
        world,
        pair.mentorship,
        status=status,
        reason=ClosureReason.FOUND_WORK,
        mentee_back_to_matching=back,
        mentor_available_again=available,
    )
    mentee = Participant.objects.get(pk=world.mentee_participant.pk)
    assert mentee.status == expected.mentee[-1]
    assert mentee.match_priority == expected.mentee_priority
    assert status_of(world.mentor_participant) == expected.mentor[-1]
    assert Mentorship.objects.get(pk=pair.mentorship.pk).status == status
    assert MentorshipStatus(status)  # a closed status the model knows
