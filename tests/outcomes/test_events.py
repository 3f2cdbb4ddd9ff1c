"""The situation at entry and status events: what is saved, every refusal with its message (and
nothing half-saved), a mentor's proposal confirmed or rejected, and — as a property — exactly
which combinations of event type and job details are accepted."""

from datetime import timedelta
from decimal import Decimal

import pytest
from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tandem.accounts.models import Membership
from tandem.mentorships.models import Mentorship
from tandem.outcomes.models import EntryProfile, FollowUp, StatusEvent
from tandem.outcomes.services import events
from tandem.outcomes.services.events import (
    entry_profile_save,
    event_confirm,
    event_delete,
    event_record,
    event_reject,
    isco_skill_levels,
    mentor_news_propose,
)
from tests import factories
from tests.mentorships.world import add_mentorships, make_pair

TODAY = timezone.localdate


def days_ago(n: int):
    return TODAY() - timedelta(days=n)


@pytest.fixture
def world(world):
    return add_mentorships(world)


def entry(world, **fields):
    values = {"entry_date": days_ago(200), "situation": "unemployed"} | fields
    return entry_profile_save(
        participant=world.mentee_participant, recorded_by=world.coordinator, **values
    )


def record(world, **fields):
    values = {"date": days_ago(10), "type": "employed", "recorded_by": world.coordinator} | fields
    return event_record(participant=world.mentee_participant, **values)


def refused(call, **kwargs) -> dict[str, list[str]]:
    """The refusal's messages by field; asserts nothing was saved."""
    counts = (EntryProfile.objects.count(), StatusEvent.objects.count())
    with pytest.raises(ValidationError) as caught:
        call(**kwargs)
    assert (EntryProfile.objects.count(), StatusEvent.objects.count()) == counts
    error = caught.value
    return error.message_dict if hasattr(error, "error_dict") else {"": error.messages}


# --- the situation at entry -----------------------------------------------------------------


def test_the_situation_at_entry_is_saved_and_updated(world):
    profile = entry(world, unemployed_since=days_ago(900), rural=True)
    assert EntryProfile.objects.get() == profile
    assert (profile.situation, profile.unemployed_since, profile.rural) == (
        "unemployed",
        days_ago(900),
        True,
    )
    assert profile.recorded_by == world.coordinator
    changed = entry_profile_save(
        participant=world.mentee_participant,
        recorded_by=world.admin,
        situation="employed",
        unemployed_since=None,
        contract="subsidised",
        full_time=False,
        isco_skill_level=2,
    )
    assert EntryProfile.objects.count() == 1
    changed.refresh_from_db()
    # Fields not given keep their values.
    assert (changed.entry_date, changed.rural, changed.contract) == (
        days_ago(200),
        True,
        "subsidised",
    )
    assert changed.recorded_by == world.admin


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"entry_date": days_ago(-1)}, "entry_date", "cannot be in the future"),
        ({"situation": "retired"}, "situation", "one of the four situations"),
        (
            {"situation": "inactive", "unemployed_since": days_ago(300)},
            "unemployed_since",
            "Only an unemployed person",
        ),
        ({"unemployed_since": days_ago(100)}, "unemployed_since", "on or before the entry date"),
        ({"contract": "permanent"}, "contract", "Only the employed and the self-employed"),
        ({"full_time": True}, "full_time", "Only the employed and the self-employed"),
        ({"isco_skill_level": 2}, "isco_skill_level", "Only the employed and the self-employed"),
        (
            {"situation": "employed", "isco_skill_level": 5},
            "isco_skill_level",
            "run from 1 to 4",
        ),
    ],
)
def test_a_wrong_situation_at_entry_is_refused_with_its_reason(world, fields, field, message):
    errors = refused(entry, world=world, **fields)
    assert any(message in m for m in errors[field]), errors


def test_the_situation_at_entry_is_for_mentees_only(world):
    errors = refused(
        entry_profile_save,
        participant=world.mentor_participant,
        recorded_by=world.coordinator,
        entry_date=days_ago(10),
        situation="employed",
    )
    assert errors == {"": ["Outcomes are recorded for mentees only."]}


def test_the_entry_date_cannot_move_after_a_recorded_event(world):
    entry(world)
    record(world, date=days_ago(100), type="job_searching")
    errors = refused(entry, world=world, entry_date=days_ago(50))
    assert "before this entry date" in errors["entry_date"][0]
    assert EntryProfile.objects.get().entry_date == days_ago(200)


def test_a_rejected_event_does_not_hold_the_entry_date_back(world):
    entry(world)
    proposal = record(world, date=days_ago(100), type="job_searching", status="proposed")
    event_reject(event=proposal, rejected_by=world.coordinator)
    assert entry(world, entry_date=days_ago(50)).entry_date == days_ago(50)


# --- recording events -----------------------------------------------------------------------


def test_a_coordinator_s_event_is_saved_confirmed_with_all_its_details(world):
    entry(world)
    event = record(
        world,
        contract="permanent",
        full_time=True,
        hours_per_week="38",
        isco="25",
        nace="j",
        employer=" Acme NV ",
        economy="regular",
        note="Found through the mentor's network",
    )
    saved = StatusEvent.objects.get()
    assert saved == event
    assert (saved.status, saved.source, saved.confirmed_by, saved.recorded_by) == (
        "confirmed",
        "coordinator",
        world.coordinator,
        world.coordinator,
    )
    assert (saved.hours_per_week, saved.isco_skill_level, saved.nace, saved.employer) == (
        Decimal("38.0"),
        4,
        "J",
        "Acme NV",
    )


@pytest.mark.parametrize(
    ("code", "level"),
    [
        ("1", 4),
        ("11", 4),
        ("14", 3),
        ("2", 4),
        ("3", 3),
        ("35", 3),
        ("4", 2),
        ("8", 2),
        ("9", 1),
        ("96", 1),
        ("01", 4),
        ("02", 2),
        ("03", 1),
        ("0", None),
    ],
)
def test_the_skill_level_comes_from_the_occupation_when_not_given(world, code, level):
    assert record(world, isco=code).isco_skill_level == level


def test_a_manager_may_be_at_level_3_or_4_but_a_professional_only_at_4(world):
    assert isco_skill_levels("1") == (4, 3)
    assert record(world, isco="1", isco_skill_level=3).isco_skill_level == 3
    errors = refused(record, world=world, isco="2", isco_skill_level=2)
    assert errors == {"isco_skill_level": ["Occupation 2 is at skill level 4."]}


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"type": "moved_away"}, "type", "Choose one of the situations."),
        ({"date": days_ago(-1)}, "date", "The date cannot be in the future."),
        ({"date": days_ago(201)}, "date", "on or after"),
        ({"type": "job_searching", "contract": "permanent"}, "contract", "Only a job"),
        ({"type": "education_or_training", "hours_per_week": 20}, "hours_per_week", "Only a job"),
        ({"type": "volunteering", "employer": "Red Cross"}, "employer", "Only a job or an intern"),
        ({"type": "internship", "nace": "C"}, "nace", "Only a job"),
        ({"type": "inactive", "full_time": False}, "full_time", "Only a job"),
        ({"type": "qualification_gained", "isco": "7"}, "isco", "Only a job"),
        ({"contract": "zero_hours"}, "contract", "Choose one of the contracts."),
        ({"economy": "grey"}, "economy", "regular or the social economy"),
        ({"hours_per_week": 81}, "hours_per_week", "from 0 to 80"),
        ({"hours_per_week": -1}, "hours_per_week", "from 0 to 80"),
        ({"hours_per_week": "many"}, "hours_per_week", "as a number"),
        ({"isco": "7231"}, "isco", "ISCO-08 list"),
        ({"isco_skill_level": 5}, "isco_skill_level", "from 1 to 4"),
        ({"nace": "Z"}, "nace", "from A to U"),
        ({"employer": "x" * 201}, "employer", "under 200"),
        ({"note": "x" * 301}, "note", "under 300"),
    ],
)
def test_a_wrong_event_is_refused_with_its_reason(world, fields, field, message):
    entry(world)
    errors = refused(record, world=world, **fields)
    assert any(message in m for m in errors[field]), errors


def test_an_internship_may_name_its_employer(world):
    assert record(world, type="internship", employer="Acme").employer == "Acme"


def test_every_refusal_of_one_event_is_told_at_once(world):
    errors = refused(record, world=world, type="inactive", contract="permanent", nace="Z")
    assert set(errors) == {"contract", "nace"}


def test_events_are_for_mentees_only(world):
    errors = refused(
        event_record, participant=world.mentor_participant, date=days_ago(1), type="employed"
    )
    assert errors == {"": ["Outcomes are recorded for mentees only."]}


def test_a_survey_answer_is_confirmed_and_a_new_event_is_never_rejected(world):
    event = record(world, source="survey", recorded_by=None)
    assert (event.status, event.confirmed_by) == ("confirmed", None)
    errors = refused(record, world=world, status="rejected")
    assert errors == {"": ["A new event is confirmed or proposed."]}


# --- a mentor's news --------------------------------------------------------------------------


def mentor_membership(world):
    return Membership.objects.get(user=world.mentor)


def propose(world, mentorship=None, membership=None, **fields):
    values = {"date": days_ago(3), "type": "employed", "note": "At the bakery"} | fields
    return mentor_news_propose(
        mentorship=mentorship or world.pair.mentorship,
        membership=membership or mentor_membership(world),
        **values,
    )


def test_a_mentor_s_news_is_a_proposal_until_a_coordinator_confirms_it(world):
    proposal = propose(world)
    assert (proposal.status, proposal.source, proposal.recorded_by, proposal.note) == (
        "proposed",
        "mentor",
        world.mentor,
        "At the bakery",
    )
    assert proposal.confirmed_by is None
    confirmed = event_confirm(event=proposal, confirmed_by=world.coordinator)
    proposal.refresh_from_db()
    assert (proposal.status, proposal.confirmed_by) == ("confirmed", world.coordinator)
    assert confirmed.pk == proposal.pk


def test_a_coordinator_completes_the_job_details_when_confirming(world):
    proposal = propose(world)
    event_confirm(
        event=proposal,
        confirmed_by=world.coordinator,
        contract="fixed_term",
        isco="51",
        employer="Bakery Dupont",
    )
    proposal.refresh_from_db()
    assert (proposal.status, proposal.contract, proposal.isco_skill_level, proposal.note) == (
        "confirmed",
        "fixed_term",
        2,
        "At the bakery",
    )


def test_wrong_details_leave_the_proposal_as_it_was(world):
    proposal = propose(world, type="volunteering")
    with pytest.raises(ValidationError, match="Only a job or an internship"):
        event_confirm(event=proposal, confirmed_by=world.coordinator, employer="Red Cross")
    proposal.refresh_from_db()
    assert (proposal.status, proposal.employer) == ("proposed", "")


def test_a_proposal_is_rejected_once_and_stays_on_the_timeline(world):
    proposal = propose(world)
    event_reject(event=proposal, rejected_by=world.coordinator)
    proposal.refresh_from_db()
    assert (proposal.status, proposal.confirmed_by) == ("rejected", world.coordinator)
    with pytest.raises(ValidationError, match="Only a proposed event"):
        event_reject(event=proposal, rejected_by=world.coordinator)
    # A rejection by mistake can still be confirmed.
    event_confirm(event=proposal, confirmed_by=world.coordinator)
    with pytest.raises(ValidationError, match="confirmed already"):
        event_confirm(event=proposal, confirmed_by=world.coordinator)
    assert StatusEvent.objects.get().status == "confirmed"


def test_the_mentor_of_another_pair_is_refused(world):
    other_user = factories.UserFactory()
    other_membership = Membership.objects.create(
        user=other_user, organisation=world.org, role="mentor"
    )
    other_mentor = factories.ParticipantFactory(
        person=factories.PersonFactory(organisation=world.org, user=other_user),
        programme=world.programme,
        role="mentor",
    )
    other_mentee = factories.ParticipantFactory(
        person=factories.PersonFactory(organisation=world.org),
        programme=world.programme,
        role="mentee",
    )
    make_pair(world.programme, other_mentee, other_mentor, world.coordinator)
    errors = refused(propose, world=world, membership=other_membership)
    assert errors == {"": ["Only the mentor of this pair can tell news here."]}
    # Nor may they record through event_record directly as a mentor.
    errors = refused(
        event_record,
        participant=world.mentee_participant,
        date=days_ago(1),
        type="employed",
        source="mentor",
        recorded_by=other_user,
    )
    assert "Only the mentee's mentor" in errors[""][0]


def test_the_mentee_cannot_propose_about_themselves(world):
    errors = refused(propose, world=world, membership=Membership.objects.get(user=world.mentee))
    assert errors == {"": ["Only the mentor of this pair can tell news here."]}


def close(mentorship: Mentorship, ended_on) -> None:
    Mentorship.objects.filter(pk=mentorship.pk).update(
        status="completed", ended_on=ended_on, closure_reason="period_ended"
    )
    mentorship.refresh_from_db()


def test_a_mentor_tells_news_up_to_twelve_months_after_the_mentorship(world):
    mentorship = world.pair.mentorship
    close(mentorship, TODAY() - relativedelta(months=12))
    assert propose(world, mentorship=mentorship).status == "proposed"
    close(mentorship, TODAY() - relativedelta(months=12) - timedelta(days=1))
    errors = refused(propose, world=world, mentorship=mentorship)
    assert "more than a year ago" in errors[""][0]


# --- deleting ---------------------------------------------------------------------------------


def test_an_event_recorded_by_mistake_is_deleted(world):
    event = record(world)
    event_delete(event=event, deleted_by=world.coordinator)
    assert not StatusEvent.objects.exists()


def test_an_event_answering_a_follow_up_is_not_deleted(world):
    event = record(world, source="survey", recorded_by=None)
    FollowUp.objects.create(
        participant=world.mentee_participant,
        kind="weeks_4",
        left_on=days_ago(40),
        due_on=days_ago(12),
        status="done",
        event=event,
    )
    with pytest.raises(ValidationError, match="answers a follow-up"):
        event_delete(event=event, deleted_by=world.coordinator)
    assert StatusEvent.objects.filter(pk=event.pk).exists()


# --- the property: exactly the allowed combinations ------------------------------------------

JOB = {
    "contract",
    "full_time",
    "hours_per_week",
    "isco",
    "isco_skill_level",
    "nace",
    "employer",
    "economy",
}
MAY_HAVE = {
    "employed": JOB,
    "self_employed": JOB,
    "internship": {"employer"},
}
ISCO_CODES = ["0", "01", "03", "1", "11", "14", "2", "25", "3", "4", "7", "83", "9", "96"]
# Levels each code allows (ILO ISCO-08 table), written out independently of the service.
ISCO_LEVELS = {
    "0": {1, 2, 3, 4},
    "01": {4},
    "03": {1},
    "1": {3, 4},
    "11": {4},
    "14": {3},
    "2": {4},
    "25": {4},
    "3": {3},
    "4": {2},
    "7": {2},
    "83": {2},
    "9": {1},
    "96": {1},
}

details = st.fixed_dictionaries(
    {
        "contract": st.sampled_from(["", "permanent", "subsidised", "zero_hours"]),
        "full_time": st.sampled_from([None, True, False]),
        "hours_per_week": st.sampled_from([None, 0, 20, "37.5", 80, 80.5, -1]),
        "isco": st.sampled_from(["", *ISCO_CODES, "7231", "X"]),
        "isco_skill_level": st.sampled_from([None, 0, 1, 2, 3, 4, 5]),
        "nace": st.sampled_from(["", "A", "q", "U", "Z"]),
        "employer": st.sampled_from(["", "Acme"]),
        "economy": st.sampled_from(["", "regular", "social", "grey"]),
    }
)


def allowed(type: str, fields: dict) -> bool:
    given_fields = {k for k, v in fields.items() if v not in (None, "")}
    if not given_fields <= MAY_HAVE.get(type, set()):
        return False
    hours = fields["hours_per_week"]
    level = fields["isco_skill_level"]
    return (
        fields["contract"] in ("", "permanent", "subsidised")
        and fields["economy"] in ("", "regular", "social")
        and fields["nace"] in ("", "A", "q", "U")
        and (hours is None or 0 <= float(hours) <= 80)
        and (level is None or 1 <= level <= 4)
        and (fields["isco"] == "" or fields["isco"] in ISCO_LEVELS)
        and (level is None or fields["isco"] == "" or level in ISCO_LEVELS.get(fields["isco"], ()))
    )


@settings(
    max_examples=250, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(type=st.sampled_from(list(events.ALLOWED_FIELDS)), fields=details)
def test_event_record_accepts_exactly_the_allowed_combinations(world, type, fields):
    before = StatusEvent.objects.count()
    try:
        event = event_record(
            participant=world.mentee_participant, date=days_ago(1), type=type, **fields
        )
    except ValidationError:
        assert not allowed(type, fields), (type, fields)
        assert StatusEvent.objects.count() == before
        return
    assert allowed(type, fields), (type, fields)
    assert StatusEvent.objects.count() == before + 1
    event.refresh_from_db()
    if fields["isco"] and fields["isco_skill_level"] is None:
        # Derived from the occupation: its only level, 4 for a bare "1", none for a bare "0".
        expected = {"1": 4, "0": None}.get(fields["isco"])
        if fields["isco"] not in ("0", "1"):
            (expected,) = ISCO_LEVELS[fields["isco"]]
        assert event.isco_skill_level == expected
    else:
        assert event.isco_skill_level == fields["isco_skill_level"]
