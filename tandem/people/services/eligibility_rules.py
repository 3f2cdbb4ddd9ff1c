"""Setting a programme's eligibility rules."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tandem.people.eligibility import parse_postcodes
from tandem.people.models import EligibilityRules, LabourMarketStatus, ParticipantRole
from tandem.programmes.models import Programme


@transaction.atomic
def eligibility_rules_save(
    *, programme: Programme, role: str, fields: dict[str, Any]
) -> EligibilityRules:
    """Create or change the rules of a programme for one role."""
    if role not in ParticipantRole.values:
        raise ValidationError(_("Choose mentor or mentee."))
    if not set(fields.get("labour_market_statuses", [])) <= set(LabourMarketStatus.values):
        raise ValidationError({"labour_market_statuses": _("Choose situations from the list.")})
    try:
        parse_postcodes(fields.get("postcodes", ""))
    except ValueError:
        raise ValidationError(
            {
                "postcodes": _(
                    "Write postcodes and ranges separated by commas, e.g. 1000-1210, 1930."
                )
            }
        ) from None
    rules, _created = EligibilityRules.objects.get_or_create(programme=programme, role=role)
    for name, value in fields.items():
        setattr(rules, name, value)
    rules.full_clean()
    rules.save()
    return rules
