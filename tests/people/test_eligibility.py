"""Eligibility rules: each rule's outcome and explanation, the override, the editing page."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from tandem.people import eligibility, services
from tandem.people.eligibility import FAIL, PASS, UNKNOWN
from tandem.people.models import EligibilityRules
from tests import factories
from tests.conftest import login


def rules(world, **fields):
    return EligibilityRules.objects.create(programme=world.programme, role="mentee", **fields)


def outcome(world, participant=None, **fields):
    participant = participant or world.mentee_participant
    return {
        c.rule: (c.outcome, c.explanation)
        for c in eligibility.evaluate(participant, rules(world, **fields))
    }


def with_intake(world, **fields):
    services.intake_record(
        participant=world.mentee_participant,
        held_on=timezone.localdate(),
        interviewer=world.coordinator,
        **fields,
    )


def test_no_rules_means_no_checks(world):
    assert eligibility.evaluate(world.mentee_participant, None) == []


def test_age_passes_inside_the_range_and_fails_outside_with_the_reason(world):
    person = world.mentee_person
    person.birth_year = timezone.localdate().year - 27
    person.save()
    assert outcome(world, min_age=18, max_age=30)["age"][0] == PASS
    EligibilityRules.objects.all().delete()
    result = outcome(world, min_age=18, max_age=25)["age"]
    assert result == (FAIL, "Age 27: above the maximum of 25.")


def test_age_is_unknown_without_a_birth_date_or_year(world):
    assert outcome(world, max_age=30)["age"][0] == UNKNOWN


@given(st.dates(min_value=dt.date(1930, 1, 1), max_value=dt.date(2020, 12, 31)))
def test_age_counts_whole_years_up_to_the_day(birth):
    day = dt.date(2026, 11, 23)
    age = eligibility.age_on(day, birth, None)
    had_birthday = (day.month, day.day) >= (birth.month, birth.day)
    assert age == day.year - birth.year - (0 if had_birthday else 1)


def test_labour_market_situation_comes_from_the_intake(world):
    assert outcome(world, labour_market_statuses=["unemployed"])["labour_market"][0] == UNKNOWN
    EligibilityRules.objects.all().delete()
    with_intake(world, labour_market_status="employed")
    result = outcome(world, labour_market_statuses=["unemployed", "inactive"])["labour_market"]
    assert result[0] == FAIL
    assert "Unemployed, looking for work" in result[1]


def test_the_right_to_work_is_required_when_the_programme_says_so(world):
    with_intake(world, right_to_work="none")
    assert outcome(world, right_to_work_required=True)["right_to_work"] == (
        FAIL,
        "No right to work at present",
    )


def test_a_programme_language_at_the_minimum_level_is_needed(world):
    factories.PersonLanguageFactory(person=world.mentee_person, code="ar", level="native")
    factories.PersonLanguageFactory(person=world.mentee_person, code="nl", level="A1")
    result = outcome(world, min_language_level="A2")["language"]  # programme runs in nl, fr
    assert result == (FAIL, "Best programme language: Dutch A1; the minimum is A2.")
    world.mentee_person.languages.filter(code="nl").update(level="B1")
    assert (
        eligibility.evaluate(world.mentee_participant, EligibilityRules.objects.get())[0].outcome
        == PASS
    )


def test_residence_is_checked_against_postcodes_and_ranges(world):
    assert outcome(world, postcodes="1000-1210")["residence"][0] == PASS  # lives in 1000
    EligibilityRules.objects.all().delete()
    result = outcome(world, postcodes="2000-2999, 9000")["residence"]
    assert result == (FAIL, "Lives in 1000 Bruxelles: outside the programme's area.")


@given(st.lists(st.tuples(st.integers(1000, 9999), st.integers(0, 500)), min_size=1, max_size=6))
def test_postcode_ranges_parse_back_to_what_was_written(pairs):
    text = ", ".join(f"{low}-{low + width}" if width else str(low) for low, width in pairs)
    assert eligibility.parse_postcodes(text) == [(low, low + width) for low, width in pairs]


def test_a_failing_rule_blocks_eligible_unless_overridden_with_a_reason(world):
    rules(world, postcodes="9000")
    p = world.mentee_participant
    for status in ("intake_planned", "intake_done"):
        services.participant_move(participant=p, to_status=status, moved_by=None)
    with pytest.raises(ValidationError, match="outside the programme's area"):
        services.participant_move(participant=p, to_status="eligible", moved_by=None)
    with pytest.raises(ValidationError):
        services.participant_move(participant=p, to_status="eligible", moved_by=None, override=True)
    services.participant_move(
        participant=p,
        to_status="eligible",
        moved_by=world.coordinator,
        override=True,
        reason="Moves to Ghent next month",
    )
    assert p.status == "eligible"
    assert p.status_changes.last().reason == "Moves to Ghent next month"


def test_the_participant_page_explains_each_rule(world):
    rules(world, postcodes="9000", max_age=30)
    body = (
        login(world.coordinator).get(world.mentee_participant.get_absolute_url()).content.decode()
    )
    assert "Does not meet the rule:</strong> Lives in 1000 Bruxelles" in body
    assert "Not known yet:</strong> Age unknown" in body
    assert 'name="override"' in body


def test_a_coordinator_edits_the_rules_without_code(world):
    client = login(world.coordinator)
    url = reverse("people:eligibility_rules", args=[world.programme.pk, "mentee"])
    response = client.post(
        url,
        {
            "min_age": "18",
            "max_age": "29",
            "labour_market_statuses": ["unemployed", "inactive"],
            "right_to_work_required": "on",
            "min_language_level": "A2",
            "postcodes": "1000-1210",
        },
    )
    assert response.url == world.programme.get_absolute_url()
    saved = EligibilityRules.objects.get(programme=world.programme, role="mentee")
    assert (saved.max_age, saved.labour_market_statuses, saved.postcodes) == (
        29,
        ["unemployed", "inactive"],
        "1000-1210",
    )


def test_impossible_rules_are_refused_with_a_message(world):
    client = login(world.coordinator)
    url = reverse("people:eligibility_rules", args=[world.programme.pk, "mentee"])
    body = client.post(url, {"min_age": "40", "max_age": "20", "postcodes": "10x0"}).content
    text = body.decode()
    assert "Write postcodes and ranges separated by commas" in text
    assert not EligibilityRules.objects.exists()
    body = client.post(url, {"min_age": "40", "max_age": "20"}).content.decode()
    assert "minimum age cannot be above the maximum age" in body
    assert not EligibilityRules.objects.exists()


def test_a_rule_that_cannot_be_checked_also_needs_an_override(world):
    rules(world, right_to_work_required=True)
    with_intake(world, right_to_work="pending")  # moves the mentee to "intake done"
    p = world.mentee_participant
    with pytest.raises(ValidationError, match="Procedure pending"):
        services.participant_move(participant=p, to_status="eligible", moved_by=None)
    services.participant_move(
        participant=p, to_status="eligible", moved_by=None, override=True, reason="Permit Friday"
    )
    assert p.status == "eligible"


def test_with_only_the_year_of_birth_an_age_at_the_limit_is_not_known(world):
    person = world.mentee_person
    person.birth_year = timezone.localdate().year - 26  # 25 or 26 today
    person.save()
    result = outcome(world, max_age=25)["age"]
    assert result == (UNKNOWN, "Age 25 or 26 (only the year of birth is known).")
