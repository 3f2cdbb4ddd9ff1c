"""The outcome dashboards (a programme, all the reader's programmes) and the funder report."""

from datetime import date
from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from tandem.accounts import access
from tandem.accounts.decorators import staff_required
from tandem.core.spreadsheets import csv_bytes
from tandem.outcomes import dashboards, reports
from tandem.outcomes.charts import Table, bar_chart
from tandem.outcomes.forms.dashboards import PeriodForm, ReportForm
from tandem.programmes.models import Programme

# The tables drawn as charts; the others are shown as tables.
CHARTED = {
    "funnel_mentee",
    "funnel_mentor",
    "active_pairs",
    "upon_leaving",
    "six_months",
    "cohorts",
    "target_groups",
    "programmes",
}


def _csv(table: Table, period_from: date, period_to: date) -> HttpResponse:
    response = HttpResponse(
        csv_bytes(table.header(), table.csv_rows()), content_type="text/csv; charset=utf-8"
    )
    name = f"{table.key}-{period_from.isoformat()}-{period_to.isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _dashboard(
    request: HttpRequest, programmes: list[Programme], programme: Programme | None
) -> HttpResponse:
    form = PeriodForm(request.GET or None)
    period_from, period_to = form.period()
    organisation = programme is None
    data, stale = dashboards.figures_for([p.pk for p in programmes], period_from, period_to)
    if data is None:
        # A big programme's first visit: the worker computes, the page reloads itself.
        if request.GET.get("format") == "csv":
            response = HttpResponse(
                _("The figures are being computed. Try again in a minute."),
                status=503,
                content_type="text/plain; charset=utf-8",
            )
            response["Retry-After"] = "60"
            return response
        return render(
            request,
            "outcomes/dashboards/computing.html",
            {"programme": programme, "form": form},
        )
    if request.GET.get("format") == "csv":
        found = dashboards.table(data, request.GET.get("table", ""), organisation=organisation)
        if found is None:
            raise Http404
        return _csv(found, period_from, period_to)
    period = {"period_from": period_from.isoformat(), "period_to": period_to.isoformat()}
    sections = [
        {
            "table": table,
            "chart": bar_chart(table, chart_id=f"chart-{table.key}")
            if table.key in CHARTED
            else None,
            "csv": "?" + urlencode({**period, "format": "csv", "table": table.key}),
        }
        for table in dashboards.tables(data, organisation=organisation)
    ]
    return render(
        request,
        "outcomes/dashboards/dashboard.html",
        {
            "programme": programme,
            "programmes": programmes,
            "form": form,
            "period_from": period_from,
            "period_to": period_to,
            "figures": data,
            "stale": stale,
            "sections": sections,
        },
    )


@staff_required
@require_GET
def dashboard(request: HttpRequest, programme_pk: int) -> HttpResponse:
    """A programme's outcomes over a period: funnel, running pairs, results, compared."""
    programme = access.get_object(request.membership, Programme, pk=programme_pk)
    return _dashboard(request, [programme], programme)


@staff_required
@require_GET
def organisation_dashboard(request: HttpRequest) -> HttpResponse:
    """The same over every programme the reader covers, compared across target groups."""
    programmes = list(access.scope(request.membership, Programme).order_by("name", "pk"))
    return _dashboard(request, programmes, None)


def _report_figures(request: HttpRequest) -> tuple[ReportForm, dict | None]:
    """The report form (empty: all the reader's programmes, this year, up to today) and the
    figures it asks for, or None when the input was refused."""
    programmes = access.scope(request.membership, Programme).order_by("name", "pk")
    form = ReportForm(request.GET, programmes=programmes)
    if not form.is_valid():
        return form, None
    return form, reports.report_figures(
        [p.pk for p in form.cleaned_data["programmes"]],
        period_from=form.cleaned_data["period_from"],
        period_to=form.cleaned_data["period_to"],
        as_of=form.cleaned_data["as_of"],
    )


@staff_required
@require_GET
def report(request: HttpRequest) -> HttpResponse:
    """The funder report: choose programmes and a period, then download the workbook (XLSX) or
    open the printable summary."""
    if request.GET.get("format") != "xlsx":
        programmes = access.scope(request.membership, Programme).order_by("name", "pk")
        form = ReportForm(request.GET or None, programmes=programmes)
        if form.is_bound:
            form.is_valid()  # show what is wrong before the reader downloads
        return render(request, "outcomes/dashboards/report.html", {"form": form})
    form, data = _report_figures(request)
    if data is None:
        return render(request, "outcomes/dashboards/report.html", {"form": form})
    content = reports.workbook(
        data,
        organisation=request.membership.organisation.name,
        programmes=form.cleaned_data["programmes"],
        generated_at=timezone.now(),
    )
    response = HttpResponse(content, content_type=reports.XLSX)
    response["Content-Disposition"] = f'attachment; filename="{reports.filename(data)}"'
    return response


@staff_required
@require_GET
def report_print(request: HttpRequest) -> HttpResponse:
    """The funder report as one or two printed pages."""
    form, data = _report_figures(request)
    if data is None:
        return render(request, "outcomes/dashboards/report.html", {"form": form})
    return render(
        request,
        "outcomes/dashboards/report_print.html",
        {
            "organisation": request.membership.organisation,
            "programmes": form.cleaned_data["programmes"],
            "figures": data,
            "summary": reports.summary(data),
            "generated_at": timezone.now(),
            "query": request.GET.urlencode(),
        },
    )
