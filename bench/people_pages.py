"""How the coordinator's busiest pages behave as an organisation grows.

    .venv/bin/python bench/people_pages.py            # SQLite, in a throw-away test database
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tandem .venv/bin/python bench/people_pages.py

For 1,000 / 10,000 / 50,000 persons (each a participant with two languages) it prints the time
and the number of queries of: the people list (first page), a search, a filtered list, the
pipeline board of a programme and the coordinator's overview. Figures, not assertions.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import django

django.setup()

from allauth.mfa.models import Authenticator  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

from tandem.accounts.models import Membership, User  # noqa: E402
from tandem.people.models import Participant, Person, PersonLanguage  # noqa: E402
from tandem.programmes.models import Organisation, Programme  # noqa: E402

SIZES = [int(s) for s in os.environ.get("BENCH_SIZES", "1000,10000,50000").split(",")]
STATUSES = ["applied", "intake_planned", "intake_done", "eligible", "ready_to_match", "active"]


def grow(org: Organisation, programmes: list[Programme], target: int) -> None:
    have = Person.objects.filter(organisation=org).count()
    now = timezone.now()
    batch = 2000
    for start in range(have, target, batch):
        persons = Person.objects.bulk_create(
            Person(
                organisation=org,
                first_name=f"First{i}",
                last_name=f"Last{i:06d}",
                email=f"p{i}@example.org",
                postcode="1000",
                municipality="Bruxelles",
                search_text=f"first{i} last{i:06d} p{i}@example.org 1000 bruxelles",
            )
            for i in range(start, min(start + batch, target))
        )
        PersonLanguage.objects.bulk_create(
            PersonLanguage(person=p, code=code, level=level)
            for p in persons
            for code, level in (("ar", "native"), ("nl", "A2"))
        )
        Participant.objects.bulk_create(
            Participant(
                person=p,
                programme=programmes[p.pk % len(programmes)],
                role="mentee" if p.pk % 5 else "mentor",
                status=STATUSES[p.pk % len(STATUSES)],
                status_changed_at=now,
            )
            for p in persons
        )


def measure(client: Client, url: str, data: dict | None, runs: int = 5) -> tuple[float, int]:
    def fetch():
        # Searches are POSTed (names stay out of URLs); the rest are plain links.
        return client.post(url, data) if data else client.get(url)

    fetch()  # warm caches
    times = []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = fetch()
            times.append(time.perf_counter() - started)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(times), len(queries)


def main() -> None:
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        org = Organisation.objects.create(name="Bench", slug="bench")
        programmes = [
            Programme.objects.create(
                organisation=org, name=f"P{i}", name_en=f"P{i}", slug=f"p{i}", target_group="youth"
            )
            for i in range(3)
        ]
        user = User.objects.create_user(email="c@example.org", password="x")
        Membership.objects.create(user=user, organisation=org, role="coordinator")
        Authenticator.objects.create(user=user, type="totp", data={})
        client = Client()
        client.force_login(user)
        pages = {
            "people list": ("/people/", None),
            "search 'last0042'": ("/people/", {"q": "last0042"}),
            "filter status+language": ("/people/?status=ready_to_match&language=nl", None),
            "pipeline board": (f"/people/pipeline/{programmes[0].pk}/", None),
            "overview": ("/", None),
        }
        print(f"database: {connection.vendor}")
        print(f"{'persons':>8}  {'page':<26}{'median ms':>10}{'queries':>9}")
        for size in SIZES:
            grow(org, programmes, size)
            for label, (url, data) in pages.items():
                seconds, queries = measure(client, url, data)
                print(f"{size:>8}  {label:<26}{seconds * 1000:>10.1f}{queries:>9}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
