"""Home locations from a postcode gazetteer (settings.TANDEM_GAZETTEER).

The file is ``postcode,locality,longitude,latitude`` per line, no header; several localities may
share a postcode. Any country's file of that shape is a drop-in replacement. The Belgian file
shipped with Tandem comes from github.com/jief/zipcode-belgium (see people/data/SOURCE.md).
"""

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings

from tandem.core.text import fold


@dataclass(frozen=True)
class Locality:
    postcode: str
    name: str
    latitude: float
    longitude: float

    def __str__(self) -> str:
        return f"{self.postcode} {self.name}"


@cache
def _load(path: str) -> dict[str, tuple[Locality, ...]]:
    by_postcode: dict[str, list[Locality]] = {}
    with Path(path).open(encoding="utf-8", newline="") as handle:
        for row in csv.reader(handle):
            if len(row) < 4 or not row[0].strip():
                continue
            postcode, name, lon, lat = (cell.strip() for cell in row[:4])
            locality = Locality(postcode, name, float(lat), float(lon))
            by_postcode.setdefault(postcode, []).append(locality)
    return {code: tuple(sorted(items, key=lambda x: x.name)) for code, items in by_postcode.items()}


def localities(postcode: str) -> tuple[Locality, ...]:
    """All localities with this postcode (empty when the postcode is unknown)."""
    return _load(settings.TANDEM_GAZETTEER).get(postcode.strip(), ())


def find(postcode: str, name: str = "") -> Locality | None:
    """The locality for a postcode and (when the postcode is shared) its name."""
    candidates = localities(postcode)
    if not name:
        return candidates[0] if len(candidates) == 1 else None
    wanted = fold(name)
    return next((c for c in candidates if fold(c.name) == wanted), None)


def all_localities() -> list[Locality]:
    return [loc for group in _load(settings.TANDEM_GAZETTEER).values() for loc in group]
