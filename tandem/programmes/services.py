"""Changes to programmes and cohorts."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tandem.programmes.models import Cohort, Organisation, Programme


@transaction.atomic
def programme_create(*, organisation: Organisation, fields: dict[str, Any]) -> Programme:
    """Open a new programme in the organisation."""
    if Programme.objects.filter(organisation=organisation, slug=fields.get("slug")).exists():
        raise ValidationError({"slug": _("Another programme already uses this short name.")})
    programme = Programme(organisation=organisation, **fields)
    programme.full_clean()
    programme.save()
    return programme


@transaction.atomic
def programme_update(*, programme: Programme, fields: dict[str, Any]) -> Programme:
    """Change a programme's settings; the short name stays unique in the organisation."""
    clash = Programme.objects.filter(
        organisation_id=programme.organisation_id, slug=fields.get("slug", programme.slug)
    ).exclude(pk=programme.pk)
    if clash.exists():
        raise ValidationError({"slug": _("Another programme already uses this short name.")})
    for name, value in fields.items():
        setattr(programme, name, value)
    programme.full_clean()
    programme.save()
    return programme


@transaction.atomic
def cohort_save(*, programme: Programme, cohort: Cohort | None, fields: dict[str, Any]) -> Cohort:
    """Create a cohort in a programme, or change one."""
    cohort = cohort or Cohort(programme=programme)
    if cohort.programme_id != programme.pk:
        raise ValidationError(_("This cohort belongs to another programme."))
    for name, value in fields.items():
        setattr(cohort, name, value)
    clash = Cohort.objects.filter(programme=programme, name=cohort.name).exclude(pk=cohort.pk)
    if clash.exists():
        raise ValidationError({"name": _("This programme already has a cohort with this name.")})
    cohort.full_clean()
    cohort.save()
    return cohort
