"""``tandem indicators esf``: the ESF+ common indicators for a period, from the database or from
a records file.

    tandem indicators esf (--programme SLUG [--organisation SLUG] | --records FILE)
                          --from D --to D [--as-of D] [--json]

Prints a table (indicator, total, women, men, non-binary, unknown) or, with --json, one object
with every indicator: ``{"<indicator>": {"total": n, "women": n, "men": n, "non_binary": n,
"unknown": n}, ...}``. From the database only participants who consented to research and
reporting use count (as in an exported file); stderr says how many were left out. The period's
ends are inclusive; --as-of (default today) decides which six-month results are known.
docs/indicators.md defines every indicator.
"""

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from tandem.outcomes.indicators.esf import COLUMNS, ESF_KEYS, esf
from tandem.outcomes.management.commands._options import (
    USAGE,
    check_period,
    find_programme,
    parse_date,
)
from tandem.outcomes.records import RecordsError, load_records, mentees_for, records_for
from tandem.people.models import Participant

HEADINGS = ("indicator", "total", "women", "men", "non-binary", "unknown")


def table(result: dict[str, dict[str, int]]) -> str:
    width = max(len(key) for key in ESF_KEYS)
    lines = [f"{HEADINGS[0]:<{width}}" + "".join(f"{h:>12}" for h in HEADINGS[1:])]
    for key in ESF_KEYS:
        lines.append(f"{key:<{width}}" + "".join(f"{result[key][c]:>12}" for c in COLUMNS))
    return "\n".join(lines)


class Command(BaseCommand):
    help = "Indicators: `esf` computes the ESF+ common indicators for a period."
    # From a records file it needs nothing of the installation: no system checks to pass.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="esf")
        command = actions.add_parser(
            "esf",
            help="the ESF+ common indicators for a period",
            description=__doc__,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        source = command.add_mutually_exclusive_group(required=True)
        source.add_argument("--programme", help="compute from the database: the short name")
        source.add_argument("--records", help="compute from a records file")
        command.add_argument(
            "--organisation", help="the organisation's short name (with --programme)"
        )
        command.add_argument("--from", dest="period_from", required=True, help="YYYY-MM-DD")
        command.add_argument("--to", dest="period_to", required=True, help="YYYY-MM-DD")
        command.add_argument("--as-of", dest="as_of", help="YYYY-MM-DD (default: today)")
        command.add_argument("--json", action="store_true", help="print a JSON object")

    def handle(self, *args: Any, **options: Any) -> None:
        period_from = parse_date(options["period_from"], "--from")
        period_to = parse_date(options["period_to"], "--to")
        as_of = parse_date(options["as_of"], "--as-of") or timezone.localdate()
        check_period(period_from, period_to)
        if options["records"]:
            records = self.read(options["records"])
        else:
            programme = find_programme(options["programme"], options["organisation"])
            participants = Participant.objects.filter(programme=programme)
            records = records_for(participants)
            left_out = (
                mentees_for(participants, with_consent_only=False).count()
                - mentees_for(participants).count()
            )
            sys.stderr.write(
                f"Left out for lack of consent to research and reporting use: {left_out}.\n"
            )
        result = esf(records, period_from=period_from, period_to=period_to, as_of=as_of)
        if options["json"]:
            self.stdout.write(json.dumps(result, indent=2))
        else:
            self.stdout.write(
                f"ESF+ common indicators, {period_from} to {period_to} (as of {as_of})\n"
            )
            self.stdout.write(table(result))

    def read(self, name: str) -> list[dict[str, Any]]:
        try:
            text = Path(name).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            reason = getattr(error, "strerror", None) or str(error)
            raise CommandError(f"Cannot read {name}: {reason}.", returncode=USAGE) from None
        try:
            return load_records(text)
        except RecordsError as error:
            raise CommandError(f"{name}: {error}", returncode=USAGE) from None
