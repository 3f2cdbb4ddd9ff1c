from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutcomesConfig(AppConfig):
    name = "tandem.outcomes"
    label = "outcomes"
    verbose_name = _("Outcomes")

    def ready(self) -> None:
        # A closed mentorship plans the follow-ups (DESIGN.md: the later app listens, the
        # earlier one never imports it).
        from tandem.core import schedule
        from tandem.mentorships import signals
        from tandem.outcomes import receivers, tasks

        signals.mentorship_closed.connect(
            receivers.schedule_follow_ups, dispatch_uid="outcomes.schedule_follow_ups"
        )
        # `tandem scheduler` queues the survey e-mails of the follow-ups that fell due, daily.
        schedule.daily("send_follow_up_surveys", tasks.send_follow_up_surveys)
        # Keep the dashboards' cached figures current, whoever saves (a page, the worker, a
        # command).
        from tandem.outcomes import dashboards

        dashboards.connect_signals()
