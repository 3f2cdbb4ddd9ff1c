"""Locking and excluding pairs: only pairs that break no rule are locked, within the mentor's
free places; an exclusion replaces a lock; the next run keeps locks and avoids exclusions."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tandem.matching import services
from tandem.matching.models import MatchingSettings, PairExclusion, PairLock, Suggestion
from tandem.matching.services import runs as run_services
from tests.conftest import login
from tests.matching.helpers import finished, participant


def run_now(world):
    run = services.run_start(programme=world.programme, cohort=None, started_by=world.coordinator)
    run_services.run_execute(run=run)
    return finished(run)


def test_a_locked_pair_is_kept_by_the_next_run_even_if_another_scores_higher(world):
    mentee = participant(world.programme, "mentee", sectors=["F"], interests=["chess"])
    close = participant(world.programme, "mentor", sectors=["F"], interests=["chess"])
    far = participant(world.programme, "mentor", postcode="1180")
    first = run_now(world)
    assert Suggestion.objects.get(run=first).mentor == close
    services.lock_create(run=first, mentee=mentee, mentor=far, created_by=world.coordinator)
    second = run_now(world)
    suggestion = Suggestion.objects.get(run=second)
    assert (suggestion.mentor, suggestion.locked) == (far, True)


def test_a_pair_that_breaks_a_rule_cannot_be_locked_and_the_reason_is_said(world):
    MatchingSettings.objects.create(programme=world.programme, max_distance_km=10)
    mentee = participant(world.programme, "mentee")
    participant(world.programme, "mentor")
    antwerp = participant(world.programme, "mentor", postcode="2000")
    run = run_now(world)
    with pytest.raises(ValidationError) as refused:
        services.lock_create(run=run, mentee=mentee, mentor=antwerp, created_by=None)
    assert "beyond the programme's maximum of 10 km" in refused.value.messages[0]
    assert not PairLock.objects.exists()


def test_a_mentor_gets_no_more_locked_mentees_than_free_places(world):
    mentees = [participant(world.programme, "mentee") for _ in range(2)]
    mentor = participant(world.programme, "mentor")
    run = run_now(world)
    services.lock_create(run=run, mentee=mentees[0], mentor=mentor, created_by=None)
    with pytest.raises(ValidationError, match="no free place for another locked mentee"):
        services.lock_create(run=run, mentee=mentees[1], mentor=mentor, created_by=None)
    # Locking the same mentee again moves the lock rather than adding one.
    services.lock_create(run=run, mentee=mentees[0], mentor=mentor, created_by=None)
    assert PairLock.objects.count() == 1


def test_excluding_a_pair_removes_its_lock_and_the_next_run_avoids_it(world):
    mentee = participant(world.programme, "mentee")
    mentor = participant(world.programme, "mentor")
    other = participant(world.programme, "mentor", postcode="1180")
    run = run_now(world)
    services.lock_create(run=run, mentee=mentee, mentor=mentor, created_by=None)
    services.exclusion_create(
        programme=world.programme,
        mentee=mentee,
        mentor=mentor,
        reason="met_before",
        created_by=world.coordinator,
    )
    assert not PairLock.objects.exists()
    assert Suggestion.objects.get(run=run_now(world)).mentor == other
    with pytest.raises(ValidationError, match="already excluded"):
        services.exclusion_create(
            programme=world.programme,
            mentee=mentee,
            mentor=mentor,
            reason="other",
            note="x",
            created_by=None,
        )


def test_an_exclusion_for_another_reason_needs_a_note(world):
    mentee = participant(world.programme, "mentee")
    mentor = participant(world.programme, "mentor")
    with pytest.raises(ValidationError) as refused:
        services.exclusion_create(
            programme=world.programme,
            mentee=mentee,
            mentor=mentor,
            reason="other",
            created_by=None,
        )
    assert refused.value.message_dict == {"note": ["Say why in a few words."]}


def test_pairs_of_another_programme_cannot_be_locked_or_excluded(world):
    mentee = participant(world.programme, "mentee")
    outsider = participant(world.other_programme, "mentor")
    participant(world.programme, "mentor")
    run = run_now(world)
    for create in (
        lambda: services.lock_create(run=run, mentee=mentee, mentor=outsider, created_by=None),
        lambda: services.exclusion_create(
            programme=world.programme,
            mentee=mentee,
            mentor=outsider,
            reason="met_before",
            created_by=None,
        ),
    ):
        with pytest.raises(ValidationError, match="Both must take part in this programme"):
            create()


def test_the_pages_lock_unlock_exclude_and_allow_again(world):
    mentee = participant(world.programme, "mentee")
    mentor = participant(world.programme, "mentor")
    run = run_now(world)
    client = login(world.coordinator)
    back = run.get_absolute_url() + "#s-1"
    response = client.post(
        reverse("matching:lock_create", args=[run.pk]),
        {"mentee": mentee.pk, "mentor": mentor.pk, "next": back},
    )
    assert response.url == back
    lock = PairLock.objects.get()
    page = client.get(run.get_absolute_url()).content.decode()
    assert "are locked: the next runs keep this pair" in page
    assert '<span class="badge locked">locked</span>' in page
    overview = client.get(reverse("matching:programme", args=[world.programme.pk]))
    assert (
        f"{mentee.person.display_name} + {mentor.person.display_name}" in overview.content.decode()
    )
    client.post(reverse("matching:lock_delete", args=[lock.pk]))
    assert not PairLock.objects.exists()
    client.post(
        reverse("matching:exclusion_create", args=[run.pk]),
        {"mentee": mentee.pk, "mentor": mentor.pk, "reason": "not_suitable"},
    )
    exclusion = PairExclusion.objects.get()
    assert "excluded since this run" in client.get(run.get_absolute_url()).content.decode()
    # An off-site "next" is ignored.
    response = client.post(
        reverse("matching:exclusion_delete", args=[exclusion.pk]),
        {"next": "https://evil.example.com/"},
    )
    assert response.url == reverse("matching:programme", args=[world.programme.pk])
    assert not PairExclusion.objects.exists()


def test_why_not_names_every_rule_a_pair_breaks_in_words(world):
    MatchingSettings.objects.create(
        programme=world.programme,
        max_distance_km=10,
        min_language_level="B2",
        min_availability_overlap=2,
    )
    mentee = participant(
        world.programme, "mentee", languages=(("fr", "B1"),), availability=["mon-am"]
    )
    mentee.mentor_gender_wish = "woman"
    mentee.save()
    participant(world.programme, "mentor", gender="woman", languages=(("fr", "B2"),))
    man = participant(
        world.programme, "mentor", gender="man", postcode="2000", languages=(("fr", "C1"),)
    )
    run = run_now(world)
    response = login(world.coordinator).get(
        reverse("matching:run_why_not", args=[run.pk]),
        {"mentee": mentee.pk, "mentor": man.pk},
        HTTP_HX_REQUEST="true",
    )
    body = response.content.decode()
    assert "<html" not in body
    assert "They share no language at level B2 or above." in body
    assert "km apart, beyond the programme&#x27;s maximum of 10 km." in body
    assert "The mentee asked for a mentor who is a woman." in body
    assert "They have 1 free moment in common; the programme asks for 2." in body


def test_why_not_for_an_allowed_pair_gives_its_score_and_offers_a_lock(world):
    mentee = participant(world.programme, "mentee", sectors=["F"])
    participant(world.programme, "mentor", sectors=["F"])
    other = participant(world.programme, "mentor", postcode="1180")
    run = run_now(world)
    body = (
        login(world.coordinator)
        .get(
            reverse("matching:run_why_not", args=[run.pk]),
            {"mentee": mentee.pk, "mentor": other.pk},
        )
        .content.decode()
    )
    assert "break no rule; their score would be" in body
    assert "together they score higher" in body and "Lock this pair" in body
