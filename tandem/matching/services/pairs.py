"""Locked and excluded pairs: the coordinator's hand on the next runs of a programme."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from tandem.accounts.models import User
from tandem.matching import engine, instances, wording
from tandem.matching.models import (
    ExclusionReason,
    MatchRun,
    PairExclusion,
    PairLock,
    Proposal,
    RunStatus,
)
from tandem.people.models import Participant, ParticipantRole
from tandem.programmes.models import Programme


def pair_violations(run: MatchRun, mentee: Participant, mentor: Participant) -> list:
    """The hard rules a pair breaks as the run saw it (``engine.Violation``s); ValidationError
    when one of them was not part of the run."""
    if run.status != RunStatus.DONE or not run.instance:
        raise ValidationError(_("This run has no result yet."))
    mentee_id, mentor_id = instances.participant_id(mentee.pk), instances.participant_id(mentor.pk)
    if not any(p["id"] == mentee_id for p in run.instance["mentees"]):
        raise ValidationError(_("This mentee was not part of the run."))
    if not any(p["id"] == mentor_id for p in run.instance["mentors"]):
        raise ValidationError(
            _("This mentor was not part of the run (no free place, or not ready to match).")
        )
    pair = instances.pair_instance(run.instance, mentee_id, mentor_id)
    return engine.why_not(pair, mentee_id, mentor_id)


def _check_pair(programme: Programme, mentee: Participant, mentor: Participant) -> None:
    if mentee.programme_id != programme.pk or mentor.programme_id != programme.pk:
        raise ValidationError(_("Both must take part in this programme."))
    if mentee.role != ParticipantRole.MENTEE or mentor.role != ParticipantRole.MENTOR:
        raise ValidationError(_("Choose a mentee and a mentor."))


@transaction.atomic
def lock_create(
    *, run: MatchRun, mentee: Participant, mentor: Participant, created_by: User
) -> PairLock:
    """Fix a pair by hand for the next runs of the programme. The pair must break no hard rule
    in the run and fit the mentor's free places; a mentee locked to another mentor is moved."""
    programme = run.programme
    _check_pair(programme, mentee, mentor)
    if PairExclusion.objects.filter(mentee=mentee, mentor=mentor).exists():
        raise ValidationError(_("This pair is excluded. Remove the exclusion first."))
    broken = [v for v in pair_violations(run, mentee, mentor) if v.rule != "capacity"]
    if broken:
        raise ValidationError(
            _("This pair cannot be locked: %(why)s")
            % {"why": " ".join(wording.violation(v.rule, v.facts) for v in broken)}
        )
    free = instances.free_places(mentor)
    others = PairLock.objects.filter(mentor=mentor).exclude(mentee=mentee).count()
    if others >= free:
        raise ValidationError(
            _("%(name)s has no free place for another locked mentee.")
            % {"name": mentor.person.display_name}
        )
    lock, _created = PairLock.objects.update_or_create(
        mentee=mentee,
        defaults={"programme": programme, "mentor": mentor, "created_by": created_by},
    )
    return lock


@transaction.atomic
def lock_delete(*, lock: PairLock) -> None:
    """Let the engine choose this mentee's mentor again."""
    lock.delete()


@transaction.atomic
def exclusion_create(
    *,
    programme: Programme,
    mentee: Participant,
    mentor: Participant,
    reason: str,
    created_by: User | None,
    note: str = "",
    proposal: Proposal | None = None,
) -> PairExclusion:
    """Never suggest this pair again in the programme (a lock of the same pair goes)."""
    _check_pair(programme, mentee, mentor)
    if reason not in ExclusionReason.values:
        raise ValidationError({"reason": _("Choose one of the reasons.")})
    note = note.strip()
    if reason == ExclusionReason.OTHER and not note:
        raise ValidationError({"note": _("Say why in a few words.")})
    PairLock.objects.filter(mentee=mentee, mentor=mentor).delete()
    if PairExclusion.objects.filter(mentee=mentee, mentor=mentor).exists():
        raise ValidationError(_("This pair is already excluded."))
    try:
        with transaction.atomic():
            return PairExclusion.objects.create(
                programme=programme,
                mentee=mentee,
                mentor=mentor,
                reason=reason,
                note=note[:300],
                proposal=proposal,
                created_by=created_by,
            )
    except IntegrityError:
        raise ValidationError(_("This pair is already excluded.")) from None


@transaction.atomic
def exclusion_delete(*, exclusion: PairExclusion) -> None:
    """Allow the pair again in later runs."""
    exclusion.delete()
