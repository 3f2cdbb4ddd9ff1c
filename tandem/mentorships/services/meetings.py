"""Meetings of a pair: logged after they happened, or planned ahead (and sent to both calendars).

Either side of the pair or the programme's staff log, plan, change and cancel meetings; the view
asks ``access.mentorship_side`` first and passes what the user is in the pair as ``acting_as``
("mentor", "mentee" or "coordinator").

Dates: a meeting that happened is not in the future and not before the mentorship started; a
planned one is in the future. A closed mentorship takes no new meeting, with one exception: the
programme's staff may still log a meeting that happened before its end date (a coordinator
completing the record from a paper note after the closure).

Anyone logging may add a private note for the coordinators. It is kept in a PrivateNote row the
pair never reads back — so a side who edits a meeting cannot see it, and what they write is added
to it rather than replacing it.
"""

from collections.abc import Iterable
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from tandem.accounts.models import User
from tandem.mentorships.models import (
    Meeting,
    MeetingMode,
    MeetingStatus,
    Mentorship,
    PrivateNote,
)
from tandem.people.models import LifeDomain

COORDINATOR = "coordinator"
ACTING_AS = ("mentor", "mentee", COORDINATOR)


def _check_acting_as(acting_as: str | None) -> None:
    if acting_as not in ACTING_AS:
        raise ValidationError(_("Only the pair and their coordinators can change its meetings."))


def _clean_topics(topics: Iterable[str]) -> list[str]:
    chosen = list(dict.fromkeys(topics))
    unknown = [t for t in chosen if t not in LifeDomain.values]
    if unknown:
        raise ValidationError({"topics": _("Choose topics from the list.")})
    # In the list's order, whatever order they were ticked in.
    return [value for value in LifeDomain.values if value in chosen]


def _clean_how(mode: str, duration_minutes: int, appointment: str) -> str:
    if mode not in MeetingMode.values:
        raise ValidationError({"mode": _("Choose how you met.")})
    if not 5 <= duration_minutes <= 24 * 60:
        raise ValidationError({"duration_minutes": _("A meeting lasts 5 minutes to 24 hours.")})
    appointment = " ".join(appointment.split())[:200]
    if mode == MeetingMode.ACCOMPANYING and not appointment:
        raise ValidationError(
            {"appointment": _("Say where you went (for example: the welfare office).")}
        )
    return appointment if mode == MeetingMode.ACCOMPANYING else ""


def _check_held_date(mentorship: Mentorship, starts_at: datetime, acting_as: str) -> None:
    day = timezone.localdate(starts_at)
    if starts_at > timezone.now():
        raise ValidationError(
            {"date": _("A meeting that happened cannot be in the future. Plan it instead.")}
        )
    if day < mentorship.started_on:
        raise ValidationError(
            {
                "date": _("The mentorship started on %(day)s: choose that day or later.")
                % {"day": formats.date_format(mentorship.started_on)}
            }
        )
    if not mentorship.is_active:
        if acting_as != COORDINATOR:
            raise ValidationError(_("This mentorship has ended: no new meetings."))
        if mentorship.ended_on and day > mentorship.ended_on:
            raise ValidationError(
                {
                    "date": _("The mentorship ended on %(day)s: choose that day or earlier.")
                    % {"day": formats.date_format(mentorship.ended_on)}
                }
            )


def _check_planned_date(mentorship: Mentorship, starts_at: datetime) -> None:
    if not mentorship.is_active:
        raise ValidationError(_("This mentorship has ended: no new meetings."))
    if starts_at <= timezone.now():
        raise ValidationError({"date": _("Plan the meeting in the future.")})


def _write_private_note(meeting: Meeting, text: str | None, by: User, acting_as: str) -> None:
    """Staff see the note and replace it (empty: removed); a side never sees it, so their text
    is added to what is there. ``None``: leave it as it is."""
    if text is None:
        return
    text = text.strip()
    existing = PrivateNote.objects.filter(meeting=meeting).first()
    if acting_as == COORDINATOR:
        if not text:
            if existing is not None:
                existing.delete()
            return
    elif not text:
        return
    elif existing is not None:
        text = f"{existing.text}\n\n{text}"
    PrivateNote.objects.update_or_create(meeting=meeting, defaults={"text": text, "written_by": by})


def _planned_to_calendars(meeting: Meeting) -> None:
    # Imported here: the tasks module imports the models and the services of this app.
    from tandem.mentorships import tasks

    transaction.on_commit(lambda: tasks.send_meeting_planned.enqueue(meeting_id=meeting.pk))


def _locked(mentorship: Mentorship) -> Mentorship:
    # Lock the pair while its meetings change: a closure at the same time waits for us.
    return Mentorship.objects.select_for_update().get(pk=mentorship.pk)


@transaction.atomic
def meeting_log(
    *,
    mentorship: Mentorship,
    logged_by: User,
    acting_as: str,
    starts_at: datetime,
    duration_minutes: int = 60,
    mode: str = MeetingMode.IN_PERSON,
    appointment: str = "",
    place: str = "",
    topics: Iterable[str] = (),
    shared_note: str = "",
    private_note: str = "",
) -> Meeting:
    """Log a meeting that happened: when, how long, how (in person, phone, video, or going with
    the mentee to an appointment — then where to), the life domains talked about, a short note
    both sides read, and an optional private note for the coordinators."""
    _check_acting_as(acting_as)
    current = _locked(mentorship)
    _check_held_date(current, starts_at, acting_as)
    meeting = Meeting.objects.create(
        mentorship=current,
        status=MeetingStatus.HELD,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        mode=mode,
        appointment=_clean_how(mode, duration_minutes, appointment),
        place=" ".join(place.split())[:200],
        topics=_clean_topics(topics),
        shared_note=shared_note.strip(),
        logged_by=logged_by,
    )
    _write_private_note(meeting, private_note, logged_by, acting_as)
    return meeting


@transaction.atomic
def meeting_plan(
    *,
    mentorship: Mentorship,
    planned_by: User,
    acting_as: str,
    starts_at: datetime,
    duration_minutes: int = 60,
    mode: str = MeetingMode.IN_PERSON,
    place: str = "",
    appointment: str = "",
    shared_note: str = "",
) -> Meeting:
    """Plan a meeting in the future. Both sides get it by e-mail with a calendar file (sent by
    the worker once the plan is saved) and see it in their calendar feed."""
    _check_acting_as(acting_as)
    current = _locked(mentorship)
    _check_planned_date(current, starts_at)
    place = " ".join(place.split())[:200]
    if mode == MeetingMode.IN_PERSON and not place:
        raise ValidationError({"place": _("Say where you meet.")})
    meeting = Meeting.objects.create(
        mentorship=current,
        status=MeetingStatus.PLANNED,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        mode=mode,
        appointment=_clean_how(mode, duration_minutes, appointment),
        place=place,
        shared_note=shared_note.strip(),
        logged_by=planned_by,
    )
    _planned_to_calendars(meeting)
    return meeting


def _locked_meeting(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update().select_related("mentorship").get(pk=meeting.pk)


@transaction.atomic
def meeting_held(
    *,
    meeting: Meeting,
    by: User,
    acting_as: str,
    starts_at: datetime | None = None,
    duration_minutes: int | None = None,
    mode: str | None = None,
    appointment: str | None = None,
    topics: Iterable[str] = (),
    shared_note: str | None = None,
    private_note: str | None = None,
) -> Meeting:
    """A planned meeting happened: mark it held, with what was talked about (and any change of
    time, length or way of meeting). It leaves the calendars as it was."""
    _check_acting_as(acting_as)
    current = _locked_meeting(meeting)
    if current.status != MeetingStatus.PLANNED:
        raise ValidationError(_("Only a planned meeting can be marked as held."))
    current.starts_at = starts_at or current.starts_at
    current.duration_minutes = duration_minutes or current.duration_minutes
    current.mode = mode or current.mode
    _check_held_date(current.mentorship, current.starts_at, acting_as)
    current.appointment = _clean_how(
        current.mode,
        current.duration_minutes,
        current.appointment if appointment is None else appointment,
    )
    current.topics = _clean_topics(topics)
    if shared_note is not None:
        current.shared_note = shared_note.strip()
    current.status = MeetingStatus.HELD
    current.save()
    _write_private_note(current, private_note, by, acting_as)
    return current


@transaction.atomic
def meeting_update(
    *,
    meeting: Meeting,
    by: User,
    acting_as: str,
    starts_at: datetime,
    duration_minutes: int,
    mode: str,
    appointment: str = "",
    place: str = "",
    topics: Iterable[str] = (),
    shared_note: str = "",
    private_note: str | None = None,
) -> Meeting:
    """Change a meeting (a correction to a logged one, or a new time or place for a planned
    one — then both sides are sent the change for their calendars). A cancelled meeting stays
    as it is."""
    _check_acting_as(acting_as)
    current = _locked_meeting(meeting)
    if current.status == MeetingStatus.CANCELLED:
        raise ValidationError(_("This meeting was cancelled. Plan a new one instead."))
    if current.status == MeetingStatus.HELD:
        _check_held_date(current.mentorship, starts_at, acting_as)
        current.topics = _clean_topics(topics)
    else:
        _check_planned_date(current.mentorship, starts_at)
        if mode == MeetingMode.IN_PERSON and not " ".join(place.split()):
            raise ValidationError({"place": _("Say where you meet.")})
    moved = (current.starts_at, current.duration_minutes, current.place, current.mode) != (
        starts_at,
        duration_minutes,
        " ".join(place.split())[:200],
        mode,
    )
    current.starts_at, current.duration_minutes, current.mode = starts_at, duration_minutes, mode
    current.appointment = _clean_how(mode, duration_minutes, appointment)
    current.place = " ".join(place.split())[:200]
    current.shared_note = shared_note.strip()
    if current.status == MeetingStatus.PLANNED and moved:
        current.sequence += 1
        _planned_to_calendars(current)
    current.save()
    _write_private_note(current, private_note, by, acting_as)
    return current


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, by: User, acting_as: str) -> Meeting:
    """Cancel a planned meeting; both sides are sent the cancellation for their calendars."""
    _check_acting_as(acting_as)
    current = _locked_meeting(meeting)
    if current.status != MeetingStatus.PLANNED:
        raise ValidationError(_("Only a planned meeting can be cancelled."))
    current.status = MeetingStatus.CANCELLED
    current.sequence += 1
    current.save(update_fields=["status", "sequence", "updated_at"])
    _planned_to_calendars(current)
    return current
