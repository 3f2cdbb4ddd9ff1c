"""Records from the database (``records_for``, ``leaving_date``) and from a file
(``load_records``)."""

import json
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.test import override_settings
from django.utils import timezone

from tandem.mentorships.models import Mentorship
from tandem.outcomes.indicators.esf import esf
from tandem.outcomes.models import EntryProfile, StatusEvent
from tandem.outcomes.records import (
    FORMAT,
    RecordsError,
    leaving_date,
    load_records,
    pseudonym,
    records_file,
    records_for,
)
from tandem.people.models import Consent, Participant, StatusChange
from tests import factories
from tests.outcomes.test_indicators import event, record

# --- builders (also used by the property and command tests) -----------------------------------


def mentee(
    programme,
    *,
    person=None,
    consent: bool = True,
    status: str = "active",
    entry: date = date(2025, 3, 1),
    situation: str = "unemployed",
    **entry_fields,
) -> Participant:
    """A mentee of ``programme`` with a situation at entry and (``consent``) a research
    consent."""
    if person is None:
        person = factories.PersonFactory(
            organisation=programme.organisation, birth_date=date(1990, 5, 1)
        )
    participant = factories.ParticipantFactory(
        person=person, programme=programme, role="mentee", status=status
    )
    EntryProfile.objects.create(
        participant=participant, entry_date=entry, situation=situation, **entry_fields
    )
    if consent and not Consent.objects.filter(person=person, purpose="research").exists():
        Consent.objects.create(
            person=person,
            purpose="research",
            text_version="test",
            channel="paper",
            given_at=timezone.now(),
        )
    return participant


def status_event(participant, day: date, type: str = "employed", **fields) -> StatusEvent:
    return StatusEvent.objects.create(
        participant=participant, date=day, type=type, recorded_at=timezone.now(), **fields
    )


def mentorship(participant, *, started: date, ended: date | None, status: str = "completed"):
    mentor = factories.ParticipantFactory(
        person=factories.PersonFactory(organisation=participant.programme.organisation),
        programme=participant.programme,
        role="mentor",
    )
    closed = {"ended_on": ended, "closure_reason": "period_ended"} if ended else {}
    return Mentorship.objects.create(
        programme=participant.programme,
        mentee=participant,
        mentor=mentor,
        started_on=started,
        status=status if ended else "active",
        **closed,
    )


@pytest.fixture
def programme(db):
    return factories.ProgrammeFactory()


# --- who is in the records ----------------------------------------------------------------------


def test_only_mentees_with_a_situation_at_entry_and_a_research_consent_are_in(programme):
    counted = mentee(programme)
    mentee(programme, consent=False)
    factories.ParticipantFactory(programme=programme, role="mentee")  # no EntryProfile
    mentor = factories.ParticipantFactory(programme=programme, role="mentor")
    EntryProfile.objects.create(
        participant=mentor, entry_date=date(2025, 1, 1), situation="employed"
    )
    Consent.objects.create(
        person=mentor.person, purpose="research", text_version="t", channel="paper",
        given_at=timezone.now(),
    )  # fmt: skip
    participants = Participant.objects.filter(programme=programme)
    records = records_for(participants)
    assert [r["id"] for r in records] == [pseudonym(counted.person_id)]
    assert len(records_for(participants, with_consent_only=False)) == 2


def test_a_withdrawn_consent_or_another_purpose_does_not_count(programme):
    withdrawn = mentee(programme, consent=False)
    Consent.objects.create(
        person=withdrawn.person, purpose="research", text_version="t", channel="paper",
        given_at=timezone.now(), withdrawn_at=timezone.now(),
    )  # fmt: skip
    other = mentee(programme, consent=False)
    Consent.objects.create(
        person=other.person, purpose="follow_up", text_version="t", channel="paper",
        given_at=timezone.now(),
    )  # fmt: skip
    assert records_for(Participant.objects.filter(programme=programme)) == []


def test_ids_are_stable_pseudonyms_without_name_or_key(programme):
    participant = mentee(programme)
    first = records_for(Participant.objects.filter(programme=programme))[0]["id"]
    again = records_for(Participant.objects.filter(programme=programme))[0]["id"]
    assert first == again
    assert str(participant.pk) not in first and str(participant.person_id) != first
    assert participant.person.first_name.lower() not in first.lower()
    assert pseudonym(participant.person_id) != pseudonym(participant.person_id + 1)
    with override_settings(SECRET_KEY="another installation's secret"):
        assert pseudonym(participant.person_id) != first


def test_a_record_has_the_file_format_with_the_situation_at_entry(programme):
    person = factories.PersonFactory(
        organisation=programme.organisation,
        gender="prefers_not_to_say",
        birth_date=None,
        birth_year=1999,
        education_level=6,
    )
    mentee(
        programme,
        person=person,
        situation="employed",
        contract="fixed_term",
        full_time=False,
        isco_skill_level=2,
        disability=True,
        rural=True,
    )
    [rec] = records_for(Participant.objects.filter(programme=programme))
    assert rec == {
        "id": pseudonym(person.pk),
        "gender": "unknown",
        "birth_year": 1999,
        "entry_date": "2025-03-01",
        "leaving_date": None,
        "situation_at_entry": "employed",
        "unemployed_since": None,
        "entry_job": {"contract": "fixed_term", "full_time": False, "isco_skill_level": 2},
        "isced": 6,
        "disability": True,
        "third_country_national": False,
        "foreign_background": False,
        "minority": False,
        "homeless_or_housing_exclusion": False,
        "rural": True,
        "events": [],
    }
    assert load_records(json.loads(json.dumps(records_file([rec])))) == [rec]


def test_the_unemployed_have_no_entry_job_and_keep_their_since_date(programme):
    mentee(programme, unemployed_since=date(2023, 9, 1))
    [rec] = records_for(Participant.objects.filter(programme=programme))
    assert rec["birth_date"] == "1990-05-01" and "birth_year" not in rec
    assert rec["unemployed_since"] == "2023-09-01"
    assert rec["entry_job"] is None


def test_only_confirmed_events_count_in_the_order_they_were_recorded(programme):
    participant = mentee(programme)
    status_event(
        participant,
        date(2025, 8, 1),
        "employed",
        contract="permanent",
        full_time=True,
        hours_per_week=Decimal("37.5"),
        isco="2512",
        isco_skill_level=4,
        nace="J",
        economy="regular",
        employer="Never exported NV",
    )
    status_event(participant, date(2025, 5, 1), "job_searching")  # recorded later, dated earlier
    status_event(participant, date(2025, 9, 1), "inactive", status="proposed", source="mentor")
    status_event(participant, date(2025, 9, 2), "inactive", status="rejected", source="mentor")
    [rec] = records_for(Participant.objects.filter(programme=programme))
    assert rec["events"] == [
        {
            "date": "2025-08-01",
            "type": "employed",
            "contract": "permanent",
            "full_time": True,
            "hours_per_week": 37.5,
            "isco": "2512",
            "isco_skill_level": 4,
            "nace": "J",
            "economy": "regular",
        },
        event("2025-05-01", "job_searching"),
    ]
    assert "Never exported" not in json.dumps(rec)


def test_records_are_built_in_a_constant_number_of_queries(programme, django_assert_num_queries):
    participants = Participant.objects.filter(programme=programme)
    one = mentee(programme)
    status_event(one, date(2025, 4, 1))
    with django_assert_num_queries(4):
        records_for(participants)
    for _ in range(5):
        more = mentee(programme, status="completed")
        status_event(more, date(2025, 4, 1))
        status_event(more, date(2025, 5, 1), "qualification_gained")
        mentorship(more, started=date(2025, 3, 1), ended=date(2025, 9, 1))
    with django_assert_num_queries(4):
        assert len(records_for(participants)) == 6


# --- the leaving date -------------------------------------------------------------------------


def test_someone_still_in_has_no_leaving_date(programme):
    participant = mentee(programme, status="active")
    mentorship(participant, started=date(2025, 3, 1), ended=None)
    assert leaving_date(participant) is None


def test_the_leaving_date_is_the_end_of_the_last_closed_mentorship(programme):
    participant = mentee(programme, status="completed")
    mentorship(participant, started=date(2025, 3, 1), ended=date(2025, 4, 30), status="ended_early")
    mentorship(participant, started=date(2025, 5, 15), ended=date(2025, 11, 14))
    assert leaving_date(participant) == date(2025, 11, 14)
    [rec] = records_for(Participant.objects.filter(programme=programme))
    assert rec["leaving_date"] == "2025-11-14"


def test_a_running_mentorship_means_still_in_whatever_the_status(programme):
    participant = mentee(programme, status="withdrawn")
    mentorship(participant, started=date(2025, 3, 1), ended=date(2025, 4, 30))
    mentorship(participant, started=date(2025, 5, 1), ended=None)
    assert leaving_date(participant) is None


def test_a_closed_mentorship_of_someone_back_in_matching_is_no_leaving(programme):
    participant = mentee(programme, status="ready_to_match")
    mentorship(participant, started=date(2025, 3, 1), ended=date(2025, 4, 30))
    assert leaving_date(participant) is None


def test_withdrawn_without_a_mentorship_left_on_the_day_of_the_withdrawal(programme):
    participant = mentee(programme, status="withdrawn")
    StatusChange.objects.filter(participant=participant).delete()  # the factory's, dated now
    first = timezone.make_aware(datetime(2025, 4, 2, 10, 0))
    last = timezone.make_aware(datetime(2025, 6, 20, 23, 30))
    StatusChange.objects.create(participant=participant, to_status="withdrawn", changed_at=first)
    StatusChange.objects.create(participant=participant, to_status="applied", changed_at=first)
    StatusChange.objects.create(participant=participant, to_status="withdrawn", changed_at=last)
    assert leaving_date(participant) == date(2025, 6, 20)  # the last withdrawal, local date


# --- one person, two participations -----------------------------------------------------------


def test_a_person_who_took_part_twice_is_one_record_with_first_entry_and_last_leaving(db):
    org = factories.OrganisationFactory()
    first, second = (
        factories.ProgrammeFactory(organisation=org),
        factories.ProgrammeFactory(organisation=org),
    )
    person = factories.PersonFactory(organisation=org, birth_date=date(1990, 5, 1))
    earlier = mentee(first, person=person, status="completed", entry=date(2024, 2, 1))
    later = mentee(second, person=person, status="completed", entry=date(2025, 2, 1))
    mentorship(earlier, started=date(2024, 2, 1), ended=date(2024, 8, 1))
    mentorship(later, started=date(2025, 2, 1), ended=date(2025, 8, 1))
    status_event(later, date(2025, 8, 10))
    status_event(earlier, date(2024, 8, 10), "education_or_training")
    both = Participant.objects.filter(programme__in=[first, second])
    [rec] = records_for(both)
    assert rec["entry_date"] == "2024-02-01"
    assert rec["leaving_date"] == "2025-08-01"
    assert [e["date"] for e in rec["events"]] == ["2025-08-10", "2024-08-10"]  # recorded order
    result = esf([rec], period_from=date(2024, 1, 1), period_to=date(2025, 12, 31))
    assert result["total_participants"]["total"] == 1
    assert result["employed_upon_leaving"]["total"] == 1
    # Back in again: still in, so no leaving date.
    Mentorship.objects.filter(mentee=later).update(
        status="active", ended_on=None, closure_reason=""
    )
    Participant.objects.filter(pk=later.pk).update(status="active")
    assert records_for(both)[0]["leaving_date"] is None


# --- reading a file ---------------------------------------------------------------------------


def valid_file(**changes) -> dict:
    rec = record(leaving_date="2025-09-30", events=[event("2025-10-01", contract="permanent")])
    rec.update(changes)
    return records_file([rec])


def test_a_valid_file_is_read_as_it_is():
    data = valid_file()
    assert load_records(json.dumps(data)) == data["participants"]
    assert load_records(data) == data["participants"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.update(format="tandem-records/2"), "format: expected 'tandem-records/1'"),
        (lambda d: d.update(extra=1), "file: unknown field 'extra'"),
        (lambda d: d.update(participants={}), "participants: expected a list"),
        (lambda d: d["participants"][0].pop("rural"), "participants[0] (id p1): missing field 'rural'"),
        (lambda d: d["participants"][0].update(name="Amina"), "unknown field 'name'"),
        (lambda d: d["participants"][0].update(id=""), "participants[0].id: every participant"),
        (lambda d: d["participants"][0].update(entry_date="2025-02-30"), "(id p1).entry_date: expected a date YYYY-MM-DD, got '2025-02-30'"),
        (lambda d: d["participants"][0].update(entry_date="20250201"), "entry_date: expected a date"),
        (lambda d: d["participants"][0].update(gender="female"), "gender: must be one of woman, man, non_binary, unknown"),
        (lambda d: d["participants"][0].update(birth_year=1990), "give either birth_date or birth_year"),
        (lambda d: d["participants"][0].update(situation_at_entry="student"), "situation_at_entry: must be one of"),
        (lambda d: d["participants"][0].update(entry_job={"contract": None, "full_time": None, "isco_skill_level": None}), "entry_job: only the employed and self-employed"),
        (lambda d: d["participants"][0].update(situation_at_entry="inactive", unemployed_since="2024-01-01"), "unemployed_since: only an unemployed participant"),
        (lambda d: d["participants"][0].update(isced=9), "isced: expected a whole number from 0 to 8"),
        (lambda d: d["participants"][0].update(isced=True), "isced: expected a whole number"),
        (lambda d: d["participants"][0].update(rural=1), "rural: expected true or false"),
        (lambda d: d["participants"][0].update(events={}), "events: expected a list"),
        (lambda d: d["participants"][0]["events"][0].update(type="promoted"), "events[0].type: must be one of"),
        (lambda d: d["participants"][0]["events"][0].update(type="internship"), "events[0].contract: only employed and self_employed events"),
        (lambda d: d["participants"][0]["events"][0].update(hours_per_week=81), "events[0].hours_per_week: expected a number from 0 to 80"),
        (lambda d: d["participants"][0]["events"][0].update(isco="25x"), "events[0].isco: expected an ISCO-08 code"),
        (lambda d: d["participants"][0]["events"][0].update(isco_skill_level=5), "events[0].isco_skill_level"),
        (lambda d: d["participants"][0]["events"][0].update(nace="j"), "events[0].nace: expected a NACE section letter"),
        (lambda d: d["participants"][0]["events"][0].update(economy="grey"), "events[0].economy: must be one of regular, social or null"),
        (lambda d: d["participants"][0]["events"][0].pop("economy"), "events[0]: missing field 'economy'"),
        (lambda d: d["participants"].append(dict(d["participants"][0])), "participants[1]: id 'p1' appears twice"),
    ],
)  # fmt: skip
def test_a_bad_file_is_refused_naming_the_problem_and_where(change, message):
    data = valid_file()
    change(data)
    with pytest.raises(RecordsError) as refused:
        load_records(data)
    assert message in str(refused.value)


def test_a_file_that_is_not_json_or_not_an_object_is_refused():
    with pytest.raises(RecordsError, match="not JSON"):
        load_records("{nope")
    with pytest.raises(RecordsError, match="expected an object"):
        load_records([])
    assert FORMAT == "tandem-records/1"


def test_a_birth_date_may_be_null_when_unknown():
    data = valid_file(birth_date=None)
    assert load_records(data)[0]["birth_date"] is None
    result = esf(load_records(data), period_from=date(2025, 1, 1), period_to=date(2025, 12, 31))
    assert result["total_participants"]["total"] == 1
    assert result["aged_18_29"]["total"] == 0
    assert timedelta  # imported for the builders' users


def test_the_example_of_the_format_document_gives_the_figures_it_states():
    from pathlib import Path

    text = (Path(__file__).resolve().parents[2] / "docs" / "records-format.md").read_text()
    example = text.split("```json", 1)[1].split("```", 1)[0]
    first, second = load_records(example)
    found = {
        rec["id"]: {k for k, row in esf([rec], period_from=date(2025, 1, 1),
                    period_to=date(2025, 12, 31), as_of=date(2026, 3, 31)).items() if row["total"]}
        for rec in (first, second)
    }  # fmt: skip
    assert found[first["id"]] == {
        "total_participants", "unemployed", "long_term_unemployed", "isced_5_8",
        "third_country_nationals", "foreign_background", "qualification_upon_leaving",
        "employed_upon_leaving", "employed_six_months_after",
    }  # fmt: skip
    assert found[second["id"]] == {
        "total_participants", "employed", "isced_0_2", "foreign_background", "rural"
    }  # fmt: skip
