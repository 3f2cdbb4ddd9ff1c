"""How long an import of 10,000 people takes, end to end (read, check, save), as the worker
runs it. Target: under 60 s.

    .venv/bin/python bench/import_people.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tandem .venv/bin/python bench/import_people.py
"""

import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from tandem.accounts.models import User  # noqa: E402
from tandem.people import services  # noqa: E402
from tandem.people.models import Person  # noqa: E402
from tandem.programmes.models import Organisation  # noqa: E402

ROWS = int(os.environ.get("BENCH_ROWS", "10000"))
FIRST = ["Amina", "Dawit", "Olena", "Hamid", "Selam", "Yusuf", "Fatima", "Awet", "Zahra", "Omar"]
LAST = ["Haddad", "Tesfay", "Koval", "Noori", "Rahimi", "Habte", "Sultani", "Jalloh", "Diallo"]
POSTCODES = ["1000", "1030", "1080", "1210", "2000", "2060", "2140", "9000"]


def spreadsheet(rows: int) -> bytes:
    rng = random.Random(7)
    lines = ["First name,Last name,E-mail,Phone,Date of birth,Gender,Postcode,Languages"]
    for i in range(rows):
        lines.append(
            f"{rng.choice(FIRST)},{rng.choice(LAST)}{i},p{i}@example.org,"
            f"+32 470 {i // 10000:02d} {i // 100 % 100:02d} {i % 100:02d},"
            f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{rng.randint(1960, 2006)},"
            f'{rng.choice("FM")},{rng.choice(POSTCODES)},"ar:native, nl:A2"'
        )
    return "\n".join(lines).encode()


def main() -> None:
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        org = Organisation.objects.create(name="Bench", slug="bench")
        user = User.objects.create_user(email="c@example.org", password="x")
        data = spreadsheet(ROWS)
        for label in ("first import", "re-import (all updates)"):
            started = time.perf_counter()
            job = services.import_start(
                organisation=org, created_by=user, filename="bench.csv", content=data, language="en"
            )
            job = services.import_run(job=job)
            seconds = time.perf_counter() - started
            print(
                f"{connection.vendor}: {label}: {ROWS} rows in {seconds:.1f} s "
                f"({ROWS / seconds:.0f} rows/s); created {job.created_count}, "
                f"updated {job.updated_count}, status {job.status}"
            )
        print(f"persons in the organisation: {Person.objects.filter(organisation=org).count()}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
