"""HTMX requests get a fragment of a page; everything else gets the whole page."""

from django.http import HttpRequest


def fragment_or_page(request: HttpRequest, fragment: str, page: str) -> str:
    """The template to render. When htmx restores a page missing from its history cache it asks
    for the whole page, so that request gets the page too."""
    htmx = getattr(request, "htmx", None)
    if htmx and not htmx.history_restore_request:
        return fragment
    return page
