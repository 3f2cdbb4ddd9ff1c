"""Reminders and alerts about pairs, by e-mail, sent by the worker (tandem.mentorships.tasks).

- To both sides of a running pair: when a meeting is due (none held or planned within the
  rhythm interval; again each interval while it stays so), when a review is due, and when an
  evaluation is open and not answered (each side answers their own).
- To the pair's contact person (Mentorship.coordinator; else the programme's coordinators):
  when a pair turns red, and at once when a side asks for help.
- To both sides when a meeting is planned, moved or cancelled, with the meeting as a .ics file.

Every e-mail is written in its reader's language, in plain text whose first paragraph is fit
for an SMS (160 characters at most, understandable without the link), followed by the details
and a link to the reader's page.

Never twice for the same reason: each reminder has a key naming its occasion (e.g.
``review_due:<mentorship>:<due date>:p<person>``) and the Reminder row is created in the same
transaction as the e-mail is sent. The key is unique in the database, so of two workers deciding
the same reminder at once, the second one fails to insert the row and sends nothing.
"""

import logging
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Prefetch, Q, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tandem.accounts.models import Membership, Role, User
from tandem.matching.tasks import reading_language
from tandem.mentorships import calendars, health
from tandem.mentorships.models import (
    EvaluationKind,
    Health,
    HelpRequest,
    Meeting,
    MeetingMode,
    MeetingStatus,
    Mentorship,
    MentorshipStatus,
    Reminder,
    ReminderReason,
    Side,
)
from tandem.people.models import Person

logger = logging.getLogger(__name__)

SMS_LENGTH = 160


# --------------------------------------------------------------------------------------------
# Writing and sending one e-mail
# --------------------------------------------------------------------------------------------


def sms(*variants: str) -> str:
    """The first of ``variants`` that fits in an SMS (longest, most precise first)."""
    cleaned = [" ".join(text.split()) for text in variants]
    for text in cleaned:
        if len(text) <= SMS_LENGTH:
            return text
    return cleaned[-1][: SMS_LENGTH - 1] + "…"


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


@dataclass
class Letter:
    """One e-mail, written in its reader's language."""

    subject: str
    sms: str
    details: list[str] = field(default_factory=list)
    link: str = ""
    link_label: str = ""
    signature: str = ""
    attachments: list[tuple[str, bytes, str]] = field(default_factory=list)

    def message(self, address: str) -> EmailMessage:
        body = render_to_string("mentorships/email/message.txt", {"letter": self})
        email = EmailMessage(self.subject, body, None, [address])
        for name, content, mimetype in self.attachments:
            email.attach(name, content, mimetype)
        return email


@dataclass(frozen=True)
class Recipient:
    """A side of a pair (``person``) or a staff member (``user``), with where and how to write."""

    address: str
    language: str
    first_name: str
    person: Person | None = None
    user: User | None = None

    @property
    def tag(self) -> str:
        return f"p{self.person.pk}" if self.person is not None else f"u{self.user.pk}"


def person_recipient(person: Person) -> Recipient | None:
    """A mentor or mentee (``user`` and ``languages`` at hand), or None without an address."""
    address = person.email or (person.user.email if person.user_id else "")
    if not address:
        return None
    return Recipient(
        address=address,
        language=reading_language(person),
        first_name=person.preferred_name or person.first_name,
        person=person,
    )


def user_recipient(user: User) -> Recipient:
    codes = [code for code, _name in settings.LANGUAGES]
    return Recipient(
        address=user.email,
        language=user.language if user.language in codes else settings.LANGUAGE_CODE,
        first_name=(user.name.split() or [user.email])[0],
        user=user,
    )


def send_once(
    *,
    key: str,
    reason: str,
    mentorship: Mentorship | None,
    to: Recipient,
    write: Callable[[], Letter],
    known: set[str] | None = None,
) -> bool:
    """Send one reminder unless its key was used already; True when it went out.

    The Reminder row and the e-mail go together: if sending fails, the row is rolled back and
    the next run tries again; if another worker recorded the key first, nothing is sent.
    ``known``: keys read beforehand (a shortcut; the unique key decides).
    """
    key = key[:200]
    if known is not None and key in known:
        return False
    with transaction.atomic():
        try:
            with transaction.atomic():
                Reminder.objects.create(
                    key=key,
                    reason=reason,
                    mentorship=mentorship,
                    person=to.person,
                    user=to.user,
                    sent_at=timezone.now(),
                )
        except IntegrityError:
            return False
        with translation.override(to.language):
            letter = write()
        letter.message(to.address).send()
    return True


# --------------------------------------------------------------------------------------------
# Who hears about a pair
# --------------------------------------------------------------------------------------------


def _sides(mentorship: Mentorship) -> list[tuple[str, Recipient]]:
    found = []
    for side in (Side.MENTOR, Side.MENTEE):
        recipient = person_recipient(mentorship.participant(side).person)
        if recipient is not None:
            found.append((side, recipient))
    return found


def _other(mentorship: Mentorship, side: str) -> str:
    other = mentorship.participant(Side.MENTEE if side == Side.MENTOR else Side.MENTOR).person
    return other.preferred_name or other.first_name


def _staff_covering(programme_id: int, organisation_id: int) -> QuerySet[Membership]:
    return Membership.objects.filter(
        organisation_id=organisation_id, is_active=True, user__is_active=True
    ).filter(Q(all_programmes=True) | Q(programmes=programme_id))


def contact_people(mentorship: Mentorship) -> list[User]:
    """Who looks after a pair: its contact person while they still cover its programme; else
    the programme's coordinators (else the organisation's admins)."""
    staff = _staff_covering(mentorship.programme_id, mentorship.programme.organisation_id)
    if mentorship.coordinator_id is not None:
        contact = (
            staff.filter(user_id=mentorship.coordinator_id, role__in=[Role.COORDINATOR, Role.ADMIN])
            .select_related("user")
            .first()
        )
        if contact is not None:
            return [contact.user]
    for role in (Role.COORDINATOR, Role.ADMIN):
        users = [m.user for m in staff.filter(role=role).select_related("user").distinct()]
        if users:
            return sorted(users, key=lambda u: u.pk)
    return []


def _contact_line(mentorship: Mentorship) -> str:
    coordinator = mentorship.coordinator
    if coordinator is None or not coordinator.is_active:
        return ""
    return _("Questions? Your contact person: %(name)s (%(email)s)") % {
        "name": coordinator.name or coordinator.email,
        "email": coordinator.email,
    }


def _organisation(mentorship: Mentorship) -> str:
    return mentorship.programme.organisation.name


def _portal_link(recipient: Recipient, name: str = "mentorships:portal", **kwargs) -> str:
    person = recipient.person
    if person is None or not person.user_id:
        return ""
    return _absolute(reverse(name, kwargs=kwargs or None))


# --------------------------------------------------------------------------------------------
# What a pair is reminded of
# --------------------------------------------------------------------------------------------


def meeting_occasion(facts: health.Facts, today: date) -> date | None:
    """The day the latest due meeting fell due, or None when none is due: one interval after
    the last meeting held (or the start), then every interval while no meeting is held."""
    since = facts.last_meeting_on or facts.started_on
    interval = health.interval_days(facts.meetings_per_month)
    intervals = math.floor((today - since).days / interval)
    if intervals < 1:
        return None
    return since + timedelta(days=math.ceil(intervals * interval))


def _meeting_due_letter(mentorship, side, to: Recipient, facts, days: int) -> Callable:
    def write() -> Letter:
        other = _other(mentorship, side)
        role = _("mentee") if side == Side.MENTOR else _("mentor")
        if facts.last_meeting_on is None:
            first = [
                _("Hello %(name)s, you have not met %(other)s yet. Please plan your first meeting.")
                % {"name": to.first_name, "other": other},
                _("Hello, please plan your first meeting with your %(role)s.") % {"role": role},
            ]
        else:
            first = [
                ngettext(
                    "Hello %(name)s, it is time to meet %(other)s again: your last meeting was "
                    "%(days)d day ago. Please plan your next meeting.",
                    "Hello %(name)s, it is time to meet %(other)s again: your last meeting was "
                    "%(days)d days ago. Please plan your next meeting.",
                    days,
                )
                % {"name": to.first_name, "other": other, "days": days},
                _("Hello, it is time to meet your %(role)s again. Please plan your next meeting.")
                % {"role": role},
            ]
        link = _portal_link(to, "mentorships:meeting_create", pk=mentorship.pk)
        return Letter(
            subject=_("Tandem: time to meet %(other)s") % {"other": other},
            sms=sms(*first),
            details=[
                ngettext(
                    "You agreed to meet %(n)d time a month.",
                    "You agreed to meet %(n)d times a month.",
                    facts.meetings_per_month,
                )
                % {"n": facts.meetings_per_month},
                _("Have you met already? Then write it down on your page, it takes a minute.")
                if link
                else _("Have you met already? Then please tell your contact person."),
                _contact_line(mentorship),
            ],
            link=link,
            link_label=_("Plan or write down a meeting:"),
            signature=_organisation(mentorship),
        )

    return write


def _review_due_letter(mentorship, side, to: Recipient, due: date) -> Callable:
    def write() -> Letter:
        other = _other(mentorship, side)
        day = formats.date_format(due, "j F")
        link = _portal_link(to, "mentorships:review_create", pk=mentorship.pk)
        return Letter(
            subject=_("Tandem: time for your review with %(other)s") % {"other": other},
            sms=sms(
                _(
                    "Hello %(name)s, it is time for your review with %(other)s (due %(day)s): "
                    "together, say how each goal is going."
                )
                % {"name": to.first_name, "other": other, "day": day},
                _("Hello, it is time for your review: together, say how each goal is going."),
            ),
            details=[
                _("It takes five minutes. Do it together at your next meeting."),
                _("You can fill it in on your page.")
                if link
                else _("Your contact person can write it down for you."),
                _contact_line(mentorship),
            ],
            link=link,
            link_label=_("Your review:"),
            signature=_organisation(mentorship),
        )

    return write


def _evaluation_letter(mentorship, to: Recipient, kind: str) -> Callable:
    def write() -> Letter:
        final = kind == EvaluationKind.FINAL
        link = _portal_link(to, "mentorships:evaluation_answer", pk=mentorship.pk, kind=kind)
        first = (
            _(
                "Hello %(name)s, how did your mentorship go? Please answer a few short questions. "
                "Only the coordinators read your answers."
            )
            if final
            else _(
                "Hello %(name)s, how is your mentorship going? Please answer a few short "
                "questions. Only the coordinators read your answers."
            )
        ) % {"name": to.first_name}
        return Letter(
            subject=_("Tandem: how did it go?") if final else _("Tandem: how is it going?"),
            sms=sms(first, _("Hello, please answer a few short questions about your mentorship.")),
            details=[
                _("Your answers help us support mentors and mentees better."),
                _("You can answer on your page.")
                if link
                else _("Your contact person can ask you the questions."),
                _contact_line(mentorship),
            ],
            link=link,
            link_label=_("The questions:"),
            signature=_organisation(mentorship),
        )

    return write


def _pair_names(mentorship: Mentorship) -> dict[str, str]:
    mentor, mentee = mentorship.mentor.person, mentorship.mentee.person
    return {
        "mentee": mentee.preferred_name or mentee.first_name,
        "mentor": mentor.preferred_name or mentor.first_name,
        "programme": mentorship.programme.name,
    }


def _pair_red_letter(mentorship: Mentorship, reasons: list[dict]) -> Callable:
    def write() -> Letter:
        names = _pair_names(mentorship)
        words = [health.describe(reason) for reason in reasons]
        main = words[0] if words else ""
        return Letter(
            subject=_("Tandem: %(mentee)s and %(mentor)s need a call") % names,
            sms=sms(
                _("Tandem: %(mentee)s and %(mentor)s (%(programme)s) need a call. %(reason)s.")
                % (names | {"reason": main}),
                _("Tandem: %(mentee)s and %(mentor)s need a call. %(reason)s.")
                % (names | {"reason": main}),
                _("Tandem: %(mentee)s and %(mentor)s need a call.") % names,
            ),
            details=words,
            link=_absolute(reverse("mentorships:detail", args=[mentorship.pk])),
            link_label=_("The pair's page:"),
            signature=_organisation(mentorship),
        )

    return write


def _help_letter(help_request: HelpRequest) -> Callable:
    def write() -> Letter:
        mentorship = help_request.mentorship
        names = _pair_names(mentorship)
        asker = names["mentor"] if help_request.side == Side.MENTOR else names["mentee"]
        role = _("mentor") if help_request.side == Side.MENTOR else _("mentee")
        values = names | {"asker": asker, "role": role}
        return Letter(
            subject=_("Tandem: %(asker)s asked for help") % values,
            sms=sms(
                _(
                    "Tandem: %(asker)s (%(role)s, %(programme)s) asked for help. Pair: "
                    "%(mentee)s and %(mentor)s. Please get in touch soon."
                )
                % values,
                _("Tandem: %(asker)s (%(role)s) asked for help. Please get in touch soon.")
                % values,
            ),
            details=[
                _("Read their message and note what you did on the pair's page."),
            ],
            link=_absolute(reverse("mentorships:detail", args=[mentorship.pk])),
            link_label=_("The pair's page:"),
            signature=_organisation(mentorship),
        )

    return write


# --------------------------------------------------------------------------------------------
# Reading pairs for the worker
# --------------------------------------------------------------------------------------------


def pairs_for_worker(pairs: QuerySet[Mentorship]) -> QuerySet[Mentorship]:
    """Pairs with everything the reminders need, in a fixed number of queries."""
    return (
        health.with_health_facts(pairs, timezone.now())
        .select_related(
            "programme__organisation",
            "programme__mentorship_settings",
            "coordinator",
            "mentor__person__user",
            "mentee__person__user",
        )
        .prefetch_related(
            "mentor__person__languages",
            "mentee__person__languages",
            "evaluations",
            Prefetch("reminders", queryset=Reminder.objects.only("key", "mentorship_id")),
        )
    )


def _known(mentorship: Mentorship) -> set[str]:
    return {reminder.key for reminder in mentorship.reminders.all()}


@dataclass
class Summary:
    """What a run did, for the worker's log and the scheduler's output."""

    pairs: int = 0
    sent: dict[str, int] = field(default_factory=dict)
    turned_red: int = 0

    def count(self, reason: str, went: bool) -> None:
        if went:
            self.sent[reason] = self.sent.get(reason, 0) + 1

    def as_dict(self) -> dict:
        return {"pairs": self.pairs, "sent": dict(self.sent), "turned_red": self.turned_red}


def _remind_running(mentorship: Mentorship, today: date, summary: Summary) -> None:
    known = _known(mentorship)
    facts = health.facts_of(mentorship)
    sides = _sides(mentorship)
    occasion = meeting_occasion(facts, today) if mentorship.next_meeting_at is None else None
    if occasion is not None:
        days = (today - (facts.last_meeting_on or facts.started_on)).days
        for side, to in sides:
            went = send_once(
                key=f"meeting_due:{mentorship.pk}:{occasion.isoformat()}:{to.tag}",
                reason=ReminderReason.MEETING_DUE,
                mentorship=mentorship,
                to=to,
                write=_meeting_due_letter(mentorship, side, to, facts, days),
                known=known,
            )
            summary.count(ReminderReason.MEETING_DUE, went)
    due = facts.review_due_on
    if due is not None and due <= today:
        for side, to in sides:
            went = send_once(
                key=f"review_due:{mentorship.pk}:{due.isoformat()}:{to.tag}",
                reason=ReminderReason.REVIEW_DUE,
                mentorship=mentorship,
                to=to,
                write=_review_due_letter(mentorship, side, to, due),
                known=known,
            )
            summary.count(ReminderReason.REVIEW_DUE, went)


def _remind_evaluations(mentorship: Mentorship, today: date, summary: Summary) -> None:
    # Imported here: the services package imports this app's tasks, which import this module.
    from tandem.mentorships.services.evaluations import evaluations_due

    sides = dict(_sides(mentorship))
    for kind, side in evaluations_due(mentorship, today):
        to = sides.get(side)
        if to is None:
            continue
        went = send_once(
            key=f"evaluation_due:{mentorship.pk}:{kind}:{to.tag}",
            reason=ReminderReason.EVALUATION_DUE,
            mentorship=mentorship,
            to=to,
            write=_evaluation_letter(mentorship, to, kind),
            known=_known(mentorship),
        )
        summary.count(ReminderReason.EVALUATION_DUE, went)


def _store_health(mentorship: Mentorship, today: date, summary: Summary) -> None:
    """Save the pair's health as the worker sees it; tell the contact people when it turns red
    (once per turn: the key names the day it turned red)."""
    seen = health.pair_health(mentorship, today)
    reasons = seen.reasons_json()
    turned = seen.health != mentorship.health
    if not turned and reasons == mentorship.health_reasons:
        return
    since = today if turned or mentorship.health_since is None else mentorship.health_since
    Mentorship.objects.filter(pk=mentorship.pk).update(
        health=seen.health, health_reasons=reasons, health_since=since
    )
    mentorship.health, mentorship.health_reasons, mentorship.health_since = (
        seen.health,
        reasons,
        since,
    )
    if not (turned and seen.health == Health.RED):
        return
    summary.turned_red += 1
    red = [r for r in reasons if r["health"] == Health.RED]
    if all(r["code"] == health.HELP_REQUESTED for r in red):
        return  # the help request alerted the contact people already (send_help_alert)
    for user in contact_people(mentorship):
        went = send_once(
            key=f"pair_red:{mentorship.pk}:{since.isoformat()}:u{user.pk}",
            reason=ReminderReason.PAIR_RED,
            mentorship=mentorship,
            to=user_recipient(user),
            write=_pair_red_letter(mentorship, reasons),
        )
        summary.count(ReminderReason.PAIR_RED, went)


def _each(pairs: Iterable[Mentorship], work: Callable[[Mentorship], None]) -> int:
    done = 0
    for mentorship in pairs:
        try:
            work(mentorship)
        except Exception:
            # One pair's trouble (a bad address) must not stop the reminders of the others.
            logger.exception("Reminders failed for mentorship %s", mentorship.pk)
        done += 1
    return done


def running() -> QuerySet[Mentorship]:
    return Mentorship.objects.filter(status=MentorshipStatus.ACTIVE).order_by("pk")


def refresh_health(pairs: QuerySet[Mentorship] | None = None) -> Summary:
    """Store the health of running pairs and alert the contact people of pairs turned red."""
    summary = Summary()
    today = timezone.localdate()
    summary.pairs = _each(
        pairs_for_worker(pairs if pairs is not None else running()),
        lambda m: _store_health(m, today, summary),
    )
    return summary


def send_reminders(pairs: QuerySet[Mentorship] | None = None) -> Summary:
    """The daily run over running pairs: store health (alerts for pairs turned red), then the
    meeting, review and evaluation reminders. Safe to run twice: nothing goes twice."""
    summary = Summary()
    today = timezone.localdate()

    def work(mentorship: Mentorship) -> None:
        _store_health(mentorship, today, summary)
        _remind_running(mentorship, today, summary)
        _remind_evaluations(mentorship, today, summary)

    summary.pairs = _each(pairs_for_worker(pairs if pairs is not None else running()), work)
    return summary


def remind_pair(mentorship_id: int) -> Summary:
    """The reminders of one pair now: all of them while it runs; after its closure, the final
    evaluation."""
    summary = Summary()
    today = timezone.localdate()
    mentorship = pairs_for_worker(Mentorship.objects.filter(pk=mentorship_id)).first()
    if mentorship is None:
        return summary
    summary.pairs = 1
    if mentorship.is_active:
        _store_health(mentorship, today, summary)
        _remind_running(mentorship, today, summary)
    _remind_evaluations(mentorship, today, summary)
    return summary


def send_help_alert(help_request_id: int) -> Summary:
    """Tell the contact people at once that a side asked for help (once per request), and mark
    the pair red."""
    summary = Summary()
    help_request = (
        HelpRequest.objects.select_related(
            "mentorship__programme__organisation",
            "mentorship__mentor__person",
            "mentorship__mentee__person",
            "mentorship__coordinator",
        )
        .filter(pk=help_request_id)
        .first()
    )
    if help_request is None or help_request.resolved_at is not None:
        return summary
    mentorship = help_request.mentorship
    for user in contact_people(mentorship):
        went = send_once(
            key=f"help_requested:{help_request.pk}:u{user.pk}",
            reason=ReminderReason.HELP_REQUESTED,
            mentorship=mentorship,
            to=user_recipient(user),
            write=_help_letter(help_request),
        )
        summary.count(ReminderReason.HELP_REQUESTED, went)
    if mentorship.is_active:
        refresh_health(Mentorship.objects.filter(pk=mentorship.pk))
    return summary


# --------------------------------------------------------------------------------------------
# A meeting planned, moved or cancelled
# --------------------------------------------------------------------------------------------


def _when(meeting: Meeting) -> str:
    local = timezone.localtime(meeting.starts_at)
    return formats.date_format(local, "l j F, H:i")


def _meeting_letter(meeting: Meeting, side: str, to: Recipient) -> Callable:
    def write() -> Letter:
        mentorship = meeting.mentorship
        other = _other(mentorship, side)
        values = {"name": to.first_name, "other": other, "when": _when(meeting)}
        if meeting.status == MeetingStatus.CANCELLED:
            subject = _("Tandem: meeting with %(other)s cancelled") % values
            first = [
                _("Hello %(name)s, your meeting with %(other)s on %(when)s is cancelled.") % values,
                _("Hello, your Tandem meeting on %(when)s is cancelled.") % values,
            ]
        else:
            if meeting.mode == MeetingMode.PHONE:
                values["where"] = _("by phone")
            elif meeting.mode == MeetingMode.VIDEO:
                values["where"] = _("by video call")
            else:
                values["where"] = meeting.place or meeting.appointment
            subject = _("Tandem: meeting with %(other)s on %(when)s") % values
            first = [
                _("Hello %(name)s, you meet %(other)s on %(when)s, %(where)s.") % values
                if values["where"]
                else "",
                _("Hello %(name)s, you meet %(other)s on %(when)s.") % values,
                _("Hello, your Tandem meeting: %(when)s.") % values,
            ]
        link = _portal_link(to)
        return Letter(
            subject=subject,
            sms=sms(*[text for text in first if text]),
            details=[
                _("The meeting is attached: open it to put it in your calendar."),
                _("Cannot come? Please tell %(other)s as soon as you can.") % values
                if meeting.status != MeetingStatus.CANCELLED
                else "",
                _contact_line(mentorship),
            ],
            link=link,
            link_label=_("Your page:"),
            signature=_organisation(mentorship),
            attachments=[
                (
                    "tandem-meeting.ics",
                    calendars.meeting_ics(meeting, side),
                    "text/calendar",
                )
            ],
        )

    return write


def send_meeting_planned(meeting_id: int) -> Summary:
    """Send a planned (or moved, or cancelled) meeting to both sides with a .ics file. Only the
    meeting as it is now: a meeting held already is not sent."""
    summary = Summary()
    meeting = (
        Meeting.objects.select_related(
            "mentorship__programme__organisation",
            "mentorship__coordinator",
            "mentorship__mentor__person__user",
            "mentorship__mentee__person__user",
        )
        .prefetch_related(
            "mentorship__mentor__person__languages", "mentorship__mentee__person__languages"
        )
        .filter(pk=meeting_id)
        .first()
    )
    if meeting is None or meeting.status == MeetingStatus.HELD:
        return summary
    for side, to in _sides(meeting.mentorship):
        # Each version of the meeting (its SEQUENCE, its status) goes to each side once.
        sent = send_once(
            key=f"meeting_planned:{meeting.pk}:{meeting.sequence}:{meeting.status}:{side}",
            reason=ReminderReason.MEETING_PLANNED,
            mentorship=meeting.mentorship,
            to=to,
            write=_meeting_letter(meeting, side, to),
        )
        summary.count("meeting_planned", sent)
    return summary
