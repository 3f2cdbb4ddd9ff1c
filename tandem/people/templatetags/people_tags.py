from django import template
from django.utils.translation import gettext as _

from tandem.people import reference
from tandem.people.models import LifeDomain

register = template.Library()


@register.filter
def language_name(code: str) -> str:
    return reference.language_name(code)


@register.filter
def country_name(code: str) -> str:
    return reference.country_name(code)


@register.filter
def slot_label(slot: str) -> str:
    """'wed-pm' → 'Wednesday afternoon' (in the active language)."""
    day, _sep, part = slot.partition("-")
    days, parts = dict(reference.DAYS), dict(reference.PARTS_OF_DAY)
    if day not in days or part not in parts:
        return slot
    return _("%(day)s – %(part_of_day)s") % {"day": days[day], "part_of_day": parts[part]}


@register.filter
def life_domain(code: str) -> str:
    return dict(LifeDomain.choices).get(code, code)


@register.filter
def pair_with(first, second) -> tuple:
    return (first, second)
