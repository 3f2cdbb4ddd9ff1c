"""A small rate limit for public forms, kept in the shared cache.

The visitor's address is never stored: only a keyed hash of it, for the length of the window.
"""

import hashlib
import hmac

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def _client_key(request: HttpRequest, scope: str) -> str:
    address = request.META.get("REMOTE_ADDR", "")
    digest = hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256).hexdigest()
    return f"ratelimit:{scope}:{digest[:32]}"


def allow(request: HttpRequest, scope: str, *, limit: int, seconds: int) -> bool:
    """Count one attempt; False once ``limit`` attempts were made within ``seconds``."""
    key = _client_key(request, scope)
    if cache.add(key, 1, timeout=seconds):
        return True
    try:
        return cache.incr(key) <= limit
    except ValueError:  # expired between add() and incr()
        cache.add(key, 1, timeout=seconds)
        return True
