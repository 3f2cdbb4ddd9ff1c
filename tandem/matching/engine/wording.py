"""Plain English wording of contributions and violations, for the command line and JSON output.

The web app words the same facts itself, translated (tandem.matching.wording).
"""

from __future__ import annotations

from babel import Locale

from .rules import Contribution, Violation, round_km

_ENGLISH = Locale("en")


def language_name(code: str) -> str:
    return _ENGLISH.languages.get(code, code)


NACE_SECTIONS = {
    "A": "agriculture, forestry and fishing",
    "B": "mining and quarrying",
    "C": "manufacturing",
    "D": "energy supply",
    "E": "water supply and waste management",
    "F": "construction",
    "G": "wholesale and retail trade",
    "H": "transport and storage",
    "I": "hospitality and food service",
    "J": "information and communication",
    "K": "finance and insurance",
    "L": "real estate",
    "M": "professional, scientific and technical activities",
    "N": "administrative and support services",
    "O": "public administration",
    "P": "education",
    "Q": "health and social work",
    "R": "arts, entertainment and recreation",
    "S": "other services",
    "T": "households as employers",
    "U": "extraterritorial organisations",
}


def _list(items) -> str:
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def describe_contribution(part: Contribution) -> str:
    f = part.facts
    match part.criterion:
        case "sector":
            if f.get("isco"):
                return f"same occupation group (ISCO-08 {f['isco']})"
            if f.get("sectors"):
                return "both in " + _list(NACE_SECTIONS.get(s, s) for s in f["sectors"])
            return "no shared sector or occupation"
        case "language":
            if not f:
                return "no shared language"
            return (
                f"both speak {language_name(f['code'])} "
                f"(mentor {f['mentor_level']}, mentee {f['mentee_level']})"
            )
        case "distance":
            if f.get("km") is None:
                return "distance unknown"
            return f"{round_km(f['km']):g} km apart"
        case "availability":
            slots = f.get("slots", [])
            if not slots:
                return "no common time in the week"
            return f"{len(slots)} common time slot(s): {', '.join(slots)}"
        case "interests":
            if not f.get("interests"):
                return "no shared interests"
            return "both like " + _list(f["interests"])
        case "age":
            gap = f.get("gap")
            if gap is None:
                return "age unknown"
            if gap == 0:
                return "same age"
            return f"mentor {abs(gap)} years {'older' if gap > 0 else 'younger'}"
        case "waiting":
            return f"waiting for {f.get('days', 0)} days"
    return part.criterion


def describe_violation(violation: Violation) -> str:
    f = violation.facts
    match violation.rule:
        case "excluded":
            return "excluded by a coordinator or a declined proposal"
        case "capacity":
            return "the mentor has no free place"
        case "language":
            return f"no shared language at {f['min_level']} or above"
        case "location_unknown":
            return "a home location is unknown, so the distance limit cannot be checked"
        case "distance":
            whose = {
                "programme": "the programme's",
                "mentee": "the mentee's",
                "mentor": "the mentor's",
            }
            return (
                f"{round_km(f['km']):g} km apart, beyond {whose[f['whose']]} "
                f"maximum of {f['limit']:g} km"
            )
        case "gender_wish":
            return f"the mentee asked for a mentor who is a {f['wish']}"
        case "availability":
            return f"{f['overlap']} common time slot(s), fewer than the {f['minimum']} required"
        case "no_edge":
            return "not among the instance's feasible pairs"
    return violation.rule
