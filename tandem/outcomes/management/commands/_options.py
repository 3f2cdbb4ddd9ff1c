"""What the ``outcomes`` and ``indicators`` commands share: dates and programmes from the
command line, refused with exit code 2 and a message saying what is wrong."""

import re
from datetime import date

from django.core.management.base import CommandError

from tandem.programmes.models import Programme

USAGE = 2  # the exit code of a wrong command line, as argparse uses
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_date(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    if _DATE.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise CommandError(f"{option}: expected a date YYYY-MM-DD, got {value!r}.", returncode=USAGE)


def find_programme(slug: str, organisation: str | None) -> Programme:
    """The programme with this short name (in this organisation): short names are unique only
    within an organisation, so an ambiguous one needs --organisation."""
    programmes = Programme.objects.filter(slug=slug).select_related("organisation")
    if organisation:
        programmes = programmes.filter(organisation__slug=organisation)
    found = list(programmes.order_by("organisation__slug"))
    if not found:
        where = f" in organisation {organisation!r}" if organisation else ""
        raise CommandError(f"No programme {slug!r}{where}.", returncode=USAGE)
    if len(found) > 1:
        slugs = ", ".join(p.organisation.slug for p in found)
        raise CommandError(
            f"Several organisations have a programme {slug!r} ({slugs}): "
            "say which with --organisation.",
            returncode=USAGE,
        )
    return found[0]


def check_period(period_from: date | None, period_to: date | None) -> None:
    if period_from and period_to and period_from > period_to:
        raise CommandError("--to is before --from.", returncode=USAGE)
