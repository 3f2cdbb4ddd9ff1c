"""Random match instances for property tests: small enough for a brute-force check."""

from hypothesis import strategies as st

from tandem.matching.engine.vocabulary import FORMAT, LEVELS

SLOTS = ["mon-am", "mon-pm", "wed-eve", "sat-am"]


def people(draw, prefix: str, count: int, *, mentor: bool) -> list[dict]:
    rows = []
    for index in range(count):
        languages = draw(
            st.dictionaries(
                st.sampled_from(["fr", "nl", "ar"]), st.sampled_from(LEVELS), max_size=3
            )
        )
        located = draw(st.booleans()) or draw(st.booleans())
        person = {
            "id": f"{prefix}{index}",
            "languages": [{"code": c, "level": lv} for c, lv in sorted(languages.items())],
            "lat": draw(st.floats(50.80, 50.90)) if located else None,
            "lon": draw(st.floats(4.30, 4.45)) if located else None,
            "max_distance_km": draw(st.sampled_from([None, None, 3.0, 6.0])),
            "availability": sorted(draw(st.sets(st.sampled_from(SLOTS))), key=SLOTS.index),
            "sectors": sorted(draw(st.sets(st.sampled_from(["F", "Q", "C"]), max_size=2))),
            "isco": draw(st.sampled_from([None, "7112", "7115", "7231", "5321"])),
            "interests": sorted(draw(st.sets(st.sampled_from(["chess", "football", "music"])))),
            "gender": draw(st.sampled_from(["woman", "man", "non_binary", "unknown"])),
            "birth_year": draw(st.one_of(st.none(), st.integers(1950, 2005))),
        }
        if mentor:
            capacity = draw(st.integers(1, 3))
            person["capacity"] = capacity
            person["current_mentees"] = draw(st.integers(0, capacity))
        else:
            person["mentor_gender_wish"] = draw(st.sampled_from([None, None, "woman", "man"]))
            person["days_waiting"] = draw(st.integers(0, 400))
        rows.append(person)
    return rows


@st.composite
def instances(draw, max_mentees: int = 7, max_mentors: int = 5) -> dict:
    mentees = people(draw, "e", draw(st.integers(1, max_mentees)), mentor=False)
    mentors = people(draw, "m", draw(st.integers(1, max_mentors)), mentor=True)
    pairs = [[e["id"], m["id"]] for e in mentees for m in mentors]
    exclusions = draw(st.lists(st.sampled_from(pairs), unique_by=tuple, max_size=3))
    return {
        "format": FORMAT,
        "criteria": {
            "weights": {
                name: draw(st.sampled_from([0, 0.5, 1, 2, 3]))
                for name in [
                    "sector",
                    "language",
                    "distance",
                    "availability",
                    "interests",
                    "age",
                    "waiting",
                ]
            },
            "min_language_level": draw(st.sampled_from(LEVELS)),
            "max_distance_km": draw(st.sampled_from([None, 4.0, 8.0, 15.0])),
            "min_availability_overlap": draw(st.integers(0, 2)),
            "objective": draw(st.sampled_from(["max_score", "max_matched"])),
        },
        "mentees": mentees,
        "mentors": mentors,
        "exclusions": exclusions,
        "locks": [],
    }
