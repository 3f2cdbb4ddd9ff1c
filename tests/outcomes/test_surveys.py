"""The follow-up survey: e-mailed once when a follow-up falls due, only with the mentee's
follow-up consent; a single-use link that expires; a phone page in EN/NL/FR with a plain mode,
showing only the first name; the answer becomes one confirmed status event."""

import re
import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tandem.outcomes.models import FollowUp, StatusEvent
from tandem.outcomes.services import surveys
from tandem.outcomes.services.surveys import SurveyAnswer, SurveyClosed
from tandem.people.models import Consent

TODAY = timezone.localdate


@pytest.fixture
def w(world, settings):
    settings.SITE_URL = "https://tandem.example.org"
    world.mentee_person.email = "selam@example.org"
    world.mentee_person.save(update_fields=["email"])
    return world


def consent(person, purpose: str = "follow_up") -> Consent:
    return Consent.objects.create(
        person=person,
        purpose=purpose,
        text_version="test",
        channel="paper",
        given_at=timezone.now(),
    )


def follow_up(participant, *, due_days_ago: int = 0, kind: str = "weeks_4") -> FollowUp:
    due_on = TODAY() - timedelta(days=due_days_ago)
    return FollowUp.objects.create(
        participant=participant, kind=kind, left_on=due_on - timedelta(days=28), due_on=due_on
    )


def link_in(message) -> str:
    return re.search(r"https://tandem\.example\.org(/outcomes/survey/[^/\s]+/)", message.body)[1]


# --- the e-mails ------------------------------------------------------------------------------


def test_a_due_follow_up_is_e_mailed_once_to_a_mentee_who_consented(w):
    consent(w.mentee_person)
    due = follow_up(w.mentee_participant, due_days_ago=1)
    assert surveys.send_due_surveys().sent == 1
    assert surveys.send_due_surveys().sent == 0  # the worker twice: nothing twice
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["selam@example.org"]
    assert message.body.startswith("Hello Selam, how are you doing with work or study?")
    assert "Tesfay" not in message.body
    due.refresh_from_db()
    assert due.survey_sent_at is not None
    # Only the hash is kept: the link's token is not in the database.
    token = link_in(message).rstrip("/").rsplit("/", 1)[1]
    assert due.token_hash == surveys.token_hash(token) and token not in due.token_hash


def test_no_survey_without_the_follow_up_consent_or_after_it_was_withdrawn(w):
    follow_up(w.mentee_participant, due_days_ago=1)
    consent(w.mentee_person, purpose="research")
    assert surveys.send_due_surveys().sent == 0
    given = consent(w.mentee_person)
    Consent.objects.filter(pk=given.pk).update(withdrawn_at=timezone.now())
    assert surveys.send_due_surveys().sent == 0
    assert mail.outbox == []


def test_no_survey_before_the_due_date_long_after_it_or_without_an_address(w):
    consent(w.mentee_person)
    follow_up(w.mentee_participant, due_days_ago=-1)
    follow_up(w.mentee_participant, due_days_ago=61, kind="months_6")
    assert surveys.send_due_surveys().sent == 0
    follow_up(w.mentee_participant, due_days_ago=60, kind="months_12")
    w.mentee_person.email = ""
    w.mentee_person.save(update_fields=["email"])
    w.mentee.email = ""
    w.mentee.save(update_fields=["email"])
    summary = surveys.send_due_surveys()
    assert (summary.sent, summary.no_address) == (0, 1)


def test_the_e_mail_is_written_in_the_mentee_s_language(w):
    w.mentee.language = "fr"
    w.mentee.save(update_fields=["language"])
    consent(w.mentee_person)
    follow_up(w.mentee_participant)
    surveys.send_due_surveys()
    # Dates come out in French (the texts follow once translated).
    until = timezone.localdate(timezone.now() + timedelta(days=60))
    from django.utils import formats, translation

    with translation.override("fr"):
        french_date = formats.date_format(until)
    assert french_date in mail.outbox[0].body


def test_the_daily_task_sends_the_surveys(w, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    from tandem.outcomes import tasks

    consent(w.mentee_person)
    follow_up(w.mentee_participant)
    result = tasks.send_follow_up_surveys.enqueue()
    assert result.return_value == {"sent": 1, "no_address": 0}


def test_the_scheduler_queues_the_surveys_once_a_day(w, settings):
    from django_tasks import default_task_backend

    from tandem.core import schedule

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    morning = timezone.localtime().replace(hour=8, minute=0)
    assert "send_follow_up_surveys" not in schedule.tick(morning, 9)
    assert "send_follow_up_surveys" in schedule.tick(morning.replace(hour=9, minute=5), 9)
    assert "send_follow_up_surveys" not in schedule.tick(morning.replace(hour=18), 9)
    queued = [result.task.name for result in default_task_backend.results]
    assert queued.count("send_follow_up_surveys") == 1


# --- the link ---------------------------------------------------------------------------------


@pytest.fixture
def link(w):
    due = follow_up(w.mentee_participant, due_days_ago=1)
    token = surveys.survey_link_issue(follow_up=due)
    return due, reverse("outcomes:survey", kwargs={"token": token}), token


def test_the_link_opens_the_question_without_log_in(w, link):
    _due, url, _token = link
    response = Client().get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Hello Selam" in body
    assert "What are you doing now?" in body
    for answer in ("I work for an employer", "I am looking for work", "None of these"):
        assert answer in body
    # Nothing about the person but the first name.
    for secret in ("Tesfay", "selam@example.org", w.mentee_person.phone, "Newcomers to work"):
        assert secret not in body
    assert response["Content-Type"].startswith("text/html")
    assert '<meta name="referrer" content="same-origin">' in body


def test_the_page_speaks_french_and_has_a_plain_mode(w, link):
    _due, url, _token = link
    response = Client().get(url + "?lang=fr")
    body = response.content.decode()
    assert '<html lang="fr">' in body
    assert "Bonjour Selam" in body
    assert 'aria-current="page">Français' in body
    plain = Client().get(url + "?lang=fr&plain=1").content.decode()
    assert "💼" in plain and "🔎" in plain
    # The answers keep the language and the mode.
    assert "?lang=fr&amp;plain=1&amp;answer=employed" in plain
    work = Client().get(url + "?lang=fr&plain=1&answer=employed").content.decode()
    assert '<html lang="fr">' in work
    assert "Oui" in work and "Non" in work  # full-time? yes / no
    assert 'name="job"' not in work and 'name="hours_per_week"' not in work  # no typing


def test_the_page_opens_in_the_mentee_s_own_language(w, link):
    w.mentee.language = "nl"
    w.mentee.save(update_fields=["language"])
    _due, url, _token = link
    assert '<html lang="nl">' in Client().get(url).content.decode()


def test_answering_i_work_records_one_confirmed_survey_event(w, link):
    due, url, _token = link
    response = Client().post(
        url + "?answer=employed",
        {
            "contract": "fixed_term",
            "full_time": "no",
            "hours_per_week": "24",
            "job": "Kitchen help",
            "employer": "Brasserie du Parc",
            "social": "yes",
        },
    )
    assert response.status_code == 200
    assert "Thank you" in response.content.decode()
    event = StatusEvent.objects.get()
    assert (event.participant, event.date, event.type, event.source, event.status) == (
        w.mentee_participant,
        TODAY(),
        "employed",
        "survey",
        "confirmed",
    )
    assert (event.contract, event.full_time, str(event.hours_per_week)) == (
        "fixed_term",
        False,
        "24.0",
    )
    assert (event.employer, event.economy, event.note) == (
        "Brasserie du Parc",
        "social",
        "Kitchen help",
    )
    due.refresh_from_db()
    assert (due.status, due.event) == ("done", event)
    assert due.answered_at is not None


def test_a_plain_answer_without_details_is_recorded_too(w, link):
    _due, url, _token = link
    response = Client().post(
        url + "?answer=employed&plain=1", {"contract": "dont_know", "full_time": "yes"}
    )
    assert "Thank you" in response.content.decode()
    event = StatusEvent.objects.get()
    assert (event.contract, event.full_time, event.economy, event.employer) == ("", True, "", "")


def test_looking_for_work_needs_one_more_tap_and_has_no_job_details(w, link):
    _due, url, _token = link
    page = Client().get(url + "?answer=job_searching").content.decode()
    assert "I am looking for work" in page and "Send my answers" in page
    Client().post(url + "?answer=job_searching", {})
    event = StatusEvent.objects.get()
    assert (event.type, event.contract, event.full_time, event.note) == (
        "job_searching",
        "",
        None,
        "",
    )


def test_a_link_works_once(w, link):
    _due, url, token = link
    Client().post(url + "?answer=inactive", {})
    again = Client().get(url)
    assert again.status_code == 404
    assert "This link no longer works" in again.content.decode()
    posted = Client().post(url + "?answer=volunteering", {})
    assert posted.status_code == 404
    assert StatusEvent.objects.count() == 1
    with pytest.raises(SurveyClosed):
        surveys.survey_answer(token=token, answer=SurveyAnswer(type="inactive"))


def test_an_expired_or_wrong_link_gets_a_kind_page(w, link):
    due, url, _token = link
    FollowUp.objects.filter(pk=due.pk).update(
        survey_sent_at=timezone.now() - timedelta(days=60, minutes=1)
    )
    expired = Client().get(url)
    assert expired.status_code == 404
    assert "This link no longer works" in expired.content.decode()
    wrong = Client().get(reverse("outcomes:survey", kwargs={"token": "x" * 43}))
    assert wrong.status_code == 404 and "This link no longer works" in wrong.content.decode()
    assert Client().get(url + "?lang=fr").status_code == 404


def test_a_new_link_replaces_the_old_one(w, link):
    due, url, _token = link
    surveys.survey_link_issue(follow_up=due)
    assert Client().get(url).status_code == 404


def test_the_link_closes_once_the_coordinator_recorded_the_call(w, link):
    due, url, _token = link
    FollowUp.objects.filter(pk=due.pk).update(status="done")
    assert Client().get(url).status_code == 404


def test_a_refused_answer_leaves_the_link_usable(w, link):
    due, url, token = link
    with pytest.raises(Exception):  # noqa: B017 – the service refuses hours over 80
        surveys.survey_answer(token=token, answer=SurveyAnswer(type="employed", hours_per_week=99))
    due.refresh_from_db()
    assert (due.status, due.answered_at) == ("due", None)
    assert Client().get(url).status_code == 200


def test_too_many_wrong_links_from_one_address_are_refused(w):
    client = Client()
    for n in range(60):
        client.get(reverse("outcomes:survey", kwargs={"token": f"wrong{n}"}))
    response = client.get(reverse("outcomes:survey", kwargs={"token": "wrong-again"}))
    assert response.status_code == 429


@pytest.mark.django_db(transaction=True)
def test_two_submits_at_the_same_time_record_one_event(world, settings):
    if connection.vendor != "postgresql":
        pytest.skip("needs concurrent connections (PostgreSQL)")
    due = follow_up(world.mentee_participant, due_days_ago=1)
    token = surveys.survey_link_issue(follow_up=due)
    barrier = threading.Barrier(2)
    outcomes = []

    def submit():
        barrier.wait()
        try:
            surveys.survey_answer(token=token, answer=SurveyAnswer(type="job_searching"))
            outcomes.append("recorded")
        except SurveyClosed:
            outcomes.append("closed")
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["closed", "recorded"]
    assert StatusEvent.objects.filter(participant=world.mentee_participant).count() == 1
