"""Evaluate a programme's eligibility rules for one participant, and explain every outcome.

Each rule gives "pass", "fail" or "unknown" (the information is missing: a coordinator should
ask). The rules only advise: a coordinator decides, and moving someone who fails a rule to
"eligible" needs an override with a reason (see services.participant_move).
"""

from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.people import reference
from tandem.people.models import (
    LEVEL_ORDER,
    EligibilityRules,
    Intake,
    LabourMarketStatus,
    LanguageLevel,
    Participant,
    RightToWork,
)

PASS, FAIL, UNKNOWN = "pass", "fail", "unknown"


@dataclass(frozen=True)
class Check:
    rule: str
    outcome: str
    explanation: str


def parse_postcodes(text: str) -> list[tuple[int, int]]:
    """'1000-1210, 1930' → [(1000, 1210), (1930, 1930)]. Raises ValueError on anything else."""
    ranges = []
    for part in text.replace(";", ",").split(","):
        part = part.strip()
        if not part:
            continue
        low, _sep, high = part.partition("-")
        low_n, high_n = int(low.strip()), int((high or low).strip())
        if low_n > high_n:
            raise ValueError(part)
        ranges.append((low_n, high_n))
    return ranges


def age_on(day: date, birth_date: date | None, birth_year: int | None) -> int | None:
    """Age in whole years; from the year alone when only the year is known."""
    if birth_date:
        return (
            day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))
        )
    if birth_year:
        return day.year - birth_year
    return None


def evaluate(participant: Participant, rules: EligibilityRules | None) -> list[Check]:
    """The checks of every rule that is set, in a fixed order."""
    if rules is None:
        return []
    person = participant.person
    intake: Intake | None = participant.intakes.order_by("-held_on", "-pk").first()
    checks: list[Check] = []

    if rules.min_age is not None or rules.max_age is not None:
        age = age_on(timezone.localdate(), person.birth_date, person.birth_year)
        low = rules.min_age if rules.min_age is not None else 0
        high = rules.max_age if rules.max_age is not None else 200
        # With the year alone, the true age is this or one less: at a limit it is not known.
        at_a_limit = person.birth_date is None and age is not None and age - 1 < low <= age
        at_a_limit = at_a_limit or (
            person.birth_date is None and age is not None and age - 1 <= high < age
        )
        if age is not None and at_a_limit:
            checks.append(
                Check(
                    "age",
                    UNKNOWN,
                    _("Age %(low)s or %(age)s (only the year of birth is known).")
                    % {"low": age - 1, "age": age},
                )
            )
        elif age is None:
            checks.append(Check("age", UNKNOWN, _("Age unknown: no date or year of birth.")))
        elif age < low:
            checks.append(
                Check(
                    "age",
                    FAIL,
                    _("Age %(age)s: below the minimum of %(min)s.") % {"age": age, "min": low},
                )
            )
        elif age > high:
            checks.append(
                Check(
                    "age",
                    FAIL,
                    _("Age %(age)s: above the maximum of %(max)s.") % {"age": age, "max": high},
                )
            )
        else:
            checks.append(Check("age", PASS, _("Age %(age)s: within the range.") % {"age": age}))

    if rules.labour_market_statuses:
        allowed = ", ".join(str(LabourMarketStatus(s).label) for s in rules.labour_market_statuses)
        status = intake.labour_market_status if intake else ""
        if not status:
            checks.append(
                Check(
                    "labour_market",
                    UNKNOWN,
                    _("Situation on the labour market not recorded in an intake yet."),
                )
            )
        elif status in rules.labour_market_statuses:
            checks.append(
                Check(
                    "labour_market",
                    PASS,
                    _("%(status)s: taken by the programme.")
                    % {"status": LabourMarketStatus(status).label},
                )
            )
        else:
            checks.append(
                Check(
                    "labour_market",
                    FAIL,
                    _("%(status)s: the programme takes %(allowed)s.")
                    % {"status": LabourMarketStatus(status).label, "allowed": allowed},
                )
            )

    if rules.right_to_work_required:
        answer = intake.right_to_work if intake else RightToWork.UNKNOWN
        outcome = {
            RightToWork.FULL: PASS,
            RightToWork.LIMITED: PASS,
            RightToWork.NONE: FAIL,
        }.get(answer, UNKNOWN)
        checks.append(Check("right_to_work", outcome, str(RightToWork(answer).label)))

    if rules.min_language_level:
        minimum = rules.min_language_level
        spoken = {pl.code: pl.level for pl in person.languages.all()}
        in_programme = [
            (code, spoken[code]) for code in participant.programme.languages if code in spoken
        ]
        best = max(in_programme, key=lambda item: LEVEL_ORDER[item[1]], default=None)
        label = LanguageLevel(minimum).label
        if best and LEVEL_ORDER[best[1]] >= LEVEL_ORDER[minimum]:
            checks.append(
                Check(
                    "language",
                    PASS,
                    _("%(language)s %(level)s (minimum %(minimum)s).")
                    % {
                        "language": reference.language_name(best[0]),
                        "level": LanguageLevel(best[1]).label,
                        "minimum": label,
                    },
                )
            )
        elif best:
            checks.append(
                Check(
                    "language",
                    FAIL,
                    _(
                        "Best programme language: %(language)s %(level)s; "
                        "the minimum is %(minimum)s."
                    )
                    % {
                        "language": reference.language_name(best[0]),
                        "level": LanguageLevel(best[1]).label,
                        "minimum": label,
                    },
                )
            )
        else:
            checks.append(
                Check(
                    "language",
                    FAIL,
                    _("Speaks none of the programme's languages (minimum %(minimum)s).")
                    % {"minimum": label},
                )
            )

    if rules.postcodes.strip():
        ranges = parse_postcodes(rules.postcodes)
        if not person.postcode:
            checks.append(Check("residence", UNKNOWN, _("Postcode unknown.")))
        elif person.postcode.isdigit() and any(
            low <= int(person.postcode) <= high for low, high in ranges
        ):
            checks.append(
                Check(
                    "residence",
                    PASS,
                    _("Lives in %(place)s: in the programme's area.")
                    % {"place": f"{person.postcode} {person.municipality}".strip()},
                )
            )
        else:
            checks.append(
                Check(
                    "residence",
                    FAIL,
                    _("Lives in %(place)s: outside the programme's area.")
                    % {"place": f"{person.postcode} {person.municipality}".strip()},
                )
            )
    return checks


def rules_for(participant: Participant) -> EligibilityRules | None:
    return EligibilityRules.objects.filter(
        programme_id=participant.programme_id, role=participant.role
    ).first()


def failures(participant: Participant) -> list[Check]:
    """The rules that do not (or not yet knowably) hold: each needs an override with a reason."""
    return [c for c in evaluate(participant, rules_for(participant)) if c.outcome != PASS]
