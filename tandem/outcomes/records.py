"""Participant records: what the indicators are computed from, in the pseudonymised file format
``tandem-records/1`` (docs/records-format.md).

``records_for`` builds the records from the database (mentees with a situation at entry, by
default only those who consented to research and reporting use); ``load_records`` reads and
checks a file. ``tandem.outcomes.indicators`` computes the same figures from either.

The **leaving date** (``leaving_date``) is the end date of the mentee's last closed mentorship
when no mentorship runs and their status is "completed" or "withdrawn"; without any closed
mentorship, the date they were last moved to that status; otherwise None (still in).

A person who took part more than once (a mentee in two of the programmes given) is one
record: the first entry (and its situation at entry), the last leaving (None while one
participation is still running) and the confirmed events of all, in the order they were
recorded.
"""

from __future__ import annotations

import gc
import hashlib
import hmac
import json
import math
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

from django.conf import settings
from django.db import connections
from django.db.models import CharField, Exists, F, Func, Max, OuterRef, QuerySet
from django.utils import timezone
from django.utils.crypto import salted_hmac

from tandem.mentorships.models import Mentorship, MentorshipStatus
from tandem.outcomes.indicators.esf import (
    EVENT_TYPES,
    GENDER_COLUMN,
    SITUATIONS_AT_ENTRY,
    WORKING,
)
from tandem.outcomes.models import EventStatus, StatusEvent
from tandem.people.consent import persons_granting
from tandem.people.models import (
    ConsentPurpose,
    Gender,
    Participant,
    ParticipantRole,
    ParticipantStatus,
    Person,
    StatusChange,
)

FORMAT = "tandem-records/1"
LEFT = (ParticipantStatus.COMPLETED, ParticipantStatus.WITHDRAWN)
CONTRACTS = ("permanent", "fixed_term", "temporary_agency", "subsidised")
ECONOMIES = ("regular", "social")
GENDERS = tuple(GENDER_COLUMN)
FLAGS = (
    "disability",
    "third_country_national",
    "foreign_background",
    "minority",
    "homeless_or_housing_exclusion",
    "rural",
)
RECORD_FIELDS = frozenset(
    {
        "id",
        "gender",
        "birth_date",
        "birth_year",
        "entry_date",
        "leaving_date",
        "situation_at_entry",
        "unemployed_since",
        "entry_job",
        "isced",
        *FLAGS,
        "events",
    }
)
EVENT_FIELDS = (
    "date",
    "type",
    "contract",
    "full_time",
    "hours_per_week",
    "isco",
    "isco_skill_level",
    "nace",
    "economy",
)
JOB_FIELDS = frozenset({"contract", "full_time", "isco_skill_level"})


# --- the leaving date ------------------------------------------------------------------------


def leaving_dates(participants: QuerySet[Participant]) -> dict[int, date]:
    """The leaving date of every participant of the queryset who left (two queries); those
    still in are absent."""
    running = Mentorship.objects.filter(mentee=OuterRef("pk"), status=MentorshipStatus.ACTIVE)
    left = participants.filter(status__in=LEFT).exclude(Exists(running)).values("pk")
    found: dict[int, date] = dict(
        Mentorship.objects.filter(mentee__in=left)
        .exclude(status=MentorshipStatus.ACTIVE)
        .values("mentee")
        .annotate(last=Max("ended_on"))
        .values_list("mentee", "last")
    )
    # Left without any mentorship: the day they were (last) moved to their present status.
    moved = (
        StatusChange.objects.filter(participant__in=left, to_status=F("participant__status"))
        .values("participant")
        .annotate(at=Max("changed_at"))
        .values_list("participant", "at")
    )
    for participant_id, at in moved:
        if participant_id not in found:
            found[participant_id] = timezone.localdate(at)
    return found


def leaving_date(participant: Participant) -> date | None:
    """A mentee's leaving date, None while still in (see the module's docstring)."""
    if participant.status not in LEFT:
        return None
    return leaving_dates(Participant.objects.filter(pk=participant.pk)).get(participant.pk)


# --- from the database -----------------------------------------------------------------------


class IsoDate(Func):
    """A date as "YYYY-MM-DD" text, written by the database (a million events need no
    conversion in Python)."""

    output_field = CharField()

    def as_sql(self, compiler, connection, **extra):
        # SQLite keeps dates as ISO text already.
        return super().as_sql(compiler, connection, template="CAST(%(expressions)s AS text)")

    def as_postgresql(self, compiler, connection, **extra):
        return super().as_sql(
            compiler, connection, template="to_char(%(expressions)s, 'YYYY-MM-DD')"
        )


PSEUDONYM_SALT = "tandem.outcomes.records"


def _pseudonymiser() -> Callable[[int], str]:
    """``pseudonym`` with the key derived once (a hundred thousand records need it)."""
    key = hashlib.sha256((PSEUDONYM_SALT + settings.SECRET_KEY).encode()).digest()
    keyed = hmac.new(key, digestmod=hashlib.sha256)

    def pseudonym_of(person_id: int) -> str:
        mac = keyed.copy()
        mac.update(str(person_id).encode())
        return mac.hexdigest()[:20]

    return pseudonym_of


def pseudonym(person_id: int) -> str:
    """A stable id for a person that reveals neither the name nor the database key: an HMAC of
    the key with the installation's SECRET_KEY (the same in every export while the key stays);
    Django's ``salted_hmac`` with SHA-256, cut to 20 hex digits."""
    return salted_hmac(PSEUDONYM_SALT, str(person_id), algorithm="sha256").hexdigest()[:20]


def mentees_for(
    participants: QuerySet[Participant], *, with_consent_only: bool = True
) -> QuerySet[Participant]:
    """The mentees of ``participants`` that the indicators count: those with a situation at
    entry, and (``with_consent_only``) a standing consent to research and reporting use."""
    mentees = participants.filter(role=ParticipantRole.MENTEE, entry_profile__isnull=False)
    if with_consent_only:
        consenting = persons_granting(Person.objects.all(), ConsentPurpose.RESEARCH)
        mentees = mentees.filter(person__in=consenting.values("pk"))
    return mentees


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


@contextmanager
def _no_cyclic_collection() -> Iterator[None]:
    """Building or reading records makes millions of small dicts and no reference cycles: the
    cyclic collector would walk them again and again, so it pauses meanwhile (as the match
    instance loader does)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def records_for(
    participants: QuerySet[Participant], *, with_consent_only: bool = True
) -> list[dict[str, Any]]:
    """The records of ``participants`` (mentees with an EntryProfile; with ``with_consent_only``
    only those with a standing research consent) in the records-file format, sorted by id.

    A constant number of queries whatever the size (one for the participants, two for the
    leaving dates, one for the confirmed events in the order they were recorded)."""
    with _no_cyclic_collection():
        return _records_for(participants, with_consent_only=with_consent_only)


def _records_for(
    participants: QuerySet[Participant], *, with_consent_only: bool
) -> list[dict[str, Any]]:
    mentees = mentees_for(participants, with_consent_only=with_consent_only)
    leaving = leaving_dates(mentees)
    rows = mentees.order_by("entry_profile__entry_date", "pk").values_list(
        "pk",
        "person_id",
        "person__gender",
        "person__birth_date",
        "person__birth_year",
        "person__education_level",
        "entry_profile__entry_date",
        "entry_profile__situation",
        "entry_profile__unemployed_since",
        "entry_profile__contract",
        "entry_profile__full_time",
        "entry_profile__isco_skill_level",
        *(f"entry_profile__{flag}" for flag in FLAGS),
    )
    pseudonym_of = _pseudonymiser()
    by_person: dict[int, dict[str, Any]] = {}
    events_of: dict[int, list[dict[str, Any]]] = {}
    for row in rows:
        pk, person_id, gender, birth_date, birth_year, isced, entry, situation = row[:8]
        since, contract, full_time, skill_level = row[8:12]
        record = by_person.get(person_id)
        if record is not None:
            # Taking part again: one participant, with the first entry (rows come in entry
            # order) and the last leaving (None while any participation still runs).
            previous = record["leaving_date"]
            day = leaving.get(pk)
            record["leaving_date"] = (
                None if previous is None or day is None else max(previous, day.isoformat())
            )
            events_of[pk] = record["events"]
            continue
        record = {"id": pseudonym_of(person_id), "gender": _gender(gender)}
        if birth_date is not None:
            record["birth_date"] = birth_date.isoformat()
        else:
            record["birth_year"] = birth_year
        record.update(
            entry_date=entry.isoformat(),
            leaving_date=_iso(leaving.get(pk)),
            situation_at_entry=situation,
            unemployed_since=_iso(since),
            entry_job=(
                {
                    "contract": contract or None,
                    "full_time": full_time,
                    "isco_skill_level": skill_level,
                }
                if situation in WORKING
                else None
            ),
            isced=isced,
            **dict(zip(FLAGS, row[12:], strict=True)),
            events=[],
        )
        by_person[person_id] = record
        events_of[pk] = record["events"]
    if by_person:
        events = (
            StatusEvent.objects.filter(
                participant__in=mentees.values("pk"), status=EventStatus.CONFIRMED
            )
            .order_by("pk")
            .values_list("participant_id", IsoDate("date"), *EVENT_FIELDS[1:])
        )
        # Fetched in one go, by the ORM's own SQL: ``iterator()`` (a server-side cursor) makes
        # PostgreSQL pick a fast-start plan, and the queryset's rows of a hundred at a time
        # cost a second more for a national programme (bench/indicators.py). Without
        # Django's converters SQLite gives 0/1 for booleans, hence the bool() below.
        sql, params = events.query.sql_with_params()
        with connections[events.db].cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        for pk, day, kind, contract, full_time, hours, isco, level, nace, economy in rows:
            events_of[pk].append(
                {
                    "date": day,
                    "type": kind,
                    "contract": contract or None,
                    "full_time": None if full_time is None else bool(full_time),
                    "hours_per_week": None if hours is None else float(hours),
                    "isco": isco or None,
                    "isco_skill_level": level,
                    "nace": nace or None,
                    "economy": economy or None,
                }
            )
    # Sorted by the pseudonym: the order says nothing about when someone was registered.
    return sorted(by_person.values(), key=lambda record: record["id"])


def _gender(value: str) -> str:
    return value if value in (Gender.WOMAN, Gender.MAN, Gender.NON_BINARY) else "unknown"


def records_file(records: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """The whole file: ``{"format": "tandem-records/1", "participants": [...]}``."""
    return {"format": FORMAT, "participants": list(records)}


# --- from a file -----------------------------------------------------------------------------


class RecordsError(ValueError):
    """A records file that cannot be used as given; the message names the problem and where."""


_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISCO = re.compile(r"\d{1,4}")
_NACE = re.compile(r"[A-U]")


def _fail(where: str, problem: str) -> RecordsError:
    return RecordsError(f"{where}: {problem}")


def _date(value: Any, where: str, *, optional: bool = False) -> None:
    if value is None and optional:
        return
    if isinstance(value, str) and _DATE.fullmatch(value):
        try:
            date.fromisoformat(value)
            return
        except ValueError:
            pass
    raise _fail(where, f"expected a date YYYY-MM-DD, got {value!r}")


def _choice(value: Any, where: str, allowed: tuple[str, ...], *, optional: bool = False) -> None:
    if value is None and optional:
        return
    if value not in allowed:
        nullable = " or null" if optional else ""
        raise _fail(where, f"must be one of {', '.join(allowed)}{nullable}, got {value!r}")


def _boolean(value: Any, where: str, *, optional: bool = False) -> None:
    if value is None and optional:
        return
    if not isinstance(value, bool):
        raise _fail(where, f"expected true or false{' or null' if optional else ''}, got {value!r}")


def _whole(value: Any, where: str, low: int, high: int, *, optional: bool = True) -> None:
    if value is None and optional:
        return
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise _fail(where, f"expected a whole number from {low} to {high} or null, got {value!r}")


def _fields(obj: Any, where: str, required: frozenset[str], optional: frozenset[str]) -> dict:
    if not isinstance(obj, dict):
        raise _fail(where, "expected an object")
    unknown = sorted(set(obj) - required - optional)
    if unknown:
        raise _fail(where, f"unknown field {unknown[0]!r}")
    missing = sorted(required - set(obj))
    if missing:
        raise _fail(where, f"missing field {missing[0]!r}")
    return obj


def _event(obj: Any, where: str) -> None:
    _fields(obj, where, frozenset(EVENT_FIELDS), frozenset())
    _date(obj["date"], f"{where}.date")
    _choice(obj["type"], f"{where}.type", EVENT_TYPES)
    _choice(obj["contract"], f"{where}.contract", CONTRACTS, optional=True)
    if obj["contract"] is not None and obj["type"] not in WORKING:
        raise _fail(f"{where}.contract", "only employed and self_employed events have a contract")
    _boolean(obj["full_time"], f"{where}.full_time", optional=True)
    hours = obj["hours_per_week"]
    if hours is not None and (
        isinstance(hours, bool)
        or not isinstance(hours, int | float)
        or not math.isfinite(hours)
        or not 0 <= hours <= 80
    ):
        raise _fail(f"{where}.hours_per_week", f"expected a number from 0 to 80, got {hours!r}")
    isco = obj["isco"]
    if isco is not None and not (isinstance(isco, str) and _ISCO.fullmatch(isco)):
        raise _fail(f"{where}.isco", f"expected an ISCO-08 code of 1 to 4 digits, got {isco!r}")
    _whole(obj["isco_skill_level"], f"{where}.isco_skill_level", 1, 4)
    nace = obj["nace"]
    if nace is not None and not (isinstance(nace, str) and _NACE.fullmatch(nace)):
        raise _fail(f"{where}.nace", f"expected a NACE section letter A to U, got {nace!r}")
    _choice(obj["economy"], f"{where}.economy", ECONOMIES, optional=True)


def _record(obj: Any, where: str) -> None:
    identifier = obj.get("id") if isinstance(obj, dict) else None
    if isinstance(obj, dict) and (not isinstance(identifier, str) or not identifier.strip()):
        raise _fail(f"{where}.id", "every participant needs a non-empty string id")
    if identifier:
        where = f"{where} (id {identifier})"
    _fields(obj, where, RECORD_FIELDS - {"birth_date", "birth_year"}, frozenset(RECORD_FIELDS))
    if ("birth_date" in obj) == ("birth_year" in obj):
        raise _fail(where, "give either birth_date or birth_year (null when unknown), not both")
    if "birth_date" in obj:
        _date(obj["birth_date"], f"{where}.birth_date", optional=True)
    else:
        _whole(obj["birth_year"], f"{where}.birth_year", 1900, 2100)
    _choice(obj["gender"], f"{where}.gender", GENDERS)
    _date(obj["entry_date"], f"{where}.entry_date")
    _date(obj["leaving_date"], f"{where}.leaving_date", optional=True)
    _choice(obj["situation_at_entry"], f"{where}.situation_at_entry", SITUATIONS_AT_ENTRY)
    _date(obj["unemployed_since"], f"{where}.unemployed_since", optional=True)
    if obj["unemployed_since"] is not None and obj["situation_at_entry"] != "unemployed":
        raise _fail(f"{where}.unemployed_since", "only an unemployed participant has this date")
    job = obj["entry_job"]
    if job is not None:
        if obj["situation_at_entry"] not in WORKING:
            raise _fail(f"{where}.entry_job", "only the employed and self-employed have one")
        _fields(job, f"{where}.entry_job", JOB_FIELDS, frozenset())
        _choice(job["contract"], f"{where}.entry_job.contract", CONTRACTS, optional=True)
        _boolean(job["full_time"], f"{where}.entry_job.full_time", optional=True)
        _whole(job["isco_skill_level"], f"{where}.entry_job.isco_skill_level", 1, 4)
    _whole(obj["isced"], f"{where}.isced", 0, 8)
    for flag in FLAGS:
        _boolean(obj[flag], f"{where}.{flag}")
    events = obj["events"]
    if not isinstance(events, list):
        raise _fail(f"{where}.events", "expected a list")
    for index, event in enumerate(events):
        _event(event, f"{where}.events[{index}]")


def load_records(data: Any) -> list[dict[str, Any]]:
    """The participants of a records file (the parsed JSON, or its text), checked strictly:
    a ``RecordsError`` names the first problem and where it is."""
    with _no_cyclic_collection():
        return _load_records(data)


def _load_records(data: Any) -> list[dict[str, Any]]:
    if isinstance(data, str | bytes):
        try:
            data = json.loads(data)
        except ValueError as error:
            raise RecordsError(f"not JSON: {error}") from None
    if not isinstance(data, dict):
        raise RecordsError("expected an object with 'format' and 'participants'")
    _fields(data, "file", frozenset({"format", "participants"}), frozenset())
    if data["format"] != FORMAT:
        raise _fail("format", f"expected {FORMAT!r}, got {data['format']!r}")
    participants = data["participants"]
    if not isinstance(participants, list):
        raise _fail("participants", "expected a list")
    seen: set[str] = set()
    for index, record in enumerate(participants):
        _record(record, f"participants[{index}]")
        if record["id"] in seen:
            raise _fail(
                f"participants[{index}]",
                f"id {record['id']!r} appears twice (one record per participant)",
            )
        seen.add(record["id"])
    return participants
