"""``tandem demo``: build the demo organisation (once) and show the demo log-ins."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from tandem.demo.generator import DEMO_LOGINS, DEMO_PASSWORD, DEMO_SLUG, build_demo
from tandem.programmes.models import Organisation


class Command(BaseCommand):
    help = (
        "Build a realistic demo organisation with made-up people, and list its log-ins. "
        "Only with DEBUG=1 or TANDEM_DEMO=1, and only into a database without organisations."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--force",
            action="store_true",
            help="build even without DEBUG or TANDEM_DEMO (never on a real installation)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        # The demo creates an admin whose password is published in the README.
        if not (settings.DEBUG or settings.TANDEM_DEMO or options["force"]):
            raise CommandError(
                "The demo adds log-ins with a published password. Run it only on a demo or "
                "development installation: with DEBUG=1 or TANDEM_DEMO=1."
            )
        if Organisation.objects.exclude(slug=DEMO_SLUG).exists():
            self.stdout.write(
                "This database already holds organisations: the demo is only added to an "
                "empty database. Nothing changed."
            )
            return
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
