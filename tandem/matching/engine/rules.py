"""The hard rules and the criteria for one (mentee, mentor) pair — the reference definitions.

``candidates`` computes the same thing for millions of pairs at once with numpy; the tests check
that both agree pair by pair. Everything that decides a match is defined here, in plain Python,
so it can be read beside docs/matching.md.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from .instance import Criteria, Person
from .vocabulary import CRITERIA, LEVEL_RANK, LEVELS

EARTH_RADIUS_KM = 6371.0088
# Without any distance limit the distance criterion still prefers nearer pairs, on this scale.
DEFAULT_DISTANCE_SCALE_KM = 50.0
# The age criterion drops to zero this many years away from the preferred gap.
AGE_TOLERANCE_YEARS = 20.0
# Sector/occupation fit: a shared NACE section, or an ISCO-08 code shared to 1–4 digits.
SHARED_SECTOR_SCORE = 0.6
ISCO_PREFIX_SCORE = (0.0, 0.5, 0.75, 0.9, 1.0)


def great_circle_km(lat1, lon1, lat2, lon2):
    """Haversine distance; works on floats and on numpy arrays with the same rounding."""
    p1 = np.radians(lat1)
    p2 = np.radians(lat2)
    dp = p2 - p1
    dl = np.radians(lon2) - np.radians(lon1)
    h = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.minimum(h, 1.0)))


def distance_limit(criteria: Criteria, mentee: Person, mentor: Person) -> float | None:
    """The strictest of the programme's and both sides' maximum distances (None: no limit)."""
    limits = [
        x
        for x in (criteria.max_distance_km, mentee.max_distance_km, mentor.max_distance_km)
        if x is not None
    ]
    return min(limits) if limits else None


def language_score(criteria: Criteria, level_rank: int) -> float:
    """A shared language at ``level_rank`` (the lower of both sides' levels)."""
    floor = LEVEL_RANK[criteria.min_language_level]
    return (level_rank - floor + 1) / (len(LEVELS) - floor)


def isco_prefix(a: str | None, b: str | None) -> int:
    if not a or not b:
        return 0
    length = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        length += 1
    return length


@dataclass(frozen=True)
class Violation:
    """A hard rule a pair breaks. ``rule`` is a stable code; ``facts`` feed the wording."""

    rule: str
    facts: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Contribution:
    """What one criterion adds to a pair's score: ``score`` 0–1, ``points`` on the 0–100 scale."""

    criterion: str
    score: float
    points: float
    facts: dict = field(default_factory=dict)


def violations(
    criteria: Criteria,
    mentee: Person,
    mentor: Person,
    *,
    excluded: bool = False,
    check_capacity: bool = True,
) -> list[Violation]:
    """Every hard rule this pair breaks (empty: the pair may be suggested)."""
    found = []
    if excluded:
        found.append(Violation("excluded"))
    if check_capacity and mentor.free_capacity <= 0:
        found.append(
            Violation("capacity", {"capacity": mentor.capacity, "current": mentor.current_mentees})
        )
    floor = LEVEL_RANK[criteria.min_language_level]
    if shared_language(mentee, mentor, floor) is None:
        found.append(Violation("language", {"min_level": criteria.min_language_level}))
    limit = distance_limit(criteria, mentee, mentor)
    if limit is not None:
        if mentee.lat is None or mentor.lat is None:
            found.append(Violation("location_unknown"))
        else:
            km = float(great_circle_km(mentee.lat, mentee.lon, mentor.lat, mentor.lon))
            if km > limit:
                whose = (
                    "programme"
                    if limit == criteria.max_distance_km
                    else "mentee"
                    if limit == mentee.max_distance_km
                    else "mentor"
                )
                found.append(Violation("distance", {"km": km, "limit": limit, "whose": whose}))
    wish = mentee.mentor_gender_wish
    if wish is not None and mentor.gender != wish:
        found.append(Violation("gender_wish", {"wish": wish}))
    overlap = len(mentee.availability & mentor.availability)
    if overlap < criteria.min_availability_overlap:
        found.append(
            Violation(
                "availability", {"overlap": overlap, "minimum": criteria.min_availability_overlap}
            )
        )
    return found


def shared_language(mentee: Person, mentor: Person, floor: int) -> tuple[str, str, str] | None:
    """The best language both speak at ``floor`` or above: (code, mentor level, mentee level).

    Best means the highest lower-of-both level; ties go to the alphabetically first code.
    """
    theirs = {x.code: x.level for x in mentor.languages}
    best = None
    best_rank = -1
    for language in sorted(mentee.languages, key=lambda x: x.code):
        other = theirs.get(language.code)
        if other is None:
            continue
        rank = min(LEVEL_RANK[language.level], LEVEL_RANK[other])
        if rank >= floor and rank > best_rank:
            best, best_rank = (language.code, other, language.level), rank
    return best


def contributions(criteria: Criteria, mentee: Person, mentor: Person) -> list[Contribution]:
    """The score of every criterion for a pair that breaks no hard rule."""
    scores: dict[str, tuple[float, dict]] = {}

    # Sector and occupation.
    shared = sorted(mentee.sectors & mentor.sectors)
    prefix = isco_prefix(mentee.isco, mentor.isco)
    sector = max(SHARED_SECTOR_SCORE if shared else 0.0, ISCO_PREFIX_SCORE[prefix])
    scores["sector"] = (
        sector,
        {"sectors": shared, "isco": (mentee.isco or "")[:prefix] if prefix else ""},
    )

    # Languages.
    floor = LEVEL_RANK[criteria.min_language_level]
    best = shared_language(mentee, mentor, floor)
    if best is None:
        scores["language"] = (0.0, {})
    else:
        code, mentor_level, mentee_level = best
        rank = min(LEVEL_RANK[mentor_level], LEVEL_RANK[mentee_level])
        scores["language"] = (
            language_score(criteria, rank),
            {"code": code, "mentor_level": mentor_level, "mentee_level": mentee_level},
        )

    # Distance.
    if mentee.lat is None or mentor.lat is None:
        scores["distance"] = (0.0, {"km": None})
    else:
        km = float(great_circle_km(mentee.lat, mentee.lon, mentor.lat, mentor.lon))
        limit = distance_limit(criteria, mentee, mentor)
        scale = DEFAULT_DISTANCE_SCALE_KM if limit is None else limit
        score = 1.0 if scale == 0 else max(0.0, 1.0 - km / scale)
        scores["distance"] = (score, {"km": km})

    # Availability.
    both = mentee.availability & mentor.availability
    smaller = min(len(mentee.availability), len(mentor.availability))
    scores["availability"] = (
        len(both) / smaller if smaller else 0.0,
        {"slots": sorted(both, key=_slot_order)},
    )

    # Interests.
    common = sorted(mentee.interests & mentor.interests)
    smaller = min(len(mentee.interests), len(mentor.interests))
    scores["interests"] = (len(common) / smaller if smaller else 0.0, {"interests": common})

    # Age and generation.
    if mentee.birth_year is None or mentor.birth_year is None:
        scores["age"] = (0.0, {"gap": None})
    else:
        gap = mentee.birth_year - mentor.birth_year
        away = abs(gap - criteria.preferred_age_gap)
        scores["age"] = (max(0.0, 1.0 - away / AGE_TOLERANCE_YEARS), {"gap": gap})

    # Time waited.
    waited = min(1.0, mentee.days_waiting / criteria.waiting_full_after_days)
    scores["waiting"] = (waited, {"days": mentee.days_waiting})

    total_weight = sum(criteria.weights[name] for name in CRITERIA)
    result = []
    for name in CRITERIA:
        score, facts = scores[name]
        weight = criteria.weights[name]
        points = 100.0 * weight * score / total_weight if total_weight else 0.0
        result.append(Contribution(name, score, points, facts))
    return result


def centipoints(criteria: Criteria, parts: list[Contribution]) -> int:
    """The pair's score in hundredths of a point, exactly as the vectorised scorer rounds it."""
    total_weight = sum(criteria.weights[name] for name in CRITERIA)
    if not total_weight:
        return 0
    weighted = 0.0
    for part in parts:
        weighted = weighted + criteria.weights[part.criterion] * part.score
    return int(np.rint(10000.0 * weighted / total_weight))


def _slot_order(slot: str) -> int:
    from .vocabulary import SLOTS

    return SLOTS.index(slot)


def pair_score(criteria: Criteria, mentee: Person, mentor: Person) -> float:
    """The pair's score on the 0–100 scale (hard rules not checked)."""
    return centipoints(criteria, contributions(criteria, mentee, mentor)) / 100


def round_km(km: float) -> float:
    return math.floor(km * 10 + 0.5) / 10
