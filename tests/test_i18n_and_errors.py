"""Pages in the reader's language, the language switcher, and the error pages."""

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from tests.conftest import login


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "People"), ("nl", "Personen"), ("fr", "Personnes")],
)
def test_the_people_list_speaks_the_reader_s_language(world, language, expected):
    client = login(world.coordinator)
    body = client.get(reverse("people:person_list"), HTTP_ACCEPT_LANGUAGE=language).content
    assert f"<h1>{expected}</h1>" in body.decode()


def test_the_language_switcher_remembers_the_choice(world):
    client = login(world.coordinator)
    response = client.post(reverse("set_language"), {"language": "nl", "next": "/people/"})
    assert response.url == "/people/"
    assert '<html lang="nl">' in client.get("/people/").content.decode()


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "This page does not exist"),
        ("nl", "Deze pagina bestaat niet"),
        ("fr", "Cette page n'existe pas"),
    ],
)
@override_settings(DEBUG=False)
def test_the_404_page_is_translated(world, language, expected):
    client = login(world.coordinator)
    response = client.get("/people/999999/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 404
    assert expected in response.content.decode()


@override_settings(DEBUG=False)
def test_the_403_page_explains_in_the_reader_s_language(world):
    response = login(world.mentee).get(reverse("people:person_list"), HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 403
    assert "Vous ne pouvez pas ouvrir cette page" in response.content.decode()


@override_settings(DEBUG=False)
def test_the_500_page_is_plain_and_translated(world, monkeypatch):
    def boom(request):
        raise RuntimeError("boom")

    monkeypatch.setattr("tandem.people.selectors.programme_status_counts", boom)
    client = login(world.coordinator)
    client.raise_request_exception = False
    response = client.get(reverse("core:home"), HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 500
    assert "Er ging iets mis" in response.content.decode()
    assert "boom" not in response.content.decode()


def test_the_login_page_is_translated_for_anonymous_visitors():
    body = Client().get(reverse("account_login"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert '<html lang="fr">' in body
    assert "Mot de passe" in body


def test_no_page_loads_anything_from_another_site(world):
    body = login(world.coordinator).get(reverse("people:person_list")).content.decode()
    assert "http://" not in body.replace("http://127.0.0.1", "") and "https://" not in body
    assert "/static/django_htmx/htmx-2.min.js" in body
    client = login(world.coordinator)
    for asset in ("/static/tandem/tandem.css", "/static/django_htmx/htmx-2.min.js"):
        assert asset in body
        assert client.get(asset).status_code == 200
