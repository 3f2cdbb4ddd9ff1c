"""The community around the pairs: support groups and their sessions (events come later).

An intervision group brings mentors together for peer supervision; a mentee exchange group does
the same for mentees. A coordinator schedules the sessions, records who came and a short summary.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tandem.people.models import Participant
from tandem.programmes.models import Programme


class GroupKind(models.TextChoices):
    INTERVISION = "intervision", _("Intervision group (mentors)")
    EXCHANGE = "exchange", _("Exchange group (mentees)")


class SupportGroup(models.Model):
    """A standing group of mentors (intervision) or of mentees (exchange) of one programme."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="support_groups"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=GroupKind.choices)
    name = models.CharField(_("name"), max_length=120)
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("facilitator"),
    )
    members = models.ManyToManyField(
        Participant, blank=True, related_name="support_groups", verbose_name=_("members")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["programme", "kind", "name"]
        verbose_name = _("support group")
        verbose_name_plural = _("support groups")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "name"],
                name="support_group_name_unique_in_programme",
                violation_error_message=_("This programme already has a group with this name."),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=GroupKind.values),
                name="support_group_kind_valid",
                violation_error_message=_("Choose intervision or exchange."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("community:group_detail", args=[self.pk])

    @property
    def member_role(self) -> str:
        """Intervision is for mentors, exchange for mentees."""
        return "mentor" if self.kind == GroupKind.INTERVISION else "mentee"


class GroupSession(models.Model):
    """One session of a support group: when, where, who came, and what was discussed."""

    group = models.ForeignKey(SupportGroup, on_delete=models.CASCADE, related_name="sessions")
    starts_at = models.DateTimeField(_("date and time"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"),
        default=120,
        validators=[MinValueValidator(15), MaxValueValidator(8 * 60)],
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    summary = models.TextField(
        _("summary"),
        blank=True,
        help_text=_("A few lines on the themes; no names or private details of mentees."),
    )
    attendees = models.ManyToManyField(
        Participant, blank=True, related_name="group_sessions_attended", verbose_name=_("present")
    )
    attendance_recorded = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["group", "-starts_at"]
        verbose_name = _("group session")
        verbose_name_plural = _("group sessions")

    def __str__(self) -> str:
        return f"{self.group} {self.starts_at:%Y-%m-%d}"
