"""Consent per purpose: the texts people agree to, and the ONE question code asks before it
shares or contacts: ``granted(person, purpose)``.

Texts are versioned: a new wording gets a new version, and each Consent row keeps the version
that was shown. Withdrawal takes effect at once, because nothing caches the answer.
"""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from tandem.people.models import Consent, ConsentPurpose, Person

P = ConsentPurpose


@dataclass(frozen=True)
class ConsentText:
    version: str
    text: str | Promise


TEXTS: dict[str, ConsentText] = {
    P.PROGRAMME: ConsentText(
        "2026-11",
        _(
            "I want to take part in this mentoring programme. The organisation may keep my "
            "details to organise it, and delete them when I ask."
        ),
    ),
    P.MATCH_PROFILE: ConsentText(
        "2026-11",
        _(
            "My mentor (or mentee) may see my first name, languages, sectors, interests and how "
            "to contact me. Nothing about my papers, health or money."
        ),
    ),
    P.EMPLOYERS: ConsentText(
        "2026-11",
        _(
            "Employers the organisation works with may see my first name, languages, skills and "
            "work experience when I am put forward for a job or an internship."
        ),
    ),
    P.FOLLOW_UP: ConsentText(
        "2026-11",
        _(
            "After the programme the organisation may contact me a few times (after 4 weeks, 6 "
            "months and 12 months) to ask how I am doing with work or study."
        ),
    ),
    P.RESEARCH: ConsentText(
        "2026-11",
        _(
            "My information may be used without my name in reports to funders and in research "
            "about what helps people find work."
        ),
    ),
}


def text_for(purpose: str) -> ConsentText:
    return TEXTS[purpose]


def _standing(purpose: str) -> QuerySet[Consent]:
    return Consent.objects.filter(purpose=purpose, withdrawn_at__isnull=True)


def granted(person: Person, purpose: str) -> bool:
    """Whether ``person`` has a standing consent for ``purpose``. Ask this before sharing or
    contacting; never cache the answer."""
    if purpose not in ConsentPurpose.values:
        raise ValueError(f"Unknown consent purpose: {purpose}")
    return _standing(purpose).filter(person=person).exists()


def persons_granting(persons: QuerySet[Person], purpose: str) -> QuerySet[Person]:
    """The persons of a queryset who have a standing consent for ``purpose`` (for exports,
    follow-up lists and employer pages: one query, not one per person)."""
    if purpose not in ConsentPurpose.values:
        raise ValueError(f"Unknown consent purpose: {purpose}")
    return persons.filter(Exists(_standing(purpose).filter(person=OuterRef("pk"))))


def overview(person: Person) -> list[tuple[str, str, Consent | None]]:
    """Per purpose, in order: (purpose, label, the standing consent or None)."""
    standing = {c.purpose: c for c in person.consents.filter(withdrawn_at__isnull=True)}
    return [(value, label, standing.get(value)) for value, label in ConsentPurpose.choices]
