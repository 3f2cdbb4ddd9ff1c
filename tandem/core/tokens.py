"""Secret tokens in links (a calendar feed, a survey): only their hash is stored, so a copy of
the database cannot open them."""

import hashlib
import secrets


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> tuple[str, str]:
    """A fresh token to put in a link, and the hash to store."""
    token = secrets.token_urlsafe(32)
    return token, token_hash(token)
