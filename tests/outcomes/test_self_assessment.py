"""The self-assessment: the programme's statements per language, a single-use link to answer
them from 1 to 5 (sent by staff at the start, by itself at the end), and the change per mentee
and per programme."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tandem.outcomes.models import OutcomeSettings, SelfAssessment, SurveyLink
from tandem.outcomes.services import surveys
from tests import factories
from tests.conftest import login
from tests.mentorships.world import add_mentorships

STATEMENTS_EN = "I feel confident.\nI know people who can help me."
STATEMENTS_FR = "Je me sens sûr de moi.\nJe connais des gens qui peuvent m'aider."


@pytest.fixture
def w(world, settings):
    settings.SITE_URL = "https://tandem.example.org"
    OutcomeSettings.objects.create(
        programme=world.programme,
        self_assessment_en=STATEMENTS_EN,
        self_assessment_fr=STATEMENTS_FR,
        self_assessment_nl="",
    )
    return world


def issue(world, moment: str = "start") -> str:
    token = surveys.self_assessment_link_issue(participant=world.mentee_participant, moment=moment)
    return reverse("outcomes:self_assessment", kwargs={"token": token})


# --- the settings -----------------------------------------------------------------------------


def test_staff_edit_the_statements_per_language(w):
    client = login(w.coordinator)
    url = reverse("outcomes:settings", args=[w.programme.pk])
    assert "I feel confident." in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "self_assessment_en": "One\n\nTwo\nThree\n",
            "self_assessment_nl": "Een\nTwee\nDrie",
            "self_assessment_fr": "",
        },
    )
    assert response.status_code == 302
    saved = OutcomeSettings.objects.get(programme=w.programme)
    assert (saved.self_assessment_en, saved.self_assessment_nl) == (
        "One\nTwo\nThree",
        "Een\nTwee\nDrie",
    )
    assert surveys.statements(saved, "fr") == ["One", "Two", "Three"]  # empty: English
    assert surveys.statements(saved, "nl") == ["Een", "Twee", "Drie"]


def test_every_language_has_as_many_lines_as_english(w):
    response = login(w.coordinator).post(
        reverse("outcomes:settings", args=[w.programme.pk]),
        {"self_assessment_en": "One\nTwo", "self_assessment_nl": "Een", "self_assessment_fr": ""},
    )
    assert response.status_code == 200
    assert "Write 2 lines, one for each English statement" in response.content.decode()
    assert OutcomeSettings.objects.get(programme=w.programme).self_assessment_en == STATEMENTS_EN


def test_the_settings_of_a_programme_without_any_start_from_the_defaults(world):
    client = login(world.coordinator)
    url = reverse("outcomes:settings", args=[world.other_programme.pk])
    assert "I feel confident looking for work." in client.get(url).content.decode()
    assert not OutcomeSettings.objects.filter(programme=world.other_programme).exists()


# --- the link and the answers -----------------------------------------------------------------


def test_the_mentee_answers_in_french_with_big_buttons(w):
    url = issue(w)
    page = Client().get(url + "?lang=fr").content.decode()
    assert "Bonjour Selam" in page
    assert "Je me sens sûr de moi." in page
    assert page.count('type="radio"') == 10
    assert "Tesfay" not in page
    plain = Client().get(url + "?lang=fr&plain=1").content.decode()
    assert "😀 5" in plain
    response = Client().post(url + "?lang=fr", {"s0": "2", "s1": "4"})
    assert "Merci" in response.content.decode()
    answered = SelfAssessment.objects.get(participant=w.mentee_participant, moment="start")
    assert answered.scores == [2, 4]
    assert answered.statements == ["I feel confident.", "I know people who can help me."]
    assert Client().get(url).status_code == 404


def test_every_statement_needs_an_answer(w):
    url = issue(w)
    response = Client().post(url, {"s0": "3"})
    assert "Choose a number from 1 to 5." in response.content.decode()
    assert not SelfAssessment.objects.exists()
    response = Client().post(url, {"s0": "3", "s1": "9"})
    assert not SelfAssessment.objects.exists()


def test_an_answered_moment_gets_no_new_link(w):
    issue(w)
    SelfAssessment.objects.create(
        participant=w.mentee_participant, moment="start", scores=[1, 1], answered_at=timezone.now()
    )
    with pytest.raises(ValidationError, match="already been answered"):
        issue(w)


def test_two_links_for_the_same_moment_record_one_answer(w):
    first, second = issue(w), issue(w)
    Client().post(first, {"s0": "1", "s1": "1"})
    response = Client().post(second, {"s0": "5", "s1": "5"})
    assert response.status_code == 404
    assert SelfAssessment.objects.get().scores == [1, 1]


def test_an_expired_link_gets_a_kind_page(w):
    url = issue(w)
    SurveyLink.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = Client().get(url)
    assert response.status_code == 404
    assert "This link no longer works" in response.content.decode()


def test_staff_send_the_start_link_by_e_mail(w):
    add_mentorships(w)
    client = login(w.coordinator)
    listed = client.get(reverse("outcomes:followup_list")).content.decode()
    assert "Send the self-assessment" in listed and "Selam Tesfay" in listed
    url = reverse("outcomes:self_assessment_send", args=[w.mentee_participant.pk])
    client.post(url, {"moment": "start"})
    assert len(mail.outbox) == 1
    link = re.search(
        r"https://tandem\.example\.org(/outcomes/self-assessment/\S+/)", mail.outbox[0].body
    )
    assert Client().get(link[1]).status_code == 200
    assert SurveyLink.objects.get().moment == "start"


def test_staff_fill_it_in_together_with_the_mentee(w):
    client = login(w.coordinator)
    url = reverse("outcomes:self_assessment_send", args=[w.mentee_participant.pk])
    response = client.post(url, {"moment": "start", "action": "open"})
    assert response.status_code == 302
    assert response["Location"].startswith("/outcomes/self-assessment/")
    assert mail.outbox == []


def test_no_e_mail_address_is_said_plainly(w):
    w.mentee_person.email = ""
    w.mentee_person.save(update_fields=["email"])
    w.mentee.email = ""
    w.mentee.save(update_fields=["email"])
    with pytest.raises(ValidationError, match="no e-mail address"):
        surveys.self_assessment_send(participant=w.mentee_participant, moment="start")
    assert not SurveyLink.objects.exists()


def test_the_end_task_sends_the_end_link(w, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    from tandem.outcomes import tasks

    result = tasks.send_self_assessment.enqueue(
        participant_id=w.mentee_participant.pk, moment="end"
    )
    assert result.return_value == {"sent": 1}
    assert SurveyLink.objects.get().moment == "end"
    assert mail.outbox[0].body.startswith("Hello Selam")


# --- the figures ------------------------------------------------------------------------------


def answered(participant, moment: str, scores: list[int]) -> None:
    SelfAssessment.objects.create(
        participant=participant,
        moment=moment,
        statements=["I feel confident.", "I know people who can help me."][: len(scores)],
        scores=scores,
        answered_at=timezone.now(),
    )


def mentee(world, name: str):
    return factories.ParticipantFactory(
        person=factories.PersonFactory(organisation=world.org, first_name=name, last_name=name),
        programme=world.programme,
        role="mentee",
    )


def test_the_change_per_mentee_and_the_programme_mean(w):
    a, b, c = mentee(w, "Amal"), mentee(w, "Bilal"), mentee(w, "Chen")
    answered(a, "start", [2, 1])
    answered(a, "end", [4, 2])
    answered(b, "start", [3, 3])
    answered(b, "end", [2, 5])
    answered(c, "start", [1, 1])  # no end yet: not in the figures
    response = login(w.coordinator).get(
        reverse("outcomes:self_assessment_figures", args=[w.programme.pk])
    )
    figures = response.context["figures"]
    assert [(row.name, row.changes) for row in figures.rows] == [
        ("Amal Amal", [2, 1]),
        ("Bilal Bilal", [-1, 2]),
    ]
    assert figures.means == [0.5, 1.5]
    assert figures.counts == [2, 2]
    assert (figures.only_start, figures.only_end) == (1, 0)
    body = response.content.decode()
    assert "+1.50" in body and "Fewer than 5 mentees" in body
    assert "I know people who can help me." in body


def test_a_statement_added_later_is_compared_only_where_both_have_it(w):
    a = mentee(w, "Amal")
    answered(a, "start", [2])
    answered(a, "end", [3, 5])
    figures = surveys.self_assessment_changes(
        assessments=SelfAssessment.objects.all(), labels=["First", "Second"]
    )
    assert figures.rows[0].changes == [1, None]
    assert (figures.means, figures.counts) == ([1.0, None], [1, 0])


def test_the_figures_of_another_programme_are_not_for_the_limited_coordinator(w):
    url = reverse("outcomes:self_assessment_figures", args=[w.other_programme.pk])
    assert login(w.limited_coordinator).get(url).status_code == 404
