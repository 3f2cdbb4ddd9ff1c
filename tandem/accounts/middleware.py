"""Which membership a request acts through, and the second factor staff must have."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation

from tandem.accounts import selectors

SESSION_KEY = "tandem_membership"


class MembershipMiddleware:
    """Sets ``request.membership``: the active membership chosen in the session, or the first."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.membership = None  # type: ignore[attr-defined]
        if request.user.is_authenticated:
            request.membership = selectors.active_membership(  # type: ignore[attr-defined]
                request.user, request.session.get(SESSION_KEY)
            )
        return self.get_response(request)


class UserLanguageMiddleware:
    """A logged-in user gets the language they chose, on any device, over the browser's.

    Runs after LocaleMiddleware: the language switcher's cookie still wins.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        chosen = user.is_authenticated and user.language
        if chosen and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
            request.LANGUAGE_CODE = user.language
            with translation.override(user.language):
                return self.get_response(request)
        return self.get_response(request)


class RequireMFAMiddleware:
    """Sends admins and coordinators without an authenticator to set one up first."""

    # Paths a user without a second factor may still reach: setting it up, logging out, assets.
    allowed_prefixes = ("/accounts/", "/i18n/", "/static/")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        membership = getattr(request, "membership", None)
        if (
            settings.TANDEM_MFA_REQUIRED
            and membership is not None
            and membership.is_staff_role
            and not request.path.startswith(self.allowed_prefixes)
            and not selectors.has_mfa(request.user)
        ):
            return redirect(reverse("mfa_activate_totp") + "?next=" + request.path)
        return self.get_response(request)
