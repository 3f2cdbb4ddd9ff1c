"""Programme and cohort pages: list, detail, create, edit."""

from django.urls import reverse

from tandem.programmes.models import Cohort, Programme
from tests.conftest import login

VALID = {
    "name_en": "Women in tech",
    "name_nl": "Vrouwen in tech",
    "name_fr": "Femmes dans la tech",
    "slug": "women-in-tech",
    "description_en": "Six months with a mentor from the IT sector.",
    "target_group": "newcomers",
    "languages": ["nl", "en"],
    "duration_months": 6,
    "min_meetings_per_month": 2,
    "review_interval_weeks": 8,
    "required_training_hours": "12",
    "default_mentees_per_mentor": 1,
    "is_open": "on",
}


def test_the_list_shows_the_programmes_with_their_participant_counts(world):
    body = login(world.coordinator).get(reverse("programmes:list")).content.decode()
    assert "Newcomers to work" in body and "Throughflow" in body
    assert "B programme" not in body


def test_a_limited_coordinator_lists_only_their_programme(world):
    body = login(world.limited_coordinator).get(reverse("programmes:list")).content.decode()
    assert "Newcomers to work" in body
    assert "Throughflow" not in body


def test_a_coordinator_creates_a_programme_in_three_languages(world):
    response = login(world.coordinator).post(reverse("programmes:create"), VALID)
    programme = Programme.objects.get(slug="women-in-tech")
    assert response.url == programme.get_absolute_url()
    assert programme.organisation == world.org
    assert (programme.name_nl, programme.languages) == ("Vrouwen in tech", ["nl", "en"])


def test_the_programme_name_is_shown_in_the_reader_s_language(world):
    login(world.coordinator).post(reverse("programmes:create"), VALID)
    programme = Programme.objects.get(slug="women-in-tech")
    client = login(world.coordinator)
    body = client.get(programme.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Femmes dans la tech" in body


def test_a_programme_with_impossible_settings_is_refused_and_nothing_is_saved(world):
    bad = {**VALID, "duration_months": 48, "default_mentees_per_mentor": 5, "languages": []}
    response = login(world.coordinator).post(reverse("programmes:create"), bad)
    assert response.status_code == 200
    body = response.content.decode()
    assert "from 1 to 36 months" in body
    assert "1 to 3 mentees" in body
    assert not Programme.objects.filter(slug="women-in-tech").exists()


def test_a_short_name_used_twice_in_one_organisation_is_refused(world):
    response = login(world.coordinator).post(reverse("programmes:create"), {**VALID, "slug": "ntw"})
    assert "already uses this short name" in response.content.decode()
    assert Programme.objects.filter(organisation=world.org, slug="ntw").count() == 1


def test_the_same_short_name_may_be_used_by_another_organisation(world):
    login(world.outsider).post(reverse("programmes:create"), {**VALID, "slug": "ntw"})
    assert Programme.objects.filter(organisation=world.other_org, slug="ntw").exists()


def test_a_coordinator_edits_a_programme(world):
    data = {**VALID, "slug": "ntw", "duration_months": 9}
    login(world.coordinator).post(reverse("programmes:edit", args=[world.programme.pk]), data)
    world.programme.refresh_from_db()
    assert (world.programme.duration_months, world.programme.name) == (9, "Women in tech")


def test_a_limited_coordinator_cannot_create_a_programme(world):
    client = login(world.limited_coordinator)
    assert client.get(reverse("programmes:create")).status_code == 403
    assert client.post(reverse("programmes:create"), VALID).status_code == 403


def test_a_cohort_is_added_and_shown_on_the_programme(world):
    client = login(world.coordinator)
    client.post(
        reverse("programmes:cohort_create", args=[world.programme.pk]),
        {"name": "Autumn 2026", "starts_on": "2026-09-15", "ends_on": "2027-03-15"},
    )
    assert Cohort.objects.filter(programme=world.programme, name="Autumn 2026").exists()
    assert "Autumn 2026" in client.get(world.programme.get_absolute_url()).content.decode()


def test_a_cohort_that_ends_before_it_starts_is_refused(world):
    response = login(world.coordinator).post(
        reverse("programmes:cohort_edit", args=[world.cohort.pk]),
        {"name": "Spring 2026", "starts_on": "2026-09-15", "ends_on": "2026-01-01"},
    )
    assert "cannot end before it starts" in response.content.decode()
    world.cohort.refresh_from_db()
    assert world.cohort.ends_on is None
