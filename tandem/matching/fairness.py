"""The fairness view of a run: is some group of mentees systematically left over?

For each dimension (gender, age group, language group, region — see ``matching.groups``) and
each group in it: how many mentees the run had, the share of them who got a suggested mentor,
and the mean score of their suggested pairs. Groups of fewer than ``SMALL`` mentees show no
count, share or mean ("fewer than 5"): with so few people a share would point at persons.
A group is flagged when its share matched is ``GAP`` or more below the whole run's.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from tandem.accounts import access
from tandem.accounts.models import Membership
from tandem.matching.groups import AGE_GROUPS, REGIONS, UNKNOWN
from tandem.matching.models import MatchRun, Suggestion
from tandem.people import reference
from tandem.people.models import Gender

SMALL = 5
GAP = 0.15

DIMENSIONS = (
    ("gender", _("Gender")),
    ("age", _("Age group")),
    ("language", _("Language group (first native language)")),
    ("region", _("Region")),
)


@dataclass(frozen=True)
class Group:
    label: str
    mentees: int
    matched: int
    share: float | None  # None for a small group
    mean_score: float | None
    small: bool
    below: bool


@dataclass(frozen=True)
class Dimension:
    key: str
    label: str
    groups: list[Group]


@dataclass(frozen=True)
class Fairness:
    mentees: int
    matched: int
    share: float | None
    mean_score: float | None
    dimensions: list[Dimension]


def _label(dimension: str, code: str) -> str:
    if dimension == "gender":
        return str(dict(Gender.choices).get(code, _("Unknown")))
    if dimension == "age":
        labels = {key: label for key, _low, _high, label in AGE_GROUPS}
        return str(labels.get(code, _("Unknown")))
    if dimension == "language":
        return (
            str(_("No native language recorded"))
            if code == "none"
            else (reference.language_name(code))
        )
    if code == UNKNOWN:
        return str(_("Unknown"))
    return str(REGIONS.get(code, code))


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def run_fairness(membership: Membership, run: MatchRun) -> Fairness:
    """Share matched and mean score per group, for each dimension."""
    scores = dict(
        access.scope(membership, Suggestion).filter(run=run).values_list("mentee_id", "score")
    )
    groups = {int(pk): g for pk, g in (run.groups or {}).items()}
    total = len(groups)
    matched = [scores[pk] for pk in groups if pk in scores]
    overall = len(matched) / total if total else None
    dimensions = []
    for key, label in DIMENSIONS:
        members: dict[str, list[int]] = {}
        for pk, g in groups.items():
            members.setdefault(g.get(key, UNKNOWN), []).append(pk)
        rows = []
        for code, pks in members.items():
            got = [scores[pk] for pk in pks if pk in scores]
            small = len(pks) < SMALL
            share = None if small else len(got) / len(pks)
            rows.append(
                Group(
                    label=_label(key, code),
                    mentees=len(pks),
                    matched=len(got),
                    share=share,
                    mean_score=None if small else _mean(got),
                    small=small,
                    below=share is not None and overall is not None and share <= overall - GAP,
                )
            )
        # Large groups first (by size), the small ones after, so sizes of small ones do not
        # show through their position.
        rows.sort(key=lambda r: (r.small, -r.mentees if not r.small else 0, r.label))
        dimensions.append(Dimension(key, str(label), rows))
    return Fairness(
        mentees=total,
        matched=len(matched),
        share=overall,
        mean_score=_mean(matched),
        dimensions=dimensions,
    )
