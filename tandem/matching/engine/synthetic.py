"""Generated programmes for benchmarks and examples: realistic skew, no real people.

Homes are drawn from a postcode gazetteer with the big cities weighted heavily; mentees speak
one of the languages of recent migration natively and the local language (Dutch or French, by
region) at levels from A1 to C1; mentors speak the local language natively, often the other
national language and English, and one in eight a heritage language; sectors follow the jobs
newcomers most often start in (construction, logistics, care, hospitality, cleaning...).
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

from .vocabulary import FORMAT, LEVELS, SLOTS

CITIES = {  # postcode ranges of the big cities and their weight against 1 for the rest
    (1000, 1299): 10,  # Brussels
    (2000, 2660): 6,  # Antwerp
    (9000, 9052): 5,  # Ghent
    (4000, 4101): 4,  # Liège
    (6000, 6061): 3,  # Charleroi
    (3000, 3012): 2,  # Leuven
    (8000, 8400): 2,  # Bruges
    (7000, 7034): 2,  # Mons
    (5000, 5101): 2,  # Namur
}
HOME_LANGUAGES = ["ar", "uk", "ti", "prs", "so", "ps", "tr", "ru", "es", "ro", "fa", "am", "ku"]
HOME_WEIGHTS = [30, 15, 10, 9, 6, 6, 5, 5, 4, 4, 3, 2, 1]
NACE = list("ABCDEFGHIJKLMNOPQRSTU")
NACE_WEIGHTS = [1, 1, 10, 1, 1, 12, 10, 12, 10, 4, 2, 1, 3, 10, 3, 4, 12, 2, 3, 1, 1]
ISCO_BY_SECTOR = {
    "C": ["7223", "8121", "9329"],
    "F": ["7112", "7115", "7126", "9313"],
    "G": ["5223", "5230", "4321"],
    "H": ["8322", "8332", "4321"],
    "I": ["5120", "9412", "5131"],
    "J": ["2512", "3512", "2514"],
    "N": ["9112", "5414", "9629"],
    "Q": ["3221", "5321", "2221"],
    "P": ["2341", "5312"],
}
INTERESTS = [
    "football", "cooking", "music", "reading", "hiking", "cycling", "chess", "gardening",
    "photography", "theatre", "swimming", "volunteering", "computers", "painting", "dance",
    "running", "history", "languages", "films", "crafts", "basketball", "yoga", "travel", "faith",
]  # fmt: skip
LEVEL_P = {"A1": 0.15, "A2": 0.3, "B1": 0.3, "B2": 0.15, "C1": 0.1}


def _localities(path: Path):
    rows = []
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.reader(handle):
            if len(row) >= 4 and row[0].strip().isdigit():
                rows.append((int(row[0]), float(row[3]), float(row[2])))
    codes = np.array([r[0] for r in rows])
    weight = np.ones(len(rows))
    for (low, high), w in CITIES.items():
        weight[(codes >= low) & (codes <= high)] = w
    return (
        codes,
        np.array([r[1] for r in rows]),
        np.array([r[2] for r in rows]),
        weight / weight.sum(),
    )


def _in_city(postcode: int) -> bool:
    return any(low <= postcode <= high for low, high in CITIES)


def _reach(postcode: int, rng, *, mentor: bool = False) -> float | None:
    """How far someone will travel to meet: a few km in a city, more in the country."""
    if _in_city(postcode):
        return float(rng.choice([3, 4, 5, 6] if not mentor else [4, 5, 8]))
    options = [8, 10, 15, 20] if not mentor else [10, 15, 20]
    choice = rng.choice(len(options) + 1)
    return None if choice == len(options) else float(options[choice])


def _local_language(postcode: int, rng) -> str:
    if 1000 <= postcode <= 1299:
        return "fr" if rng.random() < 0.7 else "nl"
    if 1300 <= postcode <= 1499 or 4000 <= postcode <= 7999:
        return "fr"
    return "nl"


def programme(
    mentees: int,
    *,
    gazetteer: Path,
    seed: int = 1,
    mentors_per_mentee: float = 0.8,
    max_distance_km: float = 20,
    id_prefix: str = "",
) -> dict:
    """A JSON instance (attribute form) with ``mentees`` mentees and about 0.8 mentors each."""
    rng = np.random.default_rng(seed)
    codes, lats, lons, weight = _localities(gazetteer)
    levels = list(LEVEL_P)
    level_p = list(LEVEL_P.values())
    home_p = np.array(HOME_WEIGHTS) / sum(HOME_WEIGHTS)
    nace_p = np.array(NACE_WEIGHTS) / sum(NACE_WEIGHTS)

    def place():
        k = rng.choice(len(codes), p=weight)
        # Homes scatter around the postcode's centre (about 2 km).
        lat = float(lats[k] + rng.normal(0, 0.015))
        lon = float(lons[k] + rng.normal(0, 0.022))
        return int(codes[k]), round(lat, 5), round(lon, 5)

    def common(person_id: str, postcode: int, lat: float, lon: float, slots: int) -> dict:
        sectors = sorted({str(x) for x in rng.choice(NACE, size=rng.integers(1, 3), p=nace_p)})
        options = ISCO_BY_SECTOR.get(sectors[0])
        return {
            "id": person_id,
            "lat": lat,
            "lon": lon,
            "availability": sorted(
                rng.choice(SLOTS, size=slots, replace=False).tolist(), key=SLOTS.index
            ),
            "sectors": sectors,
            "isco": str(rng.choice(options)) if options and rng.random() < 0.7 else None,
            "interests": sorted(
                str(x) for x in rng.choice(INTERESTS, size=rng.integers(0, 5), replace=False)
            ),
        }

    mentee_rows = []
    for index in range(mentees):
        postcode, lat, lon = place()
        person = common(f"{id_prefix}e{index}", postcode, lat, lon, int(rng.integers(2, 6)))
        languages = [{"code": str(rng.choice(HOME_LANGUAGES, p=home_p)), "level": "native"}]
        local = _local_language(postcode, rng)
        languages.append({"code": local, "level": str(rng.choice(levels, p=level_p))})
        if rng.random() < 0.35:
            languages.append({"code": "en", "level": str(rng.choice(["A2", "B1", "B2", "C1"]))})
        gender = "woman" if rng.random() < 0.45 else "man"
        wish = None
        if gender == "woman" and rng.random() < 0.25:
            wish = "woman"
        elif gender == "man" and rng.random() < 0.05:
            wish = "man"
        person.update(
            languages=languages,
            max_distance_km=_reach(postcode, rng),
            gender=gender,
            mentor_gender_wish=wish,
            birth_year=int(rng.integers(1975, 2007)),
            days_waiting=int(rng.gamma(2.0, 30.0)),
        )
        mentee_rows.append(person)

    mentor_rows = []
    for index in range(round(mentees * mentors_per_mentee)):
        postcode, lat, lon = place()
        person = common(f"{id_prefix}m{index}", postcode, lat, lon, int(rng.integers(3, 8)))
        local = _local_language(postcode, rng)
        languages = [{"code": local, "level": "native"}]
        other = "nl" if local == "fr" else "fr"
        if rng.random() < 0.4:
            languages.append({"code": other, "level": str(rng.choice(["B1", "B2", "C1"]))})
        if rng.random() < 0.7:
            languages.append({"code": "en", "level": str(rng.choice(["B1", "B2", "C1", "C2"]))})
        if rng.random() < 0.12:
            heritage = str(rng.choice(HOME_LANGUAGES, p=home_p))
            languages.append({"code": heritage, "level": str(rng.choice(["B2", "C2", "native"]))})
        capacity = int(rng.choice([1, 2, 3], p=[0.5, 0.3, 0.2]))
        person.update(
            languages=languages,
            max_distance_km=_reach(postcode, rng, mentor=True),
            gender="woman" if rng.random() < 0.55 else "man",
            birth_year=int(rng.integers(1950, 1996)),
            capacity=capacity,
            current_mentees=int(rng.integers(0, capacity)) if rng.random() < 0.2 else 0,
        )
        mentor_rows.append(person)

    assert set(LEVELS) >= set(LEVEL_P)
    return {
        "format": FORMAT,
        "criteria": {
            "weights": {
                "sector": 3,
                "language": 2,
                "distance": 2,
                "availability": 1,
                "interests": 1,
                "age": 1,
                "waiting": 2,
            },
            "min_language_level": "B1",
            "max_distance_km": max_distance_km,
            "min_availability_overlap": 2,
            "objective": "max_score",
        },
        "mentees": mentee_rows,
        "mentors": mentor_rows,
        "exclusions": [],
        "locks": [],
    }
