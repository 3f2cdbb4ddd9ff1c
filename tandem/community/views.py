"""Support groups: the coordinator's pages (groups of a programme, a group and its sessions,
scheduling, attendance) and the members' page (my groups and their next sessions)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from tandem.accounts import access
from tandem.accounts.decorators import role_required, staff_required
from tandem.accounts.models import Role
from tandem.community import selectors, services
from tandem.community.forms import AttendanceForm, GroupForm, SessionForm
from tandem.community.models import GroupKind, GroupSession, SupportGroup
from tandem.core.forms import add_service_error
from tandem.people.models import Participant
from tandem.programmes.models import Programme


def _group(request: HttpRequest, pk: int, action: str = access.VIEW) -> SupportGroup:
    return access.get_object(request.membership, selectors.group_queryset(), action, pk=pk)


def _session(request: HttpRequest, pk: int, action: str = access.VIEW) -> GroupSession:
    return access.get_object(
        request.membership,
        GroupSession.objects.select_related("group__programme", "group__facilitator"),
        action,
        pk=pk,
    )


# --- groups -------------------------------------------------------------------------------------


@staff_required
@require_GET
def group_list(request: HttpRequest, programme_pk: int) -> HttpResponse:
    programme = access.get_object(request.membership, Programme, pk=programme_pk)
    groups = list(selectors.groups(request.membership, programme))
    for group in groups:
        group.attendance_rate = selectors.attendance_rate(group)
    return render(
        request,
        "community/group_list.html",
        {"programme": programme, "groups": groups, "kinds": GroupKind.choices},
    )


def _group_form_page(
    request: HttpRequest, programme: Programme, group: SupportGroup | None
) -> HttpResponse:
    membership = request.membership
    candidates = selectors.candidates(membership, programme, group)
    # The kind radio asks for the members of the other kind with ?kind= (htmx).
    asked = request.GET.get("kind")
    if group is None:
        initial = {"kind": asked if asked in GroupKind.values else GroupKind.INTERVISION}
    else:
        initial = {
            "name": group.name,
            "kind": asked if asked in GroupKind.values else group.kind,
            "facilitator": group.facilitator_id,
            "members": list(group.members.values_list("pk", flat=True)),
        }
    form = GroupForm(
        request.POST or None,
        initial=initial,
        candidates=candidates,
        facilitators=selectors.facilitators(programme),
    )
    if request.method == "POST" and form.is_valid():
        values = {
            "name": form.cleaned_data["name"],
            "kind": form.cleaned_data["kind"],
            "facilitator": form.cleaned_data["facilitator"],
            "members": form.cleaned_data["members"],
        }
        try:
            if group is None:
                group = services.group_create(
                    programme=programme, created_by=request.user, **values
                )
                messages.success(request, _("The group was created."))
            else:
                services.group_update(group=group, updated_by=request.user, **values)
                messages.success(request, _("The group was saved."))
        except ValidationError as error:
            add_service_error(form, error)
        else:
            return redirect(group)
    kind = form.current_kind()
    role = selectors.member_role(kind)
    selected = form.selected_ids()
    shown = [p for p in candidates if p.role == role]
    return render(
        request,
        "community/group_form.html",
        {
            "programme": programme,
            "group": group,
            "form": form,
            "kind": kind,
            "chosen": [p for p in shown if p.pk in selected],
            "others": [p for p in shown if p.pk not in selected],
        },
    )


@staff_required
def group_create(request: HttpRequest, programme_pk: int) -> HttpResponse:
    programme = access.get_object(request.membership, Programme, access.CHANGE, pk=programme_pk)
    return _group_form_page(request, programme, None)


@staff_required
def group_edit(request: HttpRequest, pk: int) -> HttpResponse:
    group = _group(request, pk, access.CHANGE)
    return _group_form_page(request, group.programme, group)


@staff_required
@require_GET
def group_detail(request: HttpRequest, pk: int) -> HttpResponse:
    group = _group(request, pk)
    return render(
        request,
        "community/group_detail.html",
        {
            "group": group,
            "members": selectors.members(request.membership, group),
            "sessions": selectors.sessions(group),
        },
    )


# --- sessions -----------------------------------------------------------------------------------


@staff_required
def session_create(request: HttpRequest, pk: int) -> HttpResponse:
    group = _group(request, pk, access.CHANGE)
    form = SessionForm(request.POST or None, initial=SessionForm.initial_for(None))
    if request.method == "POST" and form.is_valid():
        try:
            services.session_schedule(
                group=group,
                starts_at=form.starts_at(),
                duration_minutes=form.cleaned_data["duration_minutes"],
                place=form.cleaned_data["place"],
                scheduled_by=request.user,
            )
        except ValidationError as error:
            add_service_error(form, _on_date(error))
        else:
            messages.success(
                request,
                _("The session is planned. Members with an e-mail address are invited."),
            )
            return redirect(group)
    return render(
        request, "community/session_form.html", {"group": group, "session": None, "form": form}
    )


def _on_date(error: ValidationError) -> ValidationError:
    """The services speak of ``starts_at``; the form asks for a date and a time."""
    if hasattr(error, "error_dict") and "starts_at" in error.error_dict:
        error.error_dict["date"] = error.error_dict.pop("starts_at")
    return error


@staff_required
def session_edit(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk, access.CHANGE)
    form = SessionForm(request.POST or None, initial=SessionForm.initial_for(session))
    if request.method == "POST" and form.is_valid():
        try:
            services.session_update(
                session=session,
                starts_at=form.starts_at(),
                duration_minutes=form.cleaned_data["duration_minutes"],
                place=form.cleaned_data["place"],
                updated_by=request.user,
            )
        except ValidationError as error:
            add_service_error(form, _on_date(error))
        else:
            messages.success(request, _("The session was saved."))
            return redirect(session.group)
    return render(
        request,
        "community/session_form.html",
        {"group": session.group, "session": session, "form": form},
    )


@staff_required
@require_POST
def session_delete(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk, access.CHANGE)
    try:
        services.session_delete(session=session, deleted_by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The session was cancelled. Invited members are told."))
    return redirect(session.group)


@staff_required
def session_record(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk, access.CHANGE)
    started = session.starts_at <= timezone.now()
    attendees = list(session.attendees.values_list("pk", flat=True))
    people = (
        access.scope(request.membership, Participant)
        .filter(Q(support_groups=session.group) | Q(pk__in=attendees))
        .distinct()
        .select_related("person")
        .order_by("person__last_name", "person__first_name", "pk")
    )
    form = AttendanceForm(
        request.POST or None,
        initial={"present": attendees, "summary": session.summary},
        members=people,
    )
    if request.method == "POST" and started and form.is_valid():
        try:
            services.attendance_record(
                session=session,
                present=form.cleaned_data["present"],
                summary=form.cleaned_data["summary"],
                recorded_by=request.user,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Attendance and summary were saved."))
            return redirect(session.group)
    elif request.method == "POST" and not started:
        form.add_error(None, _("Attendance can be recorded once the session has started."))
    selected = form.selected_ids()
    return render(
        request,
        "community/session_record.html",
        {
            "group": session.group,
            "session": session,
            "form": form,
            "started": started,
            "people": [(p, p.pk in selected) for p in people] if started else [],
        },
    )


# --- members ------------------------------------------------------------------------------------


@role_required(Role.MENTOR, Role.MENTEE)
@require_GET
def my_groups(request: HttpRequest) -> HttpResponse:
    return render(
        request, "community/my_groups.html", {"groups": selectors.my_groups(request.membership)}
    )
