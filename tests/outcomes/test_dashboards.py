"""The outcome dashboards: the right numbers for a small hand-made world, charts readable
without colour, the numbers behind each chart as a table and as CSV, the period picker, the
cache and its invalidation, access and constant query counts."""

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime
from urllib.parse import urlencode

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tandem.mentorships.models import Mentorship
from tandem.outcomes import dashboards
from tandem.outcomes.models import EntryProfile, StatusEvent
from tandem.people.models import Consent, Participant, StatusChange
from tandem.programmes.models import Cohort, Programme
from tests import factories
from tests.conftest import login

PERIOD = {"period_from": "2025-01-01", "period_to": "2025-12-31"}
NAMES = ("Alicia", "Bertrand", "Carla", "Dominik", "Evelien")


@dataclass
class Hand:
    programme: Programme
    cohort: Cohort
    alice: Participant
    bob: Participant
    carla: Participant
    dan: Participant
    eve: Participant


def at(day: str) -> datetime:
    return timezone.make_aware(datetime.fromisoformat(day + " 10:00"))


def mentee(programme, first_name, gender, *, cohort=None, status="active", consent=True):
    person = factories.PersonFactory(
        organisation=programme.organisation, first_name=first_name, gender=gender
    )
    participant = factories.ParticipantFactory(
        person=person, programme=programme, role="mentee", cohort=cohort, status=status
    )
    if consent:
        Consent.objects.create(
            person=person,
            purpose="research",
            text_version="test",
            channel="paper",
            given_at=timezone.now(),
        )
    return participant


def entry(participant, day, situation, **fields):
    return EntryProfile.objects.create(
        participant=participant, entry_date=date.fromisoformat(day), situation=situation, **fields
    )


def event(participant, day, kind, **fields):
    return StatusEvent.objects.create(
        participant=participant,
        date=date.fromisoformat(day),
        type=kind,
        recorded_at=timezone.now(),
        **fields,
    )


def mentorship(programme, mentee_, mentor, started, ended=None, status="active"):
    return Mentorship.objects.create(
        programme=programme,
        mentee=mentee_,
        mentor=mentor,
        started_on=date.fromisoformat(started),
        ended_on=date.fromisoformat(ended) if ended else None,
        status=status,
        closure_reason="period_ended" if ended else "",
    )


def make_hand(world, name="Hand-made programme") -> Hand:
    """Five mentees in 2025, each counted (or not) for a reason the tests name:

    - Alicia (woman, cohort): unemployed at entry, left 30 June, employed 10 July: employed
      upon leaving and six months after.
    - Bertrand (man, no cohort): inactive at entry, left 31 May, looking for work 15 June.
    - Carla (woman, cohort): entered in March, mentorship still running.
    - Dominik (man): left and found work, but gave no consent to reports: left out.
    - Evelien: had a mentorship, but no situation at entry: not counted.
    """
    programme = factories.ProgrammeFactory(organisation=world.org, name=name)
    cohort = factories.CohortFactory(programme=programme, name="Spring 2025")
    mentor = factories.ParticipantFactory(
        person=factories.PersonFactory(organisation=world.org), programme=programme, role="mentor"
    )
    alice = mentee(programme, "Alicia", "woman", cohort=cohort, status="completed")
    bob = mentee(programme, "Bertrand", "man", status="completed")
    carla = mentee(programme, "Carla", "woman", cohort=cohort)
    dan = mentee(programme, "Dominik", "man", status="completed", consent=False)
    eve = mentee(programme, "Evelien", "woman", cohort=cohort)
    entry(alice, "2025-01-10", "unemployed")
    entry(bob, "2025-02-01", "inactive")
    entry(carla, "2025-03-01", "unemployed")
    entry(dan, "2025-01-15", "unemployed")
    mentorship(programme, alice, mentor, "2025-02-01", "2025-06-30", "completed")
    mentorship(programme, bob, mentor, "2025-02-15", "2025-05-31", "completed")
    mentorship(programme, carla, mentor, "2025-04-01")
    mentorship(programme, dan, mentor, "2025-02-01", "2025-06-30", "completed")
    mentorship(programme, eve, mentor, "2025-04-01")
    event(alice, "2025-07-10", "employed", contract="permanent", full_time=True)
    event(bob, "2025-06-15", "job_searching")
    event(dan, "2025-07-01", "employed")
    for status, day in (
        ("applied", "2025-01-02"),
        ("intake_done", "2025-01-05"),
        ("eligible", "2025-01-06"),
        ("ready_to_match", "2025-01-07"),
        ("matched", "2025-01-20"),
        ("active", "2025-02-01"),
        ("completed", "2025-06-30"),
    ):
        StatusChange.objects.create(participant=alice, to_status=status, changed_at=at(day))
    StatusChange.objects.create(participant=bob, to_status="applied", changed_at=at("2025-01-03"))
    return Hand(programme, cohort, alice, bob, carla, dan, eve)


@pytest.fixture
def hand(world) -> Hand:
    return make_hand(world)


@pytest.fixture(autouse=True)
def no_worker(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def url(hand, **params) -> str:
    query = urlencode({**PERIOD, **params})
    return reverse("outcomes:dashboard", args=[hand.programme.pk]) + "?" + query


def csv_table(response) -> list[list[str]]:
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_programme_dashboard_shows_the_hand_counted_figures(world, hand):
    body = login(world.coordinator).get(url(hand)).content.decode()
    assert "Outcomes of Hand-made programme" in body
    figures = dashboards.figures_for([hand.programme.pk], date(2025, 1, 1), date(2025, 12, 31))[0]
    assert figures["esf"]["total_participants"] == {
        "total": 3,
        "women": 2,
        "men": 1,
        "non_binary": 0,
        "unknown": 0,
    }
    assert figures["esf"]["employed_upon_leaving"]["women"] == 1
    assert figures["esf"]["employed_upon_leaving"]["total"] == 1
    assert figures["esf"]["job_searching_upon_leaving"]["men"] == 1
    assert figures["esf"]["employed_six_months_after"]["total"] == 1
    assert figures["left"] == 2
    assert figures["active_pairs"] == 2  # Carla's and Evelien's
    # Left out, and said so on the page.
    assert "1 mentee has no situation at entry: not counted." in body
    assert "1 mentee did not agree to reports: left out." in body
    assert "The results count 3 mentees" in body


def test_no_name_appears_on_the_dashboard_or_in_its_tables(world, hand):
    client = login(world.coordinator)
    pages = [client.get(url(hand)).content.decode()]
    for key in ("funnel_mentee", "upon_leaving", "six_months", "cohorts", "outputs", "own"):
        pages.append(client.get(url(hand, format="csv", table=key)).content.decode("utf-8-sig"))
    for name in NAMES:
        assert all(name not in page for page in pages), name


def test_each_chart_is_an_svg_with_a_title_a_description_and_the_numbers_one_click_away(
    world, hand
):
    body = login(world.coordinator).get(url(hand)).content.decode()
    assert body.count('role="img"') >= 5
    assert '<title id="chart-upon_leaving-title">Upon leaving, by gender</title>' in body
    # The description reads every number, so a screen reader needs no colour and no picture.
    assert (
        "In employment, including self-employment, upon leaving: Women 1, Men 0, "
        "Non-binary 0, Gender not known 0" in body
    )
    # Patterns, not only colours, and the numbers written on the bars.
    assert 'fill="url(#chart-upon_leaving-p1)"' in body
    assert "<pattern" in body
    assert ">Women: 1</text>" in body
    assert "<details>" in body and "The numbers behind it" in body
    assert "format=csv&amp;table=upon_leaving" in body


def test_the_cohorts_are_compared_and_people_outside_a_cohort_have_their_row(world, hand):
    rows = csv_table(login(world.coordinator).get(url(hand, format="csv", table="cohorts")))
    header, *lines = rows
    assert header[:2] == ["Cohort", "Left in the period"]
    by_name = {line[0]: line for line in lines}
    employed = header.index("In employment, including self-employment, upon leaving")
    assert by_name["Spring 2025"][1] == "1"  # Alicia left; Carla is still in
    assert by_name["Spring 2025"][employed] == "1"
    assert by_name["No cohort"][1] == "1"  # Bertrand
    assert by_name["No cohort"][employed] == "0"


def test_the_funnel_counts_who_reached_each_step_in_the_period(world, hand):
    rows = csv_table(login(world.coordinator).get(url(hand, format="csv", table="funnel_mentee")))
    assert rows[0] == ["Step", "Reached", "Share of the step before (%)"]
    assert rows[1] == ["Applied", "2", ""]
    assert rows[2] == ["Intake done", "1", "50"]
    assert rows[-1] == ["Completed", "1", "100"]


def test_the_gender_table_as_csv_adds_up_to_the_total(world, hand):
    rows = csv_table(login(world.coordinator).get(url(hand, format="csv", table="upon_leaving")))
    assert rows[0] == ["Indicator", "Women", "Men", "Non-binary", "Gender not known", "Total"]
    for line in rows[1:]:
        assert sum(map(int, line[1:5])) == int(line[5])
    employed = next(line for line in rows if line[0].startswith("In employment"))
    assert employed[1:] == ["1", "0", "0", "0", "1"]


def test_a_table_name_that_does_not_exist_is_not_found(world, hand):
    response = login(world.coordinator).get(url(hand, format="csv", table="nope"))
    assert response.status_code == 404


def test_csv_cells_that_would_run_as_formulas_are_neutralised(world, hand):
    hand.cohort.name = '=HYPERLINK("http://evil.example")'
    hand.cohort.save()
    rows = csv_table(login(world.coordinator).get(url(hand, format="csv", table="cohorts")))
    labels = [line[0] for line in rows]
    assert '\'=HYPERLINK("http://evil.example")' in labels
    assert not any(label.startswith("=") for label in labels)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"period_from": "2025-12-31", "period_to": "2025-01-01"}, "must start before it ends"),
        ({"period_from": "yesterday", "period_to": "2025-01-01"}, "Enter a valid date"),
        ({"period_from": "1990-01-01", "period_to": "1990-12-31"}, "between the year 2000"),
        ({"period_from": "2001-01-01", "period_to": "2025-12-31"}, "ten years or less"),
    ],
)
def test_the_period_picker_refuses_bad_input_with_a_message(world, hand, params, message):
    response = login(world.coordinator).get(
        reverse("outcomes:dashboard", args=[hand.programme.pk]), params
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert message in body
    assert "This period cannot be shown. The figures below are of this year." in body
    year = timezone.localdate().year
    assert f"Period: 1 January {year} to 31 December {year}" in body


def test_the_period_defaults_to_this_calendar_year(world, hand):
    body = (
        login(world.coordinator)
        .get(reverse("outcomes:dashboard", args=[hand.programme.pk]))
        .content.decode()
    )
    year = timezone.localdate().year
    assert f"Period: 1 January {year} to 31 December {year}" in body


def test_a_second_visit_is_served_from_the_cache(world, hand, django_assert_max_num_queries):
    client = login(world.coordinator)
    client.get(url(hand))
    with django_assert_max_num_queries(12):
        body = client.get(url(hand)).content.decode()
    assert "refreshing" not in body


def test_a_new_event_makes_the_figures_stale_until_the_worker_refreshes_them(world, hand):
    client = login(world.coordinator)
    period = (date(2025, 1, 1), date(2025, 12, 31))
    client.get(url(hand))
    # Bertrand found work a week after he started looking: employed upon leaving.
    event(hand.bob, "2025-06-20", "employed")
    body = client.get(url(hand)).content.decode()
    assert "refreshing…" in body
    assert (
        dashboards.figures_for([hand.programme.pk], *period)[0]["esf"]["employed_upon_leaving"][
            "total"
        ]
        == 1
    )
    dashboards.refresh_figures.call(
        programme_ids=[hand.programme.pk], period_from="2025-01-01", period_to="2025-12-31"
    )
    body = client.get(url(hand)).content.decode()
    assert "refreshing" not in body
    figures, stale = dashboards.figures_for([hand.programme.pk], *period)
    assert not stale
    assert figures["esf"]["employed_upon_leaving"]["total"] == 2


def test_with_a_worker_at_hand_the_refreshed_figures_are_shown_at_once(world, hand, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    client = login(world.coordinator)
    client.get(url(hand))
    event(hand.bob, "2025-06-20", "employed")
    assert "refreshing" not in client.get(url(hand)).content.decode()
    rows = csv_table(client.get(url(hand, format="csv", table="upon_leaving")))
    employed = next(line for line in rows if line[0].startswith("In employment"))
    assert employed[1:] == ["1", "1", "0", "0", "2"]


def withdraw(consent: Consent) -> None:
    consent.withdrawn_at = timezone.now()
    consent.save()


@pytest.mark.parametrize(
    "change",
    [
        lambda h: withdraw(Consent.objects.get(person=h.alice.person)),
        lambda h: EntryProfile.objects.filter(participant=h.bob).first().save(),
        lambda h: Mentorship.objects.filter(mentee=h.carla).first().delete(),
        lambda h: StatusEvent.objects.filter(participant=h.bob).first().delete(),
    ],
    ids=["consent withdrawn", "entry changed", "mentorship deleted", "event deleted"],
)
def test_the_rows_the_figures_come_from_make_them_stale(world, hand, change):
    period = (date(2025, 1, 1), date(2025, 12, 31))
    dashboards.figures_for([hand.programme.pk], *period)
    change(hand)
    assert dashboards.figures_for([hand.programme.pk], *period)[1] is True


def test_figures_of_another_programme_stay_fresh(world, hand):
    other = make_hand(world, "Second programme")
    period = (date(2025, 1, 1), date(2025, 12, 31))
    dashboards.figures_for([hand.programme.pk], *period)
    event(other.bob, "2025-06-20", "employed")
    assert dashboards.figures_for([hand.programme.pk], *period)[1] is False


def test_the_organisation_dashboard_compares_programmes_and_target_groups(world, hand):
    youth = make_hand(world, "Youth to work")
    Programme.objects.filter(pk=youth.programme.pk).update(target_group="youth")
    client = login(world.coordinator)
    base = reverse("outcomes:organisation_dashboard")
    body = client.get(base, PERIOD).content.decode()
    assert "Results by target group" in body and "Results by programme" in body
    rows = csv_table(client.get(base, {**PERIOD, "format": "csv", "table": "target_groups"}))
    by_group = {line[0]: line for line in rows[1:]}
    employed = rows[0].index("In employment, including self-employment, upon leaving")
    assert by_group["Young job-seekers with a migrant background"][employed] == "1"
    assert by_group["Newcomers and refugees"][employed] == "1"
    rows = csv_table(client.get(base, {**PERIOD, "format": "csv", "table": "programmes"}))
    assert {line[0] for line in rows[1:]} >= {"Hand-made programme", "Youth to work"}
    rows = csv_table(client.get(base, {**PERIOD, "format": "csv", "table": "cohorts"}))
    assert "Youth to work – Spring 2025" in {line[0] for line in rows[1:]}


def test_a_limited_coordinator_sees_only_their_programmes(world, hand):
    # The hand-made programme is not theirs: neither its page nor its figures.
    client = login(world.limited_coordinator)
    assert client.get(url(hand)).status_code == 404
    body = client.get(reverse("outcomes:organisation_dashboard"), PERIOD).content.decode()
    assert "Hand-made programme" not in body
    assert world.programme.name in body
    rows = csv_table(
        client.get(
            reverse("outcomes:organisation_dashboard"),
            {**PERIOD, "format": "csv", "table": "programmes"},
        )
    )
    assert [line[0] for line in rows[1:]] == [world.programme.name]


@pytest.mark.parametrize("actor", ["mentor", "mentee", "employer_contact", "referral_partner"])
def test_people_who_are_not_staff_are_refused(world, hand, actor):
    client = login(world.user(actor))
    assert client.get(url(hand)).status_code == 403
    assert client.get(reverse("outcomes:organisation_dashboard")).status_code == 403


def test_the_outsider_gets_404_for_a_programme_of_another_organisation(world, hand):
    assert login(world.outsider).get(url(hand)).status_code == 404


def grow(world, hand, n: int) -> None:
    for _i in range(n):
        cohort = factories.CohortFactory(programme=hand.programme)
        participant = mentee(hand.programme, "Extra", "man", cohort=cohort)
        entry(participant, "2025-05-01", "unemployed")
        event(participant, "2025-06-01", "employed")


@pytest.mark.parametrize("warm", [False, True], ids=["cold", "warm"])
def test_the_dashboard_costs_the_same_queries_however_big(world, hand, warm):
    client = login(world.coordinator)
    key = dashboards._figures_key([hand.programme.pk], date(2025, 1, 1), date(2025, 12, 31))
    counts = []
    for extra in (2, 6):
        grow(world, hand, extra)
        cache.delete(key)
        if warm:
            client.get(url(hand))
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url(hand)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_a_big_programme_asks_the_worker_on_the_first_visit(world, hand, monkeypatch):
    monkeypatch.setattr(dashboards, "INLINE_LIMIT", 2)
    client = login(world.coordinator)
    body = client.get(url(hand)).content.decode()
    assert "The figures are being computed." in body
    assert 'http-equiv="refresh"' in body
    assert client.get(url(hand, format="csv", table="outputs")).status_code == 503
    dashboards.refresh_figures.call(
        programme_ids=[hand.programme.pk], period_from="2025-01-01", period_to="2025-12-31"
    )
    body = client.get(url(hand)).content.decode()
    assert "Upon leaving, by gender" in body


def test_a_transaction_saving_many_rows_marks_the_figures_once(world, hand):
    from django.core.cache import cache
    from django.db import transaction

    key = dashboards.GENERATION_KEY.format(hand.programme.pk)
    dashboards.data_version([hand.programme.pk])
    with transaction.atomic():
        event(hand.bob, "2025-06-20", "employed")
        first = cache.get(key)
        event(hand.bob, "2025-06-21", "employed")
        event(hand.bob, "2025-06-22", "employed")
        assert cache.get(key) == first
        # Figures read in between see the next change.
        dashboards.data_version([hand.programme.pk])
        event(hand.bob, "2025-06-23", "employed")
        assert cache.get(key) != first
