"""The people list, a person's page, and adding or editing a person."""

import pytest
from django.urls import reverse

from tandem.people.models import Person, PersonLanguage
from tests import factories
from tests.conftest import login

VALID = {
    "first_name": "Abdullah",
    "last_name": "Karimi",
    "preferred_name": "Abdul",
    "gender": "man",
    "birth_year": "1999",
    "email": "Abdul.Karimi@Example.org",
    "phone": "+32 470 11 22 33",
    "contact_channel": "whatsapp",
    "country_of_origin": "AF",
    "postcode": "2000",
    "municipality": "",
    "education_level": "3",
    "sectors": ["F", "H"],
    "occupation": "71",
    "interests": "football, cooking, Football",
    "availability": ["mon-am", "wed-eve"],
    "languages-TOTAL_FORMS": "2",
    "languages-INITIAL_FORMS": "0",
    "languages-MIN_NUM_FORMS": "0",
    "languages-MAX_NUM_FORMS": "12",
    "languages-0-code": "prs",
    "languages-0-level": "native",
    "languages-1-code": "nl",
    "languages-1-level": "A2",
}


def test_the_list_shows_people_with_their_programmes_and_languages(world):
    factories.PersonLanguageFactory(person=world.mentee_person, code="ti", level="native")
    body = login(world.coordinator).get(reverse("people:person_list")).content.decode()
    assert "Selam Tesfay" in body
    assert "Newcomers to work · Mentee · Applied" in body
    assert "Tigrinya (Native)" in body
    assert "Outsideorg" not in body


def test_the_search_finds_people_by_name_and_ignores_case(world):
    client = login(world.coordinator)
    body = client.post(reverse("people:person_list"), {"q": "tesf"}).content.decode()
    assert "Selam Tesfay" in body and "Peeters" not in body


def test_the_search_form_keeps_names_out_of_the_address_bar(world):
    body = login(world.coordinator).get(reverse("people:person_list")).content.decode()
    form = body[body.index('<form class="filters"') : body.index("</form>", body.index("filters"))]
    assert 'method="post"' in form and "hx-post" in form and "hx-push-url" not in form


def test_the_filters_narrow_the_list_by_programme_role_status_and_language(world):
    factories.PersonLanguageFactory(person=world.mentor_person, code="nl", level="native")
    client = login(world.coordinator)
    url = reverse("people:person_list")
    by_role = client.get(url, {"role": "mentor"}).content.decode()
    assert "Peeters" in by_role and "Tesfay" not in by_role
    by_programme = client.get(url, {"programme": world.other_programme.pk}).content.decode()
    assert "Koval" in by_programme and "Tesfay" not in by_programme
    by_language = client.get(url, {"language": "nl"}).content.decode()
    assert "Peeters" in by_language and "Tesfay" not in by_language


def test_an_htmx_request_gets_only_the_table(world):
    client = login(world.coordinator)
    response = client.post(reverse("people:person_list"), {"q": "Tesfay"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "Selam Tesfay" in body
    assert "<html" not in body


def test_the_list_is_paginated(world, settings):
    settings.TANDEM_PAGE_SIZE = 2
    client = login(world.coordinator)
    first = client.get(reverse("people:person_list")).content.decode()
    assert "Page 1 of 2" in first
    assert 'name="page" value="2"' in first
    second = client.post(reverse("people:person_list"), {"page": 2}).content.decode()
    assert "Page 2 of 2" in second


@pytest.mark.parametrize("extra", [0, 30])
def test_the_list_issues_the_same_number_of_queries_however_many_people(
    world, extra, django_assert_num_queries
):
    for _ in range(extra):
        person = factories.PersonFactory(organisation=world.org)
        factories.PersonLanguageFactory(person=person)
        factories.ParticipantFactory(person=person, programme=world.programme)
    client = login(world.coordinator)
    # Session, user, membership, MFA check, filter choices, count, the page and its prefetches.
    with django_assert_num_queries(10):
        response = client.get(reverse("people:person_list"))
    assert response.status_code == 200


def test_a_coordinator_adds_a_person_with_languages_and_a_home_location(world):
    response = login(world.coordinator).post(reverse("people:person_create"), VALID)
    person = Person.objects.get(last_name="Karimi")
    assert response.url == person.get_absolute_url()
    assert person.organisation == world.org
    assert person.email == "abdul.karimi@example.org"
    assert (person.municipality, round(person.latitude, 2)) == ("Antwerpen", 51.22)
    assert person.interests == ["football", "cooking"]
    assert person.availability == ["mon-am", "wed-eve"]
    assert set(PersonLanguage.objects.filter(person=person).values_list("code", "level")) == {
        ("prs", "native"),
        ("nl", "A2"),
    }


def test_a_shared_postcode_needs_the_municipality(world):
    data = {**VALID, "postcode": "2260"}  # Oevel, Tongerlo, Westerlo and Zoerle-Parwijs
    client = login(world.coordinator)
    response = client.post(reverse("people:person_create"), data)
    assert "Choose one of" in response.content.decode()
    assert not Person.objects.filter(last_name="Karimi").exists()
    client.post(reverse("people:person_create"), {**data, "municipality": "westerlo"})
    assert Person.objects.get(last_name="Karimi").municipality == "Westerlo"


def test_an_unknown_postcode_is_refused_in_the_reader_s_language(world):
    client = login(world.coordinator)
    response = client.post(
        reverse("people:person_create"), {**VALID, "postcode": "9999"}, HTTP_ACCEPT_LANGUAGE="nl"
    )
    assert "Deze postcode" in response.content.decode()
    assert not Person.objects.filter(last_name="Karimi").exists()


def test_a_language_listed_twice_is_refused(world):
    data = {**VALID, "languages-1-code": "prs", "languages-1-level": "B1"}
    response = login(world.coordinator).post(reverse("people:person_create"), data)
    assert "only once" in response.content.decode()
    assert not Person.objects.filter(last_name="Karimi").exists()


def test_a_birth_year_that_contradicts_the_birth_date_is_refused(world):
    data = {**VALID, "birth_date": "1990-05-01", "birth_year": "1999"}
    response = login(world.coordinator).post(reverse("people:person_create"), data)
    assert "does not match" in response.content.decode()


def test_editing_a_person_replaces_their_languages(world):
    factories.PersonLanguageFactory(person=world.mentee_person, code="ti", level="native")
    data = {
        **VALID,
        "first_name": "Selam",
        "last_name": "Tesfay",
        "languages-TOTAL_FORMS": "1",
        "languages-0-code": "en",
        "languages-0-level": "B1",
    }
    login(world.coordinator).post(
        reverse("people:person_edit", args=[world.mentee_person.pk]), data
    )
    world.mentee_person.refresh_from_db()
    assert world.mentee_person.phone == "+32 470 11 22 33"
    assert list(world.mentee_person.languages.values_list("code", "level")) == [("en", "B1")]


def test_the_person_page_shows_details_in_words(world):
    world.mentee_person.sectors = ["F"]
    world.mentee_person.occupation = "71"
    world.mentee_person.availability = ["wed-pm"]
    world.mentee_person.country_of_origin = "ER"
    world.mentee_person.save()
    body = login(world.coordinator).get(world.mentee_person.get_absolute_url()).content.decode()
    assert "F – Construction" in body
    assert "71 – Building and related trades workers" in body
    assert "Wednesday – Afternoon" in body
    assert "Eritrea" in body


def test_the_postcode_lookup_offers_the_municipalities_of_a_postcode(world):
    client = login(world.coordinator)
    body = client.post(reverse("people:postcode_lookup"), {"postcode": "2260"}).content.decode()
    assert "<select" in body and "Tongerlo" in body and "Westerlo" in body
    unknown = client.post(reverse("people:postcode_lookup"), {"postcode": "0000"}).content.decode()
    assert "not in the list" in unknown


def test_a_coordinator_gives_a_mentee_a_log_in(world, django_capture_on_commit_callbacks):
    person = world.referred_person
    with django_capture_on_commit_callbacks(execute=True):
        login(world.coordinator).post(reverse("people:person_portal_access", args=[person.pk]))
    person.refresh_from_db()
    assert person.user.email == person.email
    assert person.user.memberships.get().role == "mentee"


def test_a_person_without_an_email_cannot_get_a_log_in(world):
    person = factories.PersonFactory(organisation=world.org, email="")
    factories.ParticipantFactory(person=person, programme=world.programme)
    client = login(world.coordinator)
    response = client.post(reverse("people:person_portal_access", args=[person.pk]), follow=True)
    assert "Add an e-mail address first" in response.content.decode()
    person.refresh_from_db()
    assert person.user is None


def test_mentors_and_mentees_see_their_own_page_and_nothing_of_others(world):
    body = login(world.mentee).get(reverse("people:me")).content.decode()
    assert "Hello Selam" in body
    assert "Newcomers to work" in body
    assert "Peeters" not in body and "Rahimi" not in body


def test_a_referral_partner_sees_the_status_of_their_referrals_only(world):
    body = login(world.referral_partner).get(reverse("core:home")).content.decode()
    assert "Yusuf Rahimi" in body and "Applied" in body
    assert "Tesfay" not in body


def test_the_search_ignores_accents_and_case_beyond_ascii(world):
    factories.PersonFactory(organisation=world.org, first_name="Élodie", last_name="Öztürk")
    client = login(world.coordinator)
    for typed in ("elodie", "ÖZTÜRK", "oztu"):
        body = client.post(reverse("people:person_list"), {"q": typed}).content.decode()
        assert "Élodie Öztürk" in body, typed


def test_the_search_finds_a_phone_number_typed_without_spaces(world):
    body = (
        login(world.coordinator)
        .post(reverse("people:person_list"), {"q": "470123456"})
        .content.decode()
    )
    assert "Selam Tesfay" in body


def test_a_name_in_a_link_is_not_searched(world):
    body = (
        login(world.coordinator)
        .get(reverse("people:person_list"), {"q": "Tesfay"})
        .content.decode()
    )
    assert "Marc Peeters" in body  # the whole list: the name in the address was ignored


def test_htmx_restoring_a_page_from_history_gets_the_whole_page(world):
    response = login(world.coordinator).get(
        reverse("people:pipeline_board", args=[world.programme.pk]),
        HTTP_HX_REQUEST="true",
        HTTP_HX_HISTORY_RESTORE_REQUEST="true",
    )
    assert "<html" in response.content.decode()
    assert "HX-Request" in response["Vary"]


@pytest.mark.parametrize("extra", [1, 30])
def test_a_search_issues_the_same_number_of_queries_however_many_people(
    world, extra, django_assert_num_queries
):
    for _ in range(extra):
        person = factories.PersonFactory(organisation=world.org, last_name="Mansour")
        factories.ParticipantFactory(person=person, programme=world.programme)
    client = login(world.coordinator)
    with django_assert_num_queries(11):
        client.post(
            reverse("people:person_list"),
            {"q": "mansour", "status": "applied", "programme": world.programme.pk},
        )


def test_a_coordinator_records_which_partner_referred_someone(world):
    login(world.coordinator).post(
        reverse("people:person_create"), {**VALID, "referred_by": world.referral_partner.pk}
    )
    person = Person.objects.get(last_name="Karimi")
    assert person.referred_by == world.referral_partner
    body = login(world.referral_partner).get(reverse("core:home")).content.decode()
    assert "Abdul Karimi" in body
    assert body.count("Newcomers to work: Applied") == 1  # Yusuf, referred earlier
    factories.ParticipantFactory(person=person, programme=world.programme)
    body = login(world.referral_partner).get(reverse("core:home")).content.decode()
    assert body.count("Newcomers to work: Applied") == 2


def test_only_referral_partners_of_the_organisation_can_be_chosen(world):
    response = login(world.coordinator).post(
        reverse("people:person_create"), {**VALID, "referred_by": world.mentor.pk}
    )
    assert "Select a valid choice" in response.content.decode()
    assert not Person.objects.filter(last_name="Karimi").exists()


def test_a_log_in_is_not_given_for_an_address_that_already_has_one(world):
    world.referred_person.email = "outsider@b.example.org"
    world.referred_person.save()
    response = login(world.coordinator).post(
        reverse("people:person_portal_access", args=[world.referred_person.pk]), follow=True
    )
    assert "already has a Tandem log-in" in response.content.decode()
    world.referred_person.refresh_from_db()
    assert world.referred_person.user is None
    assert not world.outsider.memberships.filter(organisation=world.org).exists()
