"""The funnel and the waiting list, on hand-computed cases."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from tandem.people import figures, services
from tandem.people.models import Participant, StatusChange
from tests import factories
from tests.conftest import login

NOW = dt.datetime(2026, 11, 23, 12, tzinfo=dt.UTC)


def walk(world, steps, role="mentee", **person):
    participant = factories.ParticipantFactory(
        person=factories.PersonFactory(organisation=world.org, **person),
        programme=world.programme,
        role=role,
    )
    for status in steps:
        services.participant_move(
            participant=participant, to_status=status, reason="test", moved_by=None
        )
    return participant


INTAKE = ["intake_planned", "intake_done"]


def test_the_funnel_counts_everyone_who_ever_reached_each_step(world):
    walk(world, [*INTAKE, "eligible", "ready_to_match", "matched", "active"])
    walk(world, [*INTAKE, "eligible", "ready_to_match"])
    walk(world, [*INTAKE, "not_eligible"])
    # The world's two applied mentees (Tesfay, Rahimi) count as applied only.
    steps = figures.funnel(
        StatusChange.objects.filter(participant__programme=world.programme), "mentee"
    )
    reached = {s.status: s.reached for s in steps}
    assert reached == {
        "applied": 5,
        "intake_done": 3,
        "eligible": 2,
        "ready_to_match": 2,
        "matched": 1,
        "active": 1,
        "completed": 0,
    }
    conversion = {s.status: s.conversion for s in steps}
    assert conversion["applied"] is None
    assert conversion["intake_done"] == pytest.approx(3 / 5)
    assert conversion["matched"] == pytest.approx(1 / 2)
    assert conversion["completed"] == 0


def test_someone_put_on_hold_and_back_is_counted_once_per_step(world):
    walk(world, ["on_hold", "applied", *INTAKE])
    steps = figures.funnel(
        StatusChange.objects.filter(participant__programme=world.programme), "mentee"
    )
    assert {s.status: s.reached for s in steps}["applied"] == 3


def test_waiting_times_give_count_median_and_90th_percentile(world):
    for days in (1, 2, 3, 10, 40):
        p = walk(world, [*INTAKE, "eligible", "ready_to_match"])
        Participant.objects.filter(pk=p.pk).update(status_changed_at=NOW - dt.timedelta(days=days))
    result = figures.waiting(Participant.objects.filter(programme=world.programme), NOW)
    assert (result.count, result.median_days, result.p90_days) == (5, 3, 40)


def test_an_empty_waiting_list_has_no_figures(world):
    assert figures.waiting(Participant.objects.none(), NOW) == figures.Waiting(0, None, None)


@given(st.lists(st.integers(min_value=0, max_value=1000), min_size=1, max_size=200))
def test_the_90th_percentile_is_the_smallest_wait_that_9_in_10_do_not_exceed(days):
    ordered = sorted(days)
    p90 = figures._percentile(ordered, 0.9)
    assert p90 in ordered
    assert sum(d <= p90 for d in ordered) >= 0.9 * len(ordered)
    smaller = [d for d in ordered if d < p90]
    assert len(smaller) < 0.9 * len(ordered)


def test_the_intake_queue_lists_who_waits_for_an_intake_longest_first(world):
    old = walk(world, [], last_name="Longestwait")
    Participant.objects.filter(pk=old.pk).update(
        status_changed_at=timezone.now() - dt.timedelta(days=30)
    )
    walk(world, [*INTAKE], last_name="Alreadydone")
    body = login(world.coordinator).get(reverse("people:intake_queue")).content.decode()
    assert body.index("Longestwait") < body.index("Selam Tesfay")
    assert "Alreadydone" not in body
    assert "2 referrals to decide" in body


def test_the_waiting_list_page_shows_the_funnel_and_who_waits(world):
    p = walk(world, [*INTAKE, "eligible", "ready_to_match"], last_name="Readyone")
    Participant.objects.filter(pk=p.pk).update(
        status_changed_at=timezone.now() - dt.timedelta(days=12)
    )
    body = (
        login(world.coordinator)
        .get(reverse("people:waiting_list", args=[world.programme.pk]))
        .content.decode()
    )
    assert "Readyone" in body
    assert "1 waits to be matched. Median wait: 12 days" in body
    assert "Ready to match" in body


def test_a_mentee_whose_mentorship_ended_early_comes_first_on_the_waiting_list(world):
    longest = walk(world, [*INTAKE, "eligible", "ready_to_match"], last_name="Longestwait")
    Participant.objects.filter(pk=longest.pk).update(
        status_changed_at=timezone.now() - dt.timedelta(days=90)
    )
    back = walk(world, [*INTAKE, "eligible", "ready_to_match"], last_name="Backagain")
    Participant.objects.filter(pk=back.pk).update(match_priority=True)
    body = (
        login(world.coordinator)
        .get(reverse("people:waiting_list", args=[world.programme.pk]))
        .content.decode()
    )
    assert body.index("Backagain") < body.index("Longestwait")
    assert "first in line: their mentorship ended early" in body
