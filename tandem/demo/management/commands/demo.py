"""``tandem demo``: build the demo organisation (once) and show the demo log-ins."""

from typing import Any

from django.core.management.base import BaseCommand

from tandem.demo.generator import DEMO_LOGINS, DEMO_PASSWORD, build_demo


class Command(BaseCommand):
    help = "Build a realistic demo organisation with made-up people, and list its log-ins."

    def handle(self, *args: Any, **options: Any) -> None:
        summary = build_demo()
        counts = summary.counts
        what = (
            f"{counts['programmes']} programmes, {counts['cohorts']} cohorts, "
            f"{counts['mentees']} mentees, {counts['mentors']} mentors"
        )
        if summary.created:
            self.stdout.write(f"Built the demo organisation “{summary.organisation}”: {what}.")
        else:
            self.stdout.write(
                f"The demo organisation “{summary.organisation}” already exists ({what}); "
                "nothing changed."
            )
        # `make run` shows this table, so it is printed every time, built or not.
        self.stdout.write("")
        self.stdout.write(f"Demo log-ins (password for all: {DEMO_PASSWORD})")
        width = max(len(label) for label, _email in DEMO_LOGINS)
        for label, email in DEMO_LOGINS:
            self.stdout.write(f"  {label:<{width}}  {email}")
