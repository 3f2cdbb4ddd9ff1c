"""Proposals: a suggestion put to both sides, their answers, and what follows from them."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.accounts.models import User
from tandem.matching import instances, signals
from tandem.matching.models import (
    Answer,
    DeclineReason,
    ExclusionReason,
    PairExclusion,
    PairLock,
    Proposal,
    ProposalAnswer,
    ProposalStatus,
    RunStatus,
    Side,
    Suggestion,
)
from tandem.matching.services.pairs import exclusion_create
from tandem.people import consent
from tandem.people.models import ConsentPurpose, Participant, ParticipantStatus
from tandem.people.services import participant_move

S = ParticipantStatus


@transaction.atomic
def proposal_create(
    *,
    suggestion: Suggestion,
    intro_meeting_at: datetime,
    intro_meeting_place: str,
    created_by: User,
    message: str = "",
) -> Proposal:
    """Put a suggested pair to both sides, with the introduction meeting planned; each is told
    by e-mail (by the worker, in their language) when they have an address.

    Refused when anything changed since the run that makes the pair impossible now: the mentee
    is no longer ready to match or already has a proposal, the mentor has no free place left,
    the pair was excluded, or a consent to take part was withdrawn.
    """
    run = suggestion.run
    if run.status != RunStatus.DONE:
        raise ValidationError(_("This run has no result yet."))
    # Lock both rows: two coordinators proposing at once cannot over-fill a mentor.
    mentee = (
        Participant.objects.select_for_update()
        .select_related("person")
        .get(pk=suggestion.mentee_id)
    )
    mentor = (
        Participant.objects.select_for_update()
        .select_related("person", "programme")
        .get(pk=suggestion.mentor_id)
    )
    place = " ".join(intro_meeting_place.split())
    if not place:
        raise ValidationError({"intro_meeting_place": _("Say where they meet.")})
    if intro_meeting_at <= timezone.now():
        raise ValidationError({"intro_meeting_date": _("Plan the meeting in the future.")})
    if mentee.status != S.READY_TO_MATCH:
        raise ValidationError(
            _("%(name)s is no longer ready to match (now: %(status)s).")
            % {"name": mentee.person.display_name, "status": mentee.get_status_display()}
        )
    if mentor.status not in instances.MENTOR_STATUSES:
        raise ValidationError(
            _("%(name)s is not available for matching (now: %(status)s).")
            % {"name": mentor.person.display_name, "status": mentor.get_status_display()}
        )
    for person in (mentee.person, mentor.person):
        if not consent.granted(person, ConsentPurpose.PROGRAMME):
            raise ValidationError(
                _("%(name)s has withdrawn the consent to take part.") % {"name": person}
            )
    if PairExclusion.objects.filter(mentee=mentee, mentor=mentor).exists():
        raise ValidationError(_("This pair has been excluded since the run."))
    already = _("%(name)s already has a proposal waiting for answers.") % {
        "name": mentee.person.display_name
    }
    if Proposal.objects.filter(mentee=mentee, status=ProposalStatus.PENDING).exists():
        raise ValidationError(already)
    if instances.free_places(mentor) <= 0:
        raise ValidationError(
            _("%(name)s has no free place any more.") % {"name": mentor.person.display_name}
        )
    try:
        with transaction.atomic():
            proposal = Proposal.objects.create(
                programme_id=run.programme_id,
                run=run,
                suggestion=suggestion,
                mentee=mentee,
                mentor=mentor,
                intro_meeting_at=intro_meeting_at,
                intro_meeting_place=place[:200],
                message=message.strip(),
                created_by=created_by,
                created_at=timezone.now(),
            )
    except IntegrityError:
        # A double click got past the checks: the database constraint has the last word.
        raise ValidationError(already) from None
    # The lock has done its work: the pair is now a proposal.
    PairLock.objects.filter(mentee=mentee).delete()
    from tandem.matching import tasks

    for side in Side.values:
        if proposal.participant(side).person.email:
            transaction.on_commit(
                lambda side=side: tasks.send_proposal.enqueue(proposal_id=proposal.pk, side=side)
            )
    return proposal


@transaction.atomic
def proposal_answer(
    *,
    proposal: Proposal,
    side: str,
    answer: str,
    answered_by: User,
    by_themselves: bool,
    reason: str = "",
    note: str = "",
) -> Proposal:
    """Record one side's yes or no (a no needs a reason from the list).

    A no ends the proposal and excludes the pair from later runs. When the second yes comes,
    both participants become "matched" (a mentor already matched or active stays so) and the
    mentorship starts; anything that stops this (the mentee was put on hold meanwhile) undoes
    the whole answer, with the reason.
    """
    current = (
        Proposal.objects.select_for_update()
        .select_related("mentee__person", "mentor__person", "programme")
        .get(pk=proposal.pk)
    )
    if current.status != ProposalStatus.PENDING:
        raise ValidationError(_("This proposal has been decided already."))
    if side not in Side.values:
        raise ValidationError(_("Choose the mentee's or the mentor's answer."))
    if answer not in Answer.values:
        raise ValidationError({"answer": _("Choose yes or no.")})
    if current.answers.filter(side=side).exists():
        raise ValidationError(_("This answer has been given already."))
    if answer == Answer.DECLINED and reason not in DeclineReason.values:
        raise ValidationError({"reason": _("Choose why from the list.")})
    note = note.strip()
    if answer == Answer.DECLINED and reason == DeclineReason.OTHER and not note:
        raise ValidationError({"note": _("Say why in a few words.")})
    if answer == Answer.ACCEPTED:
        reason = ""
    now = timezone.now()
    ProposalAnswer.objects.create(
        proposal=current,
        side=side,
        answer=answer,
        reason=reason,
        note=note,
        answered_at=now,
        recorded_by=answered_by,
        by_themselves=by_themselves,
    )
    if answer == Answer.DECLINED:
        current.status, current.decided_at = ProposalStatus.DECLINED, now
        current.save(update_fields=["status", "decided_at"])
        if not PairExclusion.objects.filter(mentee=current.mentee, mentor=current.mentor).exists():
            exclusion_create(
                programme=current.programme,
                mentee=current.mentee,
                mentor=current.mentor,
                reason=ExclusionReason.DECLINED,
                proposal=current,
                created_by=answered_by,
            )
    elif current.answers.filter(answer=Answer.ACCEPTED).count() == len(Side.values):
        current.status, current.decided_at = ProposalStatus.ACCEPTED, now
        current.save(update_fields=["status", "decided_at"])
        why = _("Both accepted the proposal.")
        participant_move(
            participant=current.mentee, to_status=S.MATCHED, moved_by=answered_by, reason=why
        )
        if current.mentor.status == S.READY_TO_MATCH:
            participant_move(
                participant=current.mentor, to_status=S.MATCHED, moved_by=answered_by, reason=why
            )
        signals.proposal_accepted.send(sender=Proposal, proposal=current, accepted_at=now)
    proposal.status, proposal.decided_at = current.status, current.decided_at
    return current
