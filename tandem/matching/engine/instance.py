"""Match instances: reading and checking the JSON format ``tandem-match-instance/1``.

An instance is everything the engine needs to match one programme, self-contained so a run can
be audited and reproduced without a database. docs/match-instance-format.md describes the format;
``load`` is the only way in, and it refuses a malformed or inconsistent file with an
``InstanceError`` naming the problem.
"""

from __future__ import annotations

import gc
import json
import math
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from .columns import People, columns_of, fast_columns
from .vocabulary import (
    CRITERIA,
    FORMAT,
    GENDERS,
    LEVELS,
    MAX_CAPACITY,
    MENTEE_FIELDS,
    MENTOR_FIELDS,
    OBJECTIVES,
    SLOT_SET,
    SLOTS,
    WISHES,
)


class InstanceError(ValueError):
    """A match instance that cannot be solved as given; the message names the problem."""


@dataclass(frozen=True)
class Language:
    code: str
    level: str


@dataclass(frozen=True)
class Person:
    """A mentee or a mentor as the engine sees them: only what the rules and criteria use."""

    id: str
    languages: tuple[Language, ...] = ()
    lat: float | None = None
    lon: float | None = None
    max_distance_km: float | None = None
    availability: frozenset[str] = frozenset()
    sectors: frozenset[str] = frozenset()
    isco: str | None = None
    interests: frozenset[str] = frozenset()
    gender: str = "unknown"
    birth_year: int | None = None
    # Mentees only.
    mentor_gender_wish: str | None = None
    days_waiting: int = 0
    # Mentors only: how many mentees they take in all, and how many they already have.
    capacity: int = 1
    current_mentees: int = 0

    @property
    def free_capacity(self) -> int:
        return max(0, self.capacity - self.current_mentees)


@dataclass(frozen=True)
class Criteria:
    weights: dict[str, float] = field(default_factory=lambda: dict.fromkeys(CRITERIA, 1.0))
    min_language_level: str = "B1"
    max_distance_km: float | None = None
    min_availability_overlap: int = 0
    objective: str = "max_score"
    # The age criterion favours a mentor this many years older than the mentee (0: same age).
    preferred_age_gap: int = 20
    # Days after which the waiting criterion is full.
    waiting_full_after_days: int = 180


@dataclass(frozen=True, eq=False)
class Instance:
    criteria: Criteria
    mentee_columns: People
    mentor_columns: People
    exclusions: frozenset[tuple[str, str]] = frozenset()
    locks: tuple[tuple[str, str], ...] = ()
    # Scored form only: the feasible pairs and their scores (0–100), used as given.
    edges: tuple[tuple[str, str, float], ...] | None = None

    @property
    def scored(self) -> bool:
        return self.edges is not None

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Instance):
            return NotImplemented
        return self._compared() == other._compared()

    __hash__ = None  # type: ignore[assignment]

    def _compared(self) -> tuple:
        return (
            self.criteria,
            self.mentees,
            self.mentors,
            self.exclusions,
            self.locks,
            self.edges,
        )

    @property
    def mentees(self) -> tuple[Person, ...]:
        return self._persons("mentees", self.mentee_columns, mentor=False)

    @property
    def mentors(self) -> tuple[Person, ...]:
        return self._persons("mentors", self.mentor_columns, mentor=True)

    def person(self, person_id: str, *, mentor: bool) -> Person:
        """One mentee or mentor by id (KeyError when there is none), made on first use."""
        cache = self.__dict__.setdefault("_person_cache", {})
        key = (mentor, person_id)
        if key not in cache:
            columns = self.mentor_columns if mentor else self.mentee_columns
            rows = self.__dict__.get("_rows" + str(mentor))
            if rows is None:
                rows = {pid: row for row, pid in enumerate(columns.ids)}
                # Frozen for its fields; these caches are not among them.
                object.__setattr__(self, "_rows" + str(mentor), rows)
            cache[key] = _person(
                columns.source[rows[person_id]], "", mentor=mentor, scored=self.scored
            )
        return cache[key]

    def _persons(self, name: str, columns: People, *, mentor: bool) -> tuple[Person, ...]:
        cached = self.__dict__.get("_" + name)
        if cached is None:
            cached = tuple(
                _person(obj, "", mentor=mentor, scored=self.scored) for obj in columns.source
            )
            object.__setattr__(self, "_" + name, cached)
        return cached


# --- reading ------------------------------------------------------------------------------------


def _fail(where: str, problem: str) -> InstanceError:
    return InstanceError(f"{where}: {problem}" if where else problem)


def _number(value: Any, where: str, *, minimum: float | None = None, optional=False) -> Any:
    if value is None and optional:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise _fail(where, f"expected a number, got {value!r}")
    if minimum is not None and value < minimum:
        raise _fail(where, f"must be at least {minimum}, got {value!r}")
    return value


def _integer(value: Any, where: str, *, minimum: int | None = None, optional=False) -> Any:
    if value is None and optional:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise _fail(where, f"expected a whole number, got {value!r}")
    if minimum is not None and value < minimum:
        raise _fail(where, f"must be at least {minimum}, got {value!r}")
    return value


def _string_list(value: Any, where: str, allowed: frozenset[str] | None = None) -> frozenset:
    if value is None:
        return frozenset()
    if type(value) is not list or any(type(item) is not str for item in value):
        raise _fail(where, "expected a list of strings")
    result = frozenset(value)
    if allowed is not None and not result <= allowed:
        raise _fail(where, f"unknown value {sorted(result - allowed)[0]!r}")
    return result


def _choice(value: Any, where: str, allowed: tuple[str, ...], *, optional=False) -> Any:
    if value is None and optional:
        return None
    if value not in allowed:
        raise _fail(where, f"must be one of {', '.join(allowed)}, got {value!r}")
    return value


def _keys(obj: Any, where: str, allowed: set[str]) -> dict:
    if not isinstance(obj, dict):
        raise _fail(where, "expected an object")
    if obj.keys() <= allowed:
        return obj
    unknown = sorted(set(obj) - allowed)
    if unknown:
        raise _fail(where, f"unknown field {unknown[0]!r}")
    return obj


def _person(obj: Any, where: str, *, mentor: bool, scored: bool) -> Person:
    if scored:
        obj = _keys(obj, where, {"id", "capacity", "current_mentees"} if mentor else {"id"})
    else:
        obj = _keys(obj, where, MENTOR_FIELDS if mentor else MENTEE_FIELDS)
    person_id = obj.get("id")
    if not isinstance(person_id, str) or not person_id:
        raise _fail(where, "every person needs a non-empty string 'id'")
    where = f"{where} ({person_id})"
    values: dict[str, Any] = {"id": person_id}
    if mentor:
        values["capacity"] = _integer(obj.get("capacity", 1), f"{where} capacity", minimum=0)
        if values["capacity"] > MAX_CAPACITY:
            raise _fail(f"{where} capacity", f"a mentor takes at most {MAX_CAPACITY} mentees")
        values["current_mentees"] = _integer(
            obj.get("current_mentees", 0), f"{where} current_mentees", minimum=0
        )
    if scored:
        return Person(**values)

    languages = obj.get("languages", [])
    if not isinstance(languages, list):
        raise _fail(f"{where} languages", "expected a list")
    seen: set[str] = set()
    parsed = []
    for language in languages:
        language = _keys(language, f"{where} languages", {"code", "level"})
        code = language.get("code")
        if not isinstance(code, str) or not code:
            raise _fail(f"{where} languages", "every language needs a 'code'")
        if code in seen:
            raise _fail(f"{where} languages", f"language {code!r} listed twice")
        seen.add(code)
        level = _choice(language.get("level"), f"{where} language {code}", LEVELS)
        parsed.append(Language(code, level))
    values["languages"] = tuple(parsed)

    lat = _number(obj.get("lat"), f"{where} lat", optional=True)
    lon = _number(obj.get("lon"), f"{where} lon", optional=True)
    if (lat is None) != (lon is None):
        raise _fail(where, "give both lat and lon, or neither")
    if lat is not None and not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise _fail(where, "lat must be within ±90 and lon within ±180")
    values["lat"], values["lon"] = lat, lon
    values["max_distance_km"] = _number(
        obj.get("max_distance_km"), f"{where} max_distance_km", minimum=0, optional=True
    )
    values["availability"] = _string_list(
        obj.get("availability"), f"{where} availability", SLOT_SET
    )
    values["sectors"] = _string_list(obj.get("sectors"), f"{where} sectors")
    isco = obj.get("isco")
    if isco is not None and (not isinstance(isco, str) or not isco.isdigit() or len(isco) > 4):
        raise _fail(f"{where} isco", f"expected an ISCO-08 code of 1 to 4 digits, got {isco!r}")
    values["isco"] = isco or None
    values["interests"] = _string_list(obj.get("interests"), f"{where} interests")
    values["gender"] = _choice(obj.get("gender", "unknown"), f"{where} gender", GENDERS)
    values["birth_year"] = _integer(
        obj.get("birth_year"), f"{where} birth_year", minimum=1900, optional=True
    )
    if not mentor:
        values["mentor_gender_wish"] = _choice(
            obj.get("mentor_gender_wish"), f"{where} mentor_gender_wish", WISHES, optional=True
        )
        values["days_waiting"] = _integer(
            obj.get("days_waiting", 0), f"{where} days_waiting", minimum=0
        )
    return Person(**values)


def _people(value: Any, name: str, *, mentor: bool, scored: bool) -> People:
    if not isinstance(value, list):
        raise _fail(name, "expected a list")
    columns = None if scored else fast_columns(value, mentor=mentor)
    if columns is None:
        # The reference checks, person by person: they name the first problem, and they accept
        # the rare valid forms the fast path leaves to them.
        people = tuple(
            _person(obj, f"{name}[{index}]", mentor=mentor, scored=scored)
            for index, obj in enumerate(value)
        )
        columns = columns_of(people, value)
    if len(set(columns.ids)) != len(columns.ids):
        seen: set[str] = set()
        for person_id in columns.ids:
            if person_id in seen:
                raise _fail(name, f"duplicate id {person_id!r}")
            seen.add(person_id)
    return columns


def _criteria(obj: Any, *, scored: bool) -> Criteria:
    if scored:
        obj = _keys(obj or {}, "criteria", {"objective"})
        return Criteria(
            weights=dict.fromkeys(CRITERIA, 0.0),
            objective=_choice(obj.get("objective", "max_score"), "criteria.objective", OBJECTIVES),
        )
    obj = _keys(
        obj,
        "criteria",
        {
            "weights",
            "min_language_level",
            "max_distance_km",
            "min_availability_overlap",
            "objective",
            "preferred_age_gap",
            "waiting_full_after_days",
        },
    )
    weights = _keys(obj.get("weights", {}), "criteria.weights", set(CRITERIA))
    parsed = {
        name: _number(weights.get(name, 0), f"criteria.weights.{name}", minimum=0)
        for name in CRITERIA
    }
    return Criteria(
        weights=parsed,
        min_language_level=_choice(
            obj.get("min_language_level", "B1"), "criteria.min_language_level", LEVELS
        ),
        max_distance_km=_number(
            obj.get("max_distance_km"), "criteria.max_distance_km", minimum=0, optional=True
        ),
        min_availability_overlap=_integer(
            obj.get("min_availability_overlap", 0),
            "criteria.min_availability_overlap",
            minimum=0,
        ),
        objective=_choice(obj.get("objective", "max_score"), "criteria.objective", OBJECTIVES),
        preferred_age_gap=_integer(
            obj.get("preferred_age_gap", 20), "criteria.preferred_age_gap", minimum=0
        ),
        waiting_full_after_days=_integer(
            obj.get("waiting_full_after_days", 180), "criteria.waiting_full_after_days", minimum=1
        ),
    )


def _pairs(value: Any, name: str, mentees: set[str], mentors: set[str]) -> list[tuple[str, str]]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise _fail(name, "expected a list of [mentee id, mentor id] pairs")
    pairs = []
    for index, pair in enumerate(value):
        where = f"{name}[{index}]"
        if not (
            isinstance(pair, list) and len(pair) == 2 and all(isinstance(x, str) for x in pair)
        ):
            raise _fail(where, "expected [mentee id, mentor id]")
        mentee, mentor = pair
        if mentee not in mentees:
            raise _fail(where, f"unknown mentee id {mentee!r}")
        if mentor not in mentors:
            raise _fail(where, f"unknown mentor id {mentor!r}")
        pairs.append((mentee, mentor))
    return pairs


def load(data: Any) -> Instance:
    """Check a decoded JSON instance and return it; raise InstanceError naming any problem."""
    with _collector_paused():
        return _load(data)


def loads(text: str | bytes) -> Instance:
    """Decode and check an instance in JSON text; InstanceError names any problem, including
    text that is not JSON."""
    with _collector_paused():
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise InstanceError(f"not valid JSON: {error}") from None
        return _load(data)


@contextmanager
def _collector_paused():
    # Decoding and reading make hundreds of thousands of small objects and no reference cycles:
    # the cyclic collector would walk them all again and again (decoding a national programme
    # takes three times as long with it).
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _load(data: Any) -> Instance:
    if not isinstance(data, dict):
        raise InstanceError("an instance is a JSON object")
    if data.get("format") != FORMAT:
        raise InstanceError(f"format: expected {FORMAT!r}, got {data.get('format')!r}")
    scored = "edges" in data
    allowed = {"format", "criteria", "mentees", "mentors", "exclusions", "locks"}
    if scored:
        allowed.add("edges")
    _keys(data, "instance", allowed)
    criteria = _criteria(data.get("criteria", {} if scored else None), scored=scored)
    mentees = _people(data.get("mentees"), "mentees", mentor=False, scored=scored)
    mentors = _people(data.get("mentors"), "mentors", mentor=True, scored=scored)
    mentee_ids = set(mentees.ids)
    mentor_ids = set(mentors.ids)

    edges = None
    if scored:
        raw = data["edges"]
        if not isinstance(raw, list):
            raise _fail("edges", "expected a list of [mentee id, mentor id, score]")
        edges = []
        seen: set[tuple[str, str]] = set()
        for index, edge in enumerate(raw):
            where = f"edges[{index}]"
            if not (isinstance(edge, list) and len(edge) == 3):
                raise _fail(where, "expected [mentee id, mentor id, score]")
            (pair,) = _pairs([edge[:2]], where, mentee_ids, mentor_ids)
            score = _number(edge[2], f"{where} score", minimum=0)
            if score > 100:
                raise _fail(f"{where} score", f"scores run from 0 to 100, got {score!r}")
            if pair in seen:
                raise _fail(where, f"pair {list(pair)!r} listed twice")
            seen.add(pair)
            edges.append((*pair, float(score)))
        edges = tuple(edges)

    exclusions = frozenset(_pairs(data.get("exclusions"), "exclusions", mentee_ids, mentor_ids))
    locks = _pairs(data.get("locks"), "locks", mentee_ids, mentor_ids)
    locked_mentees: set[str] = set()
    for mentee, mentor in locks:
        if mentee in locked_mentees:
            raise _fail("locks", f"mentee {mentee!r} is locked to more than one mentor")
        locked_mentees.add(mentee)
        if (mentee, mentor) in exclusions:
            raise _fail("locks", f"pair {[mentee, mentor]!r} is both locked and excluded")
    by_mentor: dict[str, int] = {}
    for _mentee, mentor in locks:
        by_mentor[mentor] = by_mentor.get(mentor, 0) + 1
    free = dict(zip(mentors.ids, mentors.free_capacity.tolist(), strict=True))
    for mentor_id in mentors.ids:
        if by_mentor.get(mentor_id, 0) > free[mentor_id]:
            raise _fail(
                "locks",
                f"mentor {mentor_id!r} has {free[mentor_id]} free place(s) "
                f"but {by_mentor[mentor_id]} locked mentee(s)",
            )
    return Instance(
        criteria=criteria,
        mentee_columns=mentees,
        mentor_columns=mentors,
        exclusions=exclusions,
        locks=tuple(locks),
        edges=edges,
    )


def dump(instance: Instance) -> dict:
    """The JSON form of an instance (the inverse of ``load``)."""
    data: dict[str, Any] = {"format": FORMAT}
    c = instance.criteria
    if instance.scored:
        data["criteria"] = {"objective": c.objective}
        data["mentees"] = [{"id": p.id} for p in instance.mentees]
        data["mentors"] = [
            {"id": p.id, "capacity": p.capacity, "current_mentees": p.current_mentees}
            for p in instance.mentors
        ]
        data["edges"] = [list(edge) for edge in instance.edges]
    else:
        data["criteria"] = {
            "weights": dict(c.weights),
            "min_language_level": c.min_language_level,
            "max_distance_km": c.max_distance_km,
            "min_availability_overlap": c.min_availability_overlap,
            "objective": c.objective,
            "preferred_age_gap": c.preferred_age_gap,
            "waiting_full_after_days": c.waiting_full_after_days,
        }
        data["mentees"] = [_person_json(p, mentor=False) for p in instance.mentees]
        data["mentors"] = [_person_json(p, mentor=True) for p in instance.mentors]
    data["exclusions"] = [list(pair) for pair in sorted(instance.exclusions)]
    data["locks"] = [list(pair) for pair in instance.locks]
    return data


def _person_json(p: Person, *, mentor: bool) -> dict:
    data: dict[str, Any] = {
        "id": p.id,
        "languages": [{"code": x.code, "level": x.level} for x in p.languages],
        "lat": p.lat,
        "lon": p.lon,
        "max_distance_km": p.max_distance_km,
        "availability": [slot for slot in SLOTS if slot in p.availability],
        "sectors": sorted(p.sectors),
        "isco": p.isco,
        "interests": sorted(p.interests),
        "gender": p.gender,
        "birth_year": p.birth_year,
    }
    if mentor:
        data["capacity"] = p.capacity
        data["current_mentees"] = p.current_mentees
    else:
        data["mentor_gender_wish"] = p.mentor_gender_wish
        data["days_waiting"] = p.days_waiting
    return data
