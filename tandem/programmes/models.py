"""Organisations (the tenant boundary), their programmes and cohorts."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Organisation(models.Model):
    """A mentoring organisation. Nothing of one organisation is ever shown to another."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


class TargetGroup(models.TextChoices):
    NEWCOMERS = "newcomers", _("Newcomers and refugees")
    YOUTH = "youth", _("Young job-seekers with a migrant background")
    SOCIAL_ECONOMY = "social_economy", _("Workers in the social economy")
    JOB_SEEKERS = "job_seekers", _("Job-seekers in general")


class Programme(models.Model):
    """A mentoring programme of one organisation: who it is for and how pairs work."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="programmes"
    )
    # name and description are translated per language by django-modeltranslation.
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), max_length=60)
    description = models.TextField(_("description"), blank=True)
    registration_intro = models.TextField(
        _("text on the application page"),
        blank=True,
        help_text=_("Plain language: who can apply, what happens next. Empty: a standard text."),
    )
    target_group = models.CharField(_("target group"), max_length=30, choices=TargetGroup.choices)
    languages = models.JSONField(
        _("languages it runs in"),
        default=list,
        help_text=_("ISO 639 codes of the languages pairs can use, e.g. nl, fr, en."),
    )
    duration_months = models.PositiveSmallIntegerField(
        _("duration in months"),
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(36)],
    )
    min_meetings_per_month = models.PositiveSmallIntegerField(
        _("minimum meetings per month"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(31)],
    )
    review_interval_weeks = models.PositiveSmallIntegerField(
        _("action-plan review every (weeks)"),
        default=8,
        validators=[MinValueValidator(1), MaxValueValidator(52)],
    )
    required_training_hours = models.DecimalField(
        _("required mentor training (hours)"),
        max_digits=5,
        decimal_places=1,
        default=12,
        validators=[MinValueValidator(0)],
    )
    default_mentees_per_mentor = models.PositiveSmallIntegerField(
        _("mentees per mentor"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(3)],
    )
    is_open = models.BooleanField(_("open for applications"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation", "slug"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "slug"],
                name="programme_slug_unique_in_organisation",
                violation_error_message=_("Another programme already uses this short name."),
            ),
            models.CheckConstraint(
                condition=Q(duration_months__gte=1, duration_months__lte=36),
                name="programme_duration_1_to_36_months",
                violation_error_message=_("A programme lasts from 1 to 36 months."),
            ),
            models.CheckConstraint(
                condition=Q(default_mentees_per_mentor__gte=1, default_mentees_per_mentor__lte=3),
                name="programme_mentees_per_mentor_1_to_3",
                violation_error_message=_("A mentor takes 1 to 3 mentees."),
            ),
            models.CheckConstraint(
                condition=Q(review_interval_weeks__gte=1),
                name="programme_review_interval_positive",
                violation_error_message=_("Reviews happen at least once a year."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("programmes:detail", args=[self.pk])


class Cohort(models.Model):
    """An intake round of a programme, with its dates."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="cohorts")
    name = models.CharField(_("name"), max_length=100)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)

    class Meta:
        ordering = ["programme", "starts_on"]
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "name"],
                name="cohort_name_unique_in_programme",
                violation_error_message=_("This programme already has a cohort with this name."),
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="cohort_ends_after_start",
                violation_error_message=_("A cohort cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return self.name
