"""Consent per purpose: recorded with its text version, channel and recorder; withdrawn in one
click, effective at once; asked through one function."""

import pytest
from django.urls import reverse

from tandem.people import consent, services
from tandem.people.models import Consent, ConsentPurpose, Person
from tests import factories
from tests.conftest import login


@pytest.mark.parametrize("purpose", ConsentPurpose.values)
def test_each_purpose_holds_from_giving_until_withdrawal(world, purpose):
    person = world.referred_person
    assert not consent.granted(person, purpose)
    given = services.consent_give(
        person=person, purpose=purpose, channel="paper", recorded_by=world.coordinator
    )
    assert consent.granted(person, purpose)
    assert (given.text_version, given.channel, given.recorded_by) == (
        consent.text_for(purpose).version,
        "paper",
        world.coordinator,
    )
    assert list(consent.persons_granting(Person.objects.all(), purpose).filter(pk=person.pk))
    services.consent_withdraw(consent=given, withdrawn_by=world.coordinator)
    assert not consent.granted(person, purpose)
    assert not consent.persons_granting(Person.objects.filter(pk=person.pk), purpose).exists()
    # The withdrawn row stays as evidence of what was agreed and when it ended.
    assert Consent.objects.get(pk=given.pk).withdrawn_by == world.coordinator


def test_one_purpose_does_not_imply_another(world):
    services.consent_give(
        person=world.referred_person, purpose="programme", channel="paper", recorded_by=None
    )
    for other in set(ConsentPurpose.values) - {"programme"}:
        assert not consent.granted(world.referred_person, other)


def test_giving_a_standing_consent_again_keeps_the_first_record(world):
    first = world.mentee_consent
    again = services.consent_give(
        person=world.mentee_person, purpose="programme", channel="portal", recorded_by=None
    )
    assert again.pk == first.pk
    assert Consent.objects.filter(person=world.mentee_person, purpose="programme").count() == 1


def test_an_unknown_purpose_is_refused(world):
    with pytest.raises(ValueError):
        consent.granted(world.mentee_person, "marketing")


def test_a_coordinator_records_and_withdraws_consent_on_the_person_page(world):
    client = login(world.coordinator)
    person = world.referred_person
    client.post(
        reverse("people:consent_give", args=[person.pk]),
        {"purpose": "follow_up", "channel": "in_person"},
    )
    assert consent.granted(person, "follow_up")
    page = client.get(person.get_absolute_url()).content.decode()
    assert "Being contacted for follow-up after leaving" in page
    assert "Said in person or by phone, recorded by staff" in page
    given = Consent.objects.get(person=person, purpose="follow_up")
    client.post(reverse("people:consent_withdraw", args=[given.pk]))
    assert not consent.granted(person, "follow_up")


def test_a_mentee_withdraws_their_own_consent_in_one_click(world):
    client = login(world.mentee)
    page = client.get(reverse("people:me")).content.decode()
    assert "You allow this." in page
    client.post(reverse("people:my_consent"), {"purpose": "programme", "action": "withdraw"})
    assert not consent.granted(world.mentee_person, "programme")
    client.post(reverse("people:my_consent"), {"purpose": "employers", "action": "give"})
    given = Consent.objects.get(person=world.mentee_person, purpose="employers")
    assert (given.channel, given.recorded_by) == ("portal", world.mentee)


def test_a_mentee_cannot_touch_anyone_else_s_consent(world):
    other = factories.PersonFactory(organisation=world.org)
    services.consent_give(person=other, purpose="programme", channel="paper", recorded_by=None)
    login(world.mentee).post(
        reverse("people:my_consent"), {"purpose": "programme", "action": "withdraw"}
    )
    assert consent.granted(other, "programme")
