"""The groups the fairness view compares: gender, age group, language group and region.

Each mentee of a run is put in one group per dimension when the run starts (``groups_of``), so
the view of a run does not change when someone's details change later.

- Age group: the age reached in the run's year, from the year of birth.
- Language group: the mentee's first native language (the first one recorded); "none" when
  no language is recorded as native.
- Region: the Belgian province (or the Brussels-Capital Region) from the postcode's ranges as
  bpost assigns them; "unknown" for a missing or non-Belgian postcode.
"""

from django.utils.translation import gettext_lazy as _

UNKNOWN = "unknown"

AGE_GROUPS = (
    ("under_25", 0, 24, _("Under 25")),
    ("25_34", 25, 34, _("25 to 34")),
    ("35_44", 35, 44, _("35 to 44")),
    ("45_54", 45, 54, _("45 to 54")),
    ("55_plus", 55, 200, _("55 and over")),
)

# (first postcode, last postcode, code); bpost's ranges.
_PROVINCE_RANGES = (
    (1000, 1299, "BRU"),
    (1300, 1499, "WBR"),
    (1500, 1999, "VBR"),
    (2000, 2999, "VAN"),
    (3000, 3499, "VBR"),
    (3500, 3999, "VLI"),
    (4000, 4999, "WLG"),
    (5000, 5999, "WNA"),
    (6000, 6599, "WHT"),
    (6600, 6999, "WLX"),
    (7000, 7999, "WHT"),
    (8000, 8999, "VWV"),
    (9000, 9999, "VOV"),
)

REGIONS = {
    "BRU": _("Brussels-Capital Region"),
    "VAN": _("Antwerp"),
    "VBR": _("Flemish Brabant"),
    "VLI": _("Limburg"),
    "VOV": _("East Flanders"),
    "VWV": _("West Flanders"),
    "WBR": _("Walloon Brabant"),
    "WHT": _("Hainaut"),
    "WLG": _("Liège"),
    "WLX": _("Luxembourg"),
    "WNA": _("Namur"),
}


def region_of(postcode: str) -> str:
    """The province code of a Belgian postcode, or "unknown"."""
    postcode = (postcode or "").strip()
    if len(postcode) != 4 or not postcode.isdigit():
        return UNKNOWN
    number = int(postcode)
    return next((code for low, high, code in _PROVINCE_RANGES if low <= number <= high), UNKNOWN)


def age_group_of(birth_year: int | None, year: int) -> str:
    if birth_year is None:
        return UNKNOWN
    age = year - birth_year
    return next((code for code, low, high, _label in AGE_GROUPS if low <= age <= high), UNKNOWN)


def groups_of(
    *, gender: str, birth_year: int | None, native_languages: list[str], postcode: str, year: int
) -> dict[str, str]:
    """One mentee's group in each dimension."""
    return {
        "gender": gender,
        "age": age_group_of(birth_year, year),
        "language": native_languages[0] if native_languages else "none",
        "region": region_of(postcode),
    }
