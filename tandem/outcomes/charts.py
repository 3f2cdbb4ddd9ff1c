"""Charts drawn by Tandem itself: inline SVG, no script, no third-party asset.

A chart is drawn from a ``Table`` (the numbers behind it, shown one click away and offered as
CSV). Horizontal bars, grouped per row of the table, one bar per series. Colour never carries
meaning alone: each series also has its own fill pattern (solid, stripes, dots, cross-hatch), and
every bar is labelled directly with its series and its number. A screen reader reads the title and
a description that lists every number (``role="img"``), and the table is there too.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

Number = int | float | None


@dataclass(frozen=True)
class Table:
    """A small table of figures: a row header, the series (columns) and the rows.

    ``key`` names it in links (``?format=csv&table=<key>``); ``chart_columns`` are the columns the
    chart draws (all when empty: a total beside its parts would be drawn twice).
    """

    key: str
    title: str
    row_header: str
    columns: Sequence[str]
    rows: Sequence[tuple[str, Sequence[Number]]]
    caption: str = ""
    chart_columns: Sequence[int] = field(default_factory=tuple)

    def header(self) -> list[str]:
        return [self.row_header, *self.columns]

    def csv_rows(self) -> list[list[object]]:
        return [[label, *("" if v is None else v for v in values)] for label, values in self.rows]

    @property
    def empty(self) -> bool:
        return not self.rows


# (fill colour, pattern) per series, in order. The colours keep a 3:1 contrast with white.
SERIES_STYLES = (
    ("#0b5f8a", "solid"),
    ("#7a3f98", "stripes"),
    ("#1b6e3a", "dots"),
    ("#8a5a00", "cross"),
    ("#a3261c", "stripes-back"),
    ("#4f5b6b", "grid"),
)

WIDTH = 640
LABEL_SPACE = 220  # right of the longest bar: "series: number"
BAR = 16
BAR_GAP = 4
GROUP_HEAD = 20
GROUP_GAP = 10
PAD = 6


# The tile of each pattern (8 × 8), with "{c}" for the colour.
PATTERN_TILES = {
    "solid": '<rect width="8" height="8" fill="{c}"/>',
    "stripes": '<path d="M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4" stroke="{c}" stroke-width="2.5"/>',
    "stripes-back": '<path d="M-2,6 l4,4 M0,0 l8,8 M6,-2 l4,4" stroke="{c}" stroke-width="2.5"/>',
    "dots": '<circle cx="2" cy="2" r="1.8" fill="{c}"/><circle cx="6" cy="6" r="1.8" fill="{c}"/>',
    "cross": '<path d="M0,0 l8,8 M8,0 l-8,8" stroke="{c}" stroke-width="1.6"/>',
    "grid": '<path d="M0,4 h8 M4,0 v8" stroke="{c}" stroke-width="2"/>',
}


def _pattern(chart_id: str, index: int) -> SafeString:
    colour, kind = SERIES_STYLES[index % len(SERIES_STYLES)]
    return format_html(
        '<pattern id="{}-p{}" width="8" height="8" patternUnits="userSpaceOnUse">'
        '<rect width="8" height="8" fill="#fff"/>' + PATTERN_TILES[kind] + "</pattern>",
        chart_id,
        index,
        c=colour,
    )


def _join(pieces: Iterable[SafeString]) -> SafeString:
    return format_html_join("", "{}", ((piece,) for piece in pieces))


def _format(value: Number) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.1f}".rstrip("0").rstrip(".")
    return str(value)


def describe(table: Table, columns: Sequence[int]) -> str:
    """The chart in words, for a screen reader: every row with every number."""
    parts = []
    for label, values in table.rows:
        numbers = ", ".join(f"{table.columns[i]} {_format(values[i])}" for i in columns)
        parts.append(f"{label}: {numbers}")
    return "; ".join(parts) + "." if parts else _("No figures yet.")


def bar_chart(table: Table, *, chart_id: str) -> SafeString:
    """The table as grouped horizontal bars (inline SVG in a <figure> with its caption)."""
    columns = list(table.chart_columns) or list(range(len(table.columns)))
    values = [v for _label, row in table.rows for i, v in enumerate(row) if i in columns]
    top = max([v for v in values if v is not None] or [0])
    bar_room = WIDTH - LABEL_SPACE - PAD
    per_group = GROUP_HEAD + len(columns) * (BAR + BAR_GAP) + GROUP_GAP
    height = max(per_group * len(table.rows), GROUP_HEAD) + PAD
    out = [
        format_html('<title id="{}-title">{}</title>', chart_id, table.title),
        format_html('<desc id="{}-desc">{}</desc>', chart_id, describe(table, columns)),
        format_html("<defs>{}</defs>", _join(_pattern(chart_id, n) for n in range(len(columns)))),
    ]
    y = PAD
    if not table.rows:
        out.append(
            format_html(
                '<text x="0" y="{}" class="chart-label">{}</text>', y + 14, _("No figures yet.")
            )
        )
    for label, row in table.rows:
        out.append(format_html('<text x="0" y="{}" class="chart-group">{}</text>', y + 14, label))
        y += GROUP_HEAD
        for n, i in enumerate(columns):
            value = row[i]
            width = 0.0
            if top and value:
                width = max(bar_room * value / top, 1.0)
            out.append(
                format_html(
                    '<rect x="0" y="{}" width="{}" height="{}" fill="url(#{}-p{})" stroke="{}" '
                    'stroke-width="1"/><text x="{}" y="{}" class="chart-label">{}: {}</text>',
                    y,
                    f"{width:.1f}",
                    BAR,
                    chart_id,
                    n,
                    SERIES_STYLES[n % len(SERIES_STYLES)][0],
                    f"{width + 6:.1f}",
                    y + BAR - 3,
                    table.columns[i],
                    _format(value),
                )
            )
            y += BAR + BAR_GAP
        y += GROUP_GAP
    svg = format_html(
        '<svg class="chart-svg" role="img" viewBox="0 0 {} {}" width="{}" height="{}" '
        'aria-labelledby="{}-title {}-desc" preserveAspectRatio="xMinYMin meet">{}</svg>',
        WIDTH,
        height,
        WIDTH,
        height,
        chart_id,
        chart_id,
        _join(out),
    )
    legend = _join(
        format_html(
            '<li><svg width="18" height="14" aria-hidden="true" focusable="false">'
            '<defs>{}</defs><rect width="18" height="14" fill="url(#{}-l-p{})" stroke="{}"/>'
            "</svg> {}</li>",
            _pattern(f"{chart_id}-l", n),
            chart_id,
            n,
            SERIES_STYLES[n % len(SERIES_STYLES)][0],
            table.columns[i],
        )
        for n, i in enumerate(columns)
    )
    caption = format_html("<figcaption>{}</figcaption>", table.caption) if table.caption else ""
    return format_html(
        '<figure class="chart" id="{}">{}<ul class="chart-legend" aria-hidden="true">{}</ul>{}'
        "</figure>",
        chart_id,
        svg,
        legend,
        caption,
    )
