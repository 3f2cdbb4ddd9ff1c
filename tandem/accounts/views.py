"""Pages about the organisation's members and the membership a user acts through."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from tandem.accounts import access, selectors, services
from tandem.accounts.decorators import admin_required, member_required
from tandem.accounts.forms import MembershipForm, MembershipInviteForm
from tandem.accounts.middleware import SESSION_KEY
from tandem.accounts.models import Membership, Role
from tandem.core.forms import add_service_error
from tandem.programmes.models import Programme


@admin_required
@require_GET
def member_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "accounts/member_list.html",
        {"members": selectors.membership_list(request.membership)},
    )


@admin_required
def member_invite(request: HttpRequest) -> HttpResponse:
    membership = request.membership
    form = MembershipInviteForm(
        request.POST or None,
        programmes=access.scope(membership, Programme),
        initial={"language": request.LANGUAGE_CODE, "role": Role.COORDINATOR},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_invite(
                organisation=membership.organisation, invited_by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The invitation is on its way."))
            return redirect("accounts:member_list")
    return render(request, "accounts/member_invite.html", {"form": form})


@admin_required
def member_edit(request: HttpRequest, pk: int) -> HttpResponse:
    membership = request.membership
    member = access.get_object(
        membership, Membership.objects.select_related("user"), access.CHANGE, pk=pk
    )
    form = MembershipForm(
        request.POST or None,
        programmes=access.scope(membership, Programme),
        initial={
            "role": member.role,
            "all_programmes": member.all_programmes,
            "programmes": member.programmes.all(),
            "affiliation": member.affiliation,
            "is_active": member.is_active,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_update(
                membership=member, changed_by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect("accounts:member_list")
    return render(request, "accounts/member_edit.html", {"form": form, "member": member})


@member_required
@require_POST
def membership_switch(request: HttpRequest) -> HttpResponse:
    """Act through another of the user's memberships (another organisation)."""
    try:
        wanted = int(request.POST.get("membership", ""))
    except ValueError:
        wanted = None
    chosen = selectors.user_memberships(request.user).filter(pk=wanted).first()
    if chosen is not None:
        request.session[SESSION_KEY] = chosen.pk
    return redirect("core:home")
