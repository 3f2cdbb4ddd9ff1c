"""Meetings in people's calendars (iCalendar, with the ``icalendar`` library).

A meeting is one VEVENT whose UID comes from Meeting.uid and whose SEQUENCE from
Meeting.sequence, so a calendar updates the event it already has instead of adding another.
Events say as little as possible: "Tandem: meeting with <first name>", the time (in UTC) and
the place. No notes, no last names, no programme: a calendar is often shared or synced to
services outside the organisation.

Each user may have one private feed address (``calendar_feed_create``): a random token of which
only the SHA-256 hash is stored. Making a new address revokes the old one.
"""

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from tandem.accounts import access
from tandem.accounts.models import Membership, User
from tandem.core.tokens import new_token, token_hash
from tandem.mentorships.models import (
    CalendarFeed,
    Meeting,
    MeetingStatus,
    Mentorship,
    MentorshipStatus,
    Side,
)
from tandem.people.models import Person

FEED_PAST_DAYS = 30
PRODID = "-//Tandem//Mentorships//EN"


def _first_name(person: Person) -> str:
    return person.preferred_name or person.first_name


def side_of(mentorship: Mentorship, user: User) -> str | None:
    """Which side of the pair ``user`` is (persons at hand), or None (staff)."""
    if mentorship.mentor.person.user_id == user.pk:
        return Side.MENTOR
    if mentorship.mentee.person.user_id == user.pk:
        return Side.MENTEE
    return None


def meeting_summary(meeting: Meeting, side: str | None) -> str:
    """The event's title for one side of the pair (the other side's first name), or for staff
    (both first names), in the active language."""
    mentorship = meeting.mentorship
    mentor, mentee = _first_name(mentorship.mentor.person), _first_name(mentorship.mentee.person)
    if side == Side.MENTOR:
        return _("Tandem: meeting with %(name)s") % {"name": mentee}
    if side == Side.MENTEE:
        return _("Tandem: meeting with %(name)s") % {"name": mentor}
    return _("Tandem: meeting of %(mentor)s and %(mentee)s") % {"mentor": mentor, "mentee": mentee}


def meeting_event(meeting: Meeting, summary: str) -> Event:
    event = Event()
    event.add("uid", f"{meeting.uid}@tandem")
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", (meeting.updated_at or timezone.now()).astimezone(UTC))
    start = meeting.starts_at.astimezone(UTC)
    event.add("dtstart", start)
    event.add("dtend", start + timedelta(minutes=meeting.duration_minutes))
    event.add("summary", summary)
    if meeting.place:
        event.add("location", meeting.place)
    cancelled = meeting.status == MeetingStatus.CANCELLED
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    return event


def calendar_bytes(events: Iterable[Event], *, name: str = "", method: str = "") -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    if method:
        calendar.add("method", method)
    if name:
        calendar.add("x-wr-calname", name)
    for event in events:
        calendar.add_component(event)
    return calendar.to_ical()


def meeting_ics(meeting: Meeting, side: str | None) -> bytes:
    """One meeting as a .ics file (mentorship with both persons at hand)."""
    return calendar_bytes([meeting_event(meeting, meeting_summary(meeting, side))])


def _reader_language(user: User) -> str:
    codes = [code for code, _name in settings.LANGUAGES]
    return user.language if user.language in codes else settings.LANGUAGE_CODE


def feed_meetings(user: User, now: datetime | None = None) -> QuerySet[Meeting]:
    """The meetings in a user's feed: of the running pairs they are a side of and, for staff,
    of the pairs they are the contact person of; from 30 days ago on. Through the access rules
    of each of their active memberships."""
    now = now or timezone.now()
    found = Meeting.objects.none()
    memberships = Membership.objects.filter(user=user, is_active=True)
    for membership in memberships:
        meetings = access.scope(membership, Meeting)
        if access.is_staff(membership):
            meetings = meetings.filter(mentorship__coordinator_id=user.pk)
        found = found | meetings
    return (
        found.filter(
            mentorship__status=MentorshipStatus.ACTIVE,
            starts_at__gte=now - timedelta(days=FEED_PAST_DAYS),
        )
        .select_related("mentorship__mentor__person", "mentorship__mentee__person")
        .order_by("starts_at", "pk")
    )


def feed_ics(user: User) -> bytes:
    """A user's feed, worded in their language."""
    with translation.override(_reader_language(user)):
        events = [
            meeting_event(meeting, meeting_summary(meeting, side_of(meeting.mentorship, user)))
            for meeting in feed_meetings(user)
        ]
        return calendar_bytes(events, name=_("Tandem meetings"))


@transaction.atomic
def calendar_feed_create(*, user: User) -> str:
    """Make a new private feed address for ``user`` (the old one stops working); return its
    token, which is shown once and never stored."""
    token, hashed = new_token()
    CalendarFeed.objects.filter(user=user).delete()
    CalendarFeed.objects.create(user=user, token_hash=hashed)
    return token


@transaction.atomic
def calendar_feed_revoke(*, user: User) -> bool:
    """Stop ``user``'s feed address; True if there was one."""
    deleted, _details = CalendarFeed.objects.filter(user=user).delete()
    return bool(deleted)


def feed_user(token: str) -> User | None:
    """The active user whose feed this token opens, or None."""
    if not token or len(token) > 100:
        return None
    feed = (
        CalendarFeed.objects.select_related("user")
        .filter(token_hash=token_hash(token), user__is_active=True)
        .first()
    )
    return feed.user if feed else None
