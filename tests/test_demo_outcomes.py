"""The demo's outcomes layer: situations at entry, events, follow-ups and self-assessments that
give the ESF+ figures and the dashboards something to show, the same on every build."""

import random
from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from django.utils import timezone

from tandem.demo.generator import SEED, build_demo, delete_demo
from tandem.demo.outcomes import add_outcomes_layer
from tandem.outcomes.indicators.esf import COLUMNS, ESF_KEYS, RESULT_KEYS, esf
from tandem.outcomes.models import (
    EntryProfile,
    EventSource,
    EventStatus,
    FollowUp,
    FollowUpStatus,
    Moment,
    SelfAssessment,
    StatusEvent,
)
from tandem.outcomes.records import leaving_dates, records_for
from tandem.outcomes.services.events import WORK, isco_skill_levels
from tandem.people.models import ConsentPurpose, Participant, ParticipantRole
from tandem.programmes.models import Organisation

GENDERS = tuple(column for column in COLUMNS if column != "total")


def build() -> Organisation:
    build_demo()
    organisation = Organisation.objects.get(slug="demo")
    # Until the generator runs the outcomes layer itself.
    if not EntryProfile.objects.filter(participant__programme__organisation=organisation).exists():
        from tandem.accounts.models import User

        coordinator = User.objects.get(email="coordinator@demo.example.org")
        add_outcomes_layer(random.Random(SEED), organisation, coordinator)
    return organisation


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker) -> Iterator[Organisation]:
    """One demo build shared by the module; each test still runs in its own rolled-back
    transaction, so tests that delete or rebuild it leave it intact for the next one."""
    with django_db_blocker.unblock():
        yield build()
        delete_demo()


def mentees(organisation: Organisation):
    return Participant.objects.filter(
        programme__organisation=organisation, role=ParticipantRole.MENTEE
    )


def figures(organisation: Organisation, period_from: date, period_to: date) -> dict:
    return esf(records_for(mentees(organisation)), period_from=period_from, period_to=period_to)


def events_snapshot() -> list[tuple]:
    today = timezone.localdate()
    return list(
        (first, last, (today - day).days, *rest)
        for first, last, day, *rest in StatusEvent.objects.filter(
            participant__programme__organisation__slug="demo"
        )
        .order_by("participant__pk", "pk")
        .values_list(
            "participant__person__first_name",
            "participant__person__last_name",
            "date",
            "type",
            "contract",
            "isco",
            "isco_skill_level",
            "economy",
            "source",
            "status",
        )
    )


@pytest.mark.django_db
def test_the_esf_figures_of_the_current_and_previous_year_add_up_by_gender(demo):
    year = timezone.localdate().year
    for period_year in (year - 1, year):
        counts = figures(demo, date(period_year, 1, 1), date(period_year, 12, 31))
        assert list(counts) == list(ESF_KEYS)
        for key, row in counts.items():
            assert row["total"] == sum(row[column] for column in GENDERS), key


@pytest.mark.django_db
def test_the_esf_figures_of_the_two_years_count_participants_and_people_employed_upon_leaving(
    demo,
):
    # Demo dates are relative to the build day, so one calendar year alone may be nearly empty
    # (in January); the two years together always hold the demo's whole history.
    year = timezone.localdate().year
    counts = figures(demo, date(year - 1, 1, 1), date(year, 12, 31))

    assert counts["total_participants"]["total"] >= 40
    assert counts["unemployed"]["total"] > 0
    assert counts["long_term_unemployed"]["total"] > 0
    assert counts["employed"]["total"] > 0
    assert counts["third_country_nationals"]["total"] > 0
    assert counts["employed_upon_leaving"]["total"] > 0
    assert (
        sum(counts[key]["total"] for key in RESULT_KEYS) > counts["employed_upon_leaving"]["total"]
    )
    assert counts["total_participants"]["women"] > 0
    assert counts["total_participants"]["men"] > 0


@pytest.mark.django_db
def test_the_last_twelve_months_have_participants_and_results(demo):
    today = timezone.localdate()
    counts = figures(demo, today - timedelta(days=365), today)

    assert counts["total_participants"]["total"] > 0
    assert counts["employed_upon_leaving"]["total"] > 0


@pytest.mark.django_db
def test_every_mentee_who_reached_a_mentorship_or_left_has_an_entry_before_it(demo):
    found = mentees(demo).filter(status__in=("matched", "active", "completed", "withdrawn"))
    assert found.count() >= 50
    for mentee in found.select_related("entry_profile").prefetch_related("mentorships_as_mentee"):
        profile = mentee.entry_profile
        for mentorship in mentee.mentorships_as_mentee.all():
            assert profile.entry_date <= mentorship.started_on
        if profile.unemployed_since:
            assert profile.unemployed_since <= profile.entry_date
    # Most consented to research use and to follow-up contact, so the figures are not empty.
    with_profile = mentees(demo).filter(entry_profile__isnull=False)
    for purpose in (ConsentPurpose.RESEARCH, ConsentPurpose.FOLLOW_UP):
        consenting = with_profile.filter(
            person__consents__purpose=purpose, person__consents__withdrawn_at__isnull=True
        )
        assert consenting.count() >= 0.75 * with_profile.count()


@pytest.mark.django_db
def test_events_follow_the_rules_of_the_services(demo):
    today = timezone.localdate()
    events = StatusEvent.objects.filter(participant__programme__organisation=demo)
    assert events.filter(status=EventStatus.CONFIRMED, type="employed").exists()
    for event in events.select_related("participant__entry_profile"):
        assert event.participant.entry_profile.entry_date <= event.date <= today
        assert event.recorded_at <= timezone.now()
        if event.type not in WORK:
            assert not event.contract and not event.isco and not event.economy
        if event.isco:
            assert event.isco_skill_level == isco_skill_levels(event.isco)[0]
    proposed = events.get(status=EventStatus.PROPOSED)
    assert proposed.source == EventSource.MENTOR
    assert proposed.recorded_by.email == "mentor@demo.example.org"
    assert proposed.participant.person.user.email == "mentee@demo.example.org"


@pytest.mark.django_db
def test_those_who_left_have_follow_ups_mostly_done_and_self_assessments(demo):
    today = timezone.localdate()
    leaving = leaving_dates(mentees(demo))
    assert len(leaving) >= 10
    follow_ups = FollowUp.objects.filter(participant__programme__organisation=demo)
    assert set(follow_ups.values_list("participant", flat=True)) == set(leaving)
    for follow_up in follow_ups:
        assert follow_up.left_on == leaving[follow_up.participant_id]
    past = follow_ups.filter(due_on__lt=today - timedelta(days=14))
    done = past.filter(status=FollowUpStatus.DONE)
    assert done.count() > past.count() / 2
    assert not done.filter(event__isnull=True).exists()
    assert 1 <= past.filter(status=FollowUpStatus.DUE).count() <= 2
    assert not follow_ups.filter(due_on__gt=today).exclude(status=FollowUpStatus.DUE).exists()

    assessments = SelfAssessment.objects.filter(participant__programme__organisation=demo)
    starts = {a.participant_id: a.scores for a in assessments.filter(moment=Moment.START)}
    ends = {a.participant_id: a.scores for a in assessments.filter(moment=Moment.END)}
    assert ends and set(ends) <= set(starts) and set(ends) <= set(leaving)
    assert sum(map(sum, ends.values())) > sum(sum(starts[pk]) for pk in ends)


@pytest.mark.django_db
def test_two_builds_give_the_same_events(demo):
    first = events_snapshot()
    assert first

    assert delete_demo() is True
    build()

    assert events_snapshot() == first
