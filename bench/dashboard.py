"""How fast a programme's outcome dashboard is served at national scale.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tandem .venv/bin/python bench/dashboard.py

Builds, in a throw-away test database it creates and drops itself (never the developer's),
one programme of BENCH_MENTEES mentees (default 100,000; with 10 % as many mentors) and
BENCH_EVENTS confirmed status events (default 1,000,000), with situations at entry, research
consents, mentorships (most closed) and the status changes of the funnel. Then it prints the
time of the dashboard page for 2025:

- first visit: nothing in the cache (above INLINE_LIMIT mentees the page asks the worker and
  says "being computed"; below, it computes the figures itself);
- the computation of the figures (what the worker, or a small programme's first visit, does);
- warm: the figures in the cache (what every later visit costs; the goal is under 1 s);
- stale: after a new event (the page shows the cached figures and asks the worker to refresh).

Figures, not assertions. SQLite works too (smaller sizes advised: BENCH_MENTEES=10000).
"""

import os
import random
import statistics
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import django

django.setup()

from allauth.mfa.models import Authenticator  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

from tandem.accounts.models import Membership, User  # noqa: E402
from tandem.mentorships.models import Mentorship  # noqa: E402
from tandem.outcomes import dashboards  # noqa: E402
from tandem.outcomes.models import EntryProfile, StatusEvent  # noqa: E402
from tandem.people.models import Consent, Participant, Person, StatusChange  # noqa: E402
from tandem.programmes.models import Cohort, Organisation, Programme  # noqa: E402

MENTEES = int(os.environ.get("BENCH_MENTEES", "100000"))
EVENTS = int(os.environ.get("BENCH_EVENTS", "1000000"))
BATCH = 10_000
BENCH_DATABASE = "tandem_bench_dashboard"
PERIOD = (date(2025, 1, 1), date(2025, 12, 31))
TYPES = ["employed", "job_searching", "education_or_training", "internship", "inactive"]
GENDERS = ["woman", "man", "woman", "man", "non_binary", "prefers_not_to_say"]
SITUATIONS = ["unemployed", "unemployed", "inactive", "employed"]


def chunks(items, size=BATCH):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def build(org: Organisation) -> Programme:
    rnd = random.Random(6)
    now = timezone.now()
    programme = Programme.objects.create(
        organisation=org, name="National", name_en="National", slug="national", target_group="youth"
    )
    cohorts = Cohort.objects.bulk_create(
        Cohort(programme=programme, name=f"Round {i}", starts_on=date(2024, 1 + i, 1))
        for i in range(10)
    )
    mentors = MENTEES // 10
    person_ids = []
    for part in chunks(range(MENTEES + mentors)):
        person_ids += [
            p.pk
            for p in Person.objects.bulk_create(
                Person(
                    organisation=org,
                    first_name=f"F{i}",
                    last_name=f"L{i}",
                    gender=GENDERS[i % len(GENDERS)],
                    birth_year=1960 + i % 45,
                    education_level=i % 9,
                )
                for i in part
            )
        ]
    mentee_people, mentor_people = person_ids[:MENTEES], person_ids[MENTEES:]
    status_of = {}
    participants: list[Participant] = []
    for part in chunks(list(enumerate(mentee_people))):
        objs = []
        for i, pk in part:
            status = "active" if i % 10 < 3 else ("completed" if i % 10 < 9 else "withdrawn")
            status_of[i] = status
            objs.append(
                Participant(
                    person_id=pk,
                    programme=programme,
                    cohort=cohorts[i % len(cohorts)] if i % 7 else None,
                    role="mentee",
                    status=status,
                    status_changed_at=now,
                )
            )
        participants += Participant.objects.bulk_create(objs)
    mentor_rows = []
    for part in chunks(mentor_people):
        mentor_rows += Participant.objects.bulk_create(
            Participant(
                person_id=pk,
                programme=programme,
                role="mentor",
                status="active",
                status_changed_at=now,
            )
            for pk in part
        )
    entries: dict[int, date] = {}
    profiles, consents, mentorships, changes = [], [], [], []
    for i, participant in enumerate(participants):
        entry = date(2024, 1, 1) + timedelta(days=rnd.randrange(700))
        if i % 20:  # one in twenty has no situation at entry
            entries[participant.pk] = entry
            situation = SITUATIONS[i % len(SITUATIONS)]
            profiles.append(
                EntryProfile(
                    participant=participant,
                    entry_date=entry,
                    situation=situation,
                    unemployed_since=entry - timedelta(days=rnd.randrange(900))
                    if situation == "unemployed"
                    else None,
                    contract="fixed_term" if situation == "employed" else "",
                    full_time=False if situation == "employed" else None,
                    third_country_national=bool(i % 3),
                )
            )
        if i % 10:  # one in ten did not consent to reports
            consents.append(
                Consent(
                    person_id=participant.person_id,
                    purpose="research",
                    text_version="bench",
                    channel="paper",
                    given_at=now,
                )
            )
        started = entry + timedelta(days=20)
        closed = status_of[i] != "active"
        mentorships.append(
            Mentorship(
                programme=programme,
                mentee=participant,
                mentor=mentor_rows[i % len(mentor_rows)],
                started_on=started,
                status="completed"
                if status_of[i] == "completed"
                else ("ended_early" if closed else "active"),
                ended_on=started + timedelta(days=180) if closed else None,
                closure_reason="period_ended" if closed else "",
            )
        )
        for step, days in (("applied", -30), ("matched", 10), ("active", 20)):
            at = datetime.combine(entry + timedelta(days=days), datetime.min.time())
            changes.append(
                StatusChange(
                    participant=participant,
                    to_status=step,
                    changed_at=timezone.make_aware(at),
                )
            )
    for model, rows in (
        (EntryProfile, profiles),
        (Consent, consents),
        (Mentorship, mentorships),
        (StatusChange, changes),
    ):
        for part in chunks(rows):
            model.objects.bulk_create(part)
    with_entry = list(entries.items())
    for part in chunks(range(EVENTS), 20_000):
        objs = []
        for _n in part:
            pk, entry = with_entry[rnd.randrange(len(with_entry))]
            kind = TYPES[rnd.randrange(len(TYPES))]
            objs.append(
                StatusEvent(
                    participant_id=pk,
                    date=entry + timedelta(days=rnd.randrange(600)),
                    type=kind,
                    contract="permanent" if kind == "employed" else "",
                    full_time=True if kind == "employed" else None,
                    isco_skill_level=2 if kind == "employed" else None,
                    economy="regular" if kind == "employed" else "",
                    recorded_at=now,
                )
            )
        StatusEvent.objects.bulk_create(objs)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE")
    return programme


def timed(client: Client, url: str) -> tuple[float, int]:
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = client.get(url)
        seconds = time.perf_counter() - started
    assert response.status_code == 200, response.status_code
    return seconds, len(queries)


def main() -> None:
    setup_test_environment()
    # A database of its own, so a test run of the same installation is never dropped.
    connection.settings_dict.setdefault("TEST", {})["NAME"] = BENCH_DATABASE
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        org = Organisation.objects.create(name="Bench", slug="bench")
        started = time.perf_counter()
        programme = build(org)
        print(f"database: {connection.vendor}")
        print(
            f"built {MENTEES:,} mentees, {MENTEES // 10:,} mentors, "
            f"{StatusEvent.objects.count():,} status events in "
            f"{time.perf_counter() - started:.0f} s"
        )
        user = User.objects.create_user(email="c@example.org", password="x")
        Membership.objects.create(user=user, organisation=org, role="coordinator")
        Authenticator.objects.create(user=user, type="totp", data={})
        client = Client()
        client.force_login(user)
        url = (
            f"/outcomes/programmes/{programme.pk}/dashboard/"
            f"?period_from={PERIOD[0].isoformat()}&period_to={PERIOD[1].isoformat()}"
        )
        cache.clear()
        first, first_queries = timed(client, url)
        started = time.perf_counter()
        dashboards.compute_and_store([programme.pk], *PERIOD)
        worker = time.perf_counter() - started
        warm = [timed(client, url) for _ in range(5)]
        participant = Participant.objects.filter(programme=programme, role="mentee").first()
        StatusEvent.objects.create(
            participant=participant,
            date=date(2025, 6, 1),
            type="employed",
            recorded_at=timezone.now(),
        )
        stale, stale_queries = timed(client, url)
        rows = [
            ("first visit, nothing cached", first, first_queries),
            ("figures computed (worker or first visit)", worker, ""),
            ("dashboard, warm (median of 5)", statistics.median(t for t, _q in warm), warm[-1][1]),
            ("dashboard, stale (cached; refresh queued)", stale, stale_queries),
        ]
        print(f"{'page':<44}{'ms':>10}{'queries':>9}")
        for label, seconds, queries in rows:
            print(f"{label:<44}{seconds * 1000:>10.0f}{queries:>9}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
