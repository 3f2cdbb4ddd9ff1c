"""The people services, called directly as views, commands and imports do."""

import pytest
from django.core.exceptions import ValidationError

from tandem.people import services
from tandem.people.models import Participant, Person, StatusChange
from tests import factories


def test_person_create_stores_the_home_location_from_the_gazetteer(world):
    person = services.person_create(
        organisation=world.org,
        fields={"first_name": "Olena", "last_name": "Shevchenko", "postcode": "1030"},
        languages=[("uk", "native"), ("en", "B2")],
    )
    assert (person.municipality, round(person.latitude, 3)) == ("Schaerbeek", 50.868)
    assert set(person.languages.values_list("code", flat=True)) == {"uk", "en"}


def test_person_create_derives_the_birth_year_from_the_birth_date(world):
    import datetime as dt

    person = services.person_create(
        organisation=world.org,
        fields={"first_name": "A", "last_name": "B", "birth_date": dt.date(2001, 3, 4)},
    )
    assert person.birth_year == 2001


def test_person_create_saves_nothing_when_the_postcode_is_unknown(world):
    before = Person.objects.count()
    with pytest.raises(ValidationError) as error:
        services.person_create(
            organisation=world.org,
            fields={"first_name": "A", "last_name": "B", "postcode": "0001"},
            languages=[("ar", "native")],
        )
    assert "postcode" in error.value.message_dict
    assert Person.objects.count() == before


def test_person_create_refuses_an_impossible_gender_or_level(world):
    with pytest.raises(ValidationError):
        services.person_create(
            organisation=world.org, fields={"first_name": "A", "last_name": "B", "gender": "x"}
        )
    for code, level in (("ar", "fluent"), ("xx", "B1")):
        with pytest.raises(ValidationError, match="not a known language"):
            services.person_create(
                organisation=world.org,
                fields={"first_name": "A", "last_name": "B"},
                languages=[(code, level)],
            )
    assert not Person.objects.filter(first_name="A", last_name="B").exists()


def test_person_update_keeps_languages_when_none_are_given(world):
    factories.PersonLanguageFactory(person=world.mentee_person, code="ti")
    services.person_update(person=world.mentee_person, fields={"phone": "+32 2 123 45 67"})
    assert list(world.mentee_person.languages.values_list("code", flat=True)) == ["ti"]


def test_participant_create_refuses_a_programme_of_another_organisation(world):
    b_programme = factories.ProgrammeFactory(organisation=world.other_org)
    with pytest.raises(ValidationError, match="another organisation"):
        services.participant_create(
            person=world.mentee_person, programme=b_programme, role="mentor", created_by=None
        )


def test_participant_create_refuses_a_cohort_of_another_programme(world):
    other_cohort = factories.CohortFactory(programme=world.other_programme)
    with pytest.raises(ValidationError):
        services.participant_create(
            person=world.mentee_person,
            programme=world.programme,
            role="mentor",
            cohort=other_cohort,
            created_by=None,
        )
    assert not Participant.objects.filter(person=world.mentee_person, role="mentor").exists()


def test_participant_create_records_the_application_date(world):
    import datetime as dt

    from django.utils import timezone

    applied = timezone.now() - dt.timedelta(days=90)
    participant = services.participant_create(
        person=world.referred_person,
        programme=world.other_programme,
        role="mentee",
        created_by=world.coordinator,
        at=applied,
    )
    assert participant.status_changed_at == applied
    assert StatusChange.objects.get(participant=participant).changed_at == applied


def test_person_grant_portal_access_links_a_mentor_log_in(
    world, django_capture_on_commit_callbacks
):
    person = factories.PersonFactory(organisation=world.org, email="New.Mentor@Example.org")
    factories.ParticipantFactory(person=person, programme=world.programme, role="mentor")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.person_grant_portal_access(
            person=person, invited_by=world.coordinator, language="fr"
        )
    person.refresh_from_db()
    assert person.user.email == "new.mentor@example.org"
    assert person.user.language == "fr"
    assert person.user.memberships.get().role == "mentor"
    assert len(callbacks) == 1  # the invitation e-mail, queued once the change commits


def test_a_service_refusal_about_a_field_the_form_lacks_is_shown_above_the_form():
    from django import forms

    from tandem.core.forms import add_service_error

    class NameForm(forms.Form):
        name = forms.CharField()

    form = NameForm({"name": "x"})
    assert form.is_valid()
    add_service_error(form, ValidationError({"name": "Taken", "languages": "Unknown language"}))
    assert form.errors["name"] == ["Taken"]
    assert form.non_field_errors() == ["Unknown language"]
