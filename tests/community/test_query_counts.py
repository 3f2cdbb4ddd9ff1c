"""The group list and a group's page cost the same queries with 1 or 20 groups or sessions."""

import pytest
from django.urls import reverse

from tandem.community.models import GroupSession
from tests.community.helpers import group, member, past_session, soon
from tests.conftest import login

LIST_QUERIES = 7
DETAIL_QUERIES = 8


def grow_groups(world, n: int) -> None:
    for i in range(n):
        members = [member(world.programme) for _ in range(2)]
        made = group(world.programme, name=f"Group {world.programme.support_groups.count()}-{i}")
        made.members.set(members)
        made.facilitator = world.coordinator
        made.save()
        session = past_session(made, attendance_recorded=True, summary="Themes")
        session.attendees.set(members[:1])
        GroupSession.objects.create(group=made, starts_at=soon())


def test_the_group_list_costs_the_same_queries_with_1_or_20_groups(
    world, django_assert_num_queries
):
    client = login(world.coordinator)
    url = reverse("community:group_list", args=[world.programme.pk])
    client.get(url)  # warm the session
    for extra in (1, 19):
        grow_groups(world, extra)
        with django_assert_num_queries(LIST_QUERIES):
            response = client.get(url)
        assert response.content.decode().count("<tr>") == 1 + world.programme.support_groups.count()


@pytest.mark.parametrize("size", [1, 20])
def test_the_group_page_costs_the_same_queries_with_1_or_20_members_and_sessions(
    world, size, django_assert_num_queries
):
    made = group(world.programme, members=[member(world.programme) for _ in range(size)])
    made.facilitator = world.coordinator
    made.save()
    for i in range(size):
        session = past_session(made, days_ago=i + 1, attendance_recorded=True, summary="Themes")
        session.attendees.set(made.members.all()[:1])
        GroupSession.objects.create(group=made, starts_at=soon(i + 1))
    client = login(world.coordinator)
    url = reverse("community:group_detail", args=[made.pk])
    client.get(url)
    with django_assert_num_queries(DETAIL_QUERIES):
        response = client.get(url)
    assert response.content.decode().count("1 present") == size
