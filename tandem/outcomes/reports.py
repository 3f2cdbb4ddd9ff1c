"""The funder report: an XLSX workbook (openpyxl) and a printable summary of the same figures.

The figures are those of the dashboards (``tandem.outcomes.dashboards.compute``): only people
who consented to research and reporting use, no names. Text cells go through
``tandem.core.spreadsheets.safe_cell`` so nothing in them runs as a formula.
"""

import io
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from tandem.core.spreadsheets import safe_cell
from tandem.outcomes import dashboards
from tandem.outcomes.charts import Table
from tandem.outcomes.indicators.esf import COLUMNS, DEFINITIONS, LABELS, OUTPUT_KEYS, RESULT_KEYS
from tandem.programmes.models import Programme

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BOLD = Font(bold=True)


def report_figures(
    programme_ids: Sequence[int], *, period_from: date, period_to: date, as_of: date
) -> dict[str, Any]:
    """Up-to-date figures for a report: the dashboards' cached ones when they count up to today
    and are current, else computed now."""
    if as_of == timezone.localdate():
        data, stale = dashboards.figures_for(programme_ids, period_from, period_to)
        if data is not None and not stale:
            return data
        return dashboards.compute_and_store(programme_ids, period_from, period_to)
    data = dashboards.compute(
        programme_ids, period_from=period_from, period_to=period_to, as_of=as_of
    )
    data["computed_at"] = timezone.now()
    return data


def filename(data: dict[str, Any], extension: str = "xlsx") -> str:
    return (
        f"tandem-report-{data['period_from'].isoformat()}-{data['period_to'].isoformat()}"
        f".{extension}"
    )


def _text(value: object) -> object:
    """Numbers, dates and empty cells as they are; text made safe from formula injection."""
    if value is None or isinstance(value, bool | int | float | date):
        return value
    return safe_cell(value)


def _write(sheet: Worksheet, header: Sequence[object], rows: Sequence[Sequence[object]]) -> None:
    sheet.append([_text(h) for h in header])
    for cell in sheet[1]:
        cell.font = BOLD
    for row in rows:
        sheet.append([_text(v) for v in row])
    sheet.freeze_panes = "A2"


def _widths(sheet: Worksheet, widths: Sequence[int]) -> None:
    for index, width in enumerate(widths):
        sheet.column_dimensions[chr(ord("A") + index)].width = width


def _gender_header() -> list[str]:
    return [
        _("Indicator"),
        _("Code"),
        *(str(dashboards.GENDER_LABELS[c]) for c in COLUMNS),
    ]


def _gender_rows(data: dict[str, Any], keys: Sequence[str]) -> list[list[object]]:
    return [[str(LABELS[k]), k, *(data["esf"][k][c] for c in COLUMNS)] for k in keys]


def cover_rows(
    data: dict[str, Any], *, organisation: str, programmes: Sequence[Programme], generated_at
) -> list[tuple[str, object]]:
    return [
        (_("Organisation"), organisation),
        (_("Programmes"), ", ".join(p.name for p in programmes)),
        (_("Period from"), data["period_from"]),
        (_("Period to"), data["period_to"]),
        (_("Counted up to"), data["as_of"]),
        (_("Generated at"), timezone.localtime(generated_at).strftime("%Y-%m-%d %H:%M")),
        (
            _("Figures computed at"),
            timezone.localtime(data["computed_at"]).strftime("%Y-%m-%d %H:%M"),
        ),
        (_("People counted"), data["counted"]),
        (_("Left out: no consent to research and reporting use"), data["no_consent"]),
        (_("Not counted: no situation at entry recorded"), data["missing_entry"]),
        (
            _("About these figures"),
            _(
                "No names. Only people who consented to the use of their information in reports. "
                "Each indicator is a total and a count per gender."
            ),
        ),
    ]


def workbook(
    data: dict[str, Any],
    *,
    organisation: str,
    programmes: Sequence[Programme],
    generated_at: datetime,
) -> bytes:
    """The report as XLSX: a cover, the ESF+ outputs, the ESF+ results, Tandem's own
    indicators and the definitions, one sheet each."""
    book = Workbook()
    cover = book.active
    cover.title = _("Cover")[:31]
    cover.append([_text(_("Funder report"))])
    cover["A1"].font = Font(bold=True, size=14)
    for label, value in cover_rows(
        data, organisation=organisation, programmes=programmes, generated_at=generated_at
    ):
        cover.append([_text(label), _text(value)])
        if isinstance(value, date):
            cover.cell(row=cover.max_row, column=2).number_format = "yyyy-mm-dd"
    for row in cover.iter_rows(min_row=2, max_col=1):
        row[0].font = BOLD
    cover.column_dimensions["B"].alignment = Alignment(wrap_text=True)
    _widths(cover, [52, 70])

    outputs = book.create_sheet(_("ESF outputs")[:31])
    _write(outputs, _gender_header(), _gender_rows(data, OUTPUT_KEYS))
    _widths(outputs, [62, 34, 10, 10, 10, 12, 16])

    results = book.create_sheet(_("ESF results")[:31])
    _write(results, _gender_header(), _gender_rows(data, RESULT_KEYS))
    _widths(results, [62, 38, 10, 10, 10, 12, 16])

    own = book.create_sheet(_("Tandem indicators")[:31])
    table = dashboards.own_table(data["own"])
    _write(own, table.header(), [[label, *values] for label, values in table.rows])
    _widths(own, [70, 12, 12, 12])

    definitions = book.create_sheet(_("Definitions")[:31])
    rows = [[k, str(LABELS[k]), str(DEFINITIONS[k])] for k in (*OUTPUT_KEYS, *RESULT_KEYS)]
    rows += [[k, str(label), str(text)] for k, label, text in dashboards.own_definitions()]
    _write(definitions, [_("Code"), _("Indicator"), _("Definition")], rows)
    for row in definitions.iter_rows(min_row=2):
        row[2].alignment = Alignment(wrap_text=True, vertical="top")
    _widths(definitions, [38, 50, 90])

    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def summary(data: dict[str, Any]) -> list[Table]:
    """The tables of the printable summary."""
    keep = ("upon_leaving", "six_months", "outputs", "own")
    found = {t.key: t for t in dashboards.tables(data, organisation=True)}
    return [found[key] for key in keep if key in found]
