"""Factories for linked test data. Defaults make a valid row; tests say what matters to them."""

import datetime as dt

import factory
from django.utils import timezone

from tandem.accounts.models import Membership, Role, User
from tandem.people.models import Participant, Person, PersonLanguage, StatusChange
from tandem.people.services import match_keys, search_text
from tandem.programmes.models import Cohort, Organisation, Programme


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    slug = factory.Sequence(lambda n: f"org-{n}")


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Programme {n}")
    name_en = factory.SelfAttribute("name")
    slug = factory.Sequence(lambda n: f"programme-{n}")
    target_group = "newcomers"
    languages = ["nl", "fr"]


class CohortFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cohort

    programme = factory.SubFactory(ProgrammeFactory)
    name = factory.Sequence(lambda n: f"Cohort {n}")
    starts_on = dt.date(2026, 9, 1)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    name = factory.Sequence(lambda n: f"User {n}")
    password = factory.PostGenerationMethodCall("set_password", "password")

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.COORDINATOR


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    first_name = factory.Sequence(lambda n: f"Amina{n}")
    last_name = factory.Sequence(lambda n: f"Haddad{n}")
    gender = "woman"
    email = factory.Sequence(lambda n: f"person{n}@example.org")
    phone = "+32 470 12 34 56"
    postcode = "1000"
    municipality = "Bruxelles"
    latitude = 50.8465573
    longitude = 4.351697

    @factory.post_generation
    def searchable(obj, create, extracted, **kwargs):
        # Persons made by the services get their search text there; factories do the same.
        obj.search_text = search_text(obj)
        obj.phone_key, obj.name_key = match_keys(obj)
        if create:
            obj.save(update_fields=["search_text", "phone_key", "name_key"])


class PersonLanguageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PersonLanguage

    person = factory.SubFactory(PersonFactory)
    code = "ar"
    level = "native"


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant
        skip_postgeneration_save = True

    person = factory.SubFactory(PersonFactory)
    programme = factory.SubFactory(
        ProgrammeFactory, organisation=factory.SelfAttribute("..person.organisation")
    )
    role = "mentee"
    status = "applied"
    status_changed_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def history(obj, create, extracted, **kwargs):
        if create:
            StatusChange.objects.create(
                participant=obj, to_status=obj.status, changed_at=obj.status_changed_at
            )
