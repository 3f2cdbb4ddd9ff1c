"""Check the translation catalogs: complete (no empty or fuzzy entry in en, nl, fr), placeholders
kept, and — when GNU gettext is installed — up to date with the strings in the source.

    python scripts/check_translations.py          check, exit 1 with a list of problems
    python scripts/check_translations.py --fill-en  copy each English msgid into its msgstr
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "tandem" / "locale"
LANGUAGES = ("en", "nl", "fr")
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|\{\{\s*(\w+)\s*\}\}")


def catalog(lang: str):
    with (LOCALE / lang / "LC_MESSAGES" / "django.po").open("rb") as handle:
        return read_po(handle, locale=lang)


def placeholders(text: str) -> set[str]:
    return {a or b for a, b in PLACEHOLDER.findall(text)}


def problems_in(lang: str) -> list[str]:
    found = []
    for message in catalog(lang):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        label = f"{lang}: {ids[0][:70]!r}"
        if message.fuzzy:
            found.append(f"{label} is fuzzy")
        if any(not s for s in strings):
            found.append(f"{label} is not translated")
            continue
        wanted = placeholders(ids[-1])
        for s in strings:
            if placeholders(s) - wanted:
                found.append(f"{label} uses placeholders the source has not: {s!r}")
    return found


def stale_catalog() -> list[str]:
    """Strings in the source that the catalogs lack (needs GNU xgettext, like makemessages)."""
    if shutil.which("xgettext") is None:
        print("notice: xgettext not found, not checking that the catalogs are up to date")
        return []
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "tandem"
        shutil.copytree(ROOT / "tandem", copy, ignore=shutil.ignore_patterns("locale", "*.pyc"))
        (copy / "locale").mkdir()
        env = {**os.environ, "SECRET_KEY": "messages", "DATABASE_URL": "sqlite:///:memory:"}
        subprocess.run(
            [sys.executable, "-m", "tandem", "makemessages", "-l", "en", "--no-location"],
            cwd=copy,
            env=env,
            check=True,
            capture_output=True,
        )
        with (copy / "locale" / "en" / "LC_MESSAGES" / "django.po").open("rb") as handle:
            source = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id}
    known = {m.id if isinstance(m.id, str) else m.id[0] for m in catalog("en") if m.id}
    return [f"not in the catalogs (run make messages): {s[:70]!r}" for s in sorted(source - known)]


def fill_english() -> None:
    path = LOCALE / "en" / "LC_MESSAGES" / "django.po"
    cat = catalog("en")
    cat.fuzzy = False
    for message in cat:
        if message.id:
            message.string = message.id
            message.flags.discard("fuzzy")
    with path.open("wb") as handle:
        write_po(handle, cat, width=100, omit_header=False)


def main() -> int:
    if "--fill-en" in sys.argv:
        fill_english()
        return 0
    problems = [p for lang in LANGUAGES for p in problems_in(lang)] + stale_catalog()
    for problem in problems:
        print(problem)
    counts = {lang: sum(1 for m in catalog(lang) if m.id) for lang in LANGUAGES}
    print(f"{sum(counts.values())} entries checked ({counts}); {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
