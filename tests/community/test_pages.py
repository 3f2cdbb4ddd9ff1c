"""The support-group pages: what a coordinator sees and does, and what a member sees."""

import re
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from tandem.community.models import GroupSession, SupportGroup
from tests.community.helpers import group, member, past_session, soon
from tests.conftest import login


def body(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def names_in_order(html: str, names: list[str]) -> list[str]:
    return sorted(names, key=html.index)


# --- the list of groups ---------------------------------------------------------------------------


def test_the_list_shows_each_group_s_kind_members_next_session_and_attendance(world):
    a, b = member(world.programme), member(world.programme)
    evening = group(world.programme, name="Evening group", members=[a, b])
    evening.facilitator = world.coordinator
    evening.save()
    group(world.programme, kind="exchange", name="Saturday mentees")
    group(world.other_programme, name="Not this programme")
    recorded = past_session(evening, attendance_recorded=True)
    recorded.attendees.set([a])  # 1 of 2 present
    past_session(evening, days_ago=10)  # not recorded: not counted
    next_at = soon(3)
    GroupSession.objects.create(group=evening, starts_at=next_at)
    GroupSession.objects.create(group=evening, starts_at=soon(30))
    html = body(
        login(world.coordinator).get(reverse("community:group_list", args=[world.programme.pk]))
    )
    assert "Evening group" in html and "Saturday mentees" in html
    assert "Not this programme" not in html
    row = re.search(r"Evening group.*?</tr>", html, re.S).group(0)
    assert "Intervision group (mentors)" in row and "Coordinator" in row
    assert '<td class="num">2</td>' in row and "50 %" in row
    assert timezone.localtime(next_at).strftime("%Y") in row
    saturday = re.search(r"Saturday mentees.*?</tr>", html, re.S).group(0)
    assert "None planned" in saturday and "Nobody yet" in saturday


# --- creating and editing a group -----------------------------------------------------------------


def test_the_form_offers_the_programme_s_mentors_by_name_with_their_status(world):
    zoe = member(world.programme, first_name="Zoe", last_name="Aerts", status="ready_to_match")
    bert = member(world.programme, first_name="Bert", last_name="Claes", status="matched")
    gone = member(world.programme, last_name="Withdrawnname", status="withdrawn")
    other = member(world.other_programme, last_name="Otherprogramme")
    client = login(world.coordinator)
    html = body(client.get(reverse("community:group_create", args=[world.programme.pk])))
    shown = [zoe.person.display_name, bert.person.display_name, world.mentor_person.display_name]
    assert names_in_order(html, shown) == shown  # Aerts, Claes, Peeters
    assert "Ready to match" in html and "Matched" in html
    for hidden in (gone, other):
        assert hidden.person.last_name not in html
    assert world.mentee_person.last_name not in html  # a mentee: not for intervision
    exchange = body(
        client.get(reverse("community:group_create", args=[world.programme.pk]) + "?kind=exchange")
    )
    assert (
        world.mentee_person.last_name in exchange and world.mentor_person.last_name not in exchange
    )


def test_a_hundred_candidates_are_all_listed_once_as_checkboxes(world):
    for i in range(100):
        member(world.programme, first_name="Mentor", last_name=f"Name{i:03d}")
    html = body(
        login(world.coordinator).get(reverse("community:group_create", args=[world.programme.pk]))
    )
    assert html.count('type="checkbox" name="members"') == 101
    assert "Can join (101)" in html
    assert html.index("Name000") < html.index("Name050") < html.index("Name099")


def test_a_coordinator_creates_a_group_and_lands_on_its_page(world):
    other = member(world.programme)
    client = login(world.coordinator)
    response = client.post(
        reverse("community:group_create", args=[world.programme.pk]),
        {
            "name": "Evening group",
            "kind": "intervision",
            "facilitator": world.limited_coordinator.pk,
            "members": [world.mentor_participant.pk, other.pk],
        },
    )
    made = SupportGroup.objects.get()
    assert response.url == reverse("community:group_detail", args=[made.pk])
    assert made.programme == world.programme and made.facilitator == world.limited_coordinator
    assert set(made.members.all()) == {world.mentor_participant, other}


def test_a_forged_member_of_another_programme_or_organisation_is_refused(world):
    client = login(world.coordinator)
    url = reverse("community:group_create", args=[world.programme.pk])
    other_programme = member(world.other_programme)
    for forged in (other_programme.pk, world.outsider_person.participations.get().pk):
        html = body(
            client.post(
                url,
                {"name": "Evening group", "kind": "intervision", "members": [forged]},
            )
        )
        assert "Select a valid choice" in html
    assert not SupportGroup.objects.exists()


def test_a_mentee_in_an_intervision_group_is_refused_with_a_clear_message(world):
    client = login(world.coordinator)
    html = body(
        client.post(
            reverse("community:group_create", args=[world.programme.pk]),
            {
                "name": "Evening group",
                "kind": "intervision",
                "members": [world.mentor_participant.pk, world.mentee_participant.pk],
            },
        )
    )
    assert "An intervision group is for mentors only." in html
    assert not SupportGroup.objects.exists()


def test_a_facilitator_from_outside_the_programme_cannot_be_chosen(world):
    client = login(world.coordinator)
    html = body(
        client.post(
            reverse("community:group_create", args=[world.programme.pk]),
            {"name": "Evening group", "kind": "intervision", "facilitator": world.outsider.pk},
        )
    )
    assert "Select a valid choice" in html and not SupportGroup.objects.exists()
    assert "outsider@b.example.org" not in html


def test_editing_shows_the_members_ticked_and_saves_changes(world):
    gone = member(world.programme, last_name="Leftsince", status="withdrawn")
    support_group = group(world.programme, members=[world.mentor_participant, gone])
    client = login(world.coordinator)
    url = reverse("community:group_edit", args=[support_group.pk])
    html = body(client.get(url))
    ticked = re.findall(r'name="members" value="(\d+)"[^>]*checked', html)
    assert set(map(int, ticked)) == {world.mentor_participant.pk, gone.pk}
    assert "In the group (2)" in html and "Withdrawn" in html
    response = client.post(
        url, {"name": "Renamed", "kind": "intervision", "members": [world.mentor_participant.pk]}
    )
    assert response.status_code == 302
    support_group.refresh_from_db()
    assert support_group.name == "Renamed"
    assert list(support_group.members.all()) == [world.mentor_participant]


# --- a group and its sessions ---------------------------------------------------------------------


def test_the_group_page_shows_members_and_sessions_to_come_and_past(world):
    a = member(world.programme, first_name="Anke", last_name="Janssens")
    support_group = group(
        world.programme, name="Evening group", members=[world.mentor_participant, a]
    )
    upcoming = GroupSession.objects.create(group=support_group, starts_at=soon(5), place="Library")
    recorded = past_session(
        support_group, summary="Themes: motivation after rejections.", attendance_recorded=True
    )
    recorded.attendees.set([a])
    past_session(support_group, days_ago=30)
    html = body(
        login(world.coordinator).get(reverse("community:group_detail", args=[support_group.pk]))
    )
    assert "Anke Janssens" in html and world.mentor_person.display_name in html
    assert "2 members" in html and "Library" in html
    assert "1 present" in html and "Themes: motivation after rejections." in html
    assert "Attendance not recorded" in html
    assert reverse("community:session_delete", args=[upcoming.pk]) in html
    assert reverse("community:session_record", args=[recorded.pk]) in html
    # Sessions to come cannot have attendance recorded; past ones cannot be cancelled.
    assert reverse("community:session_record", args=[upcoming.pk]) not in html
    assert reverse("community:session_delete", args=[recorded.pk]) not in html


def test_a_coordinator_plans_a_session(world):
    support_group = group(world.programme)
    day = timezone.localdate() + timedelta(days=9)
    response = login(world.coordinator).post(
        reverse("community:session_create", args=[support_group.pk]),
        {"date": day.isoformat(), "time": "18:00", "duration_minutes": "90", "place": "Library"},
    )
    assert response.url == support_group.get_absolute_url()
    session = GroupSession.objects.get()
    local = timezone.localtime(session.starts_at)
    assert (local.date(), local.hour, session.duration_minutes, session.place) == (
        day,
        18,
        90,
        "Library",
    )


def test_a_session_in_the_past_is_refused_on_the_form(world):
    support_group = group(world.programme)
    yesterday = timezone.localdate() - timedelta(days=1)
    html = body(
        login(world.coordinator).post(
            reverse("community:session_create", args=[support_group.pk]),
            {"date": yesterday.isoformat(), "time": "18:00", "duration_minutes": "90"},
        )
    )
    assert "Plan the session in the future." in html and not GroupSession.objects.exists()


def test_a_coordinator_changes_a_session(world):
    support_group = group(world.programme)
    session = GroupSession.objects.create(group=support_group, starts_at=soon(5), place="A")
    client = login(world.coordinator)
    url = reverse("community:session_edit", args=[session.pk])
    assert 'value="A"' in body(client.get(url))
    day = timezone.localdate() + timedelta(days=12)
    client.post(
        url, {"date": day.isoformat(), "time": "10:00", "duration_minutes": "60", "place": "B"}
    )
    session.refresh_from_db()
    assert session.place == "B" and timezone.localtime(session.starts_at).date() == day


def test_attendance_starts_unticked_and_is_saved_with_the_summary(world):
    a = member(world.programme, first_name="Anke")
    support_group = group(world.programme, members=[world.mentor_participant, a])
    session = past_session(support_group)
    client = login(world.coordinator)
    url = reverse("community:session_record", args=[session.pk])
    html = body(client.get(url))
    assert html.count('name="present"') == 2 and " checked" not in html
    assert "no names or private details of mentees" in html.lower()
    response = client.post(url, {"present": [a.pk], "summary": "Themes: first weeks at work."})
    assert response.url == support_group.get_absolute_url()
    session.refresh_from_db()
    assert session.attendance_recorded and session.summary == "Themes: first weeks at work."
    assert list(session.attendees.all()) == [a]
    # Correcting: the page shows who was ticked.
    assert re.search(rf'value="{a.pk}"[^>]*checked', body(client.get(url)))


def test_attendance_cannot_be_recorded_for_a_session_to_come(world):
    support_group = group(world.programme, members=[world.mentor_participant])
    session = GroupSession.objects.create(group=support_group, starts_at=soon(2))
    client = login(world.coordinator)
    url = reverse("community:session_record", args=[session.pk])
    html = body(client.get(url))
    assert "once the session has started" in html and 'name="present"' not in html
    client.post(url, {"present": [world.mentor_participant.pk], "summary": "x"})
    session.refresh_from_db()
    assert not session.attendance_recorded and not session.attendees.exists()


def test_a_session_to_come_is_cancelled_and_a_past_one_stays(world):
    support_group = group(world.programme)
    upcoming = GroupSession.objects.create(group=support_group, starts_at=soon(2))
    past = past_session(support_group)
    client = login(world.coordinator)
    client.post(reverse("community:session_delete", args=[upcoming.pk]))
    response = client.post(reverse("community:session_delete", args=[past.pk]), follow=True)
    assert "Only a session to come can be cancelled." in body(response)
    assert list(GroupSession.objects.all()) == [past]


# --- what a member sees ---------------------------------------------------------------------------


def test_a_mentor_sees_their_groups_next_sessions_and_the_facilitator_s_first_name(world):
    other = member(world.programme, first_name="Anke", last_name="Janssens")
    support_group = group(
        world.programme, name="Evening group", members=[world.mentor_participant, other]
    )
    world.coordinator.name = "Nadia Benali"
    world.coordinator.save()
    support_group.facilitator = world.coordinator
    support_group.save()
    GroupSession.objects.create(group=support_group, starts_at=soon(4), place="Tandem office")
    past_session(support_group, place="Old place", summary="Secret themes")
    group(world.programme, name="Not my group", members=[other])
    html = body(login(world.mentor).get(reverse("community:my_groups")))
    assert "Evening group" in html and "Tandem office" in html and "Led by Nadia" in html
    for hidden in ("Benali", "Janssens", "Anke", "Old place", "Secret themes", "Not my group"):
        assert hidden not in html


def test_a_mentee_without_a_group_is_told_so(world):
    group(world.programme, members=[world.mentor_participant])
    html = body(login(world.mentee).get(reverse("community:my_groups")))
    assert "You are not in a group at the moment." in html


def test_staff_do_not_have_a_my_groups_page(world):
    assert login(world.coordinator).get(reverse("community:my_groups")).status_code == 403
