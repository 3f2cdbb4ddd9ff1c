"""Importing people from a spreadsheet: upload, choose columns with a preview, then the worker
checks and saves everything (or nothing) while the page shows its progress."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from tandem.accounts import access
from tandem.accounts.decorators import staff_required
from tandem.core.forms import add_service_error
from tandem.core.htmx import fragment_or_page
from tandem.people import imports, services, tasks
from tandem.people.forms import ImportMappingForm, ImportUploadForm
from tandem.people.models import ImportJob, ImportPreset, ImportStatus
from tandem.programmes.models import Programme

PREVIEW_ROWS = 10


@staff_required
def import_upload(request: HttpRequest) -> HttpResponse:
    membership = request.membership
    if not access.can_create_programme(membership):
        # Imports concern the whole organisation (people of every programme may match).
        messages.error(request, _("Only coordinators who cover every programme can import."))
        return redirect("people:person_list")
    jobs = access.scope(membership, ImportJob).defer("content")
    form = ImportUploadForm(
        request.POST or None,
        request.FILES or None,
        programmes=access.scope(membership, Programme, access.CHANGE).order_by("name"),
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > imports.MAX_BYTES:
            form.add_error(
                "file",
                _("The file is too large (%(size)s MB); the limit is %(limit)s MB. Split it.")
                % {"size": upload.size // 2**20, "limit": imports.MAX_BYTES // 2**20},
            )
        else:
            try:
                job = services.import_start(
                    organisation=membership.organisation,
                    created_by=request.user,
                    filename=upload.name,
                    content=upload.read(),
                    language=request.LANGUAGE_CODE,
                    programme=form.cleaned_data["programme"],
                    role=form.cleaned_data["role"],
                )
            except imports.ImportRefused as refusal:
                form.add_error("file", str(refusal))
            except ValidationError as error:
                add_service_error(form, error)
            else:
                return redirect("people:import_mapping", pk=job.pk)
    return render(request, "people/import_upload.html", {"form": form, "jobs": jobs[:10]})


@staff_required
def import_mapping(request: HttpRequest, pk: int) -> HttpResponse:
    membership = request.membership
    job = access.get_object(membership, ImportJob, access.CHANGE, pk=pk)
    if job.status != ImportStatus.UPLOADED:
        return redirect("people:import_status", pk=job.pk)
    table = imports.read_table(bytes(job.content), job.filename)
    presets = access.scope(membership, ImportPreset)
    mapping = job.mapping
    preset = request.GET.get("preset", "")
    chosen = presets.filter(pk=int(preset)).first() if preset.isdigit() else None
    if chosen is not None:
        mapping = {k: v for k, v in chosen.mapping.items() if v in table.headers}
    form = ImportMappingForm(
        request.POST or None,
        headers=table.headers,
        initial={f"col_{name}": header for name, header in mapping.items()},
    )
    preview, refusal = [], ""
    if request.method == "POST" and form.is_valid():
        mapping = form.mapping()
        name = form.cleaned_data["preset_name"].strip()
        if name:
            ImportPreset.objects.update_or_create(
                organisation=membership.organisation, name=name, defaults={"mapping": mapping}
            )
        if request.POST.get("action") == "import":
            # Only the first of two clicks (or tabs) queues the import.
            queued = ImportJob.objects.filter(pk=job.pk, status=ImportStatus.UPLOADED).update(
                mapping=mapping, status=ImportStatus.QUEUED
            )
            if queued:
                tasks.run_import.enqueue(job_id=job.pk)
            return redirect("people:import_status", pk=job.pk)
    try:
        sample = imports.Table(table.headers, table.rows[:PREVIEW_ROWS])
        preview = list(zip(sample.rows, imports.check_rows(sample, mapping), strict=True))
    except imports.ImportRefused as error:
        refusal = str(error)
    return render(
        request,
        "people/import_mapping.html",
        {
            "job": job,
            "form": form,
            "headers": table.headers,
            "preview": preview,
            "refusal": refusal,
            "presets": presets,
        },
    )


@staff_required
@require_GET
def import_status(request: HttpRequest, pk: int) -> HttpResponse:
    job = access.get_object(request.membership, ImportJob.objects.defer("content"), pk=pk)
    template = fragment_or_page(request, "people/_import_status.html", "people/import_status.html")
    running = job.status in (ImportStatus.QUEUED, ImportStatus.RUNNING)
    return render(request, template, {"job": job, "running": running})
