"""Possible duplicates: two records that may be one person (same e-mail address, same phone
number, or same name and year of birth), for a coordinator to merge or leave."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _

from tandem.people.models import Person

MAX_PAIRS = 200
# A phone or e-mail shared by hundreds (a welfare office's) would make millions of pairs: only the
# first records of a group are paired.
MAX_GROUP = 20


@dataclass
class Pair:
    first: Person
    second: Person
    reasons: list[str] = field(default_factory=list)


def possible_duplicates(persons: QuerySet[Person]) -> list[Pair]:
    """Pairs among ``persons`` (already scoped to what the reader may see), oldest record first
    in each pair; at most MAX_PAIRS, in a fixed order."""
    groups: list[tuple[str, QuerySet]] = []
    emails = persons.exclude(email="").values("email").annotate(n=Count("pk")).filter(n__gt=1)
    groups += [(_("same e-mail address"), persons.filter(email=row["email"])) for row in emails]
    phones = (
        persons.exclude(phone_key="").values("phone_key").annotate(n=Count("pk")).filter(n__gt=1)
    )
    groups += [(_("same phone number"), persons.filter(phone_key=r["phone_key"])) for r in phones]
    names = (
        persons.exclude(name_key="")
        .exclude(birth_year=None)
        .values("name_key", "birth_year")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
    )
    groups += [
        (
            _("same name and year of birth"),
            persons.filter(name_key=r["name_key"], birth_year=r["birth_year"]),
        )
        for r in names
    ]
    pairs: dict[tuple[int, int], Pair] = {}
    reasons: dict[tuple[int, int], list[str]] = defaultdict(list)
    for reason, members in groups:
        people = list(members.order_by("pk")[:MAX_GROUP])
        for i, first in enumerate(people):
            for second in people[i + 1 :]:
                key = (first.pk, second.pk)
                pairs.setdefault(key, Pair(first, second))
                reasons[key].append(reason)
        if len(pairs) >= 5 * MAX_PAIRS:
            break
    for key, pair in pairs.items():
        pair.reasons = reasons[key]
    return [pairs[key] for key in sorted(pairs)][:MAX_PAIRS]
