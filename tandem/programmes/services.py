"""Changes to programmes and cohorts."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from tandem.programmes.models import Cohort, Organisation, Programme


def _save(instance: Programme | Cohort, clash: ValidationError) -> None:
    """Validate and save; a concurrent save that wins the race gets the same clear message."""
    instance.full_clean()
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError:
        raise clash from None


def _slug_taken() -> ValidationError:
    return ValidationError({"slug": _("Another programme already uses this short name.")})


@transaction.atomic
def programme_create(*, organisation: Organisation, fields: dict[str, Any]) -> Programme:
    """Open a new programme in the organisation."""
    programme = Programme(organisation=organisation, **fields)
    _save(programme, _slug_taken())
    return programme


@transaction.atomic
def programme_update(*, programme: Programme, fields: dict[str, Any]) -> Programme:
    """Change a programme's settings; the short name stays unique in the organisation."""
    for name, value in fields.items():
        setattr(programme, name, value)
    _save(programme, _slug_taken())
    return programme


@transaction.atomic
def cohort_save(*, programme: Programme, cohort: Cohort | None, fields: dict[str, Any]) -> Cohort:
    """Create a cohort in a programme, or change one."""
    cohort = cohort or Cohort(programme=programme)
    if cohort.programme_id != programme.pk:
        raise ValidationError(_("This cohort belongs to another programme."))
    for name, value in fields.items():
        setattr(cohort, name, value)
    _save(
        cohort,
        ValidationError({"name": _("This programme already has a cohort with this name.")}),
    )
    return cohort
