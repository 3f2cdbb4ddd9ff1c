"""A small rate limit for public forms, kept in the shared cache.

The visitor's address is never stored: only a keyed hash of it, for the length of the window.
"""

import hashlib
import hmac

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """The visitor's address. Behind TANDEM_TRUSTED_PROXIES reverse proxies, the address the
    nearest untrusted hop gave in X-Forwarded-For."""
    hops = settings.TANDEM_TRUSTED_PROXIES
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [a for a in forwarded if a]
    if hops and len(forwarded) >= hops:
        return forwarded[-hops]
    return request.META.get("REMOTE_ADDR", "")


def _client_key(request: HttpRequest, scope: str) -> str:
    address = client_address(request)
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
