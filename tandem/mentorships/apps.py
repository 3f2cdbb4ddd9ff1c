from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MentorshipsConfig(AppConfig):
    name = "tandem.mentorships"
    label = "mentorships"
    verbose_name = _("Mentorships")

    def ready(self) -> None:
        # Matching says when both sides accepted; the mentorship starts here (DESIGN.md: the
        # later app listens, the earlier one never imports it).
        from tandem.matching import signals
        from tandem.mentorships import receivers

        signals.proposal_accepted.connect(
            receivers.start_mentorship, dispatch_uid="mentorships.start_mentorship"
        )
