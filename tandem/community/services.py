"""Support groups and their sessions: create and change a group, schedule a session (members
are invited by e-mail), record who came and what was discussed, cancel a session to come.

Every function is one transaction: a refusal (a ``ValidationError`` with a message for the
coordinator) leaves nothing half-saved.
"""

from collections.abc import Iterable
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.accounts.models import User
from tandem.community import selectors
from tandem.community.models import GroupKind, GroupSession, SupportGroup
from tandem.people.models import Participant, ParticipantStatus
from tandem.programmes.models import Programme

MIN_MINUTES, MAX_MINUTES = 15, 8 * 60


def _clean_name(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": _("Give the group a name.")})
    return name[:120]


def _check_facilitator(programme: Programme, facilitator: User | None) -> None:
    if (
        facilitator is not None
        and not selectors.facilitators(programme).filter(pk=facilitator.pk).exists()
    ):
        raise ValidationError(
            {
                "facilitator": _(
                    "The facilitator must be a staff member who works on this programme."
                )
            }
        )


def _check_members(
    *, programme: Programme, kind: str, chosen: list[Participant], already: set[int]
) -> None:
    """Members are participants of the group's programme in the group's role; someone who
    withdrew may stay in a group but not join one."""
    role = selectors.member_role(kind)
    for participant in chosen:
        if participant.programme_id != programme.pk:
            raise ValidationError(
                {"members": _("Only participants of this programme can join its groups.")}
            )
        if participant.role != role:
            message = (
                _("An intervision group is for mentors only.")
                if kind == GroupKind.INTERVISION
                else _("An exchange group is for mentees only.")
            )
            raise ValidationError({"members": message})
        if participant.status == ParticipantStatus.WITHDRAWN and participant.pk not in already:
            raise ValidationError(
                {
                    "members": _("%(name)s has withdrawn and cannot join a group.")
                    % {"name": participant.person.display_name}
                }
            )


def _save_group(
    group: SupportGroup,
    *,
    name: str,
    kind: str,
    facilitator: User | None,
    members: Iterable[Participant],
    already: set[int],
) -> SupportGroup:
    if kind not in GroupKind.values:
        raise ValidationError({"kind": _("Choose intervision or exchange.")})
    group.name, group.kind, group.facilitator = _clean_name(name), kind, facilitator
    _check_facilitator(group.programme, facilitator)
    # The rows again, from the database: a caller cannot pass a participant with a made-up
    # programme or role.
    ids = {getattr(p, "pk", p) for p in members}
    chosen = list(Participant.objects.filter(pk__in=ids).select_related("person"))
    if len(chosen) != len(ids):
        raise ValidationError({"members": _("Some of the chosen people no longer exist.")})
    _check_members(programme=group.programme, kind=kind, chosen=chosen, already=already)
    try:
        with transaction.atomic():
            group.save()
    except IntegrityError:
        raise ValidationError(
            {"name": _("This programme already has a group with this name.")}
        ) from None
    group.members.set(chosen)
    return group


@transaction.atomic
def group_create(
    *,
    programme: Programme,
    name: str,
    kind: str,
    facilitator: User | None,
    members: Iterable[Participant],
    created_by: User,
) -> SupportGroup:
    """Create an intervision group (mentors) or an exchange group (mentees) of a programme.

    Refused when a member is not a participant of the programme in the group's role, has
    withdrawn, or when the facilitator is not staff working on the programme.
    """
    group = SupportGroup(programme=programme)
    return _save_group(
        group, name=name, kind=kind, facilitator=facilitator, members=members, already=set()
    )


@transaction.atomic
def group_update(
    *,
    group: SupportGroup,
    name: str,
    kind: str,
    facilitator: User | None,
    members: Iterable[Participant],
    updated_by: User,
) -> SupportGroup:
    """Change a group's name, kind, facilitator and members (same rules as ``group_create``;
    a member who withdrew meanwhile may stay)."""
    current = SupportGroup.objects.select_for_update().select_related("programme").get(pk=group.pk)
    already = set(current.members.values_list("pk", flat=True))
    _save_group(
        current, name=name, kind=kind, facilitator=facilitator, members=members, already=already
    )
    group.name, group.kind, group.facilitator = current.name, current.kind, current.facilitator
    return current


# --- sessions ---------------------------------------------------------------------------------


def _clean_session(starts_at: datetime, duration_minutes: int, place: str) -> str:
    if timezone.is_naive(starts_at):
        raise ValueError("starts_at must be timezone-aware")
    if not MIN_MINUTES <= duration_minutes <= MAX_MINUTES:
        raise ValidationError(
            {
                "duration_minutes": _("A session lasts from %(min)s to %(max)s minutes.")
                % {"min": MIN_MINUTES, "max": MAX_MINUTES}
            }
        )
    return " ".join(place.split())[:200]


def _invite(session: GroupSession, *, changed: bool) -> None:
    """Send each member with an e-mail address the date, time and place, once the
    transaction is saved (by the worker, in their language)."""
    from tandem.community import tasks

    for participant_id in _invitees(session.group):
        transaction.on_commit(
            lambda pid=participant_id: tasks.send_session_invitation.enqueue(
                session_id=session.pk, participant_id=pid, changed=changed
            )
        )


def _invitees(group: SupportGroup) -> list[int]:
    return list(
        group.members.exclude(status=ParticipantStatus.WITHDRAWN)
        .exclude(person__email="")
        .order_by("pk")
        .values_list("pk", flat=True)
    )


@transaction.atomic
def session_schedule(
    *,
    group: SupportGroup,
    starts_at: datetime,
    duration_minutes: int,
    place: str,
    scheduled_by: User | None,
    at: datetime | None = None,
    notify: bool = True,
) -> GroupSession:
    """Plan a session of a group; each member with an e-mail address is invited.

    ``at`` is the moment it is planned (now; the demo builds a past); the session must start
    after it. ``notify=False`` sends no invitation (the demo).
    """
    at = at or timezone.now()
    place = _clean_session(starts_at, duration_minutes, place)
    if starts_at <= at:
        raise ValidationError({"starts_at": _("Plan the session in the future.")})
    session = GroupSession.objects.create(
        group=group, starts_at=starts_at, duration_minutes=duration_minutes, place=place
    )
    if notify:
        _invite(session, changed=False)
    return session


@transaction.atomic
def session_update(
    *,
    session: GroupSession,
    starts_at: datetime,
    duration_minutes: int,
    place: str,
    updated_by: User | None,
) -> GroupSession:
    """Change a session's date, time, duration or place.

    A session to come stays in the future (members are told of a new date, time or place); a
    session with attendance recorded stays in the past. A past session can be corrected.
    """
    current = GroupSession.objects.select_for_update().select_related("group").get(pk=session.pk)
    place = _clean_session(starts_at, duration_minutes, place)
    now = timezone.now()
    was_upcoming = current.starts_at > now
    if was_upcoming and starts_at <= now:
        raise ValidationError({"starts_at": _("Plan the session in the future.")})
    if current.attendance_recorded and starts_at > now:
        raise ValidationError(
            {"starts_at": _("Attendance is recorded: the session cannot move to the future.")}
        )
    moved = (starts_at, place) != (current.starts_at, current.place)
    current.starts_at, current.duration_minutes, current.place = (
        starts_at,
        duration_minutes,
        place,
    )
    current.save(update_fields=["starts_at", "duration_minutes", "place"])
    if moved and starts_at > now:
        _invite(current, changed=True)
    session.starts_at, session.duration_minutes, session.place = starts_at, duration_minutes, place
    return current


@transaction.atomic
def attendance_record(
    *,
    session: GroupSession,
    present: Iterable[Participant],
    summary: str,
    recorded_by: User | None,
) -> GroupSession:
    """Record who came to a session and a short summary; again to correct it.

    Only once the session has started; only the group's members (and those already recorded
    as present, if they left the group since) can be marked present.
    """
    current = GroupSession.objects.select_for_update().select_related("group").get(pk=session.pk)
    if current.starts_at > timezone.now():
        raise ValidationError(_("Attendance can be recorded once the session has started."))
    ids = {getattr(p, "pk", p) for p in present}
    allowed = set(current.group.members.values_list("pk", flat=True))
    allowed |= set(current.attendees.values_list("pk", flat=True))
    if not ids <= allowed:
        raise ValidationError({"present": _("Only members of the group can be marked present.")})
    current.summary = summary.strip()
    current.attendance_recorded = True
    current.save(update_fields=["summary", "attendance_recorded"])
    current.attendees.set(sorted(ids))
    session.summary, session.attendance_recorded = current.summary, True
    return current


@transaction.atomic
def session_delete(*, session: GroupSession, deleted_by: User | None) -> None:
    """Cancel a session to come; members who were invited are told. A session that has
    started is part of the group's history and stays."""
    current = GroupSession.objects.select_for_update().select_related("group").get(pk=session.pk)
    if current.starts_at <= timezone.now():
        raise ValidationError(_("Only a session to come can be cancelled."))
    from tandem.community import tasks

    invitees = _invitees(current.group)
    details = {
        "group_id": current.group_id,
        "starts_at": current.starts_at.isoformat(),
        "place": current.place,
    }
    current.delete()
    for participant_id in invitees:
        transaction.on_commit(
            lambda pid=participant_id: tasks.send_session_cancelled.enqueue(
                participant_id=pid, **details
            )
        )
