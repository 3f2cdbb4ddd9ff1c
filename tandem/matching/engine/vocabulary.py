"""The words of the match-instance format: levels, availability slots, genders, criteria."""

FORMAT = "tandem-match-instance/1"

LEVELS = ("A1", "A2", "B1", "B2", "C1", "C2", "native")
LEVEL_RANK = {level: rank for rank, level in enumerate(LEVELS)}

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
PARTS = ("am", "pm", "eve")
SLOTS = tuple(f"{day}-{part}" for day in DAYS for part in PARTS)
SLOT_BIT = {slot: 1 << index for index, slot in enumerate(SLOTS)}

GENDERS = ("woman", "man", "non_binary", "unknown")
WISHES = ("woman", "man")
CRITERIA = ("sector", "language", "distance", "availability", "interests", "age", "waiting")
OBJECTIVES = ("max_score", "max_matched")

MAX_CAPACITY = 3
SLOT_SET = frozenset(SLOTS)

# The fields a person may have in the attribute form.
PERSON_FIELDS = {
    "id",
    "languages",
    "lat",
    "lon",
    "max_distance_km",
    "availability",
    "sectors",
    "isco",
    "interests",
    "gender",
    "birth_year",
}
MENTEE_FIELDS = PERSON_FIELDS | {"mentor_gender_wish", "days_waiting"}
MENTOR_FIELDS = PERSON_FIELDS | {"capacity", "current_mentees"}
