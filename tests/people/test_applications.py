"""The public application page: no account, few fields, consent, spam-resistant."""

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from tandem.people import consent
from tandem.people.models import Participant, Person

FORM = {
    "first_name": "Amanuel",
    "last_name": "Tekle",
    "phone": "+32 489 11 22 33",
    "email": "amanuel@example.org",
    "contact_channel": "whatsapp",
    "birth_year": "2002",
    "postcode": "1030",
    "language": "ti",
    "dutch": "A1",
    "french": "A2",
    "note": "I was a car mechanic in Asmara.",
    "consents": ["programme", "follow_up"],
    "website": "",
}


@pytest.fixture(autouse=True)
def fresh_rate_limits(world):
    cache.clear()


def url(world, role="mentee"):
    return reverse("people:apply", args=[world.org.slug, world.programme.slug, role])


def test_the_application_page_speaks_plainly_and_needs_no_account(world):
    body = Client().get(url(world), HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "Mentor Brussels" in body
    assert "Ik wil" in body  # the consent text, in the reader's language
    assert 'name="website"' in body


def test_the_programme_s_own_text_is_shown_in_the_reader_s_language(world):
    world.programme.registration_intro_fr = "Pour les jeunes de Bruxelles."
    world.programme.save()
    body = Client().get(url(world), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Pour les jeunes de Bruxelles." in body


@pytest.mark.django_db(transaction=True)
def test_applying_creates_the_person_the_participation_and_the_consents(
    world, django_capture_on_commit_callbacks
):
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(world), FORM, HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 302
    person = Person.objects.get(last_name="Tekle")
    assert (person.organisation, person.municipality) == (world.org, "Schaerbeek")
    assert set(person.languages.values_list("code", "level")) == {
        ("ti", "native"),
        ("nl", "A1"),
        ("fr", "A2"),
    }
    participant = Participant.objects.get(person=person)
    assert (participant.role, participant.status) == ("mentee", "applied")
    assert participant.application_note == "I was a car mechanic in Asmara."
    assert participant.status_changes.get().changed_by is None
    assert consent.granted(person, "programme") and consent.granted(person, "follow_up")
    assert not consent.granted(person, "research")
    assert person.consents.get(purpose="programme").channel == "online_form"
    thanks = client.get(response.url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Tekle" not in response.url and "amanuel" not in response.url
    assert "Merci" in thanks
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    message = mail.outbox[-1]
    assert message.to == ["amanuel@example.org"]
    assert "Bonjour Amanuel" in message.body  # the language of the page they used
    assert len(message.body) < 320  # short enough to send as an SMS too


def test_a_mentor_applies_through_the_mentor_page(world):
    Client().post(url(world, "mentor"), FORM)
    assert Participant.objects.get(person__last_name="Tekle").role == "mentor"


def test_applying_without_agreeing_to_take_part_saves_nothing(world):
    response = Client().post(url(world), {**FORM, "consents": ["follow_up"]})
    assert "you must agree to take part" in response.content.decode()
    assert not Person.objects.filter(last_name="Tekle").exists()


def test_bad_input_is_explained_in_the_reader_s_language(world):
    response = Client().post(
        url(world),
        {**FORM, "phone": "", "email": "", "postcode": "0000"},
        HTTP_ACCEPT_LANGUAGE="nl",
    )
    body = response.content.decode()
    assert "Deze postcode staat niet in onze lijst." in body
    assert not Person.objects.filter(last_name="Tekle").exists()


def test_a_robot_filling_the_hidden_field_is_thanked_and_nothing_is_kept(world):
    response = Client().post(url(world), {**FORM, "website": "http://spam.example"})
    assert response.status_code == 302
    assert not Person.objects.filter(last_name="Tekle").exists()


def test_too_many_applications_from_one_connection_are_refused(world):
    client = Client()
    for i in range(5):
        client.post(url(world), {**FORM, "last_name": f"Tekle{i}"})
    response = client.post(url(world), {**FORM, "last_name": "Tekle-sixth"})
    assert response.status_code == 429
    assert "Too many applications" in response.content.decode()
    assert Person.objects.filter(last_name__startswith="Tekle").count() == 5


def test_a_closed_programme_says_so_and_takes_nothing(world):
    world.programme.is_open = False
    world.programme.save()
    client = Client()
    assert "not taking applications" in client.get(url(world)).content.decode()
    client.post(url(world), FORM)
    assert not Person.objects.filter(last_name="Tekle").exists()


def test_an_unknown_programme_is_404(world):
    response = Client().get(reverse("people:apply", args=[world.org.slug, "nope", "mentee"]))
    assert response.status_code == 404


def test_mistakes_do_not_count_against_the_limit(world):
    client = Client()
    for _ in range(8):
        client.post(url(world), {**FORM, "phone": "", "email": ""})  # incomplete each time
    response = client.post(url(world), FORM)
    assert response.status_code == 302
    assert Person.objects.filter(last_name="Tekle").exists()


def test_behind_a_proxy_each_visitor_has_their_own_limit(world, settings):
    settings.TANDEM_TRUSTED_PROXIES = 1
    for i in range(5):
        Client().post(
            url(world), {**FORM, "last_name": f"Tekle{i}"}, HTTP_X_FORWARDED_FOR="203.0.113.9"
        )
    other = Client().post(
        url(world), {**FORM, "last_name": "Other"}, HTTP_X_FORWARDED_FOR="198.51.100.4"
    )
    assert other.status_code == 302
    blocked = Client().post(
        url(world), {**FORM, "last_name": "Sixth"}, HTTP_X_FORWARDED_FOR="203.0.113.9"
    )
    assert blocked.status_code == 429
