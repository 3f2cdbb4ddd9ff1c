"""The matching pages a coordinator reads: settings, the result in words, fairness, figures,
comparison; and the participant page where matching preferences are set."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tandem.accounts.models import Membership
from tandem.matching import fairness, services
from tandem.matching.models import MatchingSettings, MatchRun, Suggestion
from tandem.matching.services import runs as run_services
from tandem.people.models import StatusChange
from tests.conftest import login
from tests.matching.helpers import finished, participant


def run_now(world, cohort=None):
    run = services.run_start(programme=world.programme, cohort=cohort, started_by=world.coordinator)
    run_services.run_execute(run=run)
    return finished(run)


# --- settings -----------------------------------------------------------------------------------


def test_the_settings_form_saves_weights_and_rules_used_by_the_next_run(world):
    client = login(world.coordinator)
    url = reverse("matching:settings", args=[world.programme.pk])
    assert "What counts, and how much" in client.get(url).content.decode()
    data = {
        "weight_sector": "8",
        "weight_language": "6",
        "weight_distance": "0",
        "weight_availability": "2",
        "weight_interests": "1",
        "weight_age": "0",
        "weight_waiting": "4",
        "min_language_level": "B1",
        "max_distance_km": "15",
        "min_availability_overlap": "2",
        "objective": "max_matched",
        "preferred_age_gap": "25",
    }
    response = client.post(url, data)
    assert response.url == reverse("matching:programme", args=[world.programme.pk])
    saved = MatchingSettings.objects.get(programme=world.programme)
    assert saved.weights["sector"] == 8 and saved.max_distance_km == 15
    participant(world.programme, "mentee")
    participant(world.programme, "mentor")
    criteria = run_now(world).instance["criteria"]
    assert criteria["objective"] == "max_matched" and criteria["min_availability_overlap"] == 2
    assert criteria["weights"]["distance"] == 0 and criteria["preferred_age_gap"] == 25


def test_out_of_range_settings_are_refused_in_the_reader_s_language_and_nothing_saved(world):
    client = login(world.coordinator)
    url = reverse("matching:settings", args=[world.programme.pk])
    zero = dict.fromkeys(
        [f"weight_{c}" for c in ("sector", "language", "distance", "availability")], "0"
    ) | dict.fromkeys([f"weight_{c}" for c in ("interests", "age", "waiting")], "0")
    base = zero | {
        "min_language_level": "A2",
        "min_availability_overlap": "1",
        "objective": "max_score",
        "preferred_age_gap": "20",
    }
    body = client.post(url, base).content.decode()
    assert "Give at least one criterion a weight above 0" in body
    body = client.post(url, base | {"weight_sector": "11", "max_distance_km": "0"}).content.decode()
    assert "Ensure this value is less than or equal to 10." in body
    assert not MatchingSettings.objects.exists()
    body = client.post(
        url, base | {"weight_sector": "11"}, HTTP_ACCEPT_LANGUAGE="nl"
    ).content.decode()
    assert "Zorg ervoor dat deze waarde hoogstens 10 is." in body


# --- the result in words ------------------------------------------------------------------------


def test_each_suggestion_says_why_in_points_and_words(world):
    mentee = participant(
        world.programme,
        "mentee",
        languages=(("ar", "native"), ("fr", "B1")),
        sectors=["F"],
        interests=["football"],
        birth_year=2000,
        days=30,
    )
    participant(
        world.programme,
        "mentor",
        languages=(("ar", "C1"), ("fr", "native")),
        postcode="1030",
        sectors=["F"],
        interests=["football", "chess"],
        birth_year=1960,
    )
    run = run_now(world)
    body = login(world.coordinator).get(run.get_absolute_url()).content.decode()
    assert "Both speak Arabic (mentor C1, mentee native)" in body
    assert "Both in construction" in body
    assert "km apart" in body and "Both like football" in body
    assert "Mentor 40 years older" in body
    assert "The mentee has waited 30 days" in body
    assert mentee.person.display_name in body
    dutch = login(world.coordinator).get(run.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="nl")
    assert "Beiden spreken Arabisch (mentor C1, mentee moedertaal)" in dutch.content.decode()


def test_the_mentees_left_over_are_listed_with_the_reason(world):
    alone = participant(world.programme, "mentee", languages=(("ti", "native"),))
    participant(world.programme, "mentee")
    participant(world.programme, "mentee")
    participant(world.programme, "mentor")
    run = run_now(world)
    body = login(world.coordinator).get(run.get_absolute_url()).content.decode()
    assert "2 mentees left over" in body
    assert "No mentor meets every rule for this mentee." in body
    assert "Mentors who would fit are all taken by better pairs in this run." in body
    assert alone.person.display_name in body


def test_the_suggestions_can_be_ordered_by_waiting_time(world):
    early = participant(world.programme, "mentee", days=90)
    late = participant(world.programme, "mentee", days=1, sectors=["F"])
    participant(world.programme, "mentor", sectors=["F"])
    participant(world.programme, "mentor", sectors=["F"])
    run = run_now(world)
    client = login(world.coordinator)
    by_wait = client.get(run.get_absolute_url(), {"order": "waiting"}).content.decode()
    assert by_wait.index(early.person.display_name) < by_wait.index(late.person.display_name)


def test_comparing_two_runs_shows_kept_and_changed_pairs(world):
    a = participant(world.programme, "mentee")
    b = participant(world.programme, "mentee", postcode="1180")
    m1 = participant(world.programme, "mentor")
    m2 = participant(world.programme, "mentor", postcode="1180")
    first = run_now(world)
    services.lock_create(run=first, mentee=a, mentor=m2, created_by=None)
    services.lock_create(run=first, mentee=b, mentor=m1, created_by=None)
    second = run_now(world)
    body = (
        login(world.coordinator)
        .get(reverse("matching:run_compare", args=[second.pk]))
        .content.decode()
    )
    assert "0 pairs kept" in body and "2 mentees with another mentor" in body
    assert f"{a.person.display_name}: {m1.person.display_name} → {m2.person.display_name}" in body


# --- fairness -----------------------------------------------------------------------------------


def test_fairness_shows_share_and_mean_score_per_group_and_hides_small_groups(world):
    run = MatchRun.objects.create(programme=world.programme, status="done")
    mentees = [participant(world.programme, "mentee") for _ in range(13)]
    mentor = participant(world.programme, "mentor")
    groups = {}
    for i, mentee in enumerate(mentees):
        gender = "woman" if i < 8 else "man" if i < 11 else "non_binary"
        groups[str(mentee.pk)] = {
            "gender": gender,
            "age": "under_25",
            "language": "ar" if i < 10 else "ti",
            "region": "BRU",
        }
        # All women matched; one man in three.
        if gender == "woman" or i == 8:
            Suggestion.objects.create(run=run, mentee=mentee, mentor=mentor, score=60 + i)
    run.groups = groups
    run.save()
    result = fairness.run_fairness(Membership.objects.get(user=world.coordinator), run)
    assert (result.mentees, result.matched) == (13, 9)
    gender = {g.label: g for g in result.dimensions[0].groups}
    assert gender["Woman"].share == 1.0 and gender["Woman"].mean_score == pytest.approx(63.5)
    assert gender["Man"].small and gender["Man"].share is None
    body = (
        login(world.coordinator)
        .get(reverse("matching:run_fairness", args=[run.pk]))
        .content.decode()
    )
    assert "fewer than 5" in body and "100 %" in body
    assert "Brussels-Capital Region" in body and "Arabic" in body


def test_a_group_left_over_much_more_often_than_the_whole_run_is_flagged(world):
    run = MatchRun.objects.create(programme=world.programme, status="done")
    mentor = participant(world.programme, "mentor")
    groups = {}
    for i in range(16):
        mentee = participant(world.programme, "mentee")
        woman = i < 10
        groups[str(mentee.pk)] = {
            "gender": "woman" if woman else "man",
            "age": "unknown",
            "language": "none",
            "region": "unknown",
        }
        if woman or i == 10:
            Suggestion.objects.create(run=run, mentee=mentee, mentor=mentor, score=50)
    run.groups = groups
    run.save()
    result = fairness.run_fairness(Membership.objects.get(user=world.coordinator), run)
    gender = {g.label: g for g in result.dimensions[0].groups}
    assert not gender["Woman"].below and gender["Man"].below
    body = (
        login(world.coordinator)
        .get(reverse("matching:run_fairness", args=[run.pk]))
        .content.decode()
    )
    assert body.count("left over more often") == 1
    assert "No native language recorded" in body and "Unknown" in body


# --- figures ------------------------------------------------------------------------------------


def test_the_figures_give_median_days_acceptance_rate_and_decline_reasons(world):
    mentees = [participant(world.programme, "mentee", days=20) for _ in range(3)]
    for _ in range(3):
        participant(world.programme, "mentor")
    run = run_now(world)
    proposals = [
        services.proposal_create(
            suggestion=Suggestion.objects.get(run=run, mentee=mentee),
            intro_meeting_at=timezone.now() + timedelta(days=3),
            intro_meeting_place="Office",
            created_by=world.coordinator,
        )
        for mentee in mentees
    ]
    for side in ("mentee", "mentor"):
        services.proposal_answer(
            proposal=proposals[0],
            side=side,
            answer="accepted",
            answered_by=world.coordinator,
            by_themselves=False,
        )
    services.proposal_answer(
        proposal=proposals[1],
        side="mentor",
        answer="declined",
        reason="times_do_not_fit",
        answered_by=world.coordinator,
        by_themselves=False,
    )
    # Two mentees became ready again 5 days ago (after a hold): the latest moment counts.
    for mentee in mentees[1:]:
        StatusChange.objects.create(
            participant=mentee,
            from_status="on_hold",
            to_status="ready_to_match",
            changed_at=timezone.now() - timedelta(days=5, hours=1),
        )
    from tandem.matching.figures import programme_figures

    figures = programme_figures(Membership.objects.get(user=world.coordinator), world.programme)
    assert (figures.proposals, figures.pending, figures.accepted, figures.declined) == (3, 1, 1, 1)
    assert figures.acceptance_rate == 0.5
    assert figures.median_days_to_proposal == 5  # 20, 5 and 5 days
    assert figures.median_days_to_mentorship == 20  # the first mentee's only
    assert [(d.reason, d.mentee, d.mentor) for d in figures.declines] == [
        ("times_do_not_fit", 0, 1)
    ]
    body = (
        login(world.coordinator)
        .get(reverse("matching:figures", args=[world.programme.pk]))
        .content.decode()
    )
    assert "50 %" in body and "Our free times do not fit" in body


# --- the participant page -----------------------------------------------------------------------


def test_a_coordinator_sets_a_mentee_s_wish_and_a_mentor_s_number_of_mentees(world):
    client = login(world.coordinator)
    mentee, mentor = world.mentee_participant, world.mentor_participant
    url = reverse("people:participant_edit", args=[mentee.pk])
    page = client.get(url).content.decode()
    assert "Wishes a mentor who is" in page and "Mentees at the same time" not in page
    client.post(url, {"cohort": world.cohort.pk, "mentor_gender_wish": "woman"})
    mentee.refresh_from_db()
    assert mentee.mentor_gender_wish == "woman"
    url = reverse("people:participant_edit", args=[mentor.pk])
    body = client.post(url, {"capacity": "4"}).content.decode()
    assert "Ensure this value is less than or equal to 3." in body
    client.post(url, {"capacity": "2"})
    mentor.refresh_from_db()
    assert mentor.capacity == 2 and mentor.mentee_capacity == 2
    detail = client.get(mentor.get_absolute_url()).content.decode()
    assert "Mentees at the same time" in detail


def test_a_person_s_maximum_distance_is_kept_from_the_person_form(world):
    client = login(world.coordinator)
    person = world.mentee_person
    response = client.post(
        reverse("people:person_edit", args=[person.pk]),
        {
            "first_name": person.first_name,
            "last_name": person.last_name,
            "gender": "woman",
            "contact_channel": "phone",
            "postcode": "1000",
            "municipality": "Bruxelles",
            "max_distance_km": "12",
            "languages-TOTAL_FORMS": "0",
            "languages-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.max_distance_km == 12
    assert "12 km" in client.get(person.get_absolute_url()).content.decode()
