"""Mentorships: one mentor and one mentee, from the agreement to the closure.

A mentorship starts from an accepted proposal (matching) or from a coordinator pairing two ready
participants by hand. Around it: the agreement with its goals and signatures, the meetings (with
the coordinators' private notes kept apart), the periodic reviews of the goals, the mid-term and
final evaluations, the "I need help" requests, and the reminders the worker sent (so none goes
twice). The programme's own texts and pair-health thresholds are in MentorshipSettings.
"""

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tandem.matching.models import Proposal
from tandem.people.models import LifeDomain, Participant, Person
from tandem.programmes.models import Programme


class Side(models.TextChoices):
    MENTOR = "mentor", _("Mentor")
    MENTEE = "mentee", _("Mentee")


class MentorshipSettings(models.Model):
    """A programme's texts for agreements, its evaluations and its pair-health thresholds.

    The code of conduct and the default commitments are translated per language
    (django-modeltranslation), so the printed agreement reads in the mentee's language.
    """

    programme = models.OneToOneField(
        Programme, on_delete=models.CASCADE, related_name="mentorship_settings"
    )
    code_of_conduct = models.TextField(_("code of conduct"), blank=True)
    mentor_commitments = models.TextField(
        _("what a mentor commits to"),
        blank=True,
        help_text=_("Copied into each new agreement, where it can be changed for the pair."),
    )
    mentee_commitments = models.TextField(
        _("what a mentee commits to"),
        blank=True,
        help_text=_("Copied into each new agreement, where it can be changed for the pair."),
    )
    # Pair health: days since the last meeting, measured in meeting intervals of the pair's
    # rhythm (a pair meeting twice a month has an interval of 15 days).
    quiet_amber_intervals = models.DecimalField(
        _("amber after (meeting intervals without a meeting)"),
        max_digits=3,
        decimal_places=1,
        default=Decimal("1.5"),
        validators=[MinValueValidator(Decimal("1.0")), MaxValueValidator(Decimal("10.0"))],
    )
    quiet_red_intervals = models.DecimalField(
        _("red after (meeting intervals without a meeting)"),
        max_digits=3,
        decimal_places=1,
        default=Decimal("3.0"),
        validators=[MinValueValidator(Decimal("1.0")), MaxValueValidator(Decimal("10.0"))],
    )
    review_red_after_days = models.PositiveSmallIntegerField(
        _("red when a review is overdue by (days)"),
        default=14,
        validators=[MinValueValidator(1), MaxValueValidator(180)],
        help_text=_("A review that is due and not done is amber at once, red after this."),
    )
    dropped_goal_is_amber = models.BooleanField(
        _("a dropped goal in the last review makes the pair amber"), default=True
    )
    midterm_evaluation = models.BooleanField(_("mid-term evaluation"), default=True)
    final_evaluation = models.BooleanField(_("final evaluation"), default=True)
    evaluation_questions = models.TextField(
        _("extra evaluation questions"),
        blank=True,
        help_text=_("One question per line, asked after the standard ones. Empty: none."),
    )

    class Meta:
        verbose_name = _("mentorship settings")
        verbose_name_plural = _("mentorship settings")
        constraints = [
            models.CheckConstraint(
                condition=Q(quiet_red_intervals__gte=models.F("quiet_amber_intervals")),
                name="mentorship_settings_red_after_amber",
                violation_error_message=_("Red must come at or after amber."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.programme)


class MentorshipStatus(models.TextChoices):
    ACTIVE = "active", _("Running")
    COMPLETED = "completed", _("Completed")
    ENDED_EARLY = "ended_early", _("Ended early")


class ClosureReason(models.TextChoices):
    """Why a mentorship ended: a fixed list for figures, with a free text beside it."""

    PERIOD_ENDED = "period_ended", _("The agreed period ended")
    FOUND_WORK = "found_work", _("The mentee found work")
    MENTEE_MOVED = "mentee_moved", _("The mentee moved")
    MENTOR_UNAVAILABLE = "mentor_unavailable", _("The mentor is no longer available")
    NO_CHEMISTRY = "no_chemistry", _("No chemistry between them")
    HEALTH = "health", _("Health")
    OTHER = "other", _("Other")


class Health(models.TextChoices):
    GREEN = "green", _("Going well")
    AMBER = "amber", _("Needs attention")
    RED = "red", _("Needs a call")


class Mentorship(models.Model):
    """The relationship of one mentor and one mentee in a programme."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="mentorships")
    mentee = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="mentorships_as_mentee"
    )
    mentor = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="mentorships_as_mentor"
    )
    proposal = models.OneToOneField(
        Proposal, on_delete=models.SET_NULL, null=True, blank=True, related_name="mentorship"
    )
    # The pair's contact person at the organisation (their caseload); empty: the programme's staff.
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="caseload",
        verbose_name=_("contact person"),
    )
    started_on = models.DateField(_("started on"))
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=MentorshipStatus.choices,
        default=MentorshipStatus.ACTIVE,
    )
    # Pair health as the worker last saw it: a change to red tells the coordinator (once).
    health = models.CharField(
        _("pair health"), max_length=5, choices=Health.choices, default=Health.GREEN
    )
    health_reasons = models.JSONField(default=list, blank=True)
    health_since = models.DateField(null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    closure_reason = models.CharField(
        _("reason"), max_length=20, choices=ClosureReason.choices, blank=True
    )
    closure_note = models.TextField(_("what happened"), blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["programme", "-started_on", "-pk"]
        verbose_name = _("mentorship")
        verbose_name_plural = _("mentorships")
        indexes = [
            models.Index(fields=["mentor", "status"]),
            models.Index(fields=["programme", "status"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["mentee"],
                condition=Q(status="active"),
                name="one_running_mentorship_per_mentee",
                violation_error_message=_("This mentee already has a running mentorship."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=MentorshipStatus.values),
                name="mentorship_status_valid",
                violation_error_message=_("Choose one of the mentorship statuses."),
            ),
            models.CheckConstraint(
                condition=Q(status="active", ended_on__isnull=True)
                | (~Q(status="active") & Q(ended_on__isnull=False) & ~Q(closure_reason="")),
                name="mentorship_closed_with_date_and_reason",
                violation_error_message=_("A closed mentorship has an end date and a reason."),
            ),
            models.CheckConstraint(
                condition=Q(health__in=Health.values),
                name="mentorship_health_valid",
                violation_error_message=_("Choose green, amber or red."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mentor_id} – {self.mentee_id}"

    def get_absolute_url(self) -> str:
        return reverse("mentorships:detail", args=[self.pk])

    @property
    def is_active(self) -> bool:
        return self.status == MentorshipStatus.ACTIVE

    def participant(self, side: str) -> Participant:
        return self.mentor if side == Side.MENTOR else self.mentee


class Agreement(models.Model):
    """What the pair agreed: duration, meeting rhythm, commitments (and the goals).

    Made with programme defaults when the mentorship starts; changing it after a signature
    clears the signatures (they signed another text).
    """

    mentorship = models.OneToOneField(
        Mentorship, on_delete=models.CASCADE, related_name="agreement"
    )
    ends_on = models.DateField(_("planned end"))
    meetings_per_month = models.PositiveSmallIntegerField(
        _("meetings per month"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(31)],
    )
    review_interval_weeks = models.PositiveSmallIntegerField(
        _("review the goals every (weeks)"),
        default=8,
        validators=[MinValueValidator(1), MaxValueValidator(52)],
    )
    mentor_commitments = models.TextField(_("the mentor commits to"), blank=True)
    mentee_commitments = models.TextField(_("the mentee commits to"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        constraints = [
            models.CheckConstraint(
                condition=Q(meetings_per_month__gte=1, meetings_per_month__lte=31),
                name="agreement_meetings_1_to_31_a_month",
                violation_error_message=_("Pairs meet 1 to 31 times a month."),
            ),
            models.CheckConstraint(
                condition=Q(review_interval_weeks__gte=1),
                name="agreement_review_interval_positive",
                violation_error_message=_("Reviews happen at least once a year."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.mentorship)


class Signatory(models.TextChoices):
    MENTOR = "mentor", _("Mentor")
    MENTEE = "mentee", _("Mentee")
    COORDINATOR = "coordinator", _("Coordinator")


class Signature(models.Model):
    """One signature of an agreement: a click in the portal, or paper recorded by staff."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="signatures")
    signatory = models.CharField(_("signed as"), max_length=12, choices=Signatory.choices)
    on_paper = models.BooleanField(_("signed on paper"), default=False)
    # Who clicked (the signatory) or who recorded the paper signature (staff).
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    signed_at = models.DateTimeField(_("signed at"))

    class Meta:
        ordering = ["agreement", "signed_at"]
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "signatory"],
                name="one_signature_per_signatory",
                violation_error_message=_("This side has already signed."),
            ),
            models.CheckConstraint(
                condition=Q(signatory__in=Signatory.values),
                name="signature_signatory_valid",
                violation_error_message=_("Choose mentor, mentee or coordinator."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agreement_id} {self.signatory}"


class GoalStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    PROGRESSING = "progressing", _("Progressing")
    REACHED = "reached", _("Reached")
    DROPPED = "dropped", _("Dropped")


class Goal(models.Model):
    """One goal of the agreement, written with the mentee, in a life domain, with a target date.

    An agreement has 2 to 5 goals (services enforce it). ``status`` is the latest review's.
    """

    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="goals")
    description = models.CharField(_("goal"), max_length=300)
    life_domain = models.CharField(_("life domain"), max_length=20, choices=LifeDomain.choices)
    target_date = models.DateField(_("target date"))
    status = models.CharField(
        _("status"), max_length=12, choices=GoalStatus.choices, default=GoalStatus.NOT_STARTED
    )
    position = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["mentorship", "position", "pk"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=GoalStatus.values),
                name="goal_status_valid",
                violation_error_message=_("Choose one of the goal statuses."),
            ),
            models.CheckConstraint(
                condition=Q(life_domain__in=LifeDomain.values),
                name="goal_life_domain_valid",
                violation_error_message=_("Choose one of the life domains."),
            ),
        ]

    def __str__(self) -> str:
        return self.description


class MeetingMode(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    PHONE = "phone", _("Phone")
    VIDEO = "video", _("Video call")
    ACCOMPANYING = "accompanying", _("Went with the mentee to an appointment")


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class Meeting(models.Model):
    """A contact of the pair: planned ahead (and in calendars) or logged afterwards."""

    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="meetings")
    status = models.CharField(
        _("status"), max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.HELD
    )
    starts_at = models.DateTimeField(_("date and time"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"),
        default=60,
        validators=[MinValueValidator(5), MaxValueValidator(24 * 60)],
    )
    mode = models.CharField(
        _("how"), max_length=12, choices=MeetingMode.choices, default=MeetingMode.IN_PERSON
    )
    # For "accompanying": where they went (the welfare office, a job interview, a school).
    appointment = models.CharField(_("appointment at"), max_length=200, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    topics = models.JSONField(_("topics"), default=list, blank=True)  # LifeDomain values
    shared_note = models.TextField(
        _("short note"), blank=True, help_text=_("Both of you and the coordinator can read it.")
    )
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # A stable identifier for calendars (iCalendar UID): the same meeting, updated, not doubled.
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0)  # iCalendar SEQUENCE, raised on changes
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["mentorship", "-starts_at", "-pk"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        indexes = [models.Index(fields=["mentorship", "status", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=MeetingStatus.values),
                name="meeting_status_valid",
                violation_error_message=_("Choose planned, held or cancelled."),
            ),
            models.CheckConstraint(
                condition=Q(mode__in=MeetingMode.values),
                name="meeting_mode_valid",
                violation_error_message=_("Choose how you met."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mentorship_id} {self.starts_at:%Y-%m-%d}"


class PrivateNote(models.Model):
    """A note about a meeting for the coordinators only: the pair never reads it back.

    A separate row (not a column of Meeting), so the access rules keep it from mentors and
    mentees whatever page or query shows the meeting.
    """

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="private_note")
    text = models.TextField(_("private note for the coordinator"))
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    written_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("private note")
        verbose_name_plural = _("private notes")

    def __str__(self) -> str:
        return f"{self.meeting_id}"


class Review(models.Model):
    """A periodic check-in on the goals, due every N weeks from the start, done by the pair."""

    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="reviews")
    due_on = models.DateField(_("due on"))
    submitted_at = models.DateTimeField(_("done on"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    note = models.TextField(_("how it goes overall"), blank=True)

    class Meta:
        ordering = ["mentorship", "-due_on", "-pk"]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        constraints = [
            models.UniqueConstraint(
                fields=["mentorship", "due_on"],
                name="one_review_per_due_date",
                violation_error_message=_("This review has already been done."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mentorship_id} {self.due_on}"


class GoalCheck(models.Model):
    """Where one goal stands at a review, with a line of comment."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="checks")
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="checks")
    status = models.CharField(_("status"), max_length=12, choices=GoalStatus.choices)
    comment = models.CharField(_("comment"), max_length=300, blank=True)

    class Meta:
        ordering = ["review", "goal__position", "goal_id"]
        verbose_name = _("goal check")
        verbose_name_plural = _("goal checks")
        constraints = [
            models.UniqueConstraint(
                fields=["review", "goal"],
                name="one_check_per_goal_per_review",
                violation_error_message=_("This goal has already been checked in this review."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=GoalStatus.values),
                name="goal_check_status_valid",
                violation_error_message=_("Choose one of the goal statuses."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.review_id} {self.goal_id} {self.status}"


class EvaluationKind(models.TextChoices):
    MIDTERM = "midterm", _("Mid-term evaluation")
    FINAL = "final", _("Final evaluation")


class Evaluation(models.Model):
    """One side's answers to the mid-term or final evaluation."""

    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="evaluations")
    kind = models.CharField(_("evaluation"), max_length=8, choices=EvaluationKind.choices)
    side = models.CharField(_("side"), max_length=6, choices=Side.choices)
    satisfaction = models.PositiveSmallIntegerField(
        _("how satisfied (1–5)"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    what_helped = models.TextField(_("what helped"), blank=True)
    what_was_hard = models.TextField(_("what was hard"), blank=True)
    would_recommend = models.BooleanField(_("would recommend it to others"))
    # Answers to the programme's extra questions: [{"question": ..., "answer": ...}].
    extra_answers = models.JSONField(default=list, blank=True)
    submitted_at = models.DateTimeField(_("answered on"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["mentorship", "kind", "side"]
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        constraints = [
            models.UniqueConstraint(
                fields=["mentorship", "kind", "side"],
                name="one_evaluation_per_side_and_kind",
                violation_error_message=_("This evaluation has already been answered."),
            ),
            models.CheckConstraint(
                condition=Q(satisfaction__gte=1, satisfaction__lte=5),
                name="evaluation_satisfaction_1_to_5",
                violation_error_message=_("Choose from 1 to 5."),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=EvaluationKind.values) & Q(side__in=Side.values),
                name="evaluation_kind_and_side_valid",
                violation_error_message=_("Choose the evaluation and the side."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mentorship_id} {self.kind} {self.side}"


class HelpRequest(models.Model):
    """ "I need help": a side of a pair asks the coordinator to get in touch (the pair turns red
    until a coordinator has dealt with it)."""

    mentorship = models.ForeignKey(
        Mentorship, on_delete=models.CASCADE, related_name="help_requests"
    )
    side = models.CharField(_("asked by"), max_length=6, choices=Side.choices)
    message = models.TextField(_("message"), blank=True)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    raised_at = models.DateTimeField(_("asked on"))
    resolved_at = models.DateTimeField(_("dealt with on"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    resolution_note = models.TextField(_("what was done"), blank=True)

    class Meta:
        ordering = ["mentorship", "-raised_at"]
        verbose_name = _("help request")
        verbose_name_plural = _("help requests")
        indexes = [models.Index(fields=["mentorship", "resolved_at"])]

    def __str__(self) -> str:
        return f"{self.mentorship_id} {self.side}"


class ReminderReason(models.TextChoices):
    MEETING_DUE = "meeting_due", _("A meeting is due")
    REVIEW_DUE = "review_due", _("A review is due")
    EVALUATION_DUE = "evaluation_due", _("An evaluation is due")
    PAIR_RED = "pair_red", _("A pair needs a call")
    HELP_REQUESTED = "help_requested", _("Someone asked for help")
    MEETING_PLANNED = "meeting_planned", _("A meeting was planned, moved or cancelled")


class Reminder(models.Model):
    """A reminder the worker sent. ``key`` names the reason and its occasion (e.g. the review
    due on a date, to the mentor): a second scheduler run finds it and sends nothing."""

    key = models.CharField(max_length=200, unique=True)
    reason = models.CharField(max_length=20, choices=ReminderReason.choices)
    mentorship = models.ForeignKey(
        Mentorship, on_delete=models.CASCADE, related_name="reminders", null=True
    )
    # A participant (mentor or mentee) or a staff user; the e-mail address is not kept here.
    person = models.ForeignKey(Person, on_delete=models.CASCADE, null=True, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, related_name="+"
    )
    sent_at = models.DateTimeField()

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")

    def __str__(self) -> str:
        return self.key


class CalendarFeed(models.Model):
    """A user's private iCalendar feed of their planned meetings.

    Only a hash of the token is kept: the address is shown once when made; making a new one
    revokes the old.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return f"{self.user_id}"
