"""Saving a programme's matching settings."""

from typing import Any

from django.db import transaction

from tandem.matching.instances import settings_for
from tandem.matching.models import MatchingSettings
from tandem.programmes.models import Programme

SETTINGS_FIELDS = (
    "weight_sector",
    "weight_language",
    "weight_distance",
    "weight_availability",
    "weight_interests",
    "weight_age",
    "weight_waiting",
    "min_language_level",
    "max_distance_km",
    "min_availability_overlap",
    "objective",
    "preferred_age_gap",
)


@transaction.atomic
def matching_settings_save(*, programme: Programme, fields: dict[str, Any]) -> MatchingSettings:
    """Set how a programme matches (ValidationError on values out of range); the next run uses
    them, runs already made keep theirs in their instance."""
    unknown = set(fields) - set(SETTINGS_FIELDS)
    if unknown:
        raise TypeError(f"Unknown matching settings: {sorted(unknown)}")
    settings = settings_for(programme)
    for name, value in fields.items():
        setattr(settings, name, value)
    settings.full_clean(exclude=["programme"])
    settings.save()
    return settings
