"""The status-event pages: a mentee's outcomes for staff, recording the situation at entry and
events, confirming and rejecting mentors' news, the queue of proposals, the mentor's "Good news?"
page, the links shown on other apps' pages — and the matrix fragment of these URLs."""

from datetime import timedelta

import pytest
from django.db import connection
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tandem.accounts.models import Membership
from tandem.mentorships.models import Mentorship
from tandem.outcomes.models import EntryProfile, StatusEvent
from tandem.people.models import Consent
from tests import factories
from tests.conftest import login
from tests.matrix_policies import ACTORS, DENIED, FORBIDDEN, LOGIN, NON_STAFF, NOT_FOUND
from tests.mentorships.world import add_mentorships
from tests.outcomes import matrix_events
from tests.outcomes.world import EMPLOYER, add_outcomes
from tests.test_permission_matrix import assert_no_leak, assert_outcome, client_for


@pytest.fixture
def world(world):
    return add_outcomes(add_mentorships(world))


def days_ago(n: int) -> str:
    return (timezone.localdate() - timedelta(days=n)).isoformat()


def outcomes_url(world) -> str:
    return reverse("outcomes:participant", args=[world.mentee_participant.pk])


# --- the mentee's outcomes page -------------------------------------------------------------


def test_the_outcomes_page_shows_the_situation_at_entry_and_the_marked_timeline(world):
    page = login(world.coordinator).get(outcomes_url(world)).content.decode()
    assert "Situation at entry" in page
    assert "Unemployed" in page and "third-country national" in page
    assert EMPLOYER in page and "Fixed-term contract" in page
    # The latest confirmed situation is "employed"; the proposal is marked and can be answered.
    assert 'Situation now: <strong class="status">Employed</strong>' in page
    assert '<li class="proposed"' in page
    assert reverse("outcomes:event_confirm", args=[world.outcomes.proposed.pk]) in page
    assert reverse("outcomes:event_reject", args=[world.outcomes.proposed.pk]) in page
    assert reverse("outcomes:event_create", args=[world.mentee_participant.pk]) in page


def test_a_mentor_has_no_outcomes_page(world):
    url = reverse("outcomes:participant", args=[world.mentor_participant.pk])
    assert login(world.coordinator).get(url).status_code == 404


def test_without_a_situation_at_entry_the_page_says_it_is_not_counted(world):
    EntryProfile.objects.all().delete()
    page = login(world.coordinator).get(outcomes_url(world)).content.decode()
    assert "not counted in the indicators" in page
    assert "Record the situation at entry" in page


def add_events(world, n: int) -> None:
    for i in range(n):
        event = StatusEvent.objects.create(
            participant=world.mentee_participant,
            date=timezone.localdate() - timedelta(days=i + 1),
            type="employed" if i % 2 else "internship",
            status=("confirmed", "proposed", "rejected")[i % 3],
            source="mentor",
            employer=f"Employer {i}",
            recorded_by=world.mentor,
            confirmed_by=world.coordinator,
            recorded_at=timezone.now(),
        )
        if i % 4 == 0:
            world.outcomes.follow_up.__class__.objects.create(
                participant=world.mentee_participant,
                kind="months_6",
                left_on=timezone.localdate() - timedelta(days=400 + i),
                due_on=timezone.localdate(),
                event=event,
            )


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_outcomes_page_costs_the_same_queries_with_few_or_many_events(world):
    client = login(world.coordinator)
    url = outcomes_url(world)
    client.get(url)
    few = count_queries(client, url)
    add_events(world, 20)
    many = count_queries(client, url)
    assert few == many
    assert client.get(url).content.decode().count('<li class="') == 22


# --- the situation at entry -----------------------------------------------------------------


def test_a_coordinator_records_the_situation_at_entry(world):
    EntryProfile.objects.all().delete()
    StatusEvent.objects.all().delete()
    url = reverse("outcomes:entry_edit", args=[world.mentee_participant.pk])
    client = login(world.coordinator)
    assert "Entered the programme on" in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "entry_date": days_ago(30),
            "situation": "employed",
            # Typed before choosing "employed": the field was hidden, so it is not saved.
            "unemployed_since": days_ago(300),
            "contract": "subsidised",
            "full_time": "false",
            "isco_skill_level": "1",
            "rural": "on",
        },
    )
    assert response.status_code == 302
    profile = EntryProfile.objects.get()
    assert (profile.situation, profile.unemployed_since, profile.contract, profile.full_time) == (
        "employed",
        None,
        "subsidised",
        False,
    )
    assert (profile.isco_skill_level, profile.rural, profile.recorded_by) == (
        1,
        True,
        world.coordinator,
    )


def test_a_refused_situation_at_entry_shows_why_and_saves_nothing(world):
    url = reverse("outcomes:entry_edit", args=[world.mentee_participant.pk])
    before = list(EntryProfile.objects.values_list("entry_date", "situation"))
    response = login(world.coordinator).post(
        url, {"entry_date": days_ago(-3), "situation": "unemployed"}
    )
    assert response.status_code == 200
    assert "The entry date cannot be in the future." in response.content.decode()
    assert list(EntryProfile.objects.values_list("entry_date", "situation")) == before


# --- recording an event ---------------------------------------------------------------------


def test_the_event_form_asks_the_situation_first_with_the_reference_lists(world):
    page = login(world.coordinator).get(
        reverse("outcomes:event_create", args=[world.mentee_participant.pk])
    )
    body = page.content.decode()
    assert body.index('name="type"') < body.index('name="date"') < body.index('name="contract"')
    assert '<optgroup label="2 – Professionals">' in body
    assert 'value="J"' in body  # NACE sections
    assert 'class="job-details"' in body and 'class="employer-field"' in body


def test_a_coordinator_records_a_job_and_only_the_fields_that_apply_are_kept(world):
    url = reverse("outcomes:event_create", args=[world.mentee_participant.pk])
    client = login(world.coordinator)
    response = client.post(
        url,
        {
            "type": "employed",
            "date": days_ago(2),
            "contract": "permanent",
            "full_time": "true",
            "hours_per_week": "38",
            "isco": "72",
            "nace": "C",
            "employer": "Metal Works",
            "economy": "regular",
        },
    )
    assert response.status_code == 302
    job = StatusEvent.objects.latest("pk")
    assert (job.type, job.contract, job.full_time, job.isco_skill_level, job.status) == (
        "employed",
        "permanent",
        True,
        2,
        "confirmed",
    )
    # A training with job details typed in a hidden section: only the note is kept.
    client.post(
        url,
        {
            "type": "education_or_training",
            "date": days_ago(1),
            "contract": "permanent",
            "note": "Welding",
        },
    )
    training = StatusEvent.objects.latest("pk")
    assert (training.type, training.contract, training.note) == (
        "education_or_training",
        "",
        "Welding",
    )


def test_a_refused_event_shows_why_on_its_field_and_saves_nothing(world):
    count = StatusEvent.objects.count()
    response = login(world.coordinator).post(
        reverse("outcomes:event_create", args=[world.mentee_participant.pk]),
        {"type": "employed", "date": days_ago(1), "isco": "2", "isco_skill_level": "2"},
    )
    assert response.status_code == 200
    assert "Occupation 2 is at skill level 4." in response.content.decode()
    assert StatusEvent.objects.count() == count


# --- confirming, rejecting, deleting --------------------------------------------------------


def test_a_coordinator_confirms_a_proposal_and_goes_back_where_they_were(world):
    proposal = world.outcomes.proposed
    client = login(world.coordinator)
    url = reverse("outcomes:event_confirm", args=[proposal.pk])
    assert client.get(url).status_code == 405
    queue = reverse("outcomes:proposed_events")
    response = client.post(url, {"next": queue})
    assert response["Location"] == queue
    proposal.refresh_from_db()
    assert (proposal.status, proposal.confirmed_by) == ("confirmed", world.coordinator)


def test_a_coordinator_confirms_a_job_with_its_details(world):
    proposal = StatusEvent.objects.create(
        participant=world.mentee_participant,
        date=timezone.localdate(),
        type="employed",
        source="mentor",
        status="proposed",
        recorded_at=timezone.now(),
    )
    client = login(world.coordinator)
    assert f'name="e{proposal.pk}-contract"' in client.get(outcomes_url(world)).content.decode()
    p = f"e{proposal.pk}-"
    client.post(
        reverse("outcomes:event_confirm", args=[proposal.pk]),
        {p + "contract": "temporary_agency", p + "isco": "93", p + "employer": "Interim BV"},
    )
    proposal.refresh_from_db()
    assert (proposal.status, proposal.contract, proposal.isco_skill_level, proposal.employer) == (
        "confirmed",
        "temporary_agency",
        1,
        "Interim BV",
    )


def test_a_coordinator_marks_a_proposal_as_not_confirmed(world):
    proposal = world.outcomes.proposed
    response = login(world.coordinator).post(reverse("outcomes:event_reject", args=[proposal.pk]))
    assert response["Location"] == outcomes_url(world)
    proposal.refresh_from_db()
    assert proposal.status == "rejected"
    page = login(world.coordinator).get(outcomes_url(world)).content.decode()
    assert '<li class="rejected"' in page


def test_deleting_a_confirmed_event_is_refused_with_a_message_when_it_answers_a_follow_up(world):
    event = world.outcomes.event
    world.outcomes.follow_up.event = event
    world.outcomes.follow_up.save()
    client = login(world.coordinator)
    response = client.post(reverse("outcomes:event_delete", args=[event.pk]), follow=True)
    assert "answers a follow-up" in response.content.decode()
    assert StatusEvent.objects.filter(pk=event.pk).exists()
    world.outcomes.follow_up.event = None
    world.outcomes.follow_up.save()
    client.post(reverse("outcomes:event_delete", args=[event.pk]))
    assert not StatusEvent.objects.filter(pk=event.pk).exists()


def test_an_unsafe_next_address_is_ignored(world):
    response = login(world.coordinator).post(
        reverse("outcomes:event_reject", args=[world.outcomes.proposed.pk]),
        {"next": "https://evil.example.com/"},
    )
    assert response["Location"] == outcomes_url(world)


# --- the queue of proposals -----------------------------------------------------------------


def test_the_queue_lists_the_proposals_of_the_programmes_a_coordinator_covers(world):
    url = reverse("outcomes:proposed_events")
    everything = login(world.coordinator).get(url).content.decode()
    assert world.mentee_person.display_name in everything
    assert world.other_programme_participant.person.display_name in everything
    limited = login(world.limited_coordinator).get(url).content.decode()
    assert world.mentee_person.display_name in limited
    assert world.other_programme_participant.person.display_name not in limited
    # Confirmed events are not in the queue.
    assert EMPLOYER not in everything


def test_the_queue_costs_the_same_queries_with_1_or_25_proposals(world):
    client = login(world.coordinator)
    url = reverse("outcomes:proposed_events")
    client.get(url)
    StatusEvent.objects.filter(participant=world.other_programme_participant).delete()
    few = count_queries(client, url)
    for i in range(24):
        mentee = factories.ParticipantFactory(
            person=factories.PersonFactory(organisation=world.org, first_name=f"Q{i}"),
            programme=world.programme,
            role="mentee",
        )
        StatusEvent.objects.create(
            participant=mentee,
            date=timezone.localdate(),
            type="internship",
            source="mentor",
            status="proposed",
            recorded_by=world.mentor,
            recorded_at=timezone.now(),
        )
    many = count_queries(client, url)
    assert few == many
    assert client.get(url).content.decode().count("<tr>") == 1 + 25


# --- the mentor's news ----------------------------------------------------------------------


def news_url(world) -> str:
    return reverse("outcomes:mentor_news", args=[world.pair.mentorship.pk])


def share_profile(person) -> None:
    Consent.objects.create(
        person=person,
        purpose="match_profile",
        text_version="test",
        channel="paper",
        given_at=timezone.now(),
    )


def test_the_mentor_tells_news_in_plain_words_and_it_waits_for_the_coordinator(world):
    share_profile(world.mentee_person)
    client = login(world.mentor, mfa=False)
    page = client.get(news_url(world)).content.decode()
    assert "Good news? Tell your coordinator" in page
    assert "Did something good happen for Selam?" in page
    assert "They have a job" in page and "Their diploma was recognised" in page
    assert world.mentee_person.last_name not in page
    response = client.post(
        news_url(world), {"type": "employed", "date": days_ago(0), "note": "At the bakery"}
    )
    assert (
        response["Location"] == reverse("mentorships:portal") + f"#pair-{world.pair.mentorship.pk}"
    )
    news = StatusEvent.objects.latest("pk")
    assert (news.type, news.status, news.source, news.recorded_by, news.note) == (
        "employed",
        "proposed",
        "mentor",
        world.mentor,
        "At the bakery",
    )
    confirmation = client.get(response["Location"]).content.decode()
    assert "Your coordinator will check the news" in confirmation


def test_the_mentor_s_news_before_the_entry_date_is_refused_in_plain_words(world):
    count = StatusEvent.objects.count()
    response = login(world.mentor, mfa=False).post(
        news_url(world), {"type": "internship", "date": days_ago(500)}
    )
    assert response.status_code == 200
    assert "when they entered the programme" in response.content.decode()
    assert StatusEvent.objects.count() == count


def test_a_year_after_the_mentorship_the_mentor_is_told_to_contact_the_organisation(world):
    Mentorship.objects.filter(pk=world.pair.mentorship.pk).update(
        status="completed",
        ended_on=timezone.localdate() - timedelta(days=400),
        closure_reason="period_ended",
    )
    count = StatusEvent.objects.count()
    client = login(world.mentor, mfa=False)
    assert "more than a year ago" in client.get(news_url(world)).content.decode()
    client.post(news_url(world), {"type": "employed", "date": days_ago(0)})
    assert StatusEvent.objects.count() == count


@pytest.mark.parametrize("role", ["mentee", "coordinator", "admin"])
def test_nobody_but_the_mentor_opens_the_news_page(world, role):
    assert login(world.user(role)).get(news_url(world)).status_code == 403


# --- links on other apps' pages -------------------------------------------------------------


def tag_request(user):
    request = RequestFactory().get("/")
    request.user = user
    request.membership = Membership.objects.get(user=user)
    return request


def render_tag(request, source: str, **context) -> str:
    return Template("{% load outcomes_tags %}" + source).render(
        Context({"request": request, **context})
    )


def pair(world) -> Mentorship:
    return Mentorship.objects.select_related("programme", "mentor__person", "mentee__person").get(
        pk=world.pair.mentorship.pk
    )


def test_the_news_link_shows_for_the_pair_s_mentor_only(world, django_assert_num_queries):
    source = "{% mentor_news_link m %}"
    mentorship = pair(world)
    request = tag_request(world.mentor)
    with django_assert_num_queries(0):
        for_mentor = render_tag(request, source, m=mentorship)
    assert news_url(world) in for_mentor
    assert "Tell your coordinator" in for_mentor
    for user in (world.mentee, world.coordinator):
        assert render_tag(tag_request(user), source, m=mentorship).strip() == ""


def test_the_outcomes_link_shows_for_staff_on_a_mentee_only(world):
    source = "{% outcomes_link p %}"
    assert outcomes_url(world) in render_tag(
        tag_request(world.coordinator), source, p=world.mentee_participant
    )
    assert (
        render_tag(tag_request(world.coordinator), source, p=world.mentor_participant).strip() == ""
    )
    assert render_tag(tag_request(world.mentee), source, p=world.mentee_participant).strip() == ""


# --- the matrix fragment, checked here as the main matrix will ------------------------------


@pytest.mark.parametrize("actor", ACTORS)
def test_the_pages_answer_each_actor_as_the_matrix_fragment_says(world, actor):
    client = client_for(world, actor)
    for name, (kwargs, expected) in matrix_events.MATRIX.items():
        url = reverse(name, kwargs=kwargs(world))
        response = client.get(url)
        where = f"GET {url} as {actor}"
        assert_outcome(response, expected[actor], where)
        assert_no_leak(world, actor, response, where)
        if actor in ("mentor", "outsider") and response.status_code == 200:
            assert EMPLOYER not in response.content.decode(), where


def outcome_rows() -> tuple:
    return (
        list(EntryProfile.objects.order_by("pk").values_list("entry_date", "situation")),
        list(
            StatusEvent.objects.order_by("pk").values_list(
                "date", "type", "status", "note", "confirmed_by_id"
            )
        ),
    )


@pytest.mark.parametrize("actor", ["anonymous", *NON_STAFF, "outsider"])
def test_nobody_outside_a_s_staff_changes_outcomes_by_posting(world, actor):
    client = client_for(world, actor)
    before = outcome_rows()
    for name, (data, special) in matrix_events.POSTS.items():
        url = reverse(name, kwargs=matrix_events.MATRIX[name][0](world))
        response = client.post(url, data)
        expected = special.get(actor, DENIED)
        if expected == DENIED:
            expected = {"anonymous": LOGIN, "outsider": NOT_FOUND}.get(actor, FORBIDDEN)
        assert_outcome(response, expected, f"POST {url} as {actor}")
    assert outcome_rows() == before


@pytest.mark.parametrize("name", sorted(matrix_events.OTHER_PROGRAMME))
def test_the_limited_coordinator_gets_404_for_the_other_programme(world, name):
    client = login(world.limited_coordinator)
    url = reverse(name, kwargs=matrix_events.OTHER_PROGRAMME[name](world))
    before = outcome_rows()
    if matrix_events.MATRIX[name][1] is not matrix_events.STAFF_POST:
        assert client.get(url).status_code == 404
    if name in matrix_events.POSTS:
        assert client.post(url, matrix_events.POSTS[name][0]).status_code == 404
    assert outcome_rows() == before
