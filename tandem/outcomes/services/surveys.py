"""The mentee's own answers, by single-use links without log-in: the follow-up survey ("What
are you doing now?") and the self-assessment at the start and the end.

Links carry a random token; only its SHA-256 hash is stored (FollowUp.token_hash,
SurveyLink.token_hash), so a copy of the database opens no survey. A link works once and for
60 days. Answering claims the link with one conditional UPDATE before anything is written, so of
two submits at the same time (a double tap, two tabs) exactly one records an answer.

E-mails go in the reader's language (``reading_language``), as plain text whose first paragraph
fits in an SMS (``tandem.mentorships.reminders.Letter``).
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tandem.core.tokens import new_token, token_hash
from tandem.mentorships.reminders import Letter, Recipient, person_recipient, sms
from tandem.outcomes.models import (
    Contract,
    Economy,
    EventSource,
    EventStatus,
    EventType,
    FollowUp,
    FollowUpStatus,
    Moment,
    OutcomeSettings,
    SelfAssessment,
    StatusEvent,
    SurveyLink,
)
from tandem.people.consent import persons_granting
from tandem.people.models import ConsentPurpose, Participant, ParticipantRole, Person
from tandem.programmes.models import Programme

# How long a link works after it was sent.
LINK_DAYS = 60
# A follow-up that fell due longer ago than this gets no survey any more (a 4-week question a
# year late means nothing): it stays on the coordinator's list.
SURVEY_WINDOW_DAYS = 60
OPEN = (FollowUpStatus.DUE, FollowUpStatus.UNREACHABLE)
SCORES = range(1, 6)
LANGUAGE_CODES = tuple(code for code, _name in settings.LANGUAGES)


class SurveyClosed(Exception):
    """The link is unknown, used or expired: the page says so kindly."""


def _absolute(name: str, token: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(name, kwargs={"token": token})


def _first_name(person: Person) -> str:
    return person.preferred_name or person.first_name


# --------------------------------------------------------------------------------------------
# Follow-up surveys
# --------------------------------------------------------------------------------------------


def survey_expires_at(follow_up: FollowUp) -> datetime | None:
    if follow_up.survey_sent_at is None:
        return None
    return follow_up.survey_sent_at + timedelta(days=LINK_DAYS)


def survey_link_issue(*, follow_up: FollowUp) -> str:
    """A new link for a follow-up's survey (an older one stops working); returns the token,
    which is never stored. The 60 days start now."""
    token, digest = new_token()
    follow_up.token_hash = digest
    follow_up.survey_sent_at = timezone.now()
    FollowUp.objects.filter(pk=follow_up.pk).update(
        token_hash=digest, survey_sent_at=follow_up.survey_sent_at
    )
    return token


def follow_up_for_token(token: str) -> FollowUp | None:
    """The follow-up whose survey this token opens, or None when the link is unknown, used,
    expired, or the coordinator has recorded the answer already."""
    if not token or len(token) > 100:
        return None
    found = (
        FollowUp.objects.select_related("participant__person", "participant__programme")
        .filter(token_hash=token_hash(token), status__in=OPEN, answered_at=None)
        .exclude(survey_sent_at=None)
        .first()
    )
    if found is None or survey_expires_at(found) <= timezone.now():
        return None
    return found


@dataclass(frozen=True)
class SurveyAnswer:
    """What the mentee answered. ``type`` is an EventType (a situation)."""

    type: str
    contract: str = ""
    full_time: bool | None = None
    hours_per_week: Decimal | None = None
    job: str = ""
    employer: str = ""
    economy: str = ""

    def event_fields(self) -> dict:
        fields: dict = {}
        if self.type in (EventType.EMPLOYED, EventType.SELF_EMPLOYED):
            fields["full_time"] = self.full_time
            fields["hours_per_week"] = self.hours_per_week
            if self.job.strip():
                fields["note"] = self.job.strip()[:300]
        if self.type == EventType.EMPLOYED:
            fields["contract"] = self.contract
            fields["employer"] = self.employer.strip()[:200]
            fields["economy"] = self.economy
        return fields


# The answers to "What are you doing now?", in the order the page shows them.
SURVEY_TYPES = (
    EventType.EMPLOYED,
    EventType.SELF_EMPLOYED,
    EventType.JOB_SEARCHING,
    EventType.EDUCATION_OR_TRAINING,
    EventType.INTERNSHIP,
    EventType.VOLUNTEERING,
    EventType.INACTIVE,
)


@transaction.atomic
def survey_answer(*, token: str, answer: SurveyAnswer) -> StatusEvent:
    """Record a mentee's survey answer as a confirmed status event (source: survey) dated
    today, and mark the follow-up answered and done. Raises SurveyClosed when the link no longer
    works — also for the second of two submits at once."""
    from tandem.outcomes.services.events import event_record

    if answer.type not in SURVEY_TYPES:
        raise ValidationError({"type": _("Choose one answer.")})
    if answer.contract and answer.contract not in Contract.values:
        raise ValidationError({"contract": _("Choose one answer.")})
    if answer.economy and answer.economy not in Economy.values:
        raise ValidationError({"economy": _("Choose one answer.")})
    follow_up = follow_up_for_token(token)
    if follow_up is None:
        raise SurveyClosed
    now = timezone.now()
    # The claim: one UPDATE that only the first submit can win (the row lock makes a second
    # one wait, then find the follow-up answered).
    claimed = FollowUp.objects.filter(
        pk=follow_up.pk, answered_at=None, status__in=OPEN, token_hash=follow_up.token_hash
    ).update(answered_at=now, status=FollowUpStatus.DONE, done_at=now)
    if not claimed:
        raise SurveyClosed
    event = event_record(
        participant=follow_up.participant,
        date=timezone.localdate(now),
        type=answer.type,
        source=EventSource.SURVEY,
        status=EventStatus.CONFIRMED,
        **answer.event_fields(),
    )
    FollowUp.objects.filter(pk=follow_up.pk).update(event=event)
    return event


@dataclass
class SendSummary:
    """What a run of the survey e-mails did, for the worker's log."""

    sent: int = 0
    no_address: int = 0

    def as_dict(self) -> dict:
        return {"sent": self.sent, "no_address": self.no_address}


def surveys_due(today: date) -> QuerySet[FollowUp]:
    """Follow-ups whose survey should go out today: due (within the last 60 days), not sent,
    not done, and the mentee has a standing consent to follow-up contact."""
    consenting = persons_granting(Person.objects.all(), ConsentPurpose.FOLLOW_UP)
    return (
        FollowUp.objects.filter(
            status=FollowUpStatus.DUE,
            survey_sent_at=None,
            due_on__lte=today,
            due_on__gte=today - timedelta(days=SURVEY_WINDOW_DAYS),
            participant__person__in=consenting,
        )
        .select_related("participant__person__user", "participant__programme__organisation")
        .prefetch_related("participant__person__languages")
        .order_by("due_on", "pk")
    )


def _survey_letter(follow_up: FollowUp, to: Recipient, token: str) -> Letter:
    organisation = follow_up.participant.programme.organisation.name
    until = formats.date_format(timezone.localdate(survey_expires_at(follow_up)))
    return Letter(
        subject=_("How are you doing? A question from %(organisation)s")
        % {"organisation": organisation},
        sms=sms(
            _(
                "Hello %(name)s, how are you doing with work or study? Please tell "
                "%(organisation)s: it takes one minute."
            )
            % {"name": to.first_name, "organisation": organisation},
            _("Hello %(name)s, how are you doing with work or study? It takes one minute.")
            % {"name": to.first_name},
        ),
        details=[
            _("Tap the link below. You do not need to log in or a password."),
            _("The link works once, until %(date)s.") % {"date": until},
            _("You do not want these questions any more? Tell us, and we stop."),
        ],
        link=_absolute("outcomes:survey", token),
        link_label=_("Answer here:"),
        signature=organisation,
    )


def send_due_surveys(*, today: date | None = None) -> SendSummary:
    """E-mail the survey of every follow-up that is due, once: the link is claimed (its hash and
    the sending time written, only if no survey went yet) in the same transaction as the
    e-mail goes, so a second run, or a second worker, sends nothing again. Marks nothing as
    missed: an unanswered follow-up stays on the coordinator's list."""
    today = today or timezone.localdate()
    summary = SendSummary()
    for follow_up in surveys_due(today):
        to = person_recipient(follow_up.participant.person)
        if to is None:
            summary.no_address += 1
            continue
        with transaction.atomic():
            token, digest = new_token()
            now = timezone.now()
            claimed = FollowUp.objects.filter(
                pk=follow_up.pk, survey_sent_at=None, status=FollowUpStatus.DUE
            ).update(token_hash=digest, survey_sent_at=now)
            if not claimed:
                continue
            follow_up.token_hash, follow_up.survey_sent_at = digest, now
            with translation.override(to.language):
                letter = _survey_letter(follow_up, to, token)
            letter.message(to.address).send()
        summary.sent += 1
    return summary


# --------------------------------------------------------------------------------------------
# Self-assessment
# --------------------------------------------------------------------------------------------


def outcome_settings_for(programme: Programme) -> OutcomeSettings:
    """The programme's outcome settings, made with the defaults the first time."""
    found, _created = OutcomeSettings.objects.get_or_create(programme=programme)
    return found


def lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def statements(outcome_settings: OutcomeSettings, language: str | None = None) -> list[str]:
    """The self-assessment statements in ``language`` (default: the active one); English
    where that language has none."""
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    language = language.split("-")[0]
    english = lines(outcome_settings.self_assessment_en)
    if language not in LANGUAGE_CODES:
        return english
    translated = lines(getattr(outcome_settings, f"self_assessment_{language}", ""))
    return translated if len(translated) == len(english) else english


@transaction.atomic
def self_assessment_statements_save(
    *, outcome_settings: OutcomeSettings, texts: dict[str, str]
) -> OutcomeSettings:
    """Save the statements per language (``texts``: language code → one statement per line).
    English is required; another language is empty (English is shown) or has as many lines,
    since answers are matched by position."""
    cleaned = {code: "\n".join(lines(texts.get(code, ""))) for code in LANGUAGE_CODES}
    english = lines(cleaned["en"])
    if not english:
        raise ValidationError({"self_assessment_en": _("Write at least one statement.")})
    if len(english) > 12:
        raise ValidationError({"self_assessment_en": _("Twelve statements at most.")})
    errors = {}
    for code in LANGUAGE_CODES:
        count = len(lines(cleaned[code]))
        if count and count != len(english):
            errors[f"self_assessment_{code}"] = ngettext(
                "Write %(count)d line, one for each English statement, in the same order "
                "(or leave it empty).",
                "Write %(count)d lines, one for each English statement, in the same order "
                "(or leave it empty).",
                len(english),
            ) % {"count": len(english)}
    if errors:
        raise ValidationError(errors)
    for code in LANGUAGE_CODES:
        setattr(outcome_settings, f"self_assessment_{code}", cleaned[code])
    outcome_settings.save()
    return outcome_settings


def self_assessment_link_for(token: str) -> SurveyLink | None:
    """The unused, unexpired self-assessment link this token opens, or None."""
    if not token or len(token) > 100:
        return None
    return (
        SurveyLink.objects.select_related("participant__person", "participant__programme")
        .filter(token_hash=token_hash(token), used_at=None, expires_at__gt=timezone.now())
        .first()
    )


def _check_can_answer(participant: Participant, moment: str) -> None:
    if participant.role != ParticipantRole.MENTEE:
        raise ValidationError(_("Only mentees answer the self-assessment."), code="not_mentee")
    if moment not in Moment.values:
        raise ValidationError(_("Choose start or end."), code="moment")
    if SelfAssessment.objects.filter(participant=participant, moment=moment).exists():
        raise ValidationError(_("This self-assessment has already been answered."), code="answered")


def self_assessment_link_issue(*, participant: Participant, moment: str) -> str:
    """A new single-use link to the self-assessment at ``moment``; returns the token (never
    stored). Refused when that moment was answered already."""
    _check_can_answer(participant, moment)
    token, digest = new_token()
    SurveyLink.objects.create(
        participant=participant,
        moment=moment,
        token_hash=digest,
        expires_at=timezone.now() + timedelta(days=LINK_DAYS),
    )
    return token


def _self_assessment_letter(participant: Participant, to: Recipient, token: str) -> Letter:
    organisation = participant.programme.organisation.name
    return Letter(
        subject=_("A few questions about you, from %(organisation)s")
        % {"organisation": organisation},
        sms=sms(
            _(
                "Hello %(name)s, how do you feel about work and looking for work? Please answer "
                "a few short questions for %(organisation)s."
            )
            % {"name": to.first_name, "organisation": organisation},
            _("Hello %(name)s, please answer a few short questions about you.")
            % {"name": to.first_name},
        ),
        details=[
            _("Tap the link below. You do not need to log in or a password."),
            _("There are no wrong answers. It helps us help you better."),
            _("The link works once, for %(days)d days.") % {"days": LINK_DAYS},
        ],
        link=_absolute("outcomes:self_assessment", token),
        link_label=_("Answer here:"),
        signature=organisation,
    )


@transaction.atomic
def self_assessment_send(*, participant: Participant, moment: str) -> None:
    """E-mail a mentee a new link to their self-assessment at ``moment``, in their language.
    Refused without an e-mail address, or when that moment was answered already."""
    person = (
        Person.objects.select_related("user")
        .prefetch_related("languages")
        .get(pk=participant.person_id)
    )
    to = person_recipient(person)
    if to is None:
        raise ValidationError(
            _("This mentee has no e-mail address. Fill in the answers with them instead."),
            code="no_address",
        )
    token = self_assessment_link_issue(participant=participant, moment=moment)
    with translation.override(to.language):
        letter = _self_assessment_letter(participant, to, token)
    letter.message(to.address).send()


@transaction.atomic
def self_assessment_answer(*, token: str, scores: list[int]) -> SelfAssessment:
    """Record a mentee's self-assessment (one 1–5 score per statement, in order). The English
    statements are kept with the scores. Raises SurveyClosed when the link no longer works or
    the moment was answered meanwhile."""
    link = self_assessment_link_for(token)
    if link is None:
        raise SurveyClosed
    english = statements(outcome_settings_for(link.participant.programme), "en")
    if len(scores) != len(english) or any(score not in SCORES for score in scores):
        raise ValidationError(_("Answer every question with a number from 1 to 5."))
    now = timezone.now()
    if not SurveyLink.objects.filter(pk=link.pk, used_at=None).update(used_at=now):
        raise SurveyClosed
    try:
        with transaction.atomic():
            return SelfAssessment.objects.create(
                participant=link.participant,
                moment=link.moment,
                statements=english,
                scores=[int(score) for score in scores],
                answered_at=now,
            )
    except IntegrityError:
        raise SurveyClosed from None


# --------------------------------------------------------------------------------------------
# Self-assessment figures
# --------------------------------------------------------------------------------------------


@dataclass
class MenteeChange:
    participant_id: int
    name: str
    start: list[int]
    end: list[int]
    changes: list[int | None]


@dataclass
class ChangeFigures:
    """Per mentee with both moments, the change (end − start) per statement, and per statement
    the mean change and how many mentees it is over. Statements are matched by position."""

    statements: list[str]
    rows: list[MenteeChange] = field(default_factory=list)
    means: list[float | None] = field(default_factory=list)
    counts: list[int] = field(default_factory=list)
    only_start: int = 0
    only_end: int = 0


def self_assessment_changes(
    *, assessments: QuerySet[SelfAssessment], labels: list[str]
) -> ChangeFigures:
    """The change figures from a (scoped) queryset of self-assessments of one programme, with
    ``labels`` the current statements in the reader's language (position by position). One
    query."""
    by_participant: dict[int, dict[str, SelfAssessment]] = {}
    for found in assessments.select_related("participant__person").order_by(
        "participant__person__last_name", "participant__person__first_name", "participant_id"
    ):
        by_participant.setdefault(found.participant_id, {})[found.moment] = found
    width = max(
        [len(labels)] + [len(a.scores) for pair in by_participant.values() for a in pair.values()]
    )
    figures = ChangeFigures(statements=list(labels))
    for participant_id, pair in by_participant.items():
        start, end = pair.get(Moment.START), pair.get(Moment.END)
        if start is None or end is None:
            if start is not None:
                figures.only_start += 1
            else:
                figures.only_end += 1
            continue
        for position in range(len(figures.statements), width):
            stored = start.statements[position] if position < len(start.statements) else ""
            figures.statements.append(stored)
        changes = [
            end.scores[i] - start.scores[i]
            if i < len(start.scores) and i < len(end.scores)
            else None
            for i in range(width)
        ]
        figures.rows.append(
            MenteeChange(
                participant_id=participant_id,
                name=start.participant.person.display_name,
                start=list(start.scores),
                end=list(end.scores),
                changes=changes,
            )
        )
    for i in range(width):
        values = [row.changes[i] for row in figures.rows if row.changes[i] is not None]
        figures.counts.append(len(values))
        figures.means.append(round(sum(values) / len(values), 2) if values else None)
    return figures
