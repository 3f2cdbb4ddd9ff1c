"""Tandem's own indicators, beside the ESF+ ones: what the organisations themselves want to know.

All of them count the same people as the ESF+ indicators: the mentees of the programmes who
have a situation at entry (EntryProfile) and — unless ``with_consent_only=False`` — a standing
consent to research and reporting use. The period's ends are inclusive. A rate is
``{"count": n, "of": m, "rate": n / m}`` (rate None when m is 0). docs/indicators.md has the
same definitions in prose.

Upon leaving (leaving date in the period; the situation 28 days after leaving, exactly as in
``esf``):

- ``positive_outcome_upon_leaving``: of those who left, how many were employed, self-employed,
  in education or training, or in an internship upon leaving.
- ``employed_at_skill_level_upon_leaving``: of those employed or self-employed upon leaving
  whose job skill level (ISCO-08, 1–4) and education level (ISCED) are both known, how many
  work at or above the skill level of their education: ISCED 0–1 → 1, ISCED 2–4 → 2,
  ISCED 5 → 3, ISCED 6–8 → 4 (the ISCO-08 table of skill levels).
- ``employed_in_regular_economy_upon_leaving``: of those employed upon leaving (an employed
  event saying which economy), how many work for a regular-economy employer.
- ``throughflow_to_regular_economy``: of those who worked in the social economy (an employed
  event with economy "social" dated from entry up to the leaving date), how many were employed
  in the regular economy upon leaving.

About the mentorships of these mentees:

- ``completion_rate``: of the mentorships closed with an end date in the period, how many
  were completed (not ended early).
- ``early_ending_reasons``: the mentorships ended early in the period, counted per reason.
- ``days_from_application_to_match``: for the mentees whose first mentorship started in the
  period, the days from their application (the day they were registered) to that start:
  ``{"count", "median", "mean"}``. Mentees registered after that start (imported history,
  whose application date is unknown) are left out.
- ``meetings_per_mentorship``: for the mentorships closed in the period, the meetings held:
  ``{"count", "median", "mean"}`` (count = mentorships).
- ``follow_up_response_rate``: of the follow-ups due in the period (and on or before
  ``as_of``), how many were done (answered or recorded), per kind and in all.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db.models import Count, Min, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tandem.mentorships.models import ClosureReason, MeetingStatus, Mentorship, MentorshipStatus
from tandem.outcomes.indicators.esf import WORKING, upon_leaving_date
from tandem.outcomes.models import FollowUp, FollowUpKind, FollowUpStatus
from tandem.outcomes.records import mentees_for, records_for
from tandem.people.models import Participant, ParticipantRole
from tandem.programmes.models import Programme

POSITIVE = frozenset({"employed", "self_employed", "education_or_training", "internship"})

OWN_KEYS: tuple[str, ...] = (
    "positive_outcome_upon_leaving",
    "employed_at_skill_level_upon_leaving",
    "employed_in_regular_economy_upon_leaving",
    "throughflow_to_regular_economy",
    "completion_rate",
    "early_ending_reasons",
    "days_from_application_to_match",
    "meetings_per_mentorship",
    "follow_up_response_rate",
)

LABELS = {
    "positive_outcome_upon_leaving": _("Positive outcome upon leaving"),
    "employed_at_skill_level_upon_leaving": _("Working at their skill level upon leaving"),
    "employed_in_regular_economy_upon_leaving": _("Working in the regular economy upon leaving"),
    "throughflow_to_regular_economy": _("From the social economy to the regular economy"),
    "completion_rate": _("Mentorships completed"),
    "early_ending_reasons": _("Why mentorships ended early"),
    "days_from_application_to_match": _("Days from application to a mentor"),
    "meetings_per_mentorship": _("Meetings per mentorship"),
    "follow_up_response_rate": _("Follow-ups answered"),
}

DEFINITIONS = {
    "positive_outcome_upon_leaving": _(
        "Of the mentees who left in the period: employed, self-employed, in education or "
        "training, or in an internship 28 days after leaving."
    ),
    "employed_at_skill_level_upon_leaving": _(
        "Of those working 28 days after leaving, with the job's ISCO skill level and their "
        "education level known: a job at or above the skill level of their education (ISCED "
        "0–1: 1, ISCED 2–4: 2, ISCED 5: 3, ISCED 6–8: 4)."
    ),
    "employed_in_regular_economy_upon_leaving": _(
        "Of those employed 28 days after leaving with the employer's economy known: employed "
        "by a regular-economy employer."
    ),
    "throughflow_to_regular_economy": _(
        "Of those who worked in the social economy between entry and leaving: employed in the "
        "regular economy 28 days after leaving."
    ),
    "completion_rate": _(
        "Of the mentorships that ended in the period: completed, not ended early."
    ),
    "early_ending_reasons": _("Mentorships that ended early in the period, per reason."),
    "days_from_application_to_match": _(
        "For mentees whose first mentorship started in the period: days from their "
        "application to that start."
    ),
    "meetings_per_mentorship": _("Meetings held in each mentorship that ended in the period."),
    "follow_up_response_rate": _(
        "Of the follow-ups due in the period: done, by a survey answer or by the coordinator."
    ),
}


def skill_level_of_education(isced: int) -> int:
    """The ISCO-08 skill level that an ISCED 2011 level of education corresponds to."""
    if isced <= 1:
        return 1
    if isced <= 4:
        return 2
    return 3 if isced == 5 else 4


def ratio(count: int, of: int) -> dict[str, Any]:
    return {"count": count, "of": of, "rate": count / of if of else None}


def spread(values: list[int]) -> dict[str, Any]:
    if not values:
        return {"count": 0, "median": None, "mean": None}
    return {
        "count": len(values),
        "median": statistics.median(values),
        "mean": round(statistics.fmean(values), 1),
    }


def _situation_upon_leaving(record: dict[str, Any]) -> tuple[str, dict[str, Any] | None]:
    """(situation type, the event or None) upon leaving, exactly as the ESF+ indicators."""
    entry = record["entry_date"]
    upon = upon_leaving_date(date.fromisoformat(record["leaving_date"])).isoformat()
    best = None
    for event in record["events"]:
        day = event["date"]
        if (
            event["type"] not in ("qualification_gained", "diploma_recognised")
            and entry <= day <= upon
            and (best is None or day >= best["date"])
        ):
            best = event
    return (best["type"], best) if best else (record["situation_at_entry"], None)


def _upon_leaving(records: list[dict[str, Any]], start: str, end: str) -> dict[str, Any]:
    positive = left = at_level = level_known = regular = economy_known = 0
    through = social = 0
    for record in records:
        leaving = record["leaving_date"]
        if not leaving or not start <= leaving <= end:
            continue
        left += 1
        situation, event = _situation_upon_leaving(record)
        positive += situation in POSITIVE
        if situation in WORKING:
            job = event if event is not None else (record["entry_job"] or {})
            if job.get("isco_skill_level") is not None and record["isced"] is not None:
                level_known += 1
                at_level += job["isco_skill_level"] >= skill_level_of_education(record["isced"])
        in_regular = situation == "employed" and event is not None and event["economy"] == "regular"
        if situation == "employed" and event is not None and event["economy"]:
            economy_known += 1
            regular += in_regular
        if any(
            e["type"] == "employed"
            and e["economy"] == "social"
            and record["entry_date"] <= e["date"] <= leaving
            for e in record["events"]
        ):
            social += 1
            through += in_regular
    return {
        "positive_outcome_upon_leaving": ratio(positive, left),
        "employed_at_skill_level_upon_leaving": ratio(at_level, level_known),
        "employed_in_regular_economy_upon_leaving": ratio(regular, economy_known),
        "throughflow_to_regular_economy": ratio(through, social),
    }


def own_indicators(
    programmes: Iterable[Programme] | QuerySet[Programme],
    *,
    period_from: date,
    period_to: date,
    as_of: date | None = None,
    with_consent_only: bool = True,
    records: list[dict] | None = None,
) -> dict[str, Any]:
    """Tandem's own indicators for the mentees of ``programmes`` in the period (both ends
    inclusive): every key of ``OWN_KEYS``, plus ``mentees`` (how many are counted),
    ``without_entry`` (mentees left out for lack of a situation at entry) and
    ``without_consent`` (left out for lack of consent). A constant number of queries.

    ``records``: the records of these programmes' participants with the same consent choice,
    when the caller has built them already (a dashboard does), so they are not read twice."""
    if period_from > period_to:
        raise ValueError("The period ends before it starts.")
    as_of = as_of or timezone.localdate()
    participants = Participant.objects.filter(programme__in=programmes)
    all_mentees = participants.filter(role=ParticipantRole.MENTEE)
    with_entry = mentees_for(participants, with_consent_only=False)
    mentees = mentees_for(participants, with_consent_only=with_consent_only)
    counted = mentees.count()
    result: dict[str, Any] = {
        "mentees": counted,
        "without_entry": all_mentees.filter(entry_profile__isnull=True).count(),
        "without_consent": with_entry.count() - counted,
    }
    start, end = period_from.isoformat(), period_to.isoformat()
    if records is None:
        records = records_for(mentees, with_consent_only=False)
    result.update(_upon_leaving(records, start, end))

    closed = (
        Mentorship.objects.filter(mentee__in=mentees.values("pk"))
        .exclude(status=MentorshipStatus.ACTIVE)
        .filter(ended_on__range=(period_from, period_to))
        .annotate(held=Count("meetings", filter=Q(meetings__status=MeetingStatus.HELD)))
        .values_list("status", "closure_reason", "held")
    )
    completed = 0
    reasons: Counter[str] = Counter()
    meetings: list[int] = []
    for status, reason, held in closed:
        meetings.append(held)
        if status == MentorshipStatus.COMPLETED:
            completed += 1
        else:
            reasons[reason] += 1
    result["completion_rate"] = ratio(completed, len(meetings))
    result["early_ending_reasons"] = {value: reasons[value] for value in ClosureReason.values}

    first_starts = (
        mentees.annotate(first_start=Min("mentorships_as_mentee__started_on"))
        .filter(first_start__range=(period_from, period_to))
        .values_list("created_at", "first_start")
    )
    days = [(started - timezone.localdate(applied)).days for applied, started in first_starts]
    # Registered after the start: imported history, whose application date is not known.
    result["days_from_application_to_match"] = spread([d for d in days if d >= 0])
    result["meetings_per_mentorship"] = spread(meetings)

    due = (
        FollowUp.objects.filter(
            participant__in=mentees.values("pk"),
            due_on__range=(period_from, min(period_to, as_of)),
        )
        .values("kind", "status")
        .annotate(n=Count("pk"))
        .values_list("kind", "status", "n")
    )
    done: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for kind, status, n in due:
        total[kind] += n
        if status == FollowUpStatus.DONE:
            done[kind] += n
    rates = {kind: ratio(done[kind], total[kind]) for kind in FollowUpKind.values}
    rates["all"] = ratio(sum(done.values()), sum(total.values()))
    result["follow_up_response_rate"] = rates
    return result
