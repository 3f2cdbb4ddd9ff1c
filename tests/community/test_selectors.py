"""What a mentor or mentee is shown of their groups: the next sessions, through the access
rules, with nothing about the other members."""

from dataclasses import asdict

from tandem.accounts.models import Membership
from tandem.community import selectors
from tandem.community.models import GroupSession
from tests.community.helpers import group, member, past_session, soon


def test_upcoming_sessions_are_those_of_the_member_s_groups_soonest_first(
    world, django_assert_num_queries
):
    world.coordinator.name = "Nadia Benali"
    world.coordinator.save()
    mine = group(world.programme, name="Evening group", members=[world.mentor_participant])
    mine.facilitator = world.coordinator
    mine.save()
    also_mine = group(world.programme, name="Second group", members=[world.mentor_participant])
    not_mine = group(world.programme, name="Other group", members=[member(world.programme)])
    later = GroupSession.objects.create(group=mine, starts_at=soon(20), place="B")
    sooner = GroupSession.objects.create(group=also_mine, starts_at=soon(2), place="A")
    GroupSession.objects.create(group=not_mine, starts_at=soon(1), place="Not mine")
    past_session(mine)
    membership = Membership.objects.get(user=world.mentor)
    with django_assert_num_queries(1):
        items = selectors.upcoming_sessions_for(membership)
    assert [(i.starts_at, i.place, i.group_name) for i in items] == [
        (sooner.starts_at, "A", "Second group"),
        (later.starts_at, "B", "Evening group"),
    ]
    assert items[1].facilitator == "Nadia" and items[0].facilitator == ""
    assert set(asdict(items[0])) == {
        "starts_at",
        "ends_at",
        "place",
        "group_name",
        "group_kind",
        "facilitator",
    }
    assert len(selectors.upcoming_sessions_for(membership, limit=1)) == 1


def test_other_roles_and_other_organisations_get_no_sessions(world):
    support_group = group(world.programme, members=[world.mentor_participant])
    GroupSession.objects.create(group=support_group, starts_at=soon())
    for user in (world.mentee, world.coordinator, world.outsider, world.referral_partner):
        assert selectors.upcoming_sessions_for(Membership.objects.get(user=user)) == []
    assert selectors.upcoming_sessions_for(None) == []


def test_the_portal_fragment_shows_the_next_sessions(world):
    from django.template.loader import render_to_string

    support_group = group(world.programme, name="Evening group", members=[world.mentor_participant])
    GroupSession.objects.create(group=support_group, starts_at=soon(3), place="Library")
    membership = Membership.objects.get(user=world.mentor)
    html = render_to_string(
        "community/_upcoming_sessions.html",
        {"sessions": selectors.upcoming_sessions_for(membership)},
    )
    assert "Evening group" in html and "Where: Library" in html and "/community/me/" in html
    assert render_to_string("community/_upcoming_sessions.html", {"sessions": []}).strip() == ""
