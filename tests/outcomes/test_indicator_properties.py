"""Properties of the ESF+ indicators (hypothesis): the database and a file give the same figures;
the gender columns add up to the total; moving one event across a window boundary changes
exactly the indicators that depend on it."""

import json
from datetime import date, datetime, timedelta

from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tandem.outcomes.indicators.esf import (
    ESF_KEYS,
    EVENT_TYPES,
    NOT_A_SITUATION,
    OUTPUT_KEYS,
    RESULT_KEYS,
    SITUATIONS_AT_ENTRY,
    SIX_MONTH_KEYS,
    UPON_LEAVING_KEYS,
    WORKING,
    esf,
    indicator_keys,
    six_months_date,
    upon_leaving_date,
)
from tandem.outcomes.records import (
    CONTRACTS,
    ECONOMIES,
    load_records,
    records_file,
    records_for,
)
from tandem.people.models import Participant, StatusChange
from tests import factories
from tests.outcomes.test_indicators import event, record
from tests.outcomes.test_records import mentee, mentorship, status_event

DAY = timedelta(days=1)
FAR = date(2035, 1, 1)
maybe_bool = st.none() | st.booleans()
skill = st.none() | st.integers(1, 4)


@st.composite
def an_event(draw, entry: date, type: str | None = None) -> dict:
    kind = type or draw(st.sampled_from(EVENT_TYPES))
    day = entry + timedelta(days=draw(st.integers(-40, 800)))
    return event(
        day.isoformat(),
        kind,
        contract=draw(st.none() | st.sampled_from(CONTRACTS)) if kind in WORKING else None,
        full_time=draw(maybe_bool),
        hours_per_week=draw(st.none() | st.integers(0, 40)),
        isco=draw(st.none() | st.sampled_from(["2512", "7231", "91"])),
        isco_skill_level=draw(skill),
        nace=draw(st.none() | st.sampled_from("CGJQ")),
        economy=draw(st.none() | st.sampled_from(ECONOMIES)),
    )


def entry_job(draw, situation: str) -> dict | None:
    if situation not in WORKING:
        return None
    return {
        "contract": draw(st.none() | st.sampled_from(CONTRACTS)),
        "full_time": draw(maybe_bool),
        "isco_skill_level": draw(skill),
    }


@st.composite
def a_record(draw, id: str = "p", events: bool = True, left: bool | None = None) -> dict:
    entry = draw(st.dates(date(2023, 1, 1), date(2026, 6, 30)))
    if left is None:
        left = draw(st.booleans())
    leaving = entry + timedelta(days=draw(st.integers(0, 500))) if left else None
    situation = draw(st.sampled_from(SITUATIONS_AT_ENTRY))
    since = None
    if situation == "unemployed":
        since = draw(st.none() | st.integers(0, 900).map(lambda d: entry - timedelta(days=d)))
    birth = draw(
        st.one_of(
            st.dates(date(1955, 1, 1), date(2010, 12, 31)).map(
                lambda d: {"birth_date": d.isoformat()}
            ),
            st.none().map(lambda _: {"birth_year": None}),
            st.integers(1955, 2010).map(lambda y: {"birth_year": y}),
        )
    )
    return record(
        id=id,
        gender=draw(st.sampled_from(["woman", "man", "non_binary", "unknown"])),
        **birth,
        entry_date=entry.isoformat(),
        leaving_date=leaving and leaving.isoformat(),
        situation_at_entry=situation,
        unemployed_since=since and since.isoformat(),
        entry_job=entry_job(draw, situation),
        isced=draw(st.none() | st.integers(0, 8)),
        disability=draw(st.booleans()),
        rural=draw(st.booleans()),
        events=draw(st.lists(an_event(entry), max_size=6)) if events else [],
    )


@st.composite
def records(draw) -> list[dict]:
    count = draw(st.integers(0, 8))
    return [draw(a_record(id=f"p{index}")) for index in range(count)]


periods = st.tuples(st.dates(date(2023, 1, 1), date(2026, 12, 31)), st.integers(0, 800)).map(
    lambda p: (p[0], p[0] + timedelta(days=p[1]))
)
as_of_dates = st.dates(date(2023, 6, 1), date(2029, 12, 31))


# --- the gender columns, and the file's round trip -------------------------------------------


@settings(max_examples=60, deadline=None)
@given(recs=records(), period=periods, as_of=as_of_dates)
def test_the_gender_columns_add_up_to_the_total(recs, period, as_of):
    result = esf(recs, period_from=period[0], period_to=period[1], as_of=as_of)
    assert list(result) == list(ESF_KEYS)
    for row in result.values():
        assert row["total"] == row["women"] + row["men"] + row["non_binary"] + row["unknown"]
    # Every participant counted in anything is a participant of the period.
    assert result["unemployed"]["total"] >= result["long_term_unemployed"]["total"]
    assert result["total_participants"]["total"] == (
        result["unemployed"]["total"] + result["inactive"]["total"] + result["employed"]["total"]
    )


@settings(max_examples=60, deadline=None)
@given(recs=records(), period=periods, as_of=as_of_dates)
def test_a_file_read_back_gives_the_same_indicators(recs, period, as_of):
    text = json.dumps(records_file(recs))
    again = load_records(text)
    assert again == recs
    figures = {"period_from": period[0], "period_to": period[1], "as_of": as_of}
    assert esf(again, **figures) == esf(recs, **figures)


# --- moving one event across a window boundary -----------------------------------------------

PERIOD = {"period_from": date(2020, 1, 1), "period_to": date(2030, 12, 31), "as_of": FAR}


def moved(rec: dict, index: int, day: date) -> dict:
    events = [dict(e) for e in rec["events"]]
    events[index]["date"] = day.isoformat()
    return {**rec, "events": events}


def changed(before: dict, after: dict, **figures) -> set[str]:
    figures = {**PERIOD, **figures}
    return indicator_keys(before, **figures) ^ indicator_keys(after, **figures)


def boundaries(rec: dict) -> dict[str, date]:
    leaving = date.fromisoformat(rec["leaving_date"])
    return {
        "entry": date.fromisoformat(rec["entry_date"]),
        "upon": upon_leaving_date(leaving),
        "six": six_months_date(leaving),
    }


@settings(max_examples=200, deadline=None)
@given(
    rec=a_record(left=True),
    boundary=st.sampled_from(["entry", "upon", "six"]),
    mover=st.data(),
)
def test_moving_an_event_across_a_window_changes_only_that_window_s_indicators(
    rec, boundary, mover
):
    """Any other events stay, except on the two days concerned (a tie there would make the
    recorded order, not the window, decide)."""
    edge = boundaries(rec)[boundary]
    inside, outside = (edge, edge - DAY) if boundary == "entry" else (edge, edge + DAY)
    new = mover.draw(an_event(date.fromisoformat(rec["entry_date"])))
    others = [
        e for e in rec["events"] if e["date"] not in (inside.isoformat(), outside.isoformat())
    ]
    rec = {**rec, "events": [*others, {**new, "date": inside.isoformat()}]}
    difference = changed(rec, moved(rec, len(others), outside))
    assert not difference & set(OUTPUT_KEYS)
    allowed = {
        "entry": set(RESULT_KEYS),
        "upon": set(UPON_LEAVING_KEYS),
        "six": set(SIX_MONTH_KEYS),
    }
    assert difference <= allowed[boundary]


def upon_leaving_expected(situation: str, kind: str) -> set[str]:
    """Restated from the issue: what one event of ``kind`` in the upon-leaving window decides."""
    if kind == "qualification_gained":
        return {"qualification_upon_leaving"}
    expected = set()
    if situation == "inactive" and kind == "job_searching":
        expected.add("job_searching_upon_leaving")
    if kind == "education_or_training":
        expected.add("education_or_training_upon_leaving")
    if situation in ("unemployed", "inactive") and kind in ("employed", "self_employed"):
        expected.add("employed_upon_leaving")
    return expected


def six_months_expected(situation: str, job: dict | None, new: dict) -> set[str]:
    if new["type"] not in ("employed", "self_employed"):
        return set()
    if situation in ("unemployed", "inactive"):
        return {"employed_six_months_after"}
    job = job or {}
    better = (
        (job["contract"] in ("fixed_term", "temporary_agency", "subsidised")
         and new["contract"] == "permanent")
        or (job["full_time"] is False and new["full_time"] is True)
        or (None not in (job["isco_skill_level"], new["isco_skill_level"])
            and new["isco_skill_level"] > job["isco_skill_level"])
    )  # fmt: skip
    return {"improved_situation_six_months_after"} if better else set()


@settings(max_examples=200, deadline=None)
@given(rec=a_record(left=True, events=False), kind=st.sampled_from(EVENT_TYPES), data=st.data())
def test_moving_the_only_event_changes_exactly_the_indicators_it_decides(rec, kind, data):
    new = data.draw(an_event(date.fromisoformat(rec["entry_date"]), type=kind))
    edges = boundaries(rec)
    situation, job = rec["situation_at_entry"], rec["entry_job"]

    def at(day: date) -> dict:
        return {**rec, "events": [{**new, "date": day.isoformat()}]}

    upon = upon_leaving_expected(situation, kind)
    six = six_months_expected(situation, job, new)
    assert changed(at(edges["upon"]), at(edges["upon"] + DAY)) == upon
    assert changed(at(edges["six"]), at(edges["six"] + DAY)) == six
    if edges["upon"] >= edges["entry"]:
        # Before entry the event is in no window at all.
        assert changed(at(edges["entry"]), at(edges["entry"] - DAY)) == upon | six
    # The six-month date itself moves across "as of": those results appear on that very day.
    on_time = indicator_keys(at(edges["six"]), **{**PERIOD, "as_of": edges["six"]})
    too_early = indicator_keys(at(edges["six"]), **{**PERIOD, "as_of": edges["six"] - DAY})
    assert on_time ^ too_early == six
    assert kind not in NOT_A_SITUATION or not six


# --- the database and the file ---------------------------------------------------------------

SITUATION_FIELDS = {
    "employed": {"contract": "fixed_term", "full_time": False, "isco_skill_level": 2},
    "self_employed": {"full_time": True},
}


@st.composite
def a_mentee_spec(draw) -> dict:
    situation = draw(st.sampled_from(SITUATIONS_AT_ENTRY))
    entry = draw(st.dates(date(2024, 1, 1), date(2025, 12, 31)))
    events = draw(
        st.lists(
            st.tuples(
                st.integers(-20, 500),
                st.sampled_from(EVENT_TYPES),
                st.sampled_from(["confirmed", "confirmed", "proposed", "rejected"]),
                st.sampled_from([None, *CONTRACTS]),
                skill,
                maybe_bool,
            ),
            max_size=5,
        )
    )
    return {
        "gender": draw(st.sampled_from(["woman", "man", "non_binary", "prefers_not_to_say"])),
        "birth": draw(st.sampled_from(["date", "year", "none"])),
        "isced": draw(st.none() | st.integers(0, 8)),
        "situation": situation,
        "since": draw(st.integers(0, 800)) if situation == "unemployed" else None,
        "entry": entry,
        "consent": draw(st.booleans()),
        # still in / completed after a mentorship / withdrawn without one
        "leaving": draw(st.sampled_from(["in", "completed", "withdrawn"])),
        "length": draw(st.integers(0, 400)),
        "events": events,
    }


def build(programme, spec: dict) -> Participant:
    person = factories.PersonFactory(
        organisation=programme.organisation,
        gender=spec["gender"],
        birth_date=date(1995, 7, 31) if spec["birth"] == "date" else None,
        birth_year=1980 if spec["birth"] == "year" else None,
        education_level=spec["isced"],
    )
    status = {"in": "active", "completed": "completed", "withdrawn": "withdrawn"}[spec["leaving"]]
    entry = spec["entry"]
    participant = mentee(
        programme,
        person=person,
        consent=spec["consent"],
        status=status,
        entry=entry,
        situation=spec["situation"],
        unemployed_since=entry - timedelta(days=spec["since"])
        if spec["since"] is not None
        else None,
        **SITUATION_FIELDS.get(spec["situation"], {}),
    )
    left_on = entry + timedelta(days=spec["length"])
    if spec["leaving"] == "completed":
        mentorship(participant, started=entry, ended=left_on)
    elif spec["leaving"] == "withdrawn":
        StatusChange.objects.filter(participant=participant).update(changed_at=timezone_at(left_on))
    for offset, kind, status, contract, level, full_time in spec["events"]:
        status_event(
            participant,
            entry + timedelta(days=offset),
            kind,
            status=status,
            source="coordinator" if status == "confirmed" else "mentor",
            contract=(contract or "") if kind in WORKING else "",
            isco_skill_level=level,
            full_time=full_time,
        )
    return participant


def timezone_at(day: date) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, 12, 0))


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(specs=st.lists(a_mentee_spec(), max_size=6), period=periods, as_of=as_of_dates)
def test_the_database_and_a_file_give_identical_indicators(db, specs, period, as_of):
    programme = factories.ProgrammeFactory()  # a fresh one per example
    for spec in specs:
        build(programme, spec)
    participants = Participant.objects.filter(programme=programme)
    from_db = records_for(participants)
    # Exactly the consenting mentees, each with their confirmed events only.
    assert len(from_db) == sum(spec["consent"] for spec in specs)
    assert sum(len(r["events"]) for r in from_db) == sum(
        status == "confirmed"
        for spec in specs
        if spec["consent"]
        for _, _, status, *_ in spec["events"]
    )
    from_file = load_records(json.dumps(records_file(from_db)))
    figures = {"period_from": period[0], "period_to": period[1], "as_of": as_of}
    assert esf(from_file, **figures) == esf(from_db, **figures)
    everyone = records_for(participants, with_consent_only=False)
    assert len(everyone) == len(specs)
    still_in = sorted(r["entry_date"] for r in everyone if r["leaving_date"] is None)
    assert still_in == sorted(s["entry"].isoformat() for s in specs if s["leaving"] == "in")
    left = sorted(r["leaving_date"] for r in everyone if r["leaving_date"] is not None)
    assert left == sorted(
        (s["entry"] + timedelta(days=s["length"])).isoformat()
        for s in specs
        if s["leaving"] != "in"
    )
