"""The ESF+ common indicators on hand-computed cases: every window boundary, each on both sides."""

from datetime import date
from typing import Any

import pytest

from tandem.outcomes.indicators.esf import (
    COLUMNS,
    DEFINITIONS,
    ESF_KEYS,
    LABELS,
    esf,
    indicator_keys,
    six_months_date,
    upon_leaving_date,
)
from tandem.outcomes.records import load_records, records_file

PERIOD = (date(2025, 1, 1), date(2025, 12, 31))
LATER = date(2030, 1, 1)


def event(day: str, type: str = "employed", **fields: Any) -> dict[str, Any]:
    return {
        "date": day,
        "type": type,
        "contract": None,
        "full_time": None,
        "hours_per_week": None,
        "isco": None,
        "isco_skill_level": None,
        "nace": None,
        "economy": None,
        **fields,
    }


def record(**fields: Any) -> dict[str, Any]:
    """A valid record (the file format): a woman born 1 May 1990, unemployed (short-term) at entry on 1 Mar 2025, still in."""
    base: dict[str, Any] = {
        "id": "p1",
        "gender": "woman",
        "birth_date": "1990-05-01",
        "entry_date": "2025-03-01",
        "leaving_date": None,
        "situation_at_entry": "unemployed",
        "unemployed_since": None,
        "entry_job": None,
        "isced": None,
        "disability": False,
        "third_country_national": False,
        "foreign_background": False,
        "minority": False,
        "homeless_or_housing_exclusion": False,
        "rural": False,
        "events": [],
    }
    if "birth_year" in fields:
        del base["birth_date"]
    base.update(fields)
    # Every hand-made record is a valid file: the cases test the rules, not the reader.
    load_records(records_file([base]))
    return base


def keys(rec: dict[str, Any], *, period=PERIOD, as_of: date = LATER) -> set[str]:
    return indicator_keys(rec, period_from=period[0], period_to=period[1], as_of=as_of)


# --- the shape of the answer -----------------------------------------------------------------


def test_every_indicator_of_the_issue_is_there_in_its_order_with_five_columns():
    assert ESF_KEYS == (
        "total_participants",
        "unemployed",
        "long_term_unemployed",
        "inactive",
        "employed",
        "under_18",
        "aged_18_29",
        "aged_55_plus",
        "isced_0_2",
        "isced_3_4",
        "isced_5_8",
        "with_disabilities",
        "third_country_nationals",
        "foreign_background",
        "minorities",
        "homeless_or_housing_exclusion",
        "rural",
        "job_searching_upon_leaving",
        "education_or_training_upon_leaving",
        "qualification_upon_leaving",
        "employed_upon_leaving",
        "employed_six_months_after",
        "improved_situation_six_months_after",
    )
    result = esf([], period_from=date(2025, 1, 1), period_to=date(2025, 12, 31))
    assert list(result) == list(ESF_KEYS)
    assert all(
        list(row) == ["total", "women", "men", "non_binary", "unknown"] for row in result.values()
    )
    assert COLUMNS == ("total", "women", "men", "non_binary", "unknown")
    assert set(LABELS) == set(DEFINITIONS) == set(ESF_KEYS)


def test_counts_go_to_the_total_and_the_gender_column():
    records = [
        record(id="a", gender="woman"),
        record(id="b", gender="man"),
        record(id="c", gender="non_binary"),
        record(id="d", gender="unknown"),
        record(id="e", gender="woman", situation_at_entry="inactive"),
    ]
    result = esf(records, period_from=date(2025, 1, 1), period_to=date(2025, 12, 31))
    assert result["total_participants"] == {
        "total": 5,
        "women": 2,
        "men": 1,
        "non_binary": 1,
        "unknown": 1,
    }
    assert result["inactive"] == {"total": 1, "women": 1, "men": 0, "non_binary": 0, "unknown": 0}


def test_a_period_that_ends_before_it_starts_is_refused():
    with pytest.raises(ValueError):
        esf([], period_from=date(2025, 2, 1), period_to=date(2025, 1, 31))


# --- output indicators: entry in the period ----------------------------------------------------


@pytest.mark.parametrize(
    ("entry", "counted"),
    [
        ("2024-12-31", False),
        ("2025-01-01", True),  # the period's first day
        ("2025-12-31", True),  # the period's last day
        ("2026-01-01", False),
    ],
)
def test_a_participant_counts_when_the_entry_date_is_in_the_period_both_ends_included(
    entry, counted
):
    assert ("total_participants" in keys(record(entry_date=entry))) is counted


def test_the_situation_at_entry_gives_exactly_one_group():
    assert keys(record(situation_at_entry="unemployed")) & {
        "unemployed",
        "inactive",
        "employed",
    } == {"unemployed"}
    assert "inactive" in keys(record(situation_at_entry="inactive"))
    employed = {"contract": "permanent", "full_time": True, "isco_skill_level": 2}
    assert "employed" in keys(record(situation_at_entry="employed", entry_job=employed))
    assert "employed" in keys(record(situation_at_entry="self_employed", entry_job=employed))


@pytest.mark.parametrize(
    ("birth_date", "since", "long_term"),
    [
        # 24 at entry (1 Mar 2025; 25th birthday on 2 Mar): more than 6 months.
        ("2000-03-02", "2024-09-01", False),  # exactly 6 months before entry
        ("2000-03-02", "2024-08-31", True),  # one day more
        # 25 at entry (25th birthday on the entry day): more than 12 months.
        ("2000-03-01", "2024-08-31", False),  # 6 months and a day: not enough at 25
        ("2000-03-01", "2024-03-01", False),  # exactly 12 months before entry
        ("2000-03-01", "2024-02-29", True),  # one day more
    ],
)
def test_long_term_unemployment_depends_on_the_age_at_entry(birth_date, since, long_term):
    rec = record(birth_date=birth_date, unemployed_since=since)
    found = keys(rec)
    assert "unemployed" in found  # long-term unemployed are unemployed too
    assert ("long_term_unemployed" in found) is long_term


def test_six_months_before_a_month_end_entry_clamps():
    # 31 Mar − 6 months = 30 Sep: since 30 Sep is exactly 6 months, 29 Sep is more.
    young = {"birth_year": 2003, "entry_date": "2025-03-31"}
    assert "long_term_unemployed" not in keys(record(**young, unemployed_since="2024-09-30"))
    assert "long_term_unemployed" in keys(record(**young, unemployed_since="2024-09-29"))


def test_with_only_the_birth_year_the_age_is_the_entry_year_minus_it():
    # 2025 − 2001 = 24 (under 25: six months suffice), 2025 − 2000 = 25 (twelve needed).
    since = "2024-06-01"  # 9 months before the entry on 1 Mar 2025
    assert "long_term_unemployed" in keys(record(birth_year=2001, unemployed_since=since))
    assert "long_term_unemployed" not in keys(record(birth_year=2000, unemployed_since=since))
    assert "aged_18_29" in keys(record(birth_year=1996))  # 29
    assert "aged_18_29" not in keys(record(birth_year=1995))  # 30


def test_with_the_age_unknown_only_more_than_twelve_months_is_long_term():
    unknown = {"birth_year": None}
    assert "long_term_unemployed" not in keys(record(**unknown, unemployed_since="2024-06-01"))
    assert "long_term_unemployed" in keys(record(**unknown, unemployed_since="2024-02-29"))
    assert not keys(record(**unknown)) & {"under_18", "aged_18_29", "aged_55_plus"}


def test_an_unemployed_person_without_a_since_date_is_not_long_term():
    assert "long_term_unemployed" not in keys(record(unemployed_since=None))


@pytest.mark.parametrize(
    ("birth_date", "group"),
    [
        ("2007-03-02", "under_18"),  # 17 at entry (18 the next day)
        ("2007-03-01", "aged_18_29"),  # 18 on the entry day
        ("1995-03-01", None),  # 30 on the entry day
        ("1995-03-02", "aged_18_29"),  # 29
        ("1970-03-02", None),  # 54
        ("1970-03-01", "aged_55_plus"),  # 55 on the entry day
    ],
)
def test_age_groups_at_entry(birth_date, group):
    found = keys(record(birth_date=birth_date)) & {"under_18", "aged_18_29", "aged_55_plus"}
    assert found == ({group} if group else set())


@pytest.mark.parametrize(
    ("isced", "group"),
    [
        (0, "isced_0_2"),
        (2, "isced_0_2"),
        (3, "isced_3_4"),
        (4, "isced_3_4"),
        (5, "isced_5_8"),
        (8, "isced_5_8"),
        (None, None),
    ],
)
def test_education_groups(isced, group):
    found = keys(record(isced=isced)) & {"isced_0_2", "isced_3_4", "isced_5_8"}
    assert found == ({group} if group else set())


def test_the_flags_at_entry_each_give_their_indicator():
    flags = {
        "disability": "with_disabilities",
        "third_country_national": "third_country_nationals",
        "foreign_background": "foreign_background",
        "minority": "minorities",
        "homeless_or_housing_exclusion": "homeless_or_housing_exclusion",
        "rural": "rural",
    }
    for flag, key in flags.items():
        assert key in keys(record(**{flag: True}))
        assert key not in keys(record())


# --- result indicators: leaving in the period ---------------------------------------------------

LEFT = {"entry_date": "2024-06-01", "leaving_date": "2025-05-31"}  # entry outside the period


@pytest.mark.parametrize(
    ("leaving", "counted"),
    [("2024-12-31", False), ("2025-01-01", True), ("2025-12-31", True), ("2026-01-01", False)],
)
def test_results_count_when_the_leaving_date_is_in_the_period_both_ends_included(leaving, counted):
    rec = record(entry_date="2024-06-01", leaving_date=leaving, events=[event(leaving)])
    assert ("employed_upon_leaving" in keys(rec)) is counted
    assert "total_participants" not in keys(rec)  # entry outside: no output indicator


def test_upon_leaving_is_the_leaving_date_plus_28_days_inclusive():
    assert upon_leaving_date(date(2025, 5, 31)) == date(2025, 6, 28)
    assert "employed_upon_leaving" in keys(record(**LEFT, events=[event("2025-06-28")]))
    assert "employed_upon_leaving" not in keys(record(**LEFT, events=[event("2025-06-29")]))


def test_a_qualification_counts_from_entry_to_28_days_after_leaving():
    def qualified(day):
        rec = record(**LEFT, events=[event(day, "qualification_gained")])
        return "qualification_upon_leaving" in keys(rec)

    assert not qualified("2024-05-31")  # the day before entry
    assert qualified("2024-06-01")  # the entry day
    assert qualified("2025-06-28")  # leaving + 28
    assert not qualified("2025-06-29")
    # A recognised diploma is another fact, not a qualification gained.
    rec = record(**LEFT, events=[event("2025-01-10", "diploma_recognised")])
    assert "qualification_upon_leaving" not in keys(rec)


def test_qualification_events_are_not_a_situation():
    events = [event("2025-05-01", "employed"), event("2025-05-20", "qualification_gained")]
    found = keys(record(**LEFT, events=events))
    assert {"employed_upon_leaving", "qualification_upon_leaving"} <= found
    events = [event("2025-05-01", "employed"), event("2025-05-20", "diploma_recognised")]
    assert "employed_upon_leaving" in keys(record(**LEFT, events=events))


def test_on_the_same_date_the_event_recorded_last_wins():
    working_last = [event("2025-06-01", "job_searching"), event("2025-06-01", "employed")]
    searching_last = [event("2025-06-01", "employed"), event("2025-06-01", "job_searching")]
    assert "employed_upon_leaving" in keys(record(**LEFT, events=working_last))
    assert "employed_upon_leaving" not in keys(record(**LEFT, events=searching_last))


def test_a_later_date_wins_over_a_later_recording():
    events = [event("2025-06-10", "employed"), event("2025-06-01", "job_searching")]
    assert "employed_upon_leaving" in keys(record(**LEFT, events=events))


def test_events_before_entry_are_not_the_situation():
    events = [event("2024-05-01", "employed")]
    assert "employed_upon_leaving" not in keys(record(**LEFT, events=events))


def test_without_events_the_situation_at_entry_continues():
    found = keys(record(**LEFT, situation_at_entry="inactive"))
    assert not found & {"job_searching_upon_leaving", "employed_upon_leaving"}


def test_job_searching_upon_leaving_needs_inactive_at_entry():
    events = [event("2025-06-01", "job_searching")]
    inactive = record(**LEFT, situation_at_entry="inactive", events=events)
    assert "job_searching_upon_leaving" in keys(inactive)
    assert "job_searching_upon_leaving" not in keys(record(**LEFT, events=events))


def test_education_or_training_upon_leaving_counts_whatever_the_entry():
    events = [event("2025-06-01", "education_or_training")]
    job = {"contract": "permanent", "full_time": True, "isco_skill_level": 2}
    for situation, entry_job in (("unemployed", None), ("employed", job)):
        rec = record(**LEFT, situation_at_entry=situation, entry_job=entry_job, events=events)
        assert "education_or_training_upon_leaving" in keys(rec)


def test_employed_upon_leaving_needs_unemployed_or_inactive_at_entry():
    events = [event("2025-06-01", "self_employed")]
    assert "employed_upon_leaving" in keys(record(**LEFT, events=events))
    job = {"contract": "fixed_term", "full_time": True, "isco_skill_level": 2}
    rec = record(**LEFT, situation_at_entry="employed", entry_job=job, events=events)
    assert "employed_upon_leaving" not in keys(rec)


# --- six months after leaving ----------------------------------------------------------------


def test_six_months_after_a_month_end_clamps_to_february():
    assert six_months_date(date(2025, 8, 31)) == date(2026, 2, 28)
    assert six_months_date(date(2023, 8, 31)) == date(2024, 2, 29)  # a leap year
    assert six_months_date(date(2025, 5, 31)) == date(2025, 11, 30)
    assert six_months_date(date(2025, 1, 15)) == date(2025, 7, 15)


def test_the_six_month_situation_is_taken_on_the_clamped_date():
    left = {"entry_date": "2024-06-01", "leaving_date": "2025-08-31"}
    on = record(**left, events=[event("2026-02-28")])
    after = record(**left, events=[event("2026-03-01")])
    assert "employed_six_months_after" in keys(on)
    assert "employed_six_months_after" not in keys(after)
    leap = {"entry_date": "2022-06-01", "leaving_date": "2023-08-31"}
    period = (date(2023, 1, 1), date(2023, 12, 31))
    assert "employed_six_months_after" in keys(
        record(**leap, events=[event("2024-02-29")]), period=period
    )
    assert "employed_six_months_after" not in keys(
        record(**leap, events=[event("2024-03-01")]), period=period
    )


def test_six_month_results_count_only_once_the_six_month_date_is_on_or_before_as_of():
    rec = record(**LEFT, events=[event("2025-06-01")])  # six-month date 30 Nov 2025
    assert "employed_six_months_after" in keys(rec, as_of=date(2025, 11, 30))
    assert "employed_six_months_after" not in keys(rec, as_of=date(2025, 11, 29))
    # Upon-leaving results do not wait.
    assert "employed_upon_leaving" in keys(rec, as_of=date(2025, 11, 29))


def test_a_job_lost_before_six_months_does_not_count():
    events = [event("2025-06-01"), event("2025-09-01", "job_searching")]
    found = keys(record(**LEFT, events=events))
    assert "employed_upon_leaving" in found
    assert "employed_six_months_after" not in found


# --- improved situation ----------------------------------------------------------------------


def employed_at_entry(job, events):
    return record(**LEFT, situation_at_entry="employed", entry_job=job, events=events)


@pytest.mark.parametrize(
    ("job", "later", "better"),
    [
        ({"contract": "fixed_term"}, {"contract": "permanent"}, True),
        ({"contract": "temporary_agency"}, {"contract": "permanent"}, True),
        ({"contract": "subsidised"}, {"contract": "permanent"}, True),
        ({"contract": "permanent"}, {"contract": "permanent"}, False),
        ({"contract": "fixed_term"}, {"contract": "fixed_term"}, False),
        ({"full_time": False}, {"full_time": True}, True),
        ({"full_time": None}, {"full_time": True}, False),  # part-time not known
        ({"full_time": True}, {"full_time": True}, False),
        ({"isco_skill_level": 2}, {"isco_skill_level": 3}, True),
        ({"isco_skill_level": 2}, {"isco_skill_level": 2}, False),
        ({"isco_skill_level": None}, {"isco_skill_level": 4}, False),
        ({"isco_skill_level": 3}, {"isco_skill_level": 2}, False),
    ],
)
def test_an_improved_situation_compares_the_entry_job_with_the_job_six_months_after(
    job, later, better
):
    entry_job = {"contract": None, "full_time": None, "isco_skill_level": None, **job}
    rec = employed_at_entry(entry_job, [event("2025-07-01", **later)])
    assert ("improved_situation_six_months_after" in keys(rec)) is better


def test_an_improvement_needs_work_at_entry_and_six_months_after():
    entry_job = {"contract": "fixed_term", "full_time": False, "isco_skill_level": 1}
    better = {"contract": "permanent", "full_time": True, "isco_skill_level": 4}
    assert "improved_situation_six_months_after" not in keys(
        employed_at_entry(entry_job, [event("2025-07-01", "education_or_training")])
    )
    # No event: the entry job continues, and nothing is compared.
    assert "improved_situation_six_months_after" not in keys(employed_at_entry(entry_job, []))
    # Unemployed at entry: a permanent job is employment, not an improvement.
    rec = record(**LEFT, events=[event("2025-07-01", **better)])
    assert "improved_situation_six_months_after" not in keys(rec)
    assert "employed_six_months_after" in keys(rec)
    # Self-employed counts as work on both sides.
    rec = record(
        **LEFT,
        situation_at_entry="self_employed",
        entry_job=entry_job,
        events=[event("2025-07-01", "self_employed", isco_skill_level=2)],
    )
    assert "improved_situation_six_months_after" in keys(rec)


def test_an_improvement_after_the_six_month_date_does_not_count():
    entry_job = {"contract": "fixed_term", "full_time": True, "isco_skill_level": 2}
    rec = employed_at_entry(entry_job, [event("2025-12-01", contract="permanent")])
    assert "improved_situation_six_months_after" not in keys(rec)  # six months: 30 Nov


# --- Tandem's own indicators (from the database) -----------------------------------------------


@pytest.fixture
def own_world(db):
    """Four mentees who left in 2025 and one who is still in, with hand-known outcomes."""
    from django.utils import timezone

    from tandem.mentorships.models import Meeting
    from tandem.outcomes.models import FollowUp
    from tandem.people.models import Participant
    from tests import factories
    from tests.outcomes.test_records import mentee, mentorship, status_event

    programme = factories.ProgrammeFactory()

    def left(ended, *, early=False, isced=None, consent=True, **entry):
        person = factories.PersonFactory(organisation=programme.organisation, education_level=isced)
        participant = mentee(programme, person=person, status="completed", consent=consent, **entry)
        pair = mentorship(
            participant,
            started=date(2025, 2, 1),
            ended=ended,
            status="ended_early" if early else "completed",
        )
        if early:
            pair.closure_reason = "found_work"
            pair.save()
        return participant, pair

    # A master's graduate in a regular job at skill level 4, after social-economy work.
    graduate, pair = left(date(2025, 6, 30), isced=7)
    status_event(graduate, date(2025, 3, 1), "employed", economy="social", isco_skill_level=2)
    status_event(graduate, date(2025, 7, 20), "employed", economy="regular", isco_skill_level=4)
    for day in (3, 10, 17):
        Meeting.objects.create(
            mentorship=pair,
            status="held",
            starts_at=timezone.make_aware(timezone.datetime(2025, 3, day, 10)),
        )
    # Applied 30 days before the mentorship started (the others were registered after it, as
    # imported history is: they are left out of the days to a match).
    Participant.objects.filter(pk=graduate.pk).update(
        created_at=timezone.make_aware(timezone.datetime(2025, 1, 2, 12))
    )
    # A bachelor in a job below their level (skill 2 < 4), ended early because they found work.
    below, _ = left(date(2025, 5, 31), early=True, isced=6)
    status_event(below, date(2025, 6, 1), "employed", economy="social", isco_skill_level=2)
    # In training upon leaving: positive, not employed.
    trainee, _ = left(date(2025, 9, 30))
    status_event(trainee, date(2025, 10, 1), "education_or_training")
    # Still job searching upon leaving.
    searching, _ = left(date(2025, 11, 30))
    status_event(searching, date(2025, 12, 1), "job_searching")
    # Without consent: left out.
    left(date(2025, 7, 31), consent=False)
    # Still in.
    mentee(programme)
    for kind, status in (("weeks_4", "done"), ("weeks_4", "unreachable"), ("months_6", "done")):
        FollowUp.objects.create(
            participant=graduate if status == "done" else below,
            kind=kind,
            left_on=date(2025, 6, 30)
            if kind == "weeks_4" or status != "done"
            else date(2025, 1, 1),
            due_on=date(2025, 7, 28) if kind == "weeks_4" else date(2025, 12, 31),
            status=status,
        )
    return programme


def test_own_indicators_count_the_hand_known_outcomes(own_world, django_assert_max_num_queries):
    from tandem.outcomes.indicators.own import OWN_KEYS, own_indicators

    with django_assert_max_num_queries(12):
        result = own_indicators(
            [own_world],
            period_from=date(2025, 1, 1),
            period_to=date(2025, 12, 31),
            as_of=date(2026, 1, 31),
        )
    assert set(OWN_KEYS) <= set(result)
    assert (result["mentees"], result["without_entry"], result["without_consent"]) == (5, 0, 1)
    assert result["positive_outcome_upon_leaving"] == {"count": 3, "of": 4, "rate": 0.75}
    assert result["employed_at_skill_level_upon_leaving"] == {"count": 1, "of": 2, "rate": 0.5}
    assert result["employed_in_regular_economy_upon_leaving"] == {
        "count": 1, "of": 2, "rate": 0.5
    }  # fmt: skip
    # The bachelor's social-economy job began the day after leaving: not throughflow.
    assert result["throughflow_to_regular_economy"] == {"count": 1, "of": 1, "rate": 1.0}
    assert result["completion_rate"] == {"count": 3, "of": 4, "rate": 0.75}
    assert result["early_ending_reasons"]["found_work"] == 1
    assert sum(result["early_ending_reasons"].values()) == 1
    assert result["meetings_per_mentorship"] == {"count": 4, "median": 0.0, "mean": 0.8}
    assert result["days_from_application_to_match"] == {"count": 1, "median": 30, "mean": 30.0}
    rates = result["follow_up_response_rate"]
    assert rates["weeks_4"] == {"count": 1, "of": 2, "rate": 0.5}
    assert rates["months_6"] == {"count": 1, "of": 1, "rate": 1.0}
    assert rates["all"] == {"count": 2, "of": 3, "rate": 2 / 3}


def test_own_indicators_only_count_follow_ups_due_by_as_of(own_world):
    from tandem.outcomes.indicators.own import own_indicators

    result = own_indicators(
        [own_world],
        period_from=date(2025, 1, 1),
        period_to=date(2025, 12, 31),
        as_of=date(2025, 12, 30),
    )
    assert result["follow_up_response_rate"]["months_6"]["of"] == 0
    assert result["follow_up_response_rate"]["months_6"]["rate"] is None
