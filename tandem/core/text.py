"""Text helpers shared by the apps."""

import unicodedata


def fold(text: str) -> str:
    """Lower case without accents, for matching names as people type them: 'Élodie' → 'elodie'.

    Works the same on SQLite and PostgreSQL, unlike the databases' own case-insensitive lookups
    (SQLite folds ASCII only).
    """
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().strip()
