"""How long the indicators of a national programme take: 100,000 mentees, 1,000,000 status events.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tandem .venv/bin/python bench/indicators.py

The data go into a throw-away database of their own (``test_tandem_bench_indicators``, made and
dropped here; the developer's database is never touched). It times ``records_for`` (the
database path, consenting participants only), ``esf`` on those records, the file's round trip
(JSON text and ``load_records``) and ``own_indicators``, and prints the figures with the number
of queries. Target: records_for + esf under 5 s. BENCH_MENTEES changes the size; BENCH_KEEP=1
keeps the database for the next run (which then skips the building).
"""

import os
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import django

django.setup()

import json  # noqa: E402

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

from tandem.mentorships.models import Mentorship  # noqa: E402
from tandem.outcomes.indicators.esf import esf  # noqa: E402
from tandem.outcomes.indicators.own import own_indicators  # noqa: E402
from tandem.outcomes.models import EntryProfile, StatusEvent  # noqa: E402
from tandem.outcomes.records import load_records, records_file, records_for  # noqa: E402
from tandem.people.models import Consent, Participant, Person  # noqa: E402
from tandem.programmes.models import Organisation, Programme  # noqa: E402

MENTEES = int(os.environ.get("BENCH_MENTEES", "100000"))
EVENTS_PER_MENTEE = 10
MENTORS = max(1, MENTEES // 20)
BATCH = 5000
TYPES = [
    "employed",
    "employed",
    "self_employed",
    "job_searching",
    "education_or_training",
    "internship",
    "volunteering",
    "inactive",
    "qualification_gained",
    "diploma_recognised",
]
SITUATIONS = ["unemployed", "unemployed", "inactive", "employed", "self_employed"]
GENDERS = ["woman", "man", "non_binary", "prefers_not_to_say"]
CONTRACTS = ["permanent", "fixed_term", "temporary_agency", "subsidised"]


def chunks(total: int):
    for start in range(0, total, BATCH):
        yield range(start, min(start + BATCH, total))


def fill(programme: Programme) -> None:
    rng = random.Random(6)
    now = timezone.now()
    org = programme.organisation
    mentors = []
    for block in chunks(MENTORS):
        persons = Person.objects.bulk_create(
            Person(organisation=org, first_name=f"M{i}", last_name=f"Mentor{i}") for i in block
        )
        mentors += Participant.objects.bulk_create(
            Participant(
                person=p, programme=programme, role="mentor", status="active", status_changed_at=now
            )
            for p in persons
        )
    events_made = 0
    for block in chunks(MENTEES):
        persons = Person.objects.bulk_create(
            Person(
                organisation=org,
                first_name=f"F{i}",
                last_name=f"Mentee{i}",
                gender=rng.choice(GENDERS),
                birth_date=date(1960, 1, 1) + timedelta(days=rng.randrange(45 * 365)),
                education_level=rng.choice([None, *range(9)]),
            )
            for i in block
        )
        # 60 % completed after a mentorship, 20 % in one, 20 % withdrawn without one.
        fates = [rng.choice("cccccaaww"[:9]) for _ in persons]
        participants = Participant.objects.bulk_create(
            Participant(
                person=p,
                programme=programme,
                role="mentee",
                status={"c": "completed", "a": "active", "w": "withdrawn"}[fate],
                status_changed_at=now,
            )
            for p, fate in zip(persons, fates, strict=True)
        )
        Consent.objects.bulk_create(
            Consent(person=p, purpose="research", text_version="b", channel="paper", given_at=now)
            for p in persons
            if rng.random() < 0.9
        )
        entries = {}
        profiles = []
        for participant in participants:
            entry = date(2023, 1, 1) + timedelta(days=rng.randrange(3 * 365))
            entries[participant.pk] = entry
            situation = rng.choice(SITUATIONS)
            working = situation in ("employed", "self_employed")
            profiles.append(
                EntryProfile(
                    participant=participant,
                    entry_date=entry,
                    situation=situation,
                    unemployed_since=(
                        entry - timedelta(days=rng.randrange(900))
                        if situation == "unemployed"
                        else None
                    ),
                    contract=rng.choice(CONTRACTS) if working else "",
                    full_time=rng.choice([True, False]) if working else None,
                    isco_skill_level=rng.randint(1, 4) if working else None,
                    third_country_national=rng.random() < 0.6,
                )
            )
        EntryProfile.objects.bulk_create(profiles)
        Mentorship.objects.bulk_create(
            Mentorship(
                programme=programme,
                mentee=participant,
                mentor=rng.choice(mentors),
                started_on=entries[participant.pk] + timedelta(days=30),
                status="completed" if fate == "c" else "active",
                ended_on=entries[participant.pk] + timedelta(days=210) if fate == "c" else None,
                closure_reason="period_ended" if fate == "c" else "",
            )
            for participant, fate in zip(participants, fates, strict=True)
            if fate != "w"
        )
        events = []
        for participant in participants:
            entry = entries[participant.pk]
            for _ in range(EVENTS_PER_MENTEE):
                kind = rng.choice(TYPES)
                working = kind in ("employed", "self_employed")
                events.append(
                    StatusEvent(
                        participant=participant,
                        date=entry + timedelta(days=rng.randrange(-30, 600)),
                        type=kind,
                        contract=rng.choice(CONTRACTS) if working else "",
                        full_time=rng.choice([True, False, None]),
                        isco_skill_level=rng.choice([None, 1, 2, 3, 4]),
                        economy=rng.choice(["", "regular", "social"]) if working else "",
                        status="confirmed" if rng.random() < 0.9 else "proposed",
                        recorded_at=now,
                    )
                )
        StatusEvent.objects.bulk_create(events, batch_size=BATCH)
        events_made += len(events)
        print(f"  {block.stop:>7} mentees, {events_made:>9} events", end="\r", flush=True)
    print()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def timed(label: str, work, runs: int = 3):
    times, result, queries = [], None, 0
    for _ in range(runs):
        result = None  # the previous run's records are freed first, not measured
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            result = work()
            times.append(time.perf_counter() - started)
        queries = len(captured)
    print(f"{label:<38}{statistics.median(times):>9.2f} s{queries:>9}")
    return result, statistics.median(times)


def main() -> None:
    setup_test_environment()
    connection.settings_dict.setdefault("TEST", {})["NAME"] = "test_tandem_bench_indicators"
    keep = bool(os.environ.get("BENCH_KEEP"))
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=keep)
    try:
        programme = Programme.objects.filter(slug="national").first()
        if programme is None:
            org = Organisation.objects.create(name="Bench", slug="bench")
            programme = Programme.objects.create(
                organisation=org, name="National", name_en="National", slug="national",
                target_group="youth",
            )  # fmt: skip
            print(f"database: {connection.vendor}; building {MENTEES} mentees, "
                  f"{MENTEES * EVENTS_PER_MENTEE} status events ...")  # fmt: skip
            started = time.perf_counter()
            fill(programme)
            print(f"built in {time.perf_counter() - started:.0f} s")
        participants = Participant.objects.filter(programme=programme)
        period = {"period_from": date(2024, 1, 1), "period_to": date(2024, 12, 31)}
        as_of = date(2026, 6, 30)
        print(f"{'step':<38}{'median':>11}{'queries':>9}")
        records, t_records = timed("records_for (consenting)", lambda: records_for(participants))
        _, t_esf = timed("esf (one year)", lambda: esf(records, **period, as_of=as_of))
        text, _ = timed("file: JSON text", lambda: json.dumps(records_file(records)), runs=1)
        loaded, _ = timed("file: load_records", lambda: load_records(text), runs=1)
        timed("own_indicators (one year)", lambda: own_indicators([programme], **period), runs=1)
        print(f"{'records_for + esf':<38}{t_records + t_esf:>9.2f} s   (target < 5 s)")
        events = sum(len(r["events"]) for r in records)
        print(
            f"{len(records)} records with {events} confirmed events; file {len(text) / 1e6:.0f} MB"
        )
        assert esf(loaded, **period, as_of=as_of) == esf(records, **period, as_of=as_of)
    finally:
        if keep:
            connection.close()
        else:
            connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
