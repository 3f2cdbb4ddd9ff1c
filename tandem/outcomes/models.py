"""Outcomes: what became of the mentees — their situation at entry, dated status events, the
follow-ups after leaving, and the self-assessments at start and end.

The indicators (``tandem.outcomes.indicators``) are computed from these rows only, through the
records of ``tandem.outcomes.records`` (docs/records-format.md, docs/indicators.md).
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tandem.people.models import Participant
from tandem.programmes.models import Programme


class Situation(models.TextChoices):
    """The situation at entry, exactly one of these four (ESF+ common indicators)."""

    UNEMPLOYED = "unemployed", _("Unemployed")
    INACTIVE = "inactive", _("Inactive (not working, not looking)")
    EMPLOYED = "employed", _("Employed")
    SELF_EMPLOYED = "self_employed", _("Self-employed")


class Contract(models.TextChoices):
    PERMANENT = "permanent", _("Permanent contract")
    FIXED_TERM = "fixed_term", _("Fixed-term contract")
    TEMPORARY_AGENCY = "temporary_agency", _("Temporary agency work")
    SUBSIDISED = "subsidised", _("Subsidised work-experience contract")


class Economy(models.TextChoices):
    REGULAR = "regular", _("Regular economy")
    SOCIAL = "social", _("Social economy or work-integration enterprise")


class EntryProfile(models.Model):
    """A mentee's situation when they entered the programme (the baseline, recorded at intake).

    Special-category data (disability, minority, housing): the programme's staff only, and in
    records files only for those who consented to research and reporting use.
    """

    participant = models.OneToOneField(
        Participant, on_delete=models.CASCADE, related_name="entry_profile"
    )
    entry_date = models.DateField(_("entered the programme on"))
    situation = models.CharField(_("situation at entry"), max_length=16, choices=Situation.choices)
    unemployed_since = models.DateField(
        _("unemployed since"), null=True, blank=True, help_text=_("Only when unemployed.")
    )
    # The job at entry, for the employed and self-employed ("improved situation" compares it).
    contract = models.CharField(
        _("contract at entry"), max_length=20, choices=Contract.choices, blank=True
    )
    full_time = models.BooleanField(_("full-time at entry"), null=True, blank=True)
    isco_skill_level = models.PositiveSmallIntegerField(
        _("ISCO skill level at entry"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(4)],
    )
    disability = models.BooleanField(_("has a disability"), default=False)
    third_country_national = models.BooleanField(
        _("third-country national"), default=False, help_text=_("Not a citizen of an EU country.")
    )
    foreign_background = models.BooleanField(_("foreign background"), default=False)
    minority = models.BooleanField(_("belongs to a minority"), default=False)
    homeless_or_housing_exclusion = models.BooleanField(
        _("homeless or excluded from housing"), default=False
    )
    rural = models.BooleanField(_("lives in a rural area"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("situation at entry")
        verbose_name_plural = _("situations at entry")
        constraints = [
            models.CheckConstraint(
                condition=Q(situation__in=Situation.values),
                name="entry_situation_valid",
                violation_error_message=_("Choose one of the four situations."),
            ),
            models.CheckConstraint(
                condition=Q(unemployed_since__isnull=True) | Q(situation="unemployed"),
                name="entry_unemployed_since_only_when_unemployed",
                violation_error_message=_(
                    "Only an unemployed person has an unemployed-since date."
                ),
            ),
            models.CheckConstraint(
                condition=Q(isco_skill_level__isnull=True)
                | Q(isco_skill_level__gte=1, isco_skill_level__lte=4),
                name="entry_isco_skill_level_1_to_4",
                violation_error_message=_("ISCO skill levels run from 1 to 4."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant_id} {self.situation}"


class EventType(models.TextChoices):
    EMPLOYED = "employed", _("Employed")
    SELF_EMPLOYED = "self_employed", _("Self-employed")
    JOB_SEARCHING = "job_searching", _("Looking for work")
    EDUCATION_OR_TRAINING = "education_or_training", _("In education or training")
    INTERNSHIP = "internship", _("Internship")
    VOLUNTEERING = "volunteering", _("Volunteering")
    INACTIVE = "inactive", _("Inactive (not working, not looking)")
    QUALIFICATION_GAINED = "qualification_gained", _("Gained a qualification")
    DIPLOMA_RECOGNISED = "diploma_recognised", _("Diploma recognised")


# Events that are facts beside the situation, not a situation themselves.
NOT_A_SITUATION = frozenset({EventType.QUALIFICATION_GAINED, EventType.DIPLOMA_RECOGNISED})


class EventSource(models.TextChoices):
    COORDINATOR = "coordinator", _("Recorded by a coordinator")
    MENTOR = "mentor", _("Told by the mentor")
    SURVEY = "survey", _("Answered by the mentee in a follow-up survey")


class EventStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    PROPOSED = "proposed", _("Proposed, to be confirmed by a coordinator")
    REJECTED = "rejected", _("Not confirmed")


class StatusEvent(models.Model):
    """A dated fact about a mentee's situation. Only confirmed events count in the indicators;
    a mentor's event is proposed until a coordinator confirms it. On the same date the one
    recorded last (highest ``pk``) wins."""

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="status_events"
    )
    date = models.DateField(_("date"))
    type = models.CharField(_("situation or fact"), max_length=24, choices=EventType.choices)
    contract = models.CharField(_("contract"), max_length=20, choices=Contract.choices, blank=True)
    full_time = models.BooleanField(_("full-time"), null=True, blank=True)
    hours_per_week = models.DecimalField(
        _("hours per week"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(80)],
    )
    isco = models.CharField(_("occupation (ISCO-08)"), max_length=4, blank=True)
    isco_skill_level = models.PositiveSmallIntegerField(
        _("ISCO skill level"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(4)],
    )
    nace = models.CharField(_("sector (NACE section)"), max_length=1, blank=True)
    employer = models.CharField(_("employer"), max_length=200, blank=True)
    economy = models.CharField(_("economy"), max_length=8, choices=Economy.choices, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    source = models.CharField(
        _("source"), max_length=12, choices=EventSource.choices, default=EventSource.COORDINATOR
    )
    status = models.CharField(
        _("status"), max_length=10, choices=EventStatus.choices, default=EventStatus.CONFIRMED
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"))
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["participant", "date", "pk"]
        verbose_name = _("status event")
        verbose_name_plural = _("status events")
        indexes = [models.Index(fields=["participant", "status", "date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(type__in=EventType.values),
                name="status_event_type_valid",
                violation_error_message=_("Choose one of the situations."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=EventStatus.values) & Q(source__in=EventSource.values),
                name="status_event_status_and_source_valid",
                violation_error_message=_("Choose a status and a source."),
            ),
            models.CheckConstraint(
                condition=Q(contract="") | Q(type__in=["employed", "self_employed"]),
                name="status_event_contract_only_for_work",
                violation_error_message=_("Only employment has a contract."),
            ),
            models.CheckConstraint(
                condition=Q(isco_skill_level__isnull=True)
                | Q(isco_skill_level__gte=1, isco_skill_level__lte=4),
                name="status_event_isco_skill_level_1_to_4",
                violation_error_message=_("ISCO skill levels run from 1 to 4."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant_id} {self.date} {self.type}"


class FollowUpKind(models.TextChoices):
    WEEKS_4 = "weeks_4", _("4 weeks after leaving")
    MONTHS_6 = "months_6", _("6 months after leaving")
    MONTHS_12 = "months_12", _("12 months after leaving")


class FollowUpStatus(models.TextChoices):
    DUE = "due", _("To do")
    DONE = "done", _("Done")
    UNREACHABLE = "unreachable", _("Could not be reached")


class FollowUp(models.Model):
    """A measurement point after a mentee left: a task for the coordinator, and — when the mentee
    consented to follow-up contact — a short survey by a single-use link."""

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="follow_ups"
    )
    kind = models.CharField(_("follow-up"), max_length=10, choices=FollowUpKind.choices)
    left_on = models.DateField(_("left on"))
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        _("status"), max_length=12, choices=FollowUpStatus.choices, default=FollowUpStatus.DUE
    )
    # The survey link: only a hash of the token is kept; used once.
    token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    survey_sent_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(_("answered on"), null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    event = models.ForeignKey(
        StatusEvent, on_delete=models.SET_NULL, null=True, blank=True, related_name="follow_ups"
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        indexes = [models.Index(fields=["status", "due_on"])]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "kind", "left_on"],
                name="one_follow_up_per_kind_and_leaving",
                violation_error_message=_("This follow-up is already planned."),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=FollowUpKind.values) & Q(status__in=FollowUpStatus.values),
                name="follow_up_kind_and_status_valid",
                violation_error_message=_("Choose a follow-up and a status."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant_id} {self.kind} {self.due_on}"


DEFAULT_SELF_ASSESSMENT = "\n".join(
    [
        "I feel confident looking for work.",
        "I know people who can help me find work.",
        "I feel confident speaking the local language at work.",
        "I know how to apply for a job (CV, letter, interview).",
    ]
)


class OutcomeSettings(models.Model):
    """A programme's self-assessment statements (1–5 scales), one per line, translated per
    language (django-modeltranslation)."""

    programme = models.OneToOneField(
        Programme, on_delete=models.CASCADE, related_name="outcome_settings"
    )
    self_assessment = models.TextField(
        _("self-assessment statements"),
        default=DEFAULT_SELF_ASSESSMENT,
        help_text=_(
            "One statement per line; each is answered from 1 (not at all) to 5 (completely). "
            "Keep the same lines in every language, in the same order."
        ),
    )

    class Meta:
        verbose_name = _("outcome settings")
        verbose_name_plural = _("outcome settings")

    def __str__(self) -> str:
        return str(self.programme)


class Moment(models.TextChoices):
    START = "start", _("At the start")
    END = "end", _("At the end")


class SelfAssessment(models.Model):
    """A mentee's answers to the programme's self-assessment, at the start or the end.

    ``scores`` lists the 1–5 answers in the order of the statements (``statements`` keeps the
    English text they answered, so a later change of the settings cannot shift them).
    """

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="self_assessments"
    )
    moment = models.CharField(_("moment"), max_length=6, choices=Moment.choices)
    statements = models.JSONField(default=list)
    scores = models.JSONField(default=list)
    answered_at = models.DateTimeField(_("answered on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["participant", "moment"]
        verbose_name = _("self-assessment")
        verbose_name_plural = _("self-assessments")
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "moment"],
                name="one_self_assessment_per_moment",
                violation_error_message=_("This self-assessment has already been answered."),
            ),
            models.CheckConstraint(
                condition=Q(moment__in=Moment.values),
                name="self_assessment_moment_valid",
                violation_error_message=_("Choose start or end."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant_id} {self.moment}"


class SurveyLink(models.Model):
    """A single-use link (no log-in) for a mentee's self-assessment; follow-up surveys keep
    their token on the FollowUp. Only the hash is stored."""

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="survey_links"
    )
    moment = models.CharField(_("moment"), max_length=6, choices=Moment.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("survey link")
        verbose_name_plural = _("survey links")

    def __str__(self) -> str:
        return f"{self.participant_id} {self.moment}"
