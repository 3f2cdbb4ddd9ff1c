"""Follow-ups: planned when a mentee leaves (not when they go back to matching), due 4 weeks,
6 and 12 months later with month-ends clamped, never twice; the coordinator's list with its
sections and response rates in a constant number of queries; recording a call."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from hypothesis import given
from hypothesis import strategies as st

from tandem.mentorships import signals
from tandem.mentorships.models import Mentorship
from tandem.mentorships.services.closure import mentorship_close
from tandem.outcomes.models import FollowUp, StatusEvent
from tandem.outcomes.services import followups
from tandem.people.models import Participant, StatusChange
from tests import factories
from tests.conftest import login
from tests.mentorships.world import add_mentorships

TODAY = timezone.localdate


def set_status(participant: Participant, status: str) -> None:
    Participant.objects.filter(pk=participant.pk).update(
        status=status, status_changed_at=timezone.now() - timedelta(days=60)
    )
    participant.status = status


@pytest.fixture
def pair(world):
    add_mentorships(world)
    set_status(world.mentee_participant, "active")
    set_status(world.mentor_participant, "active")
    return world.pair


def close(world, mentorship, capture, **overrides) -> Mentorship:
    values = {
        "status": "completed",
        "reason": "period_ended",
        "note": "",
        "ended_on": TODAY() - timedelta(days=3),
        "closed_by": world.coordinator,
    } | overrides
    with capture(execute=True):
        return mentorship_close(mentorship=mentorship, **values)


def kinds(participant) -> dict[str, date]:
    return dict(FollowUp.objects.filter(participant=participant).values_list("kind", "due_on"))


# --- planning ---------------------------------------------------------------------------------


def test_a_completed_mentorship_plans_three_follow_ups_from_the_end_date(
    world, pair, django_capture_on_commit_callbacks
):
    ended = date(2026, 1, 31)
    Mentorship.objects.filter(pk=pair.mentorship.pk).update(started_on=date(2025, 6, 1))
    pair.mentorship.refresh_from_db()
    close(world, pair.mentorship, django_capture_on_commit_callbacks, ended_on=ended)
    assert kinds(world.mentee_participant) == {
        "weeks_4": date(2026, 2, 28),
        "months_6": date(2026, 7, 31),
        "months_12": date(2027, 1, 31),
    }
    assert set(FollowUp.objects.values_list("left_on", flat=True)) == {ended}
    # The mentor is not followed up.
    assert not FollowUp.objects.filter(participant=world.mentor_participant).exists()


def test_a_mentee_who_withdraws_after_an_early_end_is_followed_up(
    world, pair, django_capture_on_commit_callbacks
):
    close(
        world,
        pair.mentorship,
        django_capture_on_commit_callbacks,
        status="ended_early",
        reason="mentee_moved",
    )
    assert Participant.objects.get(pk=world.mentee_participant.pk).status == "withdrawn"
    assert set(kinds(world.mentee_participant)) == {"weeks_4", "months_6", "months_12"}


def test_a_mentee_back_to_matching_has_not_left_and_gets_no_follow_up(
    world, pair, django_capture_on_commit_callbacks
):
    close(
        world,
        pair.mentorship,
        django_capture_on_commit_callbacks,
        status="ended_early",
        reason="no_chemistry",
        mentee_back_to_matching=True,
    )
    assert Participant.objects.get(pk=world.mentee_participant.pk).status == "ready_to_match"
    assert kinds(world.mentee_participant) == {}


def test_a_second_signal_creates_nothing(world, pair, django_capture_on_commit_callbacks):
    mentorship = close(world, pair.mentorship, django_capture_on_commit_callbacks)
    assert FollowUp.objects.count() == 3
    signals.mentorship_closed.send(sender=Mentorship, mentorship=mentorship)
    assert FollowUp.objects.count() == 3


def test_leaving_asks_for_the_self_assessment_at_the_end_once(
    world, pair, django_capture_on_commit_callbacks
):
    mentorship = close(world, pair.mentorship, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        signals.mentorship_closed.send(sender=Mentorship, mentorship=mentorship)
    queued = DBTaskResult.objects.filter(task_path__endswith="send_self_assessment")
    assert [r.args_kwargs["kwargs"] for r in queued] == [
        {"participant_id": world.mentee_participant.pk, "moment": "end"}
    ]


@given(left_on=st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31)))
def test_due_dates_clamp_month_ends_and_keep_order(left_on):
    due = followups.due_dates(left_on)
    assert due["weeks_4"] == left_on + timedelta(days=28)
    for kind, months in (("months_6", 6), ("months_12", 12)):
        day = due[kind]
        # The same day of the month, or the last day of a shorter month.
        assert (day.year * 12 + day.month) - (left_on.year * 12 + left_on.month) == months
        assert day.day == left_on.day or (
            day.day < left_on.day and (day + timedelta(days=1)).month != day.month
        )
    assert due["weeks_4"] < due["months_6"] < due["months_12"]


def test_31_august_plus_six_months_is_the_end_of_february():
    assert followups.due_dates(date(2027, 8, 31))["months_6"] == date(2028, 2, 29)
    assert followups.due_dates(date(2026, 8, 31))["months_6"] == date(2027, 2, 28)


def test_a_mentee_who_withdrew_before_a_match_gets_follow_ups_by_hand(world):
    mentee = world.mentee_participant
    set_status(mentee, "withdrawn")
    changed = timezone.now() - timedelta(days=10)
    StatusChange.objects.create(
        participant=mentee, from_status="ready_to_match", to_status="withdrawn", changed_at=changed
    )
    created = followups.follow_ups_plan(participant=mentee, planned_by=world.coordinator)
    assert {f.left_on for f in created} == {timezone.localdate(changed)}
    with pytest.raises(ValidationError, match="planned already"):
        followups.follow_ups_plan(participant=mentee, planned_by=world.coordinator)


def test_follow_ups_cannot_be_planned_for_someone_still_in(world):
    set_status(world.mentee_participant, "ready_to_match")
    with pytest.raises(ValidationError, match="still in the programme"):
        followups.follow_ups_plan(participant=world.mentee_participant, planned_by=world.admin)


def test_the_plan_button_plans_them_and_refuses_twice(world):
    set_status(world.mentee_participant, "withdrawn")
    StatusChange.objects.create(
        participant=world.mentee_participant,
        from_status="eligible",
        to_status="withdrawn",
        changed_at=timezone.now(),
    )
    client = login(world.coordinator)
    url = reverse("outcomes:followup_plan", args=[world.mentee_participant.pk])
    response = client.post(url, follow=True)
    assert "The follow-ups are planned" in response.content.decode()
    assert FollowUp.objects.filter(participant=world.mentee_participant).count() == 3
    response = client.post(url, follow=True)
    assert "planned already" in response.content.decode()


# --- the list ---------------------------------------------------------------------------------


def follow_up(participant, *, kind="weeks_4", due_days_ago=0, **fields) -> FollowUp:
    due_on = TODAY() - timedelta(days=due_days_ago)
    return FollowUp.objects.create(
        participant=participant,
        kind=kind,
        left_on=due_on - timedelta(days=28),
        due_on=due_on,
        **fields,
    )


def mentee(world, name: str) -> Participant:
    return factories.ParticipantFactory(
        person=factories.PersonFactory(organisation=world.org, last_name=name),
        programme=world.programme,
        role="mentee",
        status="completed",
    )


def test_the_list_sorts_follow_ups_into_due_overdue_upcoming_and_done(world):
    now = timezone.now()
    due = follow_up(mentee(world, "Duenow"), due_days_ago=3)
    old = follow_up(mentee(world, "Oldest"), due_days_ago=90)
    late = follow_up(mentee(world, "Later"), due_days_ago=20)
    soon = follow_up(mentee(world, "Soon"), due_days_ago=-10)
    far = follow_up(mentee(world, "Faraway"), due_days_ago=-200)
    done = follow_up(mentee(world, "Finished"), due_days_ago=30, status="done", done_at=now)
    gone = follow_up(
        mentee(world, "Gone"), due_days_ago=30, status="unreachable", done_at=now, note="No answer"
    )
    response = login(world.coordinator).get(reverse("outcomes:followup_list"))
    assert response.status_code == 200
    sections = {key: rows for key, _t, _h, rows, _c in response.context["sections"]}
    # (world.outcomes is not added here: only these follow-ups exist.)
    assert sections["due_now"] == [due]
    assert sections["overdue"] == [old, late]  # the worst first
    assert sections["upcoming"] == [soon]
    assert all(far not in rows for rows in sections.values())
    assert sections["done"] == [done]
    assert sections["unreachable"] == [gone]
    assert "No answer" in response.content.decode()


def test_response_rates_count_survey_answers_and_calls_of_follow_ups_due_so_far(world):
    now = timezone.now()
    for n in range(4):
        follow_up(mentee(world, f"Due{n}"), due_days_ago=20)
    follow_up(mentee(world, "Survey"), due_days_ago=20, status="done", answered_at=now)
    follow_up(mentee(world, "Called"), due_days_ago=20, status="done", done_at=now)
    follow_up(mentee(world, "Away"), due_days_ago=20, status="unreachable")
    follow_up(mentee(world, "Future"), due_days_ago=-5)
    follow_up(mentee(world, "Half"), kind="months_6", due_days_ago=1, status="done")
    follow_up(mentee(world, "Half2"), kind="months_6", due_days_ago=1)
    rates = {r.kind: r for r in followups.response_rates(FollowUp.objects.all(), TODAY())}
    weeks = rates["weeks_4"]
    assert (weeks.due, weeks.answered_by_survey, weeks.recorded, weeks.unreachable) == (
        7,
        1,
        1,
        1,
    )
    assert weeks.percent == 29  # 2 of 7
    assert rates["months_6"].percent == 50
    assert rates["months_12"].due == 0 and rates["months_12"].percent is None


def test_the_list_issues_a_constant_number_of_queries(world):
    client = login(world.coordinator)
    url = reverse("outcomes:followup_list")
    for n in range(3):
        follow_up(mentee(world, f"A{n}"), due_days_ago=n * 20)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(12):
        follow_up(mentee(world, f"B{n}"), due_days_ago=n * 15 - 40, status=("due", "done")[n % 2])
        set_status(mentee(world, f"Left{n}"), "withdrawn")
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert "Left11" in response.content.decode()
    assert len(many) == len(few)


def test_the_limited_coordinator_sees_only_their_programme(world):
    mine = follow_up(mentee(world, "Mine"), due_days_ago=1)
    other = follow_up(world.other_programme_participant, due_days_ago=1)
    response = login(world.limited_coordinator).get(reverse("outcomes:followup_list"))
    rows = {key: rows for key, _t, _h, rows, _c in response.context["sections"]}
    assert mine in rows["due_now"] and other not in rows["due_now"]
    assert "Olena" not in response.content.decode()


# --- recording a call -------------------------------------------------------------------------


def test_recording_a_call_creates_a_confirmed_event_and_closes_the_follow_up(world):
    target = follow_up(world.mentee_participant, due_days_ago=2)
    Participant.objects.filter(pk=world.mentee_participant.pk).update(role="mentee")
    response = login(world.coordinator).post(
        reverse("outcomes:followup_record", args=[target.pk]),
        {
            "result": "reached",
            "date": TODAY().isoformat(),
            "type": "employed",
            "contract": "permanent",
            "full_time": "yes",
            "hours_per_week": "38",
            "isco": "51",
            "nace": "I",
            "employer": "Hotel Metropole",
            "economy": "regular",
            "note": "Cook, since March",
        },
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert (target.status, target.done_by) == ("done", world.coordinator)
    event = target.event
    assert (event.type, event.source, event.status, event.contract, event.full_time) == (
        "employed",
        "coordinator",
        "confirmed",
        "permanent",
        True,
    )
    assert (event.employer, event.economy, event.isco_skill_level) == (
        "Hotel Metropole",
        "regular",
        2,
    )


def test_not_reached_needs_a_note_and_keeps_the_follow_up_open(world):
    target = follow_up(world.mentee_participant, due_days_ago=2)
    client = login(world.coordinator)
    url = reverse("outcomes:followup_record", args=[target.pk])
    response = client.post(url, {"result": "unreachable", "note": ""})
    assert response.status_code == 200
    assert "Say in a few words what you tried" in response.content.decode()
    client.post(url, {"result": "unreachable", "note": "Called twice"})
    target.refresh_from_db()
    assert (target.status, target.note) == ("unreachable", "Called twice")
    # Reached later: still possible.
    client.post(url, {"result": "reached", "date": TODAY().isoformat(), "type": "job_searching"})
    target.refresh_from_db()
    assert target.status == "done" and target.event.type == "job_searching"


def test_a_refused_event_saves_nothing(world):
    target = follow_up(world.mentee_participant, due_days_ago=2)
    response = login(world.coordinator).post(
        reverse("outcomes:followup_record", args=[target.pk]),
        {
            "result": "reached",
            "date": (TODAY() + timedelta(days=5)).isoformat(),
            "type": "inactive",
        },
    )
    assert response.status_code == 200
    assert "cannot be in the future" in response.content.decode()
    target.refresh_from_db()
    assert target.status == "due" and not StatusEvent.objects.exists()


def test_a_done_follow_up_cannot_be_recorded_again(world):
    target = follow_up(world.mentee_participant, due_days_ago=2, status="done")
    with pytest.raises(ValidationError, match="done already"):
        followups.follow_up_record(
            follow_up=target, recorded_by=world.coordinator, reached=False, note="x"
        )
