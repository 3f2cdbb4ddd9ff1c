"""What the dashboards and the funder report show, and how it stays fast.

The figures of a set of programmes over a period (the funnel, the running pairs, the ESF+
indicators and Tandem's own from ``tandem.outcomes.indicators``, the people left out) are
computed together by ``compute()`` and kept in Django's cache (the database cache table), keyed
by the programmes and the period. Nothing here defines an indicator: the records come from
``records_for(..., with_consent_only=True)`` and the counts from ``esf()``/``own_indicators()``.

Freshness. Each programme has a *generation* in the cache, renewed whenever a row that feeds its
figures is saved or deleted (status events, situations at entry, participants and their status
changes, mentorships, consents, cohorts, the programme). Cached figures remember the generations
they were computed from, the day they count up to and when they were made. A page:
- with no figures in the cache computes them at once (the first visit, "cold") when the
  programmes have at most ``INLINE_LIMIT`` mentees; bigger ones ask the worker and say
  "the figures are being computed" (the page reloads itself);
- with figures of the current generations, made today and less than ``STALE_AFTER`` ago, shows
  them (one cache read, "warm");
- otherwise shows the figures it has, says "figures of <time>, refreshing…", and asks the worker
  to compute them again (once: a lock in the cache stops a second request). ``STALE_AFTER``
  catches writes that send no signal (bulk imports).

Since the figures are those of people who consented to research and reporting use, and carry no
names, the same figures serve every staff member who may see the programmes.
"""

import hashlib
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import task

from tandem.mentorships.models import ClosureReason, Mentorship, MentorshipStatus
from tandem.outcomes.charts import Table
from tandem.outcomes.indicators.esf import (
    COLUMNS,
    LABELS,
    OUTPUT_KEYS,
    RESULT_KEYS,
    SIX_MONTH_KEYS,
    UPON_LEAVING_KEYS,
    esf,
)
from tandem.outcomes.indicators.own import DEFINITIONS as OWN_DEFINITIONS
from tandem.outcomes.indicators.own import LABELS as OWN_LABELS
from tandem.outcomes.indicators.own import OWN_KEYS, own_indicators
from tandem.outcomes.models import EntryProfile, FollowUpKind, StatusEvent
from tandem.outcomes.records import mentees_for, pseudonym, records_for
from tandem.people import figures as people_figures
from tandem.people.models import (
    Consent,
    ConsentPurpose,
    Participant,
    ParticipantRole,
    ParticipantStatus,
    StatusChange,
)
from tandem.programmes.models import Cohort, Programme, TargetGroup

GENDERS = ("women", "men", "non_binary", "unknown")

FIGURES_KEY = "outcomes:figures:{}"
GENERATION_KEY = "outcomes:generation:{}"
REFRESHING_KEY = "outcomes:refreshing:{}"
STALE_AFTER = timedelta(minutes=30)
# Up to this many mentees the first visit computes the figures itself (a few seconds at most).
INLINE_LIMIT = 5_000
KEEP_FOR = 60 * 60 * 24 * 30  # seconds; figures not asked for in a month make room
FIGURES_FORMAT = 1  # raise when the shape of the cached figures changes


# --- computing -----------------------------------------------------------------------------


def _left_in(records: Iterable[dict], period_from: date, period_to: date) -> int:
    """How many of these records left in the period (the people the result indicators are
    about: context for a reader comparing groups of different sizes)."""
    start, end = period_from.isoformat(), period_to.isoformat()
    return sum(1 for r in records if r.get("leaving_date") and start <= r["leaving_date"] <= end)


def _day_bounds(period_from: date, period_to: date) -> tuple[datetime, datetime]:
    zone = timezone.get_current_timezone()
    return (
        datetime.combine(period_from, time.min, tzinfo=zone),
        datetime.combine(period_to + timedelta(days=1), time.min, tzinfo=zone),
    )


def _esf_of(records: list[dict], period_from: date, period_to: date, as_of: date) -> dict:
    return {
        "counted": len(records),
        "left": _left_in(records, period_from, period_to),
        "esf": esf(records, period_from=period_from, period_to=period_to, as_of=as_of),
    }


def compute(
    programme_ids: Sequence[int], *, period_from: date, period_to: date, as_of: date
) -> dict[str, Any]:
    """Every figure of the dashboards for these programmes (ids the caller may see) and period.

    Plain data (ids, keys, numbers, the names of programmes and cohorts): the pages translate the
    labels when they show them. The records are read once; a group (a cohort, a programme, a
    target group) counts the records of the people who took part in it.
    """
    ids = sorted(set(programme_ids))
    programmes = list(
        Programme.objects.filter(pk__in=ids)
        .order_by("name", "pk")
        .values("pk", "name", "target_group")
    )
    cohorts = list(
        Cohort.objects.filter(programme_id__in=ids)
        .order_by("programme__name", "starts_on", "name", "pk")
        .values("pk", "name", "programme_id")
    )
    participants = Participant.objects.filter(programme_id__in=ids)
    counted = mentees_for(participants, with_consent_only=True)
    records = records_for(participants, with_consent_only=True)
    by_id = {record["id"]: record for record in records}
    target_of = {p["pk"]: p["target_group"] for p in programmes}

    # Which groups each counted person took part in (a person in two is in both).
    members: dict[tuple[str, Any], dict[str, dict]] = defaultdict(dict)
    for person_id, programme_id, cohort_id in counted.values_list(
        "person_id", "programme_id", "cohort_id"
    ).iterator(chunk_size=10_000):
        record = by_id.get(pseudonym(person_id))
        if record is None:
            continue
        members[("cohort", (programme_id, cohort_id))][record["id"]] = record
        members[("programme", programme_id)][record["id"]] = record
        members[("target_group", target_of[programme_id])][record["id"]] = record

    def figures(kind: str, key: Any) -> dict[str, Any]:
        return _esf_of(list(members[(kind, key)].values()), period_from, period_to, as_of)

    total = _esf_of(records, period_from, period_to, as_of)
    groups = []
    for programme in programmes:
        parts = [c for c in cohorts if c["programme_id"] == programme["pk"]]
        parts.append({"pk": None, "name": None, "programme_id": programme["pk"]})
        for cohort in parts:
            key = (programme["pk"], cohort["pk"])
            if cohort["pk"] is None and ("cohort", key) not in members:
                continue  # no one outside the cohorts
            groups.append(
                {
                    "programme_id": programme["pk"],
                    "cohort_id": cohort["pk"],
                    "cohort": cohort["name"],
                }
                | figures("cohort", key)
            )
    single = len(programmes) == 1  # a programme's own figures are the total: no second count
    by_programme = {p["pk"]: total if single else figures("programme", p["pk"]) for p in programmes}
    by_target_group = {
        group: total if single else figures("target_group", group)
        for group in dict.fromkeys(target_of.values())
    }

    start, end = _day_bounds(period_from, period_to)
    changes = StatusChange.objects.filter(
        participant__programme_id__in=ids, changed_at__gte=start, changed_at__lt=end
    )
    funnel = {
        role: [(step.status, step.reached) for step in people_figures.funnel(changes, role)]
        for role in (ParticipantRole.MENTEE, ParticipantRole.MENTOR)
    }
    active = dict(
        Mentorship.objects.filter(programme_id__in=ids, status=MentorshipStatus.ACTIVE)
        .values("programme_id")
        .annotate(n=Count("pk"))
        .values_list("programme_id", "n")
    )
    # Mentees who took part in a mentorship but have no situation at entry: not counted.
    own = own_indicators(
        Programme.objects.filter(pk__in=ids),
        period_from=period_from,
        period_to=period_to,
        as_of=as_of,
        records=records,
    )
    return {
        "format": FIGURES_FORMAT,
        "programme_ids": ids,
        "period_from": period_from,
        "period_to": period_to,
        "as_of": as_of,
        "programmes": programmes,
        "groups": groups,
        "esf": total["esf"],
        "counted": total["counted"],
        "left": total["left"],
        "by_programme": by_programme,
        "by_target_group": by_target_group,
        "own": own,
        "funnel": funnel,
        "active_pairs": sum(active.values()),
        "active_by_programme": active,
        # Left out of every indicator (the indicator module counts them).
        "missing_entry": own["without_entry"],
        "no_consent": own["without_consent"],
    }


# --- keeping them ----------------------------------------------------------------------------


def _figures_key(ids: Sequence[int], period_from: date, period_to: date) -> str:
    digest = hashlib.sha256(",".join(map(str, ids)).encode()).hexdigest()[:24]
    return FIGURES_KEY.format(f"{digest}:{period_from.isoformat()}:{period_to.isoformat()}")


def data_version(ids: Sequence[int]) -> str:
    """The generations of these programmes' data (one cache read)."""
    _forget_marks()  # figures read now must see any later change in this transaction
    keys = [GENERATION_KEY.format(pk) for pk in ids]
    found = cache.get_many(keys)
    return "|".join(str(found.get(key, "0")) for key in keys)


def bump(programme_ids: Iterable[int]) -> None:
    """Mark the figures of these programmes as out of date.

    Within one transaction each programme is marked once (an import of 10,000 people writes
    the cache once, not 10,000 times) — until figures are read again in it.
    """
    ids = {pk for pk in programme_ids if pk}
    if not ids:
        return
    connection = transaction.get_connection()
    marked: set[int] = set()
    if connection.in_atomic_block:
        # The marks hold while this transaction lasts: Django empties run_on_commit when it
        # commits or rolls back, which drops our callback with it.
        if any(func is _forget_marks for _sids, func, _robust in connection.run_on_commit):
            marked = connection.__dict__.setdefault("_tandem_figures_marked", set())
        else:
            connection._tandem_figures_marked = marked
            transaction.on_commit(_forget_marks)
    new = ids - marked
    if new:
        cache.set_many({GENERATION_KEY.format(pk): uuid.uuid4().hex for pk in new}, timeout=None)
        marked |= new


def _forget_marks() -> None:
    transaction.get_connection().__dict__.pop("_tandem_figures_marked", None)


def compute_and_store(
    ids: Sequence[int], period_from: date, period_to: date, *, today: date | None = None
) -> dict[str, Any]:
    ids = sorted(set(ids))
    today = today or timezone.localdate()
    version = data_version(ids)  # read first: a change while computing makes them stale
    data = compute(ids, period_from=period_from, period_to=period_to, as_of=today)
    data["version"] = version
    data["computed_at"] = timezone.now()
    cache.set(_figures_key(ids, period_from, period_to), data, timeout=KEEP_FOR)
    return data


@task()
def refresh_figures(programme_ids: list[int], period_from: str, period_to: str) -> None:
    """Compute a dashboard's figures again (the worker, when a page found them out of date)."""
    start, end = date.fromisoformat(period_from), date.fromisoformat(period_to)
    key = _figures_key(sorted(programme_ids), start, end)
    try:
        compute_and_store(programme_ids, start, end)
    finally:
        cache.delete(REFRESHING_KEY.format(key))


def _is_fresh(data: dict | None, version: str, today: date) -> bool:
    return (
        data is not None
        and data.get("format") == FIGURES_FORMAT
        and data["version"] == version
        and data["as_of"] == today
        and timezone.now() - data["computed_at"] < STALE_AFTER
    )


def figures_for(
    programme_ids: Sequence[int], period_from: date, period_to: date
) -> tuple[dict[str, Any] | None, bool]:
    """(figures, stale): the figures of these programmes and period, from the cache when they
    are there; ``stale`` when they are being computed again. None (with stale True) when
    there are none yet and the programmes are too big to compute them during the request:
    the worker is computing them."""
    ids = sorted(set(programme_ids))
    today = timezone.localdate()
    key = _figures_key(ids, period_from, period_to)
    version = data_version(ids)
    data = cache.get(key)
    if _is_fresh(data, version, today):
        return data, False
    if data is not None and data.get("format") != FIGURES_FORMAT:
        data = None
    if data is None and _small(ids):
        return compute_and_store(ids, period_from, period_to, today=today), False
    if cache.add(REFRESHING_KEY.format(key), 1, timeout=15 * 60):
        refresh_figures.enqueue(
            programme_ids=ids,
            period_from=period_from.isoformat(),
            period_to=period_to.isoformat(),
        )
        again = cache.get(key)  # a worker running in this process may have done it already
        if _is_fresh(again, version, today):
            return again, False
    return data, True


def _small(ids: Sequence[int]) -> bool:
    """Whether these programmes' figures are quick enough to compute during a request."""
    mentees = Participant.objects.filter(programme_id__in=ids, role=ParticipantRole.MENTEE)
    return not mentees[INLINE_LIMIT : INLINE_LIMIT + 1].exists()


# --- what makes them stale -------------------------------------------------------------------


def _programme_of_participant(instance: Any) -> list[int]:
    field = type(instance)._meta.get_field("participant")
    if field.is_cached(instance):
        return [instance.participant.programme_id]
    return list(
        Participant.objects.filter(pk=instance.participant_id).values_list(
            "programme_id", flat=True
        )
    )


def _changed(sender: type, instance: Any, **kwargs: Any) -> None:
    if sender in (StatusEvent, EntryProfile, StatusChange):
        bump(_programme_of_participant(instance))
    elif sender in (Participant, Mentorship, Cohort):
        bump([instance.programme_id])
    elif sender is Programme:
        bump([instance.pk])
    elif sender is Consent and instance.purpose == ConsentPurpose.RESEARCH:
        bump(
            Participant.objects.filter(person_id=instance.person_id).values_list(
                "programme_id", flat=True
            )
        )


def connect_signals() -> None:
    """Listen to the rows the figures come from (the app's ready() calls it)."""
    for model in (
        StatusEvent,
        EntryProfile,
        StatusChange,
        Participant,
        Mentorship,
        Cohort,
        Programme,
        Consent,
    ):
        for signal in (post_save, post_delete):
            signal.connect(
                _changed, sender=model, dispatch_uid=f"outcomes-figures-{model.__name__}"
            )


# --- what the pages show -----------------------------------------------------------------------

GENDER_LABELS = {
    "women": gettext_lazy("Women"),
    "men": gettext_lazy("Men"),
    "non_binary": gettext_lazy("Non-binary"),
    "unknown": gettext_lazy("Gender not known"),
    "total": gettext_lazy("Total"),
}
# Short names for the bars (the rows carry the full names of the indicators).
SHORT = {
    "left": gettext_lazy("Left in the period"),
    "employed_upon_leaving": gettext_lazy("Employed upon leaving"),
    "employed_six_months_after": gettext_lazy("Employed after 6 months"),
}
COMPARED = ("employed_upon_leaving", "employed_six_months_after")


def _gender_table(key: str, title: str, caption: str, esf_counts: dict, keys: Sequence[str]):
    columns = [*GENDERS, "total"]
    return Table(
        key=key,
        title=title,
        row_header=_("Indicator"),
        columns=[str(GENDER_LABELS[c]) for c in columns],
        rows=[(str(LABELS[k]), [esf_counts[k][c] for c in columns]) for k in keys],
        caption=caption,
        chart_columns=tuple(range(len(GENDERS))),
    )


def _compare_table(key: str, title: str, row_header: str, rows: list[tuple[str, dict]]):
    """Groups side by side: who left, then every result indicator (the chart draws those who
    left and the employed upon leaving and after six months)."""
    columns = ["left", *RESULT_KEYS]
    labels = [str(SHORT["left"]), *(str(LABELS[k]) for k in RESULT_KEYS)]
    return Table(
        key=key,
        title=title,
        row_header=row_header,
        columns=labels,
        rows=[
            (
                label,
                [figures["left"]] + [figures["esf"][k]["total"] for k in RESULT_KEYS],
            )
            for label, figures in rows
        ],
        caption=_(
            "People who left in the period, and how many of them reached each result. "
            "A person who took part in two groups counts in both."
        ),
        chart_columns=tuple(columns.index(c) for c in ("left", *COMPARED)),
    )


def own_table(own: dict[str, Any]) -> Table:
    """Tandem's own indicators: a share (number, out of, %) or a spread (number, median,
    mean) per row; the reasons for ending early and the follow-ups per kind get a row each."""
    rows: list[tuple[str, list]] = []

    def share(label: str, ratio: dict) -> None:
        rate = ratio["rate"]
        rows.append(
            (label, [ratio["count"], ratio["of"], None if rate is None else round(100 * rate)])
        )

    for key in OWN_KEYS:
        value, label = own.get(key), str(OWN_LABELS[key])
        if key == "early_ending_reasons":
            for reason, n in value.items():
                rows.append((f"{label}: {ClosureReason(reason).label}", [n, None, None]))
        elif key == "follow_up_response_rate":
            for kind, ratio in value.items():
                name = _("all") if kind == "all" else FollowUpKind(kind).label
                share(f"{label}: {name}", ratio)
        elif key in ("days_from_application_to_match", "meetings_per_mentorship"):
            rows.append((f"{label}: {_('median')}", [value["median"], value["count"], None]))
            rows.append((f"{label}: {_('mean')}", [value["mean"], value["count"], None]))
        else:
            share(label, value)
    return Table(
        key="own",
        title=_("Tandem's own indicators"),
        row_header=_("Indicator"),
        columns=[_("Number"), _("Out of"), _("Share (%)")],
        rows=rows,
        caption=_(
            "Shares of the people or mentorships each indicator is about. For days and "
            "meetings: the median or mean, out of how many."
        ),
        chart_columns=(2,),
    )


def tables(data: dict[str, Any], *, organisation: bool) -> list[Table]:
    """The tables of a dashboard (in the reader's language), in the order of the page."""
    names = {p["pk"]: p["name"] for p in data["programmes"]}
    out = []
    for role, title in (
        (ParticipantRole.MENTEE, _("Mentees: how many reached each step")),
        (ParticipantRole.MENTOR, _("Mentors: how many reached each step")),
    ):
        steps = data["funnel"][role]
        rows, previous = [], None
        for status, reached in steps:
            share = None if previous is None else round(100 * reached / previous) if previous else 0
            rows.append((str(ParticipantStatus(status).label), [reached, share]))
            previous = reached
        out.append(
            Table(
                key=f"funnel_{role}",
                title=title,
                row_header=_("Step"),
                columns=[_("Reached"), _("Share of the step before (%)")],
                rows=rows,
                caption=_("People who reached each step during the period."),
                chart_columns=(0,),
            )
        )
    if organisation:
        out.append(
            Table(
                key="active_pairs",
                title=_("Running mentorships per programme"),
                row_header=_("Programme"),
                columns=[_("Running mentorships")],
                rows=[(names[pk], [data["active_by_programme"].get(pk, 0)]) for pk in names],
                caption=_("Mentorships running now."),
            )
        )
    out.append(
        _gender_table(
            "upon_leaving",
            _("Upon leaving, by gender"),
            _("People who left in the period: their situation 28 days after leaving."),
            data["esf"],
            UPON_LEAVING_KEYS,
        )
    )
    out.append(
        _gender_table(
            "six_months",
            _("Six months after leaving, by gender"),
            _("People who left in the period and whose six months are over."),
            data["esf"],
            SIX_MONTH_KEYS,
        )
    )
    cohort_rows = []
    for group in data["groups"]:
        name = group["cohort"] or _("No cohort")
        if organisation:
            name = f"{names[group['programme_id']]} – {name}"
        cohort_rows.append((name, group))
    out.append(_compare_table("cohorts", _("Results by cohort"), _("Cohort"), cohort_rows))
    if organisation:
        out.append(
            _compare_table(
                "target_groups",
                _("Results by target group"),
                _("Target group"),
                [
                    (str(TargetGroup(group).label), figures)
                    for group, figures in data["by_target_group"].items()
                ],
            )
        )
        out.append(
            _compare_table(
                "programmes",
                _("Results by programme"),
                _("Programme"),
                [(names[pk], figures) for pk, figures in data["by_programme"].items()],
            )
        )
    out.append(
        Table(
            key="outputs",
            title=_("Who entered in the period (ESF+ output indicators)"),
            row_header=_("Indicator"),
            columns=[str(GENDER_LABELS[c]) for c in COLUMNS],
            rows=[(str(LABELS[k]), [data["esf"][k][c] for c in COLUMNS]) for k in OUTPUT_KEYS],
            caption=_("People whose first entry is in the period, by their situation at entry."),
        )
    )
    out.append(own_table(data["own"]))
    return out


def table(data: dict[str, Any], key: str, *, organisation: bool) -> Table | None:
    return next((t for t in tables(data, organisation=organisation) if t.key == key), None)


def own_definitions() -> list[tuple[str, Any, Any]]:
    """(code, name, definition) of Tandem's own indicators, from the indicator module."""
    return [(key, OWN_LABELS[key], OWN_DEFINITIONS[key]) for key in OWN_KEYS]
