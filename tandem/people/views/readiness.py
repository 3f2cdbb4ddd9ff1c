"""Recording a mentor's training and screening, from their participant page."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tandem.accounts import access
from tandem.accounts.decorators import staff_required
from tandem.people import services
from tandem.people.forms import ScreeningForm, TrainingForm
from tandem.people.models import Participant


def _refused(request: HttpRequest, form, error: ValidationError | None = None) -> None:
    problems = error.messages if error else [e for errors in form.errors.values() for e in errors]
    messages.error(request, " ".join(str(p) for p in problems))


@staff_required
@require_POST
def training_add(request: HttpRequest, pk: int) -> HttpResponse:
    participant = access.get_object(request.membership, Participant, access.CHANGE, pk=pk)
    form = TrainingForm(request.POST)
    if form.is_valid():
        try:
            services.training_record(
                participant=participant, recorded_by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            _refused(request, form, error)
        else:
            messages.success(request, _("The training session was recorded."))
    else:
        _refused(request, form)
    return redirect(participant)


@staff_required
@require_POST
def screening_add(request: HttpRequest, pk: int) -> HttpResponse:
    participant = access.get_object(request.membership, Participant, access.CHANGE, pk=pk)
    form = ScreeningForm(request.POST)
    if form.is_valid():
        try:
            services.screening_record(
                participant=participant, recorded_by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            _refused(request, form, error)
        else:
            messages.success(request, _("The check was recorded."))
    else:
        _refused(request, form)
    return redirect(participant)
