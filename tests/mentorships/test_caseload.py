"""The caseload page: my pairs or all, the five to call today, the tiles and the sorted list —
in a constant number of queries."""

import time
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tandem.mentorships import caseload
from tandem.mentorships.models import Agreement, HelpRequest, Meeting, Mentorship
from tests import factories
from tests.conftest import login
from tests.mentorships.world import add_mentorships, make_pair

URL = reverse("mentorships:caseload")


@pytest.fixture
def w(world):
    add_mentorships(world)
    # world.other_pair (Olena, also the coordinator's) is going well.
    HelpRequest.objects.filter(mentorship=world.other_pair.mentorship).delete()
    return world


def pair(w, quiet_days: int, *, mentee: str, programme=None, coordinator="me", started=120):
    programme = programme or w.programme
    people = [
        factories.ParticipantFactory(
            person=factories.PersonFactory(organisation=w.org, first_name=name, last_name="Zed"),
            programme=programme,
            role=role,
            status="active",
        )
        for name, role in ((mentee, "mentee"), (f"Mentor of {mentee}", "mentor"))
    ]
    contact = w.coordinator if coordinator == "me" else coordinator
    made = make_pair(programme, people[0], people[1], contact, started_days_ago=started)
    Meeting.objects.filter(pk=made.meeting.pk).update(
        starts_at=timezone.now() - timedelta(days=quiet_days)
    )
    Meeting.objects.filter(pk=made.planned_meeting.pk).delete()
    HelpRequest.objects.filter(mentorship=made.mentorship).delete()
    # No review falls due before the planned end: only the meetings count here.
    Agreement.objects.filter(mentorship=made.mentorship).update(review_interval_weeks=52)
    return made


def page(client, **params) -> str:
    response = client.get(URL, params)
    assert response.status_code == 200
    return response.content.decode()


def test_the_caseload_shows_my_pairs_with_their_health_in_words_and_colour(w):
    pair(w, 30, mentee="Amal")
    text = page(login(w.coordinator))
    assert "My caseload" in text
    # world.pair asked for help (red), Amal's pair has been quiet for 30 days (amber).
    assert 'class="tile health-red"' in text and 'class="tile health-amber"' in text
    assert "Needs a call" in text and "Needs attention" in text
    assert "No meeting for 30 days (rhythm: every 15 days)" in text
    assert "The mentee asked for help on" in text
    assert reverse("mentorships:detail", args=[w.pair.mentorship.pk]) in text


def test_call_today_lists_red_before_amber_and_the_longest_quiet_first(w):
    pair(w, 24, mentee="Amber1")
    pair(w, 40, mentee="Amber2")
    pair(w, 50, mentee="Red1")
    pair(w, 90, mentee="Red2")
    pair(w, 2, mentee="Green1")
    pair(w, 30, mentee="Amber3")
    found = caseload.rows(caseload.running_pairs(login_membership(w), mine=True))
    called = [row.mentee_name for row in caseload.call_today(found)]
    # world.pair's mentee Selam asked for help: red, met 10 days ago.
    assert called == ["Red2", "Red1", "Selam", "Amber2", "Amber3"]
    text = page(login(w.coordinator))
    section = text.split('id="call-today"')[1].split("</section>")[0]
    assert [name for name in ("Red2", "Red1", "Selam", "Amber2", "Amber3") if name in section]
    assert section.index("Red2") < section.index("Red1") < section.index("Amber2")
    assert "Green1" not in section and "Amber1" not in section


def login_membership(w, user=None):
    from tandem.accounts.models import Membership

    return Membership.objects.get(user=user or w.coordinator)


def test_my_pairs_are_those_i_am_the_contact_person_of_and_all_shows_the_others(w):
    pair(w, 3, mentee="Mine")
    pair(w, 3, mentee="Theirs", coordinator=w.admin)
    client = login(w.coordinator)
    mine = page(client)
    assert "Mine" in mine and "Theirs" not in mine
    everyone = page(client, who="all")
    assert "Mine" in everyone and "Theirs" in everyone
    assert "Contact person" in everyone


def test_someone_without_pairs_sees_all_pairs_by_default(w):
    pair(w, 3, mentee="Theirs")
    text = page(login(w.admin))
    assert "Running pairs" in text and "Theirs" in text


def test_the_programme_filter_and_a_limited_coordinator_see_only_their_programmes(w):
    pair(w, 3, mentee="Elsewhere", programme=w.other_programme)
    client = login(w.coordinator)
    assert "Elsewhere" in page(client, who="all")
    assert "Elsewhere" not in page(client, who="all", programme=w.programme.pk)
    limited = page(login(w.limited_coordinator), who="all")
    assert "Elsewhere" not in limited
    assert w.other_programme_participant.person.first_name not in limited


def test_closed_pairs_are_not_in_the_caseload(w):
    made = pair(w, 3, mentee="Finished")
    Mentorship.objects.filter(pk=made.mentorship.pk).update(
        status="completed", ended_on=timezone.localdate(), closure_reason="period_ended"
    )
    assert "Finished" not in page(login(w.coordinator), who="all")


@pytest.mark.parametrize(
    ("order", "expected"),
    [
        ("health", ["Old", "Selam", "Quiet", "Young", "New"]),
        ("quiet", ["Old", "Quiet", "Young", "Selam", "New"]),
        ("started", ["New", "Selam", "Young", "Quiet", "Old"]),
        # By the mentee's last name: world.pair's Selam Tesfay, then the Zeds.
        ("name", ["Selam", "New", "Old", "Quiet", "Young"]),
        ("nonsense", ["Old", "Selam", "Quiet", "Young", "New"]),
    ],
)
def test_the_list_sorts_by_a_validated_parameter(w, order, expected):
    pair(w, 60, mentee="Old", started=300)
    pair(w, 30, mentee="Quiet", started=200)
    pair(w, 20, mentee="Young", started=100)
    pair(w, 1, mentee="New", started=5)
    text = page(login(w.coordinator), order=order)
    table = text.split('class="list caseload-list"')[1].split("</table>")[0]
    positions = [table.index(f">{name} ") for name in expected]
    assert positions == sorted(positions)


def test_mentors_and_mentees_cannot_open_the_caseload(w):
    assert login(w.mentor).get(URL).status_code == 403
    assert login(w.mentee).get(URL).status_code == 403


@pytest.mark.parametrize("size", [1, 40])
def test_the_caseload_costs_the_same_queries_with_1_or_40_pairs(w, size, django_assert_num_queries):
    for i in range(size - 1):
        pair(w, i * 3, mentee=f"P{i}", programme=[w.programme, w.other_programme][i % 2])
    client = login(w.coordinator)
    client.get(URL)  # warm the session
    with django_assert_num_queries(10):
        text = page(client, who="all", order="quiet")
    assert text.count('<li><a class="tile ') == size + 1  # and world.other_pair


def test_the_caseload_stays_fast_with_2000_pairs(w):
    mentees, mentors = [], []
    from tandem.people.models import Participant, Person

    persons = Person.objects.bulk_create(
        Person(organisation=w.org, first_name=f"N{i}", last_name=f"L{i}") for i in range(4000)
    )
    participants = Participant.objects.bulk_create(
        Participant(
            person=person,
            programme=w.programme,
            role="mentee" if i % 2 == 0 else "mentor",
            status="active",
            status_changed_at=timezone.now(),
        )
        for i, person in enumerate(persons)
    )
    mentees, mentors = participants[0::2], participants[1::2]
    today = timezone.localdate()
    pairs = Mentorship.objects.bulk_create(
        Mentorship(
            programme=w.programme,
            mentee=mentee,
            mentor=mentor,
            started_on=today - timedelta(days=i % 150),
            coordinator=w.coordinator,
        )
        for i, (mentee, mentor) in enumerate(zip(mentees, mentors, strict=True))
    )
    Meeting.objects.bulk_create(
        Meeting(
            mentorship=m,
            status="held",
            starts_at=timezone.now() - timedelta(days=i % 60),
        )
        for i, m in enumerate(pairs)
    )
    client = login(w.coordinator)
    client.get(URL)
    started = time.perf_counter()
    text = page(client)
    elapsed = time.perf_counter() - started
    assert text.count('<li><a class="tile ') == 2002  # and world's two pairs
    assert elapsed < 2, f"{elapsed:.2f}s"
