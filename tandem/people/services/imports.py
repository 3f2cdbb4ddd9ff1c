"""Importing a spreadsheet of people: every row checked first, then all saved or none."""

import logging
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.accounts.models import User
from tandem.people import imports
from tandem.people.models import (
    ImportJob,
    ImportStatus,
    Participant,
    ParticipantStatus,
    Person,
    PersonLanguage,
    StatusChange,
)
from tandem.people.services.persons import apply_fields, match_keys
from tandem.programmes.models import Organisation, Programme

PROGRESS_EVERY = 250
logger = logging.getLogger(__name__)


def import_start(
    *,
    organisation: Organisation,
    created_by: User,
    filename: str,
    content: bytes,
    language: str,
    programme: Programme | None = None,
    role: str = "",
) -> ImportJob:
    """Keep an uploaded file for import, once it reads as a table (else ImportRefused)."""
    table = imports.read_table(content, filename)
    if programme is not None and programme.organisation_id != organisation.pk:
        raise ValidationError(_("This programme belongs to another organisation."))
    return ImportJob.objects.create(
        organisation=organisation,
        created_by=created_by,
        filename=filename[:200],
        content=content,
        language=language,
        programme=programme,
        role=role if programme else "",
        total_rows=len(table.rows),
        mapping=imports.guess_mapping(table.headers),
    )


@dataclass
class _Known:
    key: int
    names: set[str]  # folded first and last name words
    name_key: str
    birth_date: object
    birth_year: int | None


class _Matcher:
    """Finds the person a row describes among those the organisation has, so that a re-import
    updates instead of duplicating. A shared e-mail address or phone (a family, a caseworker)
    only counts when the names agree too; name and birth only when the births do not differ."""

    def __init__(self, organisation: Organisation) -> None:
        self.by_email: dict[str, list[_Known]] = {}
        self.by_phone: dict[str, list[_Known]] = {}
        self.by_name: dict[str, list[_Known]] = {}
        people = Person.objects.filter(organisation=organisation).values_list(
            "pk", "email", "phone_key", "name_key", "birth_date", "birth_year"
        )
        for pk, email, phone_key, name_key, birth_date, birth_year in people:
            self.add(pk, email, phone_key, name_key, birth_date, birth_year)

    def add(self, key, email, phone_key, name_key, birth_date, birth_year) -> None:
        known = _Known(key, set(name_key.split()), name_key, birth_date, birth_year)
        for index, value in ((self.by_email, email), (self.by_phone, phone_key)):
            if value:
                index.setdefault(value, []).append(known)
        self.by_name.setdefault(name_key, []).append(known)

    def find(self, fields: dict) -> int | None:
        names = ("first_name", "last_name", "phone")
        probe = Person(**{k: v for k, v in fields.items() if k in names})
        phone_key, name_key = match_keys(probe)
        words = set(name_key.split())
        birth = fields.get("birth_date")
        year = fields.get("birth_year") or (birth.year if birth else None)

        def same_birth(known: _Known) -> bool:
            if birth and known.birth_date:
                return birth == known.birth_date
            known_year = known.birth_year or (known.birth_date.year if known.birth_date else None)
            return bool(year and known_year and year == known_year)

        candidates = [
            *(k for k in self.by_email.get(fields.get("email", ""), []) if k.names & words),
            *(k for k in self.by_phone.get(phone_key, []) if phone_key and k.names & words),
            *(k for k in self.by_name.get(name_key, []) if same_birth(k)),
        ]
        return candidates[0].key if candidates else None


def import_run(*, job: ImportJob) -> ImportJob:
    """Check every row, then save them all in one transaction — or, at the first problem,
    nothing. The job records its progress, the counts, and the errors per row."""
    # Run once: a second task for the same job (a double click, two workers) does nothing.
    started = ImportJob.objects.filter(
        pk=job.pk, status__in=[ImportStatus.UPLOADED, ImportStatus.QUEUED]
    ).update(status=ImportStatus.RUNNING, checked_rows=0, errors=[])
    job.refresh_from_db()
    if not started:
        return job
    try:
        return _run(job)
    except Exception:
        logger.exception("Import job %s stopped unexpectedly", job.pk)
        return _finish(
            job,
            ImportStatus.FAILED,
            [[0, [_("The import stopped unexpectedly; nothing was saved.")]]],
        )


def _run(job: ImportJob) -> ImportJob:
    try:
        table = imports.read_table(bytes(job.content), job.filename)
        rows = []
        for start in range(0, len(table.rows), PROGRESS_EVERY):
            part = imports.Table(table.headers, table.rows[start : start + PROGRESS_EVERY])
            for row in imports.check_rows(part, job.mapping):
                row.number += start
                rows.append(row)
            job.checked_rows = len(rows)
            job.save(update_fields=["checked_rows"])
    except imports.ImportRefused as refusal:
        return _finish(job, ImportStatus.FAILED, [[0, [str(refusal)]]])
    errors = [[row.number, row.errors] for row in rows if row.errors]
    if errors:
        return _finish(job, ImportStatus.FAILED, errors)
    try:
        created, updated = _save(job, rows)
    except _RowFailed as failure:
        return _finish(job, ImportStatus.FAILED, [[failure.number, failure.messages]])
    job.created_count, job.updated_count = created, updated
    job.save(update_fields=["created_count", "updated_count"])
    return _finish(job, ImportStatus.DONE, [])


class _RowFailed(Exception):
    def __init__(self, number: int, messages: list[str]) -> None:
        self.number, self.messages = number, messages


# Saved in batches: one import of thousands of rows must not cost thousands of round trips.
BATCH = 1000
PERSON_COLUMNS = [
    "first_name",
    "last_name",
    "preferred_name",
    "birth_date",
    "birth_year",
    "gender",
    "email",
    "phone",
    "contact_channel",
    "country_of_origin",
    "postcode",
    "municipality",
    "latitude",
    "longitude",
    "education_level",
    "sectors",
    "occupation",
    "interests",
    "availability",
    "search_text",
    "phone_key",
    "name_key",
    "updated_at",
]


@transaction.atomic
def _save(job: ImportJob, rows: list[imports.Row]) -> tuple[int, int]:
    """Create or update every row's person (and participation), in batches. Rows that describe
    the same person (in the file or in Tandem) end up as one person."""
    matcher = _Matcher(job.organisation)
    existing = Person.objects.in_bulk(
        [pk for row in rows if (pk := matcher.find(row.fields)) is not None]
    )
    new: list[Person] = []
    pending: dict[int, Person] = {}  # matcher keys of people not saved yet: -1, -2, …
    languages: dict[int, dict[str, str]] = {}  # id(person) → {code: level} from the file
    touched: dict[int, Person] = {}
    for row in rows:
        key = matcher.find(row.fields)
        if key is None:
            person = Person(organisation=job.organisation)
            new.append(person)
            key = -len(new)
            pending[key] = person
        else:
            person = pending.get(key) or existing[key]
            if key > 0:
                touched[key] = person
        try:
            apply_fields(person, row.fields)
        except ValidationError as error:
            raise _RowFailed(row.number, error.messages) from None
        matcher.add(
            key,
            person.email,
            person.phone_key,
            person.name_key,
            person.birth_date,
            person.birth_year,
        )
        languages.setdefault(id(person), {}).update(dict(row.languages))

    now = timezone.now()
    Person.objects.bulk_create(new, batch_size=BATCH)
    for person in touched.values():
        person.updated_at = now
    # One plain UPDATE per person: far cheaper than bulk_update's CASE over many columns.
    for person in touched.values():
        Person.objects.filter(pk=person.pk).update(
            **{column: getattr(person, column) for column in PERSON_COLUMNS}
        )

    everyone = [*new, *touched.values()]
    # The file's languages replace those levels; other languages a person had stay.
    by_code: dict[str, list[int]] = {}
    for p in touched.values():
        for code in languages[id(p)]:
            by_code.setdefault(code, []).append(p.pk)
    for code, pks in by_code.items():
        PersonLanguage.objects.filter(code=code, person_id__in=pks).delete()
    PersonLanguage.objects.bulk_create(
        [
            PersonLanguage(person=p, code=code, level=level)
            for p in everyone
            for code, level in languages[id(p)].items()
        ],
        batch_size=BATCH,
    )

    if job.programme:
        enrolled = set(
            Participant.objects.filter(programme=job.programme, role=job.role).values_list(
                "person_id", flat=True
            )
        )
        joining = [p for p in everyone if p.pk not in enrolled]
        participants = Participant.objects.bulk_create(
            [
                Participant(
                    person=p,
                    programme=job.programme,
                    role=job.role,
                    status=ParticipantStatus.APPLIED,
                    status_changed_at=now,
                )
                for p in joining
            ],
            batch_size=BATCH,
        )
        # A file's name can say more than it should; the history only says where people came from.
        reason = _("Imported from a spreadsheet")
        StatusChange.objects.bulk_create(
            [
                StatusChange(
                    participant=participant,
                    to_status=ParticipantStatus.APPLIED,
                    changed_at=now,
                    changed_by=job.created_by,
                    reason=reason,
                )
                for participant in participants
            ],
            batch_size=BATCH,
        )
    return len(new), len(touched)


def _finish(job: ImportJob, status: str, errors: list) -> ImportJob:
    # Done or not, the spreadsheet is not kept: a corrected file is uploaded anew.
    job.status, job.errors, job.finished_at, job.content = status, errors, timezone.now(), b""
    job.save(update_fields=["status", "errors", "finished_at", "content"])
    return job
