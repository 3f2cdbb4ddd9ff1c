"""What one side of a proposal may learn about the other: the limited profile.

First name, languages and sectors — only when that person allows it (their consent to share a
limited profile with their mentor or mentee). Never the last name, contact details before the
meeting, residence status, intake notes or anything about papers, health or money.
"""

from dataclasses import dataclass

from tandem.people import consent, reference
from tandem.people.models import ConsentPurpose, Person


@dataclass(frozen=True)
class LimitedProfile:
    first_name: str
    languages: list[str]
    sectors: list[str]


def limited_profile(person: Person) -> LimitedProfile | None:
    """The limited profile of ``person`` (languages prefetched, ideally), or None without their
    consent."""
    if not consent.granted(person, ConsentPurpose.MATCH_PROFILE):
        return None
    return LimitedProfile(
        first_name=person.preferred_name or person.first_name,
        languages=[
            f"{reference.language_name(pl.code)} ({pl.get_level_display()})"
            for pl in person.languages.all()
        ],
        sectors=[reference.nace_label(code) for code in person.sectors],
    )
