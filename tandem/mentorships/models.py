"""Mentorships: one mentor and one mentee, from the accepted proposal to the closure.

Minimal for now (matching starts them); agreements, goals, meetings, reviews and closures
come with the mentorships issue.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tandem.matching.models import Proposal
from tandem.people.models import Participant
from tandem.programmes.models import Programme


class MentorshipStatus(models.TextChoices):
    ACTIVE = "active", _("Running")
    COMPLETED = "completed", _("Completed")
    ENDED_EARLY = "ended_early", _("Ended early")


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
    started_on = models.DateField(_("started on"))
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=MentorshipStatus.choices,
        default=MentorshipStatus.ACTIVE,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["programme", "-started_on", "-pk"]
        verbose_name = _("mentorship")
        verbose_name_plural = _("mentorships")
        indexes = [models.Index(fields=["mentor", "status"])]
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
        ]

    def __str__(self) -> str:
        return f"{self.mentor_id} – {self.mentee_id}"
