"""List pages issue a constant number of queries, however many rows they show."""

import pytest
from django.urls import reverse

from tandem.accounts.models import Membership
from tests import factories
from tests.conftest import login


def grow(world, n: int) -> None:
    for i in range(n):
        programme = factories.ProgrammeFactory(organisation=world.org)
        factories.CohortFactory(programme=programme)
        person = factories.PersonFactory(organisation=world.org)
        factories.ParticipantFactory(person=person, programme=programme, status="eligible")
        member = Membership.objects.create(
            user=factories.UserFactory(),
            organisation=world.org,
            role="coordinator",
            all_programmes=False,
        )
        member.programmes.set([programme, world.programme][: 1 + i % 2])


@pytest.mark.parametrize(
    ("url_name", "user", "queries"),
    [
        ("programmes:list", "coordinator", 6),
        ("accounts:member_list", "admin", 7),
        ("core:home", "coordinator", 7),
    ],
)
def test_a_list_page_costs_the_same_queries_with_5_or_25_rows(
    world, url_name, user, queries, django_assert_num_queries
):
    client = login(world.user(user))
    for extra in (5, 20):
        grow(world, extra)
        with django_assert_num_queries(queries):
            assert client.get(reverse(url_name)).status_code == 200
