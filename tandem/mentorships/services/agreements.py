"""The agreement of a pair: its terms, its 2 to 5 goals, its three signatures, the contact person.

An agreement is signed by the mentor, the mentee and the coordinator — in the portal with a
click, or on paper with a coordinator recording it. Any change to what was signed (the terms or
a goal) clears the signatures: they signed another text. When the third signature is in, both
participants move from "matched" to "active".
"""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from tandem.accounts import access
from tandem.accounts.models import Membership, User
from tandem.mentorships.models import (
    Agreement,
    Goal,
    Mentorship,
    MentorshipSettings,
    Signatory,
    Signature,
)
from tandem.mentorships.selectors import programme_staff
from tandem.people.models import LifeDomain
from tandem.people.models import ParticipantStatus as S
from tandem.people.services import participant_move

GOALS_MIN = 2
GOALS_MAX = 5
TERMS = (
    "ends_on",
    "meetings_per_month",
    "review_interval_weeks",
    "mentor_commitments",
    "mentee_commitments",
)


def _running(mentorship: Mentorship) -> None:
    if not mentorship.is_active:
        raise ValidationError(_("This mentorship is closed: its agreement can no longer change."))


def _locked_agreement(agreement: Agreement) -> Agreement:
    """The agreement row locked for this transaction (two coordinators editing at once)."""
    return Agreement.objects.select_for_update().select_related("mentorship").get(pk=agreement.pk)


def _clear_signatures(agreement: Agreement) -> int:
    deleted, _detail = Signature.objects.filter(agreement=agreement).delete()
    return deleted


@transaction.atomic
def agreement_update(
    *,
    agreement: Agreement,
    edited_by: User,
    ends_on: date,
    meetings_per_month: int,
    review_interval_weeks: int,
    mentor_commitments: str,
    mentee_commitments: str,
) -> bool:
    """Change the terms of an agreement. Returns whether anything changed; a change clears the
    signatures."""
    current = _locked_agreement(agreement)
    mentorship = current.mentorship
    _running(mentorship)
    errors = {}
    if ends_on <= mentorship.started_on:
        errors["ends_on"] = _("The planned end comes after the start (%(date)s).") % {
            "date": formats.date_format(mentorship.started_on)
        }
    if not 1 <= meetings_per_month <= 31:
        errors["meetings_per_month"] = _("Pairs meet 1 to 31 times a month.")
    if not 1 <= review_interval_weeks <= 52:
        errors["review_interval_weeks"] = _("Review the goals every 1 to 52 weeks.")
    if errors:
        raise ValidationError(errors)
    values = {
        "ends_on": ends_on,
        "meetings_per_month": meetings_per_month,
        "review_interval_weeks": review_interval_weeks,
        "mentor_commitments": mentor_commitments.strip(),
        "mentee_commitments": mentee_commitments.strip(),
    }
    changed = [name for name, value in values.items() if getattr(current, name) != value]
    if not changed:
        return False
    for name in changed:
        setattr(current, name, values[name])
    current.save(update_fields=[*changed, "updated_at"])
    _clear_signatures(current)
    for name in TERMS:
        setattr(agreement, name, getattr(current, name))
    return True


def _goal_values(
    mentorship: Mentorship, description: str, life_domain: str, target_date: date | None
) -> dict:
    description = description.strip()
    errors = {}
    if not description:
        errors["description"] = _("Write the goal in a few words.")
    elif len(description) > 300:
        errors["description"] = _("Keep the goal under 300 characters.")
    if life_domain not in LifeDomain.values:
        errors["life_domain"] = _("Choose the life domain of the goal.")
    if target_date is None:
        errors["target_date"] = _("Give a target date.")
    elif target_date < mentorship.started_on:
        errors["target_date"] = _("The target date cannot be before the start (%(date)s).") % {
            "date": formats.date_format(mentorship.started_on)
        }
    if errors:
        raise ValidationError(errors)
    return {"description": description, "life_domain": life_domain, "target_date": target_date}


@transaction.atomic
def goal_add(
    *,
    mentorship: Mentorship,
    description: str,
    life_domain: str,
    target_date: date,
    added_by: User,
) -> Goal:
    """Add a goal at the end of the list (at most five); clears the signatures."""
    agreement = _locked_agreement(mentorship.agreement)
    _running(agreement.mentorship)
    values = _goal_values(mentorship, description, life_domain, target_date)
    goals = Goal.objects.filter(mentorship=mentorship)
    if goals.count() >= GOALS_MAX:
        raise ValidationError(
            _("An agreement has at most %(max)s goals.") % {"max": GOALS_MAX}, code="too_many"
        )
    last = goals.aggregate(last=Max("position"))["last"] or 0
    goal = Goal.objects.create(mentorship=mentorship, position=last + 1, **values)
    _clear_signatures(agreement)
    return goal


@transaction.atomic
def goal_update(
    *, goal: Goal, description: str, life_domain: str, target_date: date, edited_by: User
) -> bool:
    """Change a goal; returns whether anything changed (a change clears the signatures)."""
    agreement = _locked_agreement(goal.mentorship.agreement)
    _running(agreement.mentorship)
    values = _goal_values(agreement.mentorship, description, life_domain, target_date)
    changed = [name for name, value in values.items() if getattr(goal, name) != value]
    if not changed:
        return False
    for name in changed:
        setattr(goal, name, values[name])
    goal.save(update_fields=changed)
    _clear_signatures(agreement)
    return True


@transaction.atomic
def goal_remove(*, goal: Goal, removed_by: User) -> None:
    """Remove a goal that no review has checked yet; clears the signatures.

    A reviewed goal stays, so the reviews keep their history: the pair marks it "dropped".
    """
    agreement = _locked_agreement(goal.mentorship.agreement)
    _running(agreement.mentorship)
    if goal.checks.exists():
        raise ValidationError(
            _(
                "“%(goal)s” has been reviewed already: mark it “Dropped” in the next review "
                "instead of removing it."
            )
            % {"goal": goal.description},
            code="reviewed",
        )
    goal.delete()
    _clear_signatures(agreement)


@transaction.atomic
def goals_reorder(*, mentorship: Mentorship, goal_ids: list[int], reordered_by: User) -> None:
    """Put the goals in this order (every goal of the mentorship, once). The order is not part
    of what was agreed, so the signatures stay."""
    _locked_agreement(mentorship.agreement)
    goals = {goal.pk: goal for goal in Goal.objects.filter(mentorship=mentorship)}
    if sorted(goal_ids) != sorted(goals):
        raise ValidationError(_("The goals changed meanwhile: reload the page and try again."))
    for position, pk in enumerate(goal_ids, start=1):
        if goals[pk].position != position:
            goals[pk].position = position
            goals[pk].save(update_fields=["position"])


@dataclass
class GoalInput:
    """One row of the agreement page's goal list: an existing goal (pk) or a new one."""

    pk: int | None
    description: str
    life_domain: str
    target_date: date | None
    remove: bool = False


@transaction.atomic
def agreement_edit(
    *, agreement: Agreement, edited_by: User, terms: dict, goals: list[GoalInput]
) -> int:
    """Save the agreement page at once: the terms and the goal list (removals, changes,
    additions, in the order given). All or nothing. Returns how many signatures were cleared."""
    before = Signature.objects.filter(agreement=agreement).count()
    mentorship = agreement.mentorship
    agreement_update(agreement=agreement, edited_by=edited_by, **terms)
    existing = {goal.pk: goal for goal in Goal.objects.filter(mentorship=mentorship)}
    kept: list[int] = []
    for row in goals:
        if row.pk is not None and row.pk not in existing:
            raise ValidationError(_("The goals changed meanwhile: reload the page and try again."))
        if row.remove and row.pk is not None:
            goal_remove(goal=existing[row.pk], removed_by=edited_by)
    for row in goals:
        if row.remove:
            continue
        fields = {
            "description": row.description,
            "life_domain": row.life_domain,
            "target_date": row.target_date,
        }
        if row.pk is None:
            kept.append(goal_add(mentorship=mentorship, added_by=edited_by, **fields).pk)
        else:
            goal_update(goal=existing[row.pk], edited_by=edited_by, **fields)
            kept.append(row.pk)
    untouched = [pk for pk in existing if pk not in kept and not _removed(goals, pk)]
    goals_reorder(mentorship=mentorship, goal_ids=kept + untouched, reordered_by=edited_by)
    return before - Signature.objects.filter(agreement=agreement).count()


def _removed(goals: list[GoalInput], pk: int) -> bool:
    return any(row.pk == pk and row.remove for row in goals)


def signing_problems(agreement: Agreement, goals: list[Goal]) -> list[str]:
    """What stands in the way of signing, in words; empty when it can be signed."""
    problems = []
    if not agreement.mentorship.is_active:
        problems.append(_("This mentorship is closed."))
    if not GOALS_MIN <= len(goals) <= GOALS_MAX:
        problems.append(
            _("An agreement is signed with %(min)s to %(max)s goals; it has %(count)s.")
            % {"min": GOALS_MIN, "max": GOALS_MAX, "count": len(goals)}
        )
    return problems


def _membership_of(user: User, mentorship: Mentorship) -> Membership | None:
    return Membership.objects.filter(
        user=user, organisation_id=mentorship.programme.organisation_id, is_active=True
    ).first()


@transaction.atomic
def agreement_sign(
    *, agreement: Agreement, signatory: str, by: User, on_paper: bool = False
) -> Signature:
    """Record one signature of the agreement.

    A mentor or a mentee signs their own side with a click. The programme's staff sign as the
    coordinator, or record a side's signature on paper (``on_paper``). A side signs once; when
    all three have signed, a mentee and a mentor who are "matched" become "active".
    """
    current = _locked_agreement(agreement)
    mentorship = Mentorship.objects.select_related(
        "programme", "mentor__person", "mentee__person"
    ).get(pk=current.mentorship_id)
    role = access.mentorship_side(_membership_of(by, mentorship), mentorship)
    if signatory not in Signatory.values:
        raise ValidationError(_("Choose who signs: the mentor, the mentee or the coordinator."))
    if role is None:
        raise ValidationError(_("You cannot sign this agreement."), code="forbidden")
    if role != Signatory.COORDINATOR and (signatory != role or on_paper):
        raise ValidationError(_("You can only sign for yourself."), code="forbidden")
    if role == Signatory.COORDINATOR and signatory != Signatory.COORDINATOR and not on_paper:
        raise ValidationError(
            _("A mentor or a mentee signs themselves, or on paper that you record."),
            code="forbidden",
        )
    problems = signing_problems(current, list(mentorship.goals.all()))
    if problems:
        raise ValidationError(problems)
    if current.signatures.filter(signatory=signatory).exists():
        raise ValidationError(
            _("%(side)s has already signed.") % {"side": Signatory(signatory).label},
            code="signed",
        )
    signature = Signature.objects.create(
        agreement=current,
        signatory=signatory,
        on_paper=on_paper,
        recorded_by=by,
        signed_at=timezone.now(),
    )
    if current.signatures.count() == len(Signatory.values):
        why = _("The agreement is signed by the mentor, the mentee and the coordinator.")
        for participant in (mentorship.mentee, mentorship.mentor):
            if participant.status == S.MATCHED:
                participant_move(
                    participant=participant, to_status=S.ACTIVE, moved_by=by, reason=why
                )
    return signature


@transaction.atomic
def mentorship_set_contact(
    *, mentorship: Mentorship, coordinator: User | None, set_by: User
) -> Mentorship:
    """Make ``coordinator`` (one of the programme's staff) the pair's contact person; None
    leaves the pair to the programme's staff as a whole."""
    if (
        coordinator is not None
        and not programme_staff(mentorship.programme).filter(pk=coordinator.pk).exists()
    ):
        raise ValidationError(
            {"coordinator": _("Choose someone of the programme's staff.")}, code="not_staff"
        )
    Mentorship.objects.filter(pk=mentorship.pk).update(coordinator=coordinator)
    mentorship.coordinator = coordinator
    return mentorship


SETTINGS_FIELDS = (
    *(
        f"{name}_{code}"
        for name in ("code_of_conduct", "mentor_commitments", "mentee_commitments")
        for code in ("en", "nl", "fr")
    ),
    "quiet_amber_intervals",
    "quiet_red_intervals",
    "review_red_after_days",
    "dropped_goal_is_amber",
    "midterm_evaluation",
    "final_evaluation",
    "evaluation_questions",
)


@transaction.atomic
def mentorship_settings_update(
    *, mentorship_settings: MentorshipSettings, values: dict, updated_by: User
) -> MentorshipSettings:
    """Save a programme's agreement texts (per language), pair-health thresholds and
    evaluations. The texts are copied into agreements made from now on; running agreements keep
    theirs."""
    amber = values.get("quiet_amber_intervals", mentorship_settings.quiet_amber_intervals)
    red = values.get("quiet_red_intervals", mentorship_settings.quiet_red_intervals)
    if red < amber:
        raise ValidationError({"quiet_red_intervals": _("Red must come at or after amber.")})
    changed = [name for name in SETTINGS_FIELDS if name in values]
    for name in changed:
        value = values[name]
        setattr(mentorship_settings, name, value.strip() if isinstance(value, str) else value)
    mentorship_settings.save()
    return mentorship_settings
