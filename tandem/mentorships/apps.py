from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MentorshipsConfig(AppConfig):
    name = "tandem.mentorships"
    label = "mentorships"
    verbose_name = _("Mentorships")

    def ready(self) -> None:
        # Matching says when both sides accepted; the mentorship starts here (DESIGN.md: the
        # later app listens, the earlier one never imports it).
        from tandem.core import schedule
        from tandem.matching import signals
        from tandem.mentorships import receivers, tasks

        signals.proposal_accepted.connect(
            receivers.start_mentorship, dispatch_uid="mentorships.start_mentorship"
        )
        # `tandem scheduler` queues these: the pair health each hour (alerts when a pair turns
        # red), the reminders once a day.
        schedule.every("refresh_health", tasks.refresh_health, minutes=60)
        schedule.daily("send_reminders", tasks.send_reminders)
