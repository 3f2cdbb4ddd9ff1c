"""The ``tandem`` command: Django's manage.py under Tandem's own name."""

import os
import secrets
import sys

# Commands that only read the code never sign or serve anything, so a developer can run them
# without configuring a SECRET_KEY; everything else (the server, the worker, migrate, ...)
# still refuses to start without one when DEBUG is off.
CODE_ONLY_COMMANDS = frozenset({"makemigrations", "makemessages", "help", "version"})


def main() -> None:
    command = sys.argv[1] if len(sys.argv) > 1 else "help"
    if command == "match":
        # The matching engine stands alone: no settings, no database.
        from tandem.matching.engine.cli import main as match

        sys.exit(match(sys.argv[2:]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tandem.settings")
    if command in CODE_ONLY_COMMANDS and not os.environ.get("SECRET_KEY"):
        os.environ["SECRET_KEY"] = secrets.token_urlsafe(32)
    from django.core.management import execute_from_command_line

    execute_from_command_line([os.path.basename(sys.argv[0]), *sys.argv[1:]])


if __name__ == "__main__":
    main()
