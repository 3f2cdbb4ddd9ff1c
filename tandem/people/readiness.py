"""Whether a mentor is ready to be matched: training hours against the programme's requirement,
and every screening check done and in order (the latest check of each kind counts)."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Sum
from django.utils.translation import gettext as _

from tandem.people.models import Participant, ParticipantRole, ScreeningCheck, ScreeningKind


def _number(value: Decimal) -> str:
    """12.0 → '12', 4.5 → '4.5'."""
    return f"{Decimal(value).normalize():f}"


@dataclass
class Readiness:
    hours: Decimal
    required_hours: Decimal
    checks: dict[str, ScreeningCheck | None] = field(default_factory=dict)

    @property
    def missing(self) -> list[str]:
        """What still stands in the way, in words; empty when ready."""
        missing = []
        if self.hours < self.required_hours:
            missing.append(
                _("Training: %(hours)s of %(required)s hours.")
                % {"hours": _number(self.hours), "required": _number(self.required_hours)}
            )
        for kind, label in ScreeningKind.choices:
            check = self.checks.get(kind)
            if check is None:
                missing.append(_("%(check)s: not done yet.") % {"check": label})
            elif not check.passed:
                missing.append(_("%(check)s: not in order.") % {"check": label})
        return missing

    @property
    def ready(self) -> bool:
        return not self.missing


def readiness(participant: Participant) -> Readiness | None:
    """The readiness of a mentor (None for mentees, who are not trained or screened)."""
    if participant.role != ParticipantRole.MENTOR:
        return None
    hours = participant.training_sessions.aggregate(total=Sum("hours"))["total"] or Decimal(0)
    latest: dict[str, ScreeningCheck | None] = {}
    for check in participant.screening_checks.order_by("kind", "-checked_on", "-pk"):
        latest.setdefault(check.kind, check)
    return Readiness(hours, participant.programme.required_training_hours, latest)
