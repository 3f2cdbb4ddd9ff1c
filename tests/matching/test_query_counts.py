"""The matching pages issue a constant number of queries, however many pairs a run has."""

import pytest
from django.urls import reverse

from tandem.matching import services
from tandem.matching.models import Proposal
from tandem.matching.services import runs as run_services
from tests.conftest import login
from tests.matching.helpers import finished, grow_cohort, participant


def run_now(world):
    run = services.run_start(programme=world.programme, cohort=None, started_by=world.coordinator)
    run_services.run_execute(run=run)
    return finished(run)


def grown_run(world, mentees: int, mentors: int):
    grow_cohort(world.programme, world.cohort, mentees=mentees, mentors=mentors, seed=mentees)
    run = run_now(world)
    # Some of them proposed, locked and excluded, so every kind of row shows.
    first, second, third = run.suggestions.order_by("pk")[:3] if mentees >= 3 else (None,) * 3
    if first is not None:
        services.proposal_create(
            suggestion=first,
            intro_meeting_at=first.run.created_at.replace(year=2099),
            intro_meeting_place="Office",
            created_by=world.coordinator,
        )
        services.lock_create(run=run, mentee=second.mentee, mentor=second.mentor, created_by=None)
        services.exclusion_create(
            programme=world.programme,
            mentee=third.mentee,
            mentor=third.mentor,
            reason="met_before",
            created_by=None,
        )
    return run


RUN_PAGE_QUERIES = 13


@pytest.mark.parametrize("size", [1, 30])
def test_the_result_page_costs_the_same_queries_with_1_or_30_pairs(
    world, size, django_assert_num_queries
):
    run = grown_run(world, mentees=size, mentors=size + 2)
    # A mentee left over with alternatives, too.
    participant(world.programme, "mentee")
    assert run.matched_count == size
    client = login(world.coordinator)
    client.get(run.get_absolute_url())  # warm the session
    with django_assert_num_queries(RUN_PAGE_QUERIES):
        response = client.get(run.get_absolute_url())
    assert response.status_code == 200
    assert response.content.decode().count('class="card suggestion"') == size


@pytest.mark.parametrize(
    ("url_name", "queries"),
    [("matching:programme", 15), ("matching:proposal_list", 9), ("matching:figures", 9)],
)
def test_the_programme_pages_cost_the_same_queries_with_few_or_many_runs_and_proposals(
    world, url_name, queries, django_assert_num_queries
):
    client = login(world.coordinator)
    url = reverse(url_name, args=[world.programme.pk])
    for size in (3, 12):
        grown_run(world, mentees=size, mentors=size)
        assert Proposal.objects.exists()
        with django_assert_num_queries(queries):
            assert client.get(url).status_code == 200


def test_the_fairness_and_compare_pages_cost_the_same_queries_at_any_size(
    world, django_assert_num_queries
):
    client = login(world.coordinator)
    for size in (2, 25):
        first = grown_run(world, mentees=size, mentors=size)
        second = run_now(world)
        with django_assert_num_queries(7):
            assert client.get(reverse("matching:run_fairness", args=[second.pk])).status_code == 200
        with django_assert_num_queries(11):
            response = client.get(
                reverse("matching:run_compare", args=[second.pk]), {"other": first.pk}
            )
            assert response.status_code == 200
