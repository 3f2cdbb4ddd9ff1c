"""How a mentorship starts: from a proposal both sides accepted, or paired by hand.

Either way it starts with an agreement drafted from the programme's defaults (duration, meeting
rhythm, review interval, commitments); the pair and the coordinator complete and sign it.
"""

from datetime import date

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tandem.accounts.models import User
from tandem.matching.models import Proposal, ProposalStatus
from tandem.mentorships.models import Agreement, Mentorship, MentorshipSettings, MentorshipStatus
from tandem.people.models import Participant, ParticipantRole
from tandem.people.models import ParticipantStatus as S
from tandem.people.services import participant_move
from tandem.programmes.models import Programme


def settings_for(programme: Programme) -> MentorshipSettings:
    """The programme's mentorship settings, made with the defaults the first time."""
    found, _created = MentorshipSettings.objects.get_or_create(programme=programme)
    return found


def _agreement_draft(mentorship: Mentorship) -> Agreement:
    programme = mentorship.programme
    defaults = settings_for(programme)
    return Agreement.objects.create(
        mentorship=mentorship,
        ends_on=mentorship.started_on + relativedelta(months=programme.duration_months),
        meetings_per_month=programme.min_meetings_per_month,
        review_interval_weeks=programme.review_interval_weeks,
        mentor_commitments=defaults.mentor_commitments,
        mentee_commitments=defaults.mentee_commitments,
    )


def _create(
    *,
    programme: Programme,
    mentee: Participant,
    mentor: Participant,
    started_on: date,
    coordinator: User | None,
    proposal: Proposal | None = None,
) -> Mentorship:
    if Mentorship.objects.filter(mentee=mentee, status=MentorshipStatus.ACTIVE).exists():
        raise ValidationError(_("This mentee already has a running mentorship."))
    mentorship = Mentorship.objects.create(
        programme=programme,
        mentee=mentee,
        mentor=mentor,
        proposal=proposal,
        started_on=started_on,
        coordinator=coordinator,
    )
    _agreement_draft(mentorship)
    if mentee.match_priority:
        Participant.objects.filter(pk=mentee.pk).update(match_priority=False)
    return mentorship


@transaction.atomic
def mentorship_start(*, proposal: Proposal, started_on: date) -> Mentorship:
    """Start the mentorship of a proposal both sides accepted (once: a second call returns it).

    The coordinator who made the proposal becomes the pair's contact person.
    """
    if proposal.status != ProposalStatus.ACCEPTED:
        raise ValidationError(_("A mentorship starts only when both sides have accepted."))
    existing = Mentorship.objects.filter(proposal=proposal).first()
    if existing is not None:
        return existing
    return _create(
        programme=proposal.programme,
        mentee=proposal.mentee,
        mentor=proposal.mentor,
        started_on=started_on,
        coordinator=proposal.created_by,
        proposal=proposal,
    )


def _free_places(mentor: Participant) -> int:
    running = Mentorship.objects.filter(mentor=mentor, status=MentorshipStatus.ACTIVE).count()
    return mentor.mentee_capacity - running


@transaction.atomic
def mentorship_pair(
    *, mentee: Participant, mentor: Participant, started_on: date, paired_by: User
) -> Mentorship:
    """A coordinator pairs a ready mentee with a mentor by hand (no match run, no proposal).

    Both must be in the same programme; the mentee ready to match, the mentor ready or already
    mentoring with a free place. Both become "matched" (a mentor who is already mentoring
    keeps their status).
    """
    mentee = (
        Participant.objects.select_for_update()
        .select_related("programme", "person")
        .get(pk=mentee.pk)
    )
    mentor = (
        Participant.objects.select_for_update()
        .select_related("programme", "person")
        .get(pk=mentor.pk)
    )
    if mentee.role != ParticipantRole.MENTEE or mentor.role != ParticipantRole.MENTOR:
        raise ValidationError(_("Choose a mentee and a mentor."))
    if mentee.programme_id != mentor.programme_id:
        raise ValidationError(_("The mentee and the mentor must be in the same programme."))
    if mentee.status != S.READY_TO_MATCH:
        raise ValidationError(_("Only a mentee who is ready to match can be paired."))
    if mentor.status not in (S.READY_TO_MATCH, S.MATCHED, S.ACTIVE):
        raise ValidationError(_("Only a mentor who is ready to match can be paired."))
    if _free_places(mentor) <= 0:
        raise ValidationError(_("This mentor has no free place for another mentee."))
    if mentee.person_id == mentor.person_id:
        raise ValidationError(_("Someone cannot mentor themselves."))
    mentorship = _create(
        programme=mentee.programme,
        mentee=mentee,
        mentor=mentor,
        started_on=started_on,
        coordinator=paired_by,
    )
    why = _("Paired by hand by the coordinator.")
    participant_move(participant=mentee, to_status=S.MATCHED, moved_by=paired_by, reason=why)
    if mentor.status == S.READY_TO_MATCH:
        participant_move(participant=mentor, to_status=S.MATCHED, moved_by=paired_by, reason=why)
    return mentorship
