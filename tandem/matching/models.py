"""Match runs and what comes of them: suggestions, locks, exclusions, proposals and answers.

The engine (``tandem.matching.engine``) knows nothing of these models: the services build a
self-contained instance from the database, the worker solves it, and the rows here keep what it
returned and what coordinators, mentors and mentees decided about it.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tandem.people.models import LanguageLevel, Participant
from tandem.programmes.models import Cohort, Programme

# The criteria of the engine, in the order the pages show them.
CRITERIA = ("sector", "language", "distance", "availability", "interests", "age", "waiting")


class Objective(models.TextChoices):
    MAX_SCORE = "max_score", _("The best total score")
    MAX_MATCHED = "max_matched", _("As many mentees as possible first, then the best score")


def _weight(label, default: int) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(
        label, default=default, validators=[MinValueValidator(0), MaxValueValidator(10)]
    )


class MatchingSettings(models.Model):
    """How a programme matches: the weight of each criterion (0 = ignore) and the hard rules."""

    programme = models.OneToOneField(
        Programme, on_delete=models.CASCADE, related_name="matching_settings"
    )
    weight_sector = _weight(_("sector and occupation"), 5)
    weight_language = _weight(_("shared language"), 5)
    weight_distance = _weight(_("short distance"), 4)
    weight_availability = _weight(_("common free time"), 3)
    weight_interests = _weight(_("shared interests"), 2)
    weight_age = _weight(_("age difference"), 1)
    weight_waiting = _weight(_("time the mentee has waited"), 3)
    min_language_level = models.CharField(
        _("minimum level of the shared language"),
        max_length=6,
        choices=LanguageLevel.choices,
        default=LanguageLevel.A2,
        help_text=_("Both must speak one language at this level or above."),
    )
    max_distance_km = models.PositiveSmallIntegerField(
        _("maximum distance (km)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(500)],
        help_text=_("Between the two homes, as the crow flies. Empty: no limit."),
    )
    min_availability_overlap = models.PositiveSmallIntegerField(
        _("minimum common free time"),
        default=1,
        validators=[MaxValueValidator(21)],
        help_text=_("Parts of the week (e.g. Monday morning) both are free. 0: no minimum."),
    )
    objective = models.CharField(
        _("aim"), max_length=12, choices=Objective.choices, default=Objective.MAX_SCORE
    )
    preferred_age_gap = models.PositiveSmallIntegerField(
        _("preferred age difference (years)"),
        default=20,
        validators=[MaxValueValidator(60)],
        help_text=_("How much older than the mentee a mentor ideally is. 0: the same age."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("matching settings")
        verbose_name_plural = _("matching settings")
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    weight_sector__lte=10,
                    weight_language__lte=10,
                    weight_distance__lte=10,
                    weight_availability__lte=10,
                    weight_interests__lte=10,
                    weight_age__lte=10,
                    weight_waiting__lte=10,
                ),
                name="matching_weights_0_to_10",
                violation_error_message=_("Weights go from 0 to 10."),
            ),
            models.CheckConstraint(
                condition=Q(max_distance_km__isnull=True)
                | Q(max_distance_km__gte=1, max_distance_km__lte=500),
                name="matching_max_distance_1_to_500",
                violation_error_message=_("The distance is from 1 to 500 km."),
            ),
            models.CheckConstraint(
                condition=Q(min_availability_overlap__lte=21),
                name="matching_overlap_at_most_21",
                violation_error_message=_("A week has 21 parts (7 days × 3)."),
            ),
            models.CheckConstraint(
                condition=Q(objective__in=Objective.values),
                name="matching_objective_valid",
                violation_error_message=_("Choose one of the aims."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.programme)

    @property
    def weights(self) -> dict[str, int]:
        return {name: getattr(self, f"weight_{name}") for name in CRITERIA}


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting for the worker")
    RUNNING = "running", _("Matching")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class MatchRun(models.Model):
    """One computation of suggested pairs for a programme (or one of its cohorts)."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="match_runs")
    cohort = models.ForeignKey(
        Cohort, on_delete=models.SET_NULL, null=True, blank=True, related_name="match_runs"
    )
    status = models.CharField(max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED)
    progress = models.FloatField(default=0.0)
    # The engine's stage (collect, candidates, solve, save, done); the page words it.
    stage = models.CharField(max_length=20, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # The self-contained instance the engine solved (ids are "p<participant pk>"): the audit
    # record, solvable again with `tandem match solve`.
    instance = models.JSONField(null=True, blank=True)
    mentee_count = models.PositiveIntegerField(default=0)
    mentor_count = models.PositiveIntegerField(default=0)
    matched_count = models.PositiveIntegerField(default=0)
    total_score = models.FloatField(default=0.0)
    candidate_pairs = models.PositiveBigIntegerField(default=0)
    timings = models.JSONField(default=dict)
    # [{"mentee": pk, "reason": code, "alternatives": [[mentor pk, score], ...]}, ...]
    unmatched = models.JSONField(default=list)
    # Locks that could not be kept (the pair now breaks a rule): [{"mentee", "mentor", "rules"}].
    dropped_locks = models.JSONField(default=list)
    # Per mentee, the groups the fairness view compares, as they were when the run started:
    # {"<mentee pk>": {"gender": ..., "age": ..., "language": ..., "region": ...}}.
    groups = models.JSONField(default=dict)
    # A technical message when the run failed (the page says what it means in words).
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("match run")
        verbose_name_plural = _("match runs")
        indexes = [models.Index(fields=["programme", "-created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=RunStatus.values),
                name="match_run_status_valid",
                violation_error_message=_("Choose one of the run statuses."),
            ),
            models.CheckConstraint(
                condition=Q(progress__gte=0, progress__lte=1),
                name="match_run_progress_0_to_1",
                violation_error_message=_("Progress runs from 0 to 1."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme} #{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("matching:run_detail", args=[self.pk])

    @property
    def is_running(self) -> bool:
        return self.status in (RunStatus.QUEUED, RunStatus.RUNNING)

    @property
    def mean_score(self) -> float | None:
        return self.total_score / self.matched_count if self.matched_count else None


class Suggestion(models.Model):
    """A pair the engine suggests in one run, with its score and the reasons for it."""

    run = models.ForeignKey(MatchRun, on_delete=models.CASCADE, related_name="suggestions")
    mentee = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    mentor = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField()
    locked = models.BooleanField(default=False)
    # [{"criterion", "score", "points", "facts"}, ...] in the order of CRITERIA.
    explanation = models.JSONField(default=list)
    # The next best mentors for this mentee: [[mentor pk, score], ...], best first.
    alternatives = models.JSONField(default=list)
    days_waiting = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["run", "-score", "pk"]
        indexes = [models.Index(fields=["run", "-score"])]
        constraints = [
            models.UniqueConstraint(
                fields=["run", "mentee"], name="one_suggestion_per_mentee_per_run"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mentee_id} → {self.mentor_id} ({self.score})"


class PairLock(models.Model):
    """A pair a coordinator fixed by hand: every later run of the programme keeps it."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="pair_locks")
    mentee = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    mentor = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["programme", "created_at", "pk"]
        verbose_name = _("locked pair")
        verbose_name_plural = _("locked pairs")
        constraints = [
            models.UniqueConstraint(
                fields=["mentee"],
                name="one_lock_per_mentee",
                violation_error_message=_("This mentee is already locked to a mentor."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mentee_id} = {self.mentor_id}"


class ExclusionReason(models.TextChoices):
    MET_BEFORE = "met_before", _("They met before and it did not work")
    KNOW_EACH_OTHER = "know_each_other", _("They know each other privately")
    NOT_SUITABLE = "not_suitable", _("Not a good pair, in the coordinator's judgement")
    DECLINED = "declined", _("A proposal of this pair was declined")
    OTHER = "other", _("Other")


class PairExclusion(models.Model):
    """A pair never to suggest again in this programme, and why."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="pair_exclusions"
    )
    mentee = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    mentor = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("reason"), max_length=20, choices=ExclusionReason.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    proposal = models.ForeignKey(
        "Proposal", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["programme", "-created_at", "-pk"]
        verbose_name = _("excluded pair")
        verbose_name_plural = _("excluded pairs")
        constraints = [
            models.UniqueConstraint(
                fields=["mentee", "mentor"],
                name="one_exclusion_per_pair",
                violation_error_message=_("This pair is already excluded."),
            ),
            models.CheckConstraint(
                condition=Q(reason__in=ExclusionReason.values),
                name="exclusion_reason_valid",
                violation_error_message=_("Choose one of the reasons."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mentee_id} ≠ {self.mentor_id}"


class ProposalStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for answers")
    ACCEPTED = "accepted", _("Accepted by both")
    DECLINED = "declined", _("Declined")


class Side(models.TextChoices):
    MENTEE = "mentee", _("Mentee")
    MENTOR = "mentor", _("Mentor")


class Proposal(models.Model):
    """A suggestion a coordinator put to both sides, with an introduction meeting planned."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="proposals")
    run = models.ForeignKey(
        MatchRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="proposals"
    )
    suggestion = models.OneToOneField(
        Suggestion, on_delete=models.SET_NULL, null=True, blank=True, related_name="proposal"
    )
    mentee = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    mentor = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(
        _("status"), max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.PENDING
    )
    intro_meeting_at = models.DateTimeField(_("introduction meeting"))
    intro_meeting_place = models.CharField(_("place of the introduction meeting"), max_length=200)
    message = models.TextField(
        _("a word from the coordinator"),
        blank=True,
        help_text=_("Sent to both in the e-mail, as written."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField()
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        indexes = [models.Index(fields=["programme", "status"])]
        constraints = [
            models.UniqueConstraint(
                fields=["mentee"],
                condition=Q(status="pending"),
                name="one_pending_proposal_per_mentee",
                violation_error_message=_(
                    "This mentee already has a proposal waiting for answers."
                ),
            ),
            models.CheckConstraint(
                condition=Q(status__in=ProposalStatus.values),
                name="proposal_status_valid",
                violation_error_message=_("Choose one of the proposal statuses."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mentee_id} + {self.mentor_id}"

    def get_absolute_url(self) -> str:
        return reverse("matching:proposal_detail", args=[self.pk])

    def participant(self, side: str) -> Participant:
        return self.mentee if side == Side.MENTEE else self.mentor


class DeclineReason(models.TextChoices):
    """Why someone says no to a proposal: a fixed list (for the figures) next to the text."""

    NO_TIME = "no_time", _("No time at the moment")
    TIMES_DO_NOT_FIT = "times_do_not_fit", _("Our free times do not fit")
    TOO_FAR = "too_far", _("Too far to travel")
    LANGUAGE = "language", _("We would not understand each other well enough")
    DIFFERENT_FIELD = "different_field", _("Their work or goals are too far from mine")
    PREFERS_OTHER = "prefers_other", _("I would rather have someone else")
    CIRCUMSTANCES = "circumstances", _("My situation changed")
    FOUND_WORK = "found_work", _("I found work")
    OTHER = "other", _("Another reason")


class Answer(models.TextChoices):
    ACCEPTED = "accepted", _("Yes")
    DECLINED = "declined", _("No")


class ProposalAnswer(models.Model):
    """One side's answer to a proposal: given in their own page, or recorded by a coordinator."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="answers")
    side = models.CharField(max_length=10, choices=Side.choices)
    answer = models.CharField(_("answer"), max_length=10, choices=Answer.choices)
    reason = models.CharField(_("reason"), max_length=20, choices=DeclineReason.choices, blank=True)
    note = models.TextField(_("in their own words"), blank=True)
    answered_at = models.DateTimeField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # True when the person answered in their own page, False when staff recorded it.
    by_themselves = models.BooleanField(default=False)

    class Meta:
        ordering = ["proposal", "answered_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "side"],
                name="one_answer_per_side",
                violation_error_message=_("This side has already answered."),
            ),
            models.CheckConstraint(
                condition=Q(side__in=Side.values) & Q(answer__in=Answer.values),
                name="proposal_answer_valid",
                violation_error_message=_("Choose yes or no."),
            ),
            models.CheckConstraint(
                condition=Q(answer="accepted", reason="")
                | Q(answer="declined", reason__in=DeclineReason.values),
                name="decline_has_a_reason",
                violation_error_message=_("Choose why from the list."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.proposal_id} {self.side}: {self.answer}"
