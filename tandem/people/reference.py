"""Reference lists: languages (ISO 639), countries (ISO 3166), NACE sections, ISCO-08 groups,
weekly availability slots. Names come in the active language.

Codes come from pycountry, names from Babel's CLDR data; NACE and ISCO ship as CSV files with
their official codes and titles in English, Dutch and French (people/data/).
"""

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pycountry
from babel import Locale
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

DATA = Path(__file__).resolve().parent / "data"

# ISO 639-3 codes without a two-letter code that newcomers in Belgium often speak.
EXTRA_LANGUAGES = ("prs", "kmr", "ckb", "ary", "apc", "tzm", "zgh", "rif", "hbs")


def _locale() -> Locale:
    return Locale.parse((get_language() or "en").split("-")[0])


@cache
def _language_codes() -> tuple[str, ...]:
    two_letter = [lang.alpha_2 for lang in pycountry.languages if hasattr(lang, "alpha_2")]
    return tuple(sorted({*two_letter, *EXTRA_LANGUAGES}))


def is_language(code: str) -> bool:
    return code in _language_codes()


def language_name(code: str) -> str:
    name = _locale().languages.get(code)
    if name:
        return name[0].upper() + name[1:]
    record = pycountry.languages.get(alpha_2=code) or pycountry.languages.get(alpha_3=code)
    return record.name if record else code


def language_choices() -> list[tuple[str, str]]:
    return sorted(((c, language_name(c)) for c in _language_codes()), key=lambda x: x[1])


def is_country(code: str) -> bool:
    return pycountry.countries.get(alpha_2=code) is not None


def country_name(code: str) -> str:
    if not code:
        return ""
    name = _locale().territories.get(code)
    if name:
        return name
    record = pycountry.countries.get(alpha_2=code)
    return record.name if record else code


def country_choices() -> list[tuple[str, str]]:
    codes = (c.alpha_2 for c in pycountry.countries)
    return sorted(((c, country_name(c)) for c in codes), key=lambda x: x[1])


@dataclass(frozen=True)
class Classified:
    code: str
    labels: dict[str, str]
    parent: str = ""

    @property
    def label(self) -> str:
        lang = (get_language() or "en").split("-")[0]
        return self.labels.get(lang) or self.labels["en"]


@cache
def nace_sections() -> tuple[Classified, ...]:
    with (DATA / "nace-rev2-sections.csv").open(encoding="utf-8", newline="") as handle:
        return tuple(
            Classified(row["code"], {k: row[k] for k in ("en", "nl", "fr")})
            for row in csv.DictReader(handle)
        )


@cache
def isco_groups() -> tuple[Classified, ...]:
    """ISCO-08 major groups (1 digit) and sub-major groups (2 digits), in code order."""
    with (DATA / "isco-08-groups.csv").open(encoding="utf-8", newline="") as handle:
        return tuple(
            Classified(
                row["code"],
                {k: row[k] for k in ("en", "nl", "fr")},
                parent=row["code"][0] if row["level"] == "sub_major" else "",
            )
            for row in csv.DictReader(handle)
        )


def nace_label(code: str) -> str:
    return next((f"{s.code} – {s.label}" for s in nace_sections() if s.code == code), code)


def isco_label(code: str) -> str:
    return next((f"{g.code} – {g.label}" for g in isco_groups() if g.code == code), code)


def nace_choices() -> list[tuple[str, str]]:
    return [(s.code, f"{s.code} – {s.label}") for s in nace_sections()]


def isco_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Sub-major groups grouped under their major group, for a <select> with optgroups."""
    groups = isco_groups()
    return [
        (
            f"{major.code} – {major.label}",
            [(major.code, f"{major.code} – {major.label}")]
            + [(g.code, f"{g.code} – {g.label}") for g in groups if g.parent == major.code],
        )
        for major in groups
        if not major.parent
    ]


DAYS = (
    ("mon", _("Monday")),
    ("tue", _("Tuesday")),
    ("wed", _("Wednesday")),
    ("thu", _("Thursday")),
    ("fri", _("Friday")),
    ("sat", _("Saturday")),
    ("sun", _("Sunday")),
)
PARTS_OF_DAY = (("am", _("Morning")), ("pm", _("Afternoon")), ("eve", _("Evening")))
SLOTS = tuple(f"{day}-{part}" for day, _d in DAYS for part, _p in PARTS_OF_DAY)
