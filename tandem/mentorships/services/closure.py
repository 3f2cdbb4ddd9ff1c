"""The end of a mentorship: completed, or ended early with a reason from a fixed list.

Closing records what happened, cancels the meetings still planned, moves both participants on
through the pipeline (people.pipeline), asks both sides for the final evaluation (the worker's
reminders) and tells later steps (the signal ``mentorship_closed``; outcomes schedules the first
follow-up). All in one transaction: a refusal leaves everything as it was.
"""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from tandem.accounts.models import User
from tandem.mentorships import signals
from tandem.mentorships.models import (
    ClosureReason,
    Meeting,
    MeetingStatus,
    Mentorship,
    MentorshipStatus,
)
from tandem.mentorships.selectors import mentor_other_running
from tandem.people.models import DropOutReason, Participant
from tandem.people.models import ParticipantStatus as S
from tandem.people.services import participant_move

CLOSED = (MentorshipStatus.COMPLETED, MentorshipStatus.ENDED_EARLY)
# Statuses a participant has while their mentorship runs; in any other (a coordinator moved
# them by hand meanwhile) closing leaves them where they are.
IN_MENTORSHIP = (S.MATCHED, S.ACTIVE)

# A mentee who stops after a mentorship ended early leaves the programme for this reason.
DROP_OUT_REASONS = {
    ClosureReason.FOUND_WORK: DropOutReason.FOUND_WORK,
    ClosureReason.MENTEE_MOVED: DropOutReason.MOVED,
    ClosureReason.HEALTH: DropOutReason.HEALTH,
    ClosureReason.MENTOR_UNAVAILABLE: DropOutReason.OTHER,
    ClosureReason.NO_CHEMISTRY: DropOutReason.OTHER,
    ClosureReason.OTHER: DropOutReason.OTHER,
    ClosureReason.PERIOD_ENDED: DropOutReason.OTHER,
}


@dataclass(frozen=True)
class ClosureMoves:
    """The statuses each participant passes through, in order (empty: they stay)."""

    mentee: tuple[str, ...]
    mentor: tuple[str, ...]
    mentee_priority: bool


def closure_moves(
    *,
    status: str,
    mentee_status: str,
    mentor_status: str,
    mentor_busy: bool,
    mentee_back_to_matching: bool,
    mentor_available_again: bool,
) -> ClosureMoves:
    """Where the mentee and the mentor go when a mentorship closes.

    The mentee: completed → "completed"; ended early → "ready to match" (first in line) when
    they go back to matching, else "withdrawn". The mentor: "completed" when no other
    mentorship of theirs runs (``mentor_busy``), then "ready to match" when available again.
    A participant still "matched" (the agreement was never signed in full) passes through
    "active", the only step from which "completed" is reached.
    """
    mentee: tuple[str, ...] = ()
    if mentee_status in IN_MENTORSHIP:
        if status == MentorshipStatus.COMPLETED:
            mentee = (S.ACTIVE, S.COMPLETED) if mentee_status == S.MATCHED else (S.COMPLETED,)
        elif mentee_back_to_matching:
            mentee = (S.READY_TO_MATCH,)
        else:
            mentee = (S.WITHDRAWN,)
    mentor: tuple[str, ...] = ()
    if mentor_status in IN_MENTORSHIP and not mentor_busy:
        mentor = (S.ACTIVE, S.COMPLETED) if mentor_status == S.MATCHED else (S.COMPLETED,)
        if mentor_available_again:
            mentor += (S.READY_TO_MATCH,)
    return ClosureMoves(
        mentee=mentee,
        mentor=mentor,
        mentee_priority=mentee == (S.READY_TO_MATCH,),
    )


def _check(
    mentorship: Mentorship,
    *,
    status: str,
    reason: str,
    note: str,
    ended_on: date,
    mentee_back_to_matching: bool,
) -> None:
    if not mentorship.is_active:
        raise ValidationError(_("This mentorship is closed already."), code="closed")
    errors = {}
    if status not in CLOSED:
        errors["status"] = _("Choose completed or ended early.")
    if reason not in ClosureReason.values:
        errors["reason"] = _("Choose a reason from the list.")
    elif reason == ClosureReason.PERIOD_ENDED and status == MentorshipStatus.ENDED_EARLY:
        errors["reason"] = _("The agreed period did not end yet: choose why it ended early.")
    if reason == ClosureReason.OTHER and not note:
        errors["note"] = _("Say in a few words what happened (the reason is “Other”).")
    if ended_on < mentorship.started_on:
        errors["ended_on"] = _("The end date cannot be before the start (%(date)s).") % {
            "date": formats.date_format(mentorship.started_on)
        }
    elif ended_on > timezone.localdate():
        errors["ended_on"] = _("The end date cannot be in the future.")
    if mentee_back_to_matching and status == MentorshipStatus.COMPLETED:
        errors["mentee_back_to_matching"] = _(
            "Only a mentee whose mentorship ended early goes back to matching."
        )
    if errors:
        raise ValidationError(errors)


def _move_mentee(mentee: Participant, moves: ClosureMoves, *, reason: str, by: User) -> None:
    label = ClosureReason(reason).label
    for to_status in moves.mentee:
        if to_status == S.WITHDRAWN:
            participant_move(
                participant=mentee,
                to_status=to_status,
                moved_by=by,
                reason=_("The mentorship ended early: %(reason)s.") % {"reason": label},
                drop_out_reason=DROP_OUT_REASONS[reason],
            )
        elif to_status == S.READY_TO_MATCH:
            participant_move(
                participant=mentee,
                to_status=to_status,
                moved_by=by,
                reason=_("The mentorship ended early (%(reason)s): back to matching, first.")
                % {"reason": label},
            )
        else:
            participant_move(
                participant=mentee,
                to_status=to_status,
                moved_by=by,
                reason=_("The mentorship was completed."),
            )
    if moves.mentee_priority:
        Participant.objects.filter(pk=mentee.pk).update(match_priority=True)
        mentee.match_priority = True


def _move_mentor(mentor: Participant, moves: ClosureMoves, *, by: User) -> None:
    for to_status in moves.mentor:
        if to_status == S.READY_TO_MATCH:
            try:
                participant_move(
                    participant=mentor,
                    to_status=to_status,
                    moved_by=by,
                    reason=_("Available for a new mentee after the mentorship ended."),
                )
            except ValidationError as error:
                # Their training or screening is no longer in order: say so on the option.
                raise ValidationError({"mentor_available_again": error.messages}) from None
        else:
            participant_move(
                participant=mentor,
                to_status=to_status,
                moved_by=by,
                reason=_("The mentorship ended."),
            )


@transaction.atomic
def mentorship_close(
    *,
    mentorship: Mentorship,
    status: str,
    reason: str,
    note: str,
    ended_on: date,
    closed_by: User,
    mentee_back_to_matching: bool = False,
    mentor_available_again: bool = False,
) -> Mentorship:
    """Close a running mentorship: completed or ended early, with a reason (and a note, which
    "other" needs) and the end date (from the start until today).

    Planned meetings still ahead are cancelled. The mentee becomes "completed"; after an early
    end "ready to match" with priority (``mentee_back_to_matching``) or "withdrawn". The mentor
    becomes "completed" when no other mentorship of theirs runs, and "ready to match" at once
    when ``mentor_available_again``. Once committed, both sides are asked for the final
    evaluation and ``signals.mentorship_closed`` is sent.
    """
    current = (
        Mentorship.objects.select_for_update()
        .select_related("programme", "mentee__person", "mentor__person")
        .get(pk=mentorship.pk)
    )
    note = note.strip()
    _check(
        current,
        status=status,
        reason=reason,
        note=note,
        ended_on=ended_on,
        mentee_back_to_matching=mentee_back_to_matching,
    )
    moves = closure_moves(
        status=status,
        mentee_status=current.mentee.status,
        mentor_status=current.mentor.status,
        mentor_busy=mentor_other_running(current) > 0,
        mentee_back_to_matching=mentee_back_to_matching,
        mentor_available_again=mentor_available_again,
    )
    current.status = status
    current.ended_on = ended_on
    current.closure_reason = reason
    current.closure_note = note
    current.closed_by = closed_by
    current.save(
        update_fields=["status", "ended_on", "closure_reason", "closure_note", "closed_by"]
    )
    now = timezone.now()
    # Raising the iCalendar sequence makes calendars show the cancellation, not a stale event.
    Meeting.objects.filter(
        mentorship=current, status=MeetingStatus.PLANNED, starts_at__gte=now
    ).update(status=MeetingStatus.CANCELLED, sequence=F("sequence") + 1, updated_at=now)
    _move_mentee(current.mentee, moves, reason=reason, by=closed_by)
    _move_mentor(current.mentor, moves, by=closed_by)
    transaction.on_commit(
        lambda: signals.mentorship_closed.send(sender=Mentorship, mentorship=current)
    )
    # The tasks module uses the services (reminders), so it is imported here, not at the top.
    from tandem.mentorships import tasks

    transaction.on_commit(lambda: tasks.remind_pair.enqueue(mentorship_id=current.pk))
    for name in ("status", "ended_on", "closure_reason", "closure_note", "closed_by"):
        setattr(mentorship, name, getattr(current, name))
    return current
