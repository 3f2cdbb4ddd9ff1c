"""The ESF+ common indicators for participants (Regulation (EU) 2021/1057, Annex I), exactly as
Tandem defines them (docs/indicators.md says the same in prose).

The input is a list of records in the format ``tandem-records/1`` (docs/records-format.md): from
the database through ``tandem.outcomes.records.records_for`` or from a file through
``load_records``. Both paths meet here, so they cannot disagree.

Definitions (every period boundary is inclusive: a date on ``period_from`` or ``period_to``
is in the period):

- The **situation at entry** is exactly one of unemployed, inactive, employed, self-employed.
- **Age at entry**: whole years from the birth date to the entry date; with only a birth year,
  the entry year minus the birth year. Unknown: the person is in no age group.
- **Long-term unemployed**: unemployed at entry, and unemployed since a date *more than*
  6 months before entry (under 25 at entry) or more than 12 months before entry (25 or older).
  "6 months before" is calendar months with month-end clamping (31 Mar − 6 months = 30 Sep);
  since exactly that date is not more than 6 months. Age unknown: only more than 12 months
  counts (true under both rules).
- **Output indicators** count participants whose (first) entry date is in the period.
- A participant's **situation at a moment** is the latest situation event (every event type
  except ``qualification_gained`` and ``diploma_recognised``) dated from the entry date up to
  that moment, both inclusive; on the same date the one recorded last (later in the record's
  list) wins; with none, the situation at entry continues.
- **Upon leaving** is the situation at the leaving date + 28 days; **six months after leaving**
  is the situation at the leaving date + 6 calendar months (a month-end clamps: 31 Aug + 6
  months = 28 Feb, or 29 Feb in a leap year).
- **Result indicators** count participants whose leaving date is in the period; the six-month
  ones only those whose six-month date is on or before ``as_of``.

Dates stay ISO strings ("YYYY-MM-DD", checked by load_records): they sort like the dates they
stand for, so a million events are compared without being parsed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import Any

from dateutil.relativedelta import relativedelta
from django.utils.translation import gettext_lazy as _

Record = Mapping[str, Any]

OUTPUT_KEYS: tuple[str, ...] = (
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
)
UPON_LEAVING_KEYS: tuple[str, ...] = (
    "job_searching_upon_leaving",
    "education_or_training_upon_leaving",
    "qualification_upon_leaving",
    "employed_upon_leaving",
)
SIX_MONTH_KEYS: tuple[str, ...] = (
    "employed_six_months_after",
    "improved_situation_six_months_after",
)
RESULT_KEYS = UPON_LEAVING_KEYS + SIX_MONTH_KEYS
# In the order: the output indicators, then the result indicators.
ESF_KEYS: tuple[str, ...] = OUTPUT_KEYS + RESULT_KEYS

# Each indicator is a total and a count per gender; the four columns add up to the total.
COLUMNS: tuple[str, ...] = ("total", "women", "men", "non_binary", "unknown")
GENDER_COLUMN = {"woman": "women", "man": "men", "non_binary": "non_binary", "unknown": "unknown"}

SITUATIONS_AT_ENTRY = ("unemployed", "inactive", "employed", "self_employed")
EVENT_TYPES = (
    "employed",
    "self_employed",
    "job_searching",
    "education_or_training",
    "internship",
    "volunteering",
    "inactive",
    "qualification_gained",
    "diploma_recognised",
)
# Facts beside the situation, not a situation themselves.
NOT_A_SITUATION = frozenset({"qualification_gained", "diploma_recognised"})
WORKING = frozenset({"employed", "self_employed"})
NOT_WORKING_AT_ENTRY = frozenset({"unemployed", "inactive"})
NOT_PERMANENT = frozenset({"fixed_term", "temporary_agency", "subsidised"})

UPON_LEAVING_DAYS = 28
SIX_MONTHS = relativedelta(months=6)
LONG_TERM_YOUNG = relativedelta(months=6)  # under 25 at entry
LONG_TERM_OLDER = relativedelta(months=12)  # 25 or older at entry
YOUNG_BELOW = 25

LABELS = {
    "total_participants": _("Participants"),
    "unemployed": _("Unemployed, including long-term unemployed"),
    "long_term_unemployed": _("Long-term unemployed"),
    "inactive": _("Inactive"),
    "employed": _("Employed, including self-employed"),
    "under_18": _("Below 18 years of age"),
    "aged_18_29": _("Aged 18 to 29"),
    "aged_55_plus": _("Aged 55 and over"),
    "isced_0_2": _("With lower secondary education or less (ISCED 0–2)"),
    "isced_3_4": _("With upper secondary or post-secondary education (ISCED 3–4)"),
    "isced_5_8": _("With tertiary education (ISCED 5–8)"),
    "with_disabilities": _("Participants with disabilities"),
    "third_country_nationals": _("Third-country nationals"),
    "foreign_background": _("Participants with a foreign background"),
    "minorities": _("Minorities"),
    "homeless_or_housing_exclusion": _("Homeless or affected by housing exclusion"),
    "rural": _("Participants from rural areas"),
    "job_searching_upon_leaving": _("Inactive at entry, job searching upon leaving"),
    "education_or_training_upon_leaving": _("In education or training upon leaving"),
    "qualification_upon_leaving": _("Gained a qualification upon leaving"),
    "employed_upon_leaving": _("In employment, including self-employment, upon leaving"),
    "employed_six_months_after": _(
        "In employment, including self-employment, six months after leaving"
    ),
    "improved_situation_six_months_after": _(
        "With an improved labour-market situation six months after leaving"
    ),
}

DEFINITIONS = {
    "total_participants": _("Every participant whose first entry date is in the period."),
    "unemployed": _("Unemployed at entry (long-term unemployed included)."),
    "long_term_unemployed": _(
        "Unemployed at entry, and unemployed since more than 6 months before entry (under 25 "
        "at entry) or more than 12 months before entry (25 or older)."
    ),
    "inactive": _("Inactive at entry: not working and not looking for work."),
    "employed": _("Employed or self-employed at entry."),
    "under_18": _("Younger than 18 at entry."),
    "aged_18_29": _("18 to 29 years old at entry."),
    "aged_55_plus": _("55 or older at entry."),
    "isced_0_2": _("Highest education level ISCED 0, 1 or 2."),
    "isced_3_4": _("Highest education level ISCED 3 or 4."),
    "isced_5_8": _("Highest education level ISCED 5, 6, 7 or 8."),
    "with_disabilities": _("Has a disability, as recorded at entry."),
    "third_country_nationals": _("Not a citizen of an EU country, as recorded at entry."),
    "foreign_background": _("Has a foreign background, as recorded at entry."),
    "minorities": _("Belongs to a minority, as recorded at entry."),
    "homeless_or_housing_exclusion": _("Homeless or excluded from housing, recorded at entry."),
    "rural": _("Lives in a rural area, as recorded at entry."),
    "job_searching_upon_leaving": _(
        "Leaving date in the period; inactive at entry and looking for work 28 days after leaving."
    ),
    "education_or_training_upon_leaving": _(
        "Leaving date in the period; in education or training 28 days after leaving."
    ),
    "qualification_upon_leaving": _(
        "Leaving date in the period; gained a qualification between entry and 28 days after "
        "leaving."
    ),
    "employed_upon_leaving": _(
        "Leaving date in the period; unemployed or inactive at entry, and employed or "
        "self-employed 28 days after leaving."
    ),
    "employed_six_months_after": _(
        "Leaving date in the period and six months passed; unemployed or inactive at entry, "
        "and employed or self-employed six months after leaving."
    ),
    "improved_situation_six_months_after": _(
        "Leaving date in the period and six months passed; employed or self-employed at entry "
        "and six months after leaving, with a permanent contract instead of a temporary one, "
        "full-time instead of part-time, or a job at a higher ISCO skill level."
    ),
}


# --- dates ---------------------------------------------------------------------------------------


def upon_leaving_date(leaving: date) -> date:
    """The moment "upon leaving" measures: the leaving date + 28 days (inclusive)."""
    return leaving + timedelta(days=UPON_LEAVING_DAYS)


def six_months_date(leaving: date) -> date:
    """The leaving date + 6 calendar months; a month-end clamps (31 Aug → 28/29 Feb)."""
    return leaving + SIX_MONTHS


def age_at_entry(record: Record, entry: date) -> int | None:
    """Whole years at entry from the birth date; entry year − birth year with only the year."""
    birth = record.get("birth_date")
    if birth:
        born = date.fromisoformat(birth)
        return entry.year - born.year - ((entry.month, entry.day) < (born.month, born.day))
    year = record.get("birth_year")
    return None if year is None else entry.year - year


def is_long_term_unemployed(record: Record, entry: date, age: int | None) -> bool:
    """Unemployed at entry since more than 6 months (under 25) or 12 months (25+) before entry.
    With the age unknown only more than 12 months counts: long-term under either rule."""
    if record["situation_at_entry"] != "unemployed" or not record.get("unemployed_since"):
        return False
    since = date.fromisoformat(record["unemployed_since"])
    young = age is not None and age < YOUNG_BELOW
    return since < entry - (LONG_TERM_YOUNG if young else LONG_TERM_OLDER)


# --- what one record counts in -------------------------------------------------------------------


def output_keys(record: Record) -> set[str]:
    """The output indicators a participant counts in (their entry being in the period)."""
    entry = date.fromisoformat(record["entry_date"])
    situation = record["situation_at_entry"]
    age = age_at_entry(record, entry)
    isced = record.get("isced")
    found = {"total_participants"}
    if situation == "unemployed":
        found.add("unemployed")  # long-term unemployed included
        if is_long_term_unemployed(record, entry, age):
            found.add("long_term_unemployed")
    elif situation == "inactive":
        found.add("inactive")
    elif situation in WORKING:
        found.add("employed")  # self-employed included
    if age is not None:
        if age < 18:
            found.add("under_18")
        elif age <= 29:
            found.add("aged_18_29")
        elif age >= 55:
            found.add("aged_55_plus")
    if isced is not None:
        found.add("isced_0_2" if isced <= 2 else "isced_3_4" if isced <= 4 else "isced_5_8")
    for flag, key in (
        ("disability", "with_disabilities"),
        ("third_country_national", "third_country_nationals"),
        ("foreign_background", "foreign_background"),
        ("minority", "minorities"),
        ("homeless_or_housing_exclusion", "homeless_or_housing_exclusion"),
        ("rural", "rural"),
    ):
        if record.get(flag):
            found.add(key)
    return found


def situation_at(record: Record, moment: str) -> dict | None:
    """The situation event in force on ``moment`` (ISO date): the latest situation event dated
    from entry up to ``moment``, the one recorded last on the same date; None when there is none
    (the situation at entry continues)."""
    entry = record["entry_date"]
    best = None
    for event in record["events"]:  # in recorded order: ">=" lets the later one win a tie
        day = event["date"]
        if (
            event["type"] not in NOT_A_SITUATION
            and entry <= day <= moment
            and (best is None or day >= best["date"])
        ):
            best = event
    return best


def improved(entry_job: Mapping[str, Any] | None, event: Mapping[str, Any]) -> bool:
    """A better job than at entry: a permanent contract after a fixed-term, temporary-agency or
    subsidised one; full-time after part-time; or a higher ISCO skill level. A comparison needs
    both sides known."""
    job = entry_job or {}
    if job.get("contract") in NOT_PERMANENT and event.get("contract") == "permanent":
        return True
    if job.get("full_time") is False and event.get("full_time") is True:
        return True
    before, after = job.get("isco_skill_level"), event.get("isco_skill_level")
    return before is not None and after is not None and after > before


def result_keys(record: Record, *, as_of: date) -> set[str]:
    """The result indicators a participant who left counts in (their leaving date being in the
    period); the six-month ones only once the six-month date is on or before ``as_of``."""
    leaving = date.fromisoformat(record["leaving_date"])
    entry = record["entry_date"]
    upon = upon_leaving_date(leaving).isoformat()
    six_date = six_months_date(leaving)
    six = six_date.isoformat()
    # One pass over the events finds the situation at both moments and the qualification.
    at_upon = at_six = None
    qualified = False
    for event in record["events"]:
        day = event["date"]
        if day < entry:
            continue
        if event["type"] in NOT_A_SITUATION:
            if event["type"] == "qualification_gained" and day <= upon:
                qualified = True
            continue
        if day <= upon and (at_upon is None or day >= at_upon["date"]):
            at_upon = event
        if day <= six and (at_six is None or day >= at_six["date"]):
            at_six = event
    at_entry = record["situation_at_entry"]
    upon_situation = at_upon["type"] if at_upon else at_entry
    found = set()
    if at_entry == "inactive" and upon_situation == "job_searching":
        found.add("job_searching_upon_leaving")
    if upon_situation == "education_or_training":
        found.add("education_or_training_upon_leaving")
    if qualified:
        found.add("qualification_upon_leaving")
    if at_entry in NOT_WORKING_AT_ENTRY and upon_situation in WORKING:
        found.add("employed_upon_leaving")
    if six_date <= as_of:
        six_situation = at_six["type"] if at_six else at_entry
        if at_entry in NOT_WORKING_AT_ENTRY and six_situation in WORKING:
            found.add("employed_six_months_after")
        if (
            at_entry in WORKING
            and at_six is not None
            and at_six["type"] in WORKING
            and improved(record.get("entry_job"), at_six)
        ):
            found.add("improved_situation_six_months_after")
    return found


def indicator_keys(record: Record, *, period_from: date, period_to: date, as_of: date) -> set[str]:
    """Every indicator one participant counts in for the period."""
    start, end = period_from.isoformat(), period_to.isoformat()
    found = output_keys(record) if start <= record["entry_date"] <= end else set()
    leaving = record.get("leaving_date")
    if leaving and start <= leaving <= end:
        found |= result_keys(record, as_of=as_of)
    return found


def empty() -> dict[str, dict[str, int]]:
    return {key: dict.fromkeys(COLUMNS, 0) for key in ESF_KEYS}


def esf(
    records: Iterable[Record],
    *,
    period_from: date,
    period_to: date,
    as_of: date | None = None,
) -> dict[str, dict[str, int]]:
    """The ESF+ common indicators for the period (both ends inclusive), as of ``as_of`` (default
    today): every key of ``ESF_KEYS`` in order, each ``{"total", "women", "men",
    "non_binary", "unknown"}``."""
    if period_from > period_to:
        raise ValueError("The period ends before it starts.")
    as_of = as_of or date.today()
    counts = empty()
    for record in records:
        found = indicator_keys(record, period_from=period_from, period_to=period_to, as_of=as_of)
        if not found:
            continue
        column = GENDER_COLUMN[record["gender"]]
        for key in found:
            row = counts[key]
            row["total"] += 1
            row[column] += 1
    return counts
