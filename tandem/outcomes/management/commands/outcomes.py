"""``tandem outcomes export``: write a programme's pseudonymised records file.

    tandem outcomes export --programme SLUG [--organisation SLUG] [--from D --to D]
                           [--output FILE]

Only mentees with a situation at entry and a standing consent to research and reporting use
are written; stderr says how many were left out for lack of consent. With a period, only the
participants whose entry date or leaving date falls in it (both ends inclusive): those the
indicators of that period count. The format is docs/records-format.md.
"""

import argparse
import json
import sys
from collections.abc import Callable
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from tandem.outcomes.management.commands._options import (
    USAGE,
    check_period,
    find_programme,
    parse_date,
)
from tandem.outcomes.records import FORMAT, mentees_for, records_for
from tandem.people.models import Participant


def in_period(record: dict[str, Any], start: str | None, end: str | None) -> bool:
    def inside(day: str | None) -> bool:
        return day is not None and (start is None or day >= start) and (end is None or day <= end)

    return inside(record["entry_date"]) or inside(record["leaving_date"])


def write_records(write: Callable[[str], Any], records: list[dict[str, Any]]) -> None:
    """The file with one participant per line: readable, and fine for a hundred thousand."""
    write(f'{{"format": "{FORMAT}", "participants": [')
    for index, record in enumerate(records):
        write(",\n" if index else "\n")
        write(json.dumps(record, ensure_ascii=False, separators=(",", ":")))
    write("\n]}\n")


class Command(BaseCommand):
    help = "Outcome records: `export` writes a programme's pseudonymised records file."

    def add_arguments(self, parser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="export")
        export = actions.add_parser(
            "export",
            help="write the records file (consenting participants only)",
            description=__doc__,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        export.add_argument("--programme", required=True, help="the programme's short name")
        export.add_argument(
            "--organisation",
            help="the organisation's short name (when the programme's is not unique)",
        )
        export.add_argument("--from", dest="period_from", help="first day, YYYY-MM-DD")
        export.add_argument("--to", dest="period_to", help="last day, YYYY-MM-DD")
        export.add_argument("--output", help="the file to write (default: standard output)")

    def handle(self, *args: Any, **options: Any) -> None:
        period_from = parse_date(options["period_from"], "--from")
        period_to = parse_date(options["period_to"], "--to")
        check_period(period_from, period_to)
        programme = find_programme(options["programme"], options["organisation"])
        participants = Participant.objects.filter(programme=programme)
        records = records_for(participants)
        if period_from or period_to:
            start = period_from.isoformat() if period_from else None
            end = period_to.isoformat() if period_to else None
            records = [r for r in records if in_period(r, start, end)]
        without_consent = (
            mentees_for(participants, with_consent_only=False).count()
            - mentees_for(participants).count()
        )
        if options["output"]:
            try:
                with open(options["output"], "w", encoding="utf-8") as out:
                    write_records(out.write, records)
            except OSError as error:
                raise CommandError(
                    f"Cannot write {options['output']}: {error.strerror}.", returncode=USAGE
                ) from None
        else:
            write_records(lambda text: self.stdout.write(text, ending=""), records)
        sys.stderr.write(
            f"Exported {len(records)} participants of {programme.organisation.slug}/"
            f"{programme.slug}; left out for lack of consent to research and reporting use: "
            f"{without_consent}.\n"
        )
