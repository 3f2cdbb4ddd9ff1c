"""Possible duplicates are flagged; merging keeps every history."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tandem.people import duplicates, services
from tandem.people.models import Consent, Person, PersonMerge, StatusChange
from tests import factories
from tests.conftest import login


def pairs(world):
    found = duplicates.possible_duplicates(Person.objects.filter(organisation=world.org))
    return {(p.first.last_name, p.second.last_name): p.reasons for p in found}


def test_same_phone_written_differently_is_flagged(world):
    factories.PersonFactory(organisation=world.org, last_name="Tesfai", phone="0470 12 34 56")
    factories.PersonFactory(organisation=world.org, last_name="Other", phone="+32 499 00 00 00")
    found = pairs(world)
    # Every world person has +32 470 12 34 56; the new record's 0470 … matches them.
    assert ("Tesfay", "Tesfai") in found
    assert "same phone number" in found[("Tesfay", "Tesfai")]
    assert not any("Other" in key for key in found)


def test_same_name_and_birth_year_ignoring_accents_and_case_is_flagged(world):
    a = factories.PersonFactory(
        organisation=world.org,
        first_name="Élodie",
        last_name="Mbala",
        birth_year=1990,
        phone="",
        email="a@example.org",
    )
    factories.PersonFactory(
        organisation=world.org,
        first_name="elodie",
        last_name="MBALA",
        birth_year=1990,
        phone="",
        email="b@example.org",
    )
    factories.PersonFactory(
        organisation=world.org,
        first_name="Elodie",
        last_name="Mbala",
        birth_year=1991,
        phone="",
        email="c@example.org",
    )
    found = duplicates.possible_duplicates(Person.objects.filter(name_key=a.name_key))
    assert len(found) == 1
    assert found[0].reasons == ["same name and year of birth"]


def test_records_of_another_organisation_are_never_paired(world):
    factories.PersonFactory(organisation=world.other_org, email=world.mentee_person.email)
    body = login(world.coordinator).get(reverse("people:duplicate_list")).content.decode()
    assert "Outsideorg" not in body


def test_merging_moves_participations_history_consents_and_fills_in_details(world):
    other = factories.PersonFactory(
        organisation=world.org,
        first_name="Selam",
        last_name="Tesfay",
        email="",
        phone="0470 12 34 56",
        birth_year=2001,
        occupation="51",
        sectors=["I"],
    )
    factories.PersonLanguageFactory(person=other, code="ti", level="native")
    factories.ParticipantFactory(person=other, programme=world.other_programme)
    services.consent_give(person=other, purpose="programme", channel="paper", recorded_by=None)
    services.consent_give(person=other, purpose="research", channel="paper", recorded_by=None)
    keep = world.mentee_person
    own_email = keep.email
    response = login(world.coordinator).post(
        reverse("people:person_merge", args=[keep.pk, other.pk])
    )
    assert response.url == keep.get_absolute_url()
    assert not Person.objects.filter(pk=other.pk).exists()
    keep.refresh_from_db()
    assert (keep.birth_year, keep.occupation, keep.sectors) == (2001, "51", ["I"])
    assert keep.email == own_email  # the kept record's own details win
    assert set(keep.participations.values_list("programme__name", flat=True)) == {
        "Newcomers to work",
        "Throughflow",
    }
    assert StatusChange.objects.filter(participant__person=keep).count() == 2
    assert list(keep.languages.values_list("code", flat=True)) == ["ti"]
    standing = Consent.objects.filter(person=keep, withdrawn_at__isnull=True)
    assert sorted(standing.values_list("purpose", flat=True)) == ["programme", "research"]
    assert Consent.objects.filter(person=keep).count() == 3  # the duplicate stays as evidence
    trace = PersonMerge.objects.get(kept=keep)
    assert (trace.merged_name, trace.merged_by) == ("Selam Tesfay", world.coordinator)


def test_two_participations_in_the_same_programme_and_role_block_the_merge(world):
    with pytest.raises(ValidationError, match="same programme in the same role"):
        services.person_merge(
            keep=world.mentee_person, other=world.referred_person, merged_by=world.coordinator
        )
    assert Person.objects.filter(pk=world.referred_person.pk).exists()


def test_the_duplicates_page_offers_to_keep_either_record(world):
    factories.PersonFactory(organisation=world.org, last_name="Tesfai", phone="0470 12 34 56")
    body = login(world.coordinator).get(reverse("people:duplicate_list")).content.decode()
    assert "same phone number" in body
    assert "Keep Selam Tesfay" in body and "record and merge" in body


def test_a_merge_never_brings_back_a_withdrawn_consent(world):
    keep = world.referred_person
    withdrawn = services.consent_give(
        person=keep, purpose="follow_up", channel="paper", recorded_by=None
    )
    other = factories.PersonFactory(organisation=world.org, last_name="Rahimi-dup")
    old = services.consent_give(
        person=other, purpose="follow_up", channel="paper", recorded_by=None
    )
    Consent.objects.filter(pk=old.pk).update(given_at=withdrawn.given_at.replace(year=2024))
    services.consent_withdraw(consent=withdrawn, withdrawn_by=None)
    services.person_merge(keep=keep, other=other, merged_by=world.coordinator)
    from tandem.people import consent

    assert not consent.granted(keep, "follow_up")
