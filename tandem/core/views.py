"""The home page (one per role) and the error pages."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views import i18n
from django.views.decorators.http import require_GET, require_POST

from tandem.accounts import access
from tandem.accounts.models import Role
from tandem.people import selectors as people_selectors


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    membership = request.membership
    if membership is None:
        return render(request, "core/no_membership.html", status=403)
    if access.is_staff(membership):
        return render(
            request,
            "core/home_staff.html",
            {"programmes": people_selectors.programme_status_counts(membership)},
        )
    if membership.role in (Role.MENTOR, Role.MENTEE):
        return redirect("mentorships:portal")
    if membership.role == Role.REFERRAL_PARTNER:
        return render(
            request,
            "core/home_referral_partner.html",
            {"referrals": people_selectors.partner_referrals(membership)},
        )
    return render(request, "core/home_employer_contact.html")


@login_required
def email_managed(request: HttpRequest) -> HttpResponse:
    """Instead of allauth's e-mail page: the address is changed by the organisation."""
    return render(request, "core/email_managed.html", status=403)


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Switch the interface language, and remember it as the user's language (for e-mails and
    their next log-in on another device)."""
    response = i18n.set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        request.user.language = language
        request.user.save(update_fields=["language"])
    return response


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # Rendered without a request context: the failure may be in what the context needs.
    return render(None, "500.html", status=500)
