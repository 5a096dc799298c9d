"""PDF reports with Chinese text, built offline with ReportLab.

Chinese uses ReportLab's built-in Adobe-GB1 CID font ``STSong-Light``: no font file is shipped or
embedded, every PDF reader maps it to a local Song/Ming face, and the text stays extractable
(search, copy, screen readers). Latin text uses Helvetica inside the same paragraphs.

Callers pass already translated strings; this module knows nothing about the request language::

    report = PdfReport(title="…", subtitle="…", meta=[("地区", "杭州市")])
    report.heading("需求")
    report.figures([("岗位数", "1,204"), ("技能数", "88")])
    report.table(["技能", "岗位数"], rows, widths=[0.7, 0.3])
    report.bar_chart([("Photoshop", 120), ("剪辑", 80)], title="…")
    pdf_bytes = report.render()
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from xml.sax.saxutils import escape

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.lineplots import LinePlot
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

CJK_FONT = "STSong-Light"
PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 18 * mm
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN
ACCENT = colors.HexColor("#0d6efd")
MUTED = colors.HexColor("#6c757d")
GRID = colors.HexColor("#dee2e6")

_registered = False


def _register_fonts() -> None:
    global _registered
    if not _registered:
        pdfmetrics.registerFont(UnicodeCIDFont(CJK_FONT))
        _registered = True


def _style(name: str, size: float, *, leading: float | None = None, **kw: object) -> ParagraphStyle:
    return ParagraphStyle(
        name, fontName=CJK_FONT, fontSize=size, leading=leading or size * 1.45, **kw
    )


def _text(value: object) -> str:
    """Escape a value for a ReportLab paragraph (which parses a small XML markup)."""
    return escape(str(value)).replace("\n", "<br/>")


class PdfReport:
    """An A4 report: title block, headings, paragraphs, key figures, tables and charts."""

    def __init__(
        self,
        *,
        title: str,
        subtitle: str = "",
        meta: Sequence[tuple[str, str]] = (),
        footer: str = "",
    ) -> None:
        _register_fonts()
        self.title = title
        self.footer = footer
        self._story: list[Flowable] = []
        self._styles = {
            "title": _style("title", 18, textColor=colors.black, spaceAfter=2 * mm),
            "subtitle": _style("subtitle", 11, textColor=MUTED, spaceAfter=3 * mm),
            "h1": _style("h1", 13, textColor=ACCENT, spaceBefore=5 * mm, spaceAfter=2 * mm),
            "body": _style("body", 9.5, spaceAfter=2 * mm),
            "note": _style("note", 8, textColor=MUTED, spaceAfter=2 * mm),
            "cell": _style("cell", 8.5, leading=11),
            "cell_head": _style("cell_head", 8.5, leading=11, textColor=colors.white),
            "figure_value": _style("figure_value", 15, leading=18, textColor=ACCENT),
            "figure_label": _style("figure_label", 8, leading=10, textColor=MUTED),
        }
        self._story.append(Paragraph(_text(title), self._styles["title"]))
        if subtitle:
            self._story.append(Paragraph(_text(subtitle), self._styles["subtitle"]))
        if meta:
            self.table(
                [label for label, _ in meta], [[value for _, value in meta]], header_fill=MUTED
            )

    # -- content -------------------------------------------------------------------------------
    def heading(self, text: str) -> None:
        self._story.append(Paragraph(_text(text), self._styles["h1"]))

    def paragraph(self, text: str) -> None:
        self._story.append(Paragraph(_text(text), self._styles["body"]))

    def note(self, text: str) -> None:
        self._story.append(Paragraph(_text(text), self._styles["note"]))

    def figures(self, items: Sequence[tuple[str, str]]) -> None:
        """A row of key figures (value above its label), up to five per row."""
        for start in range(0, len(items), 5):
            chunk = items[start : start + 5]
            cells = [
                [
                    Paragraph(_text(value), self._styles["figure_value"]),
                    Paragraph(_text(label), self._styles["figure_label"]),
                ]
                for label, value in chunk
            ]
            table = Table([cells], colWidths=[CONTENT_WIDTH / 5] * len(chunk))
            table.setStyle(
                TableStyle(
                    [
                        ("BOX", (0, 0), (-1, -1), 0.5, GRID),
                        ("INNERGRID", (0, 0), (-1, -1), 0.5, GRID),
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ]
                )
            )
            self._story.extend([table, Spacer(1, 2 * mm)])

    def table(
        self,
        header: Sequence[str],
        rows: Sequence[Sequence[object]],
        *,
        widths: Sequence[float] | None = None,
        empty: str = "—",
        header_fill: colors.Color = ACCENT,
    ) -> None:
        """A table; ``widths`` are fractions of the content width. No rows → one ``empty`` row."""
        body: list[list[object]] = [list(row) for row in rows] or [
            [empty, *([""] * (len(header) - 1))]
        ]
        data = [[Paragraph(_text(h), self._styles["cell_head"]) for h in header]] + [
            [Paragraph(_text("" if cell is None else cell), self._styles["cell"]) for cell in row]
            for row in body
        ]
        col_widths = [CONTENT_WIDTH * w for w in widths] if widths else None
        table = Table(data, colWidths=col_widths, repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    ("BACKGROUND", (0, 0), (-1, 0), header_fill),
                    ("GRID", (0, 0), (-1, -1), 0.4, GRID),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    (
                        "ROWBACKGROUNDS",
                        (0, 1),
                        (-1, -1),
                        [colors.white, colors.HexColor("#f8f9fa")],
                    ),
                ]
            )
        )
        self._story.extend([table, Spacer(1, 3 * mm)])

    def bar_chart(
        self, items: Sequence[tuple[str, float]], *, title: str = "", value_format: str = "{:,.0f}"
    ) -> None:
        """Horizontal bars, largest first as given; labels may be Chinese."""
        if not items:
            return
        items = list(items)[:15]
        bar_height = 5.5 * mm
        height = bar_height * len(items) + 14 * mm
        drawing = Drawing(CONTENT_WIDTH, height)
        chart = HorizontalBarChart()
        chart.x = 45 * mm
        chart.y = 4 * mm
        chart.width = CONTENT_WIDTH - 65 * mm
        chart.height = bar_height * len(items)
        values = [float(v) for _, v in reversed(items)]
        chart.data = [values]
        chart.categoryAxis.categoryNames = [str(label)[:24] for label, _ in reversed(items)]
        chart.categoryAxis.labels.fontName = CJK_FONT
        chart.categoryAxis.labels.fontSize = 7.5
        chart.categoryAxis.labels.boxAnchor = "e"
        chart.valueAxis.valueMin = 0
        chart.valueAxis.labels.fontName = CJK_FONT
        chart.valueAxis.labels.fontSize = 7
        chart.bars[0].fillColor = ACCENT
        chart.bars[0].strokeColor = None
        chart.barLabelFormat = lambda v: value_format.format(v)
        chart.barLabels.fontName = CJK_FONT
        chart.barLabels.fontSize = 6.5
        chart.barLabels.boxAnchor = "w"
        chart.barLabels.dx = 2
        drawing.add(chart)
        if title:
            drawing.add(String(0, height - 5 * mm, title, fontName=CJK_FONT, fontSize=9))
        self._story.append(KeepTogether([drawing, Spacer(1, 3 * mm)]))

    def line_chart(
        self,
        labels: Sequence[str],
        series: Sequence[tuple[str, Sequence[float | None]]],
        *,
        title: str = "",
    ) -> None:
        """Lines over ordered categories (e.g. months); ``None`` leaves a gap."""
        if not labels or not series:
            return
        height = 60 * mm
        drawing = Drawing(CONTENT_WIDTH, height)
        plot = LinePlot()
        plot.x, plot.y = 12 * mm, 10 * mm
        plot.width, plot.height = CONTENT_WIDTH - 20 * mm, height - 22 * mm
        palette = [ACCENT, colors.HexColor("#dc3545"), colors.HexColor("#198754"), MUTED]
        plot.data = [
            [(i, float(v)) for i, v in enumerate(values) if v is not None] or [(0, 0.0)]
            for _, values in series
        ]
        for index in range(len(series)):
            plot.lines[index].strokeColor = palette[index % len(palette)]
            plot.lines[index].strokeWidth = 1.2
        plot.xValueAxis.valueMin = 0
        plot.xValueAxis.valueMax = max(len(labels) - 1, 1)
        step = max(1, len(labels) // 8)
        plot.xValueAxis.valueSteps = list(range(0, len(labels), step))
        plot.xValueAxis.labelTextFormat = lambda v: (
            str(labels[int(v)]) if 0 <= int(v) < len(labels) else ""
        )
        for axis in (plot.xValueAxis, plot.yValueAxis):
            axis.labels.fontName = CJK_FONT
            axis.labels.fontSize = 7
        drawing.add(plot)
        if title:
            drawing.add(String(0, height - 5 * mm, title, fontName=CJK_FONT, fontSize=9))
        legend_x = 12 * mm
        for index, (name, _) in enumerate(series):
            colour = palette[index % len(palette)]
            drawing.add(
                String(
                    legend_x, 1 * mm, f"— {name}", fontName=CJK_FONT, fontSize=7, fillColor=colour
                )
            )
            legend_x += 40 * mm
        self._story.append(KeepTogether([drawing, Spacer(1, 3 * mm)]))

    def qr_code(self, value: str, *, size_mm: float = 38, caption: str = "") -> None:
        """A QR code (e.g. a verification link) with an optional caption under it."""
        from reportlab.graphics.barcode.qr import QrCodeWidget

        widget = QrCodeWidget(value)
        x0, y0, x1, y1 = widget.getBounds()
        side = size_mm * mm
        drawing = Drawing(side, side, transform=[side / (x1 - x0), 0, 0, side / (y1 - y0), 0, 0])
        drawing.add(widget)
        flowables: list[Flowable] = [drawing]
        if caption:
            flowables.append(Paragraph(_text(caption), self._styles["note"]))
        self._story.append(KeepTogether(flowables))

    # -- output --------------------------------------------------------------------------------
    def render(self) -> bytes:
        buffer = io.BytesIO()
        footer = self.footer

        def _page(canvas, doc) -> None:  # type: ignore[no-untyped-def]
            canvas.saveState()
            canvas.setFont(CJK_FONT, 7.5)
            canvas.setFillColor(MUTED)
            canvas.drawString(MARGIN, 10 * mm, footer)
            canvas.drawRightString(PAGE_WIDTH - MARGIN, 10 * mm, str(doc.page))
            canvas.restoreState()

        doc = SimpleDocTemplate(
            buffer,
            pagesize=A4,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=MARGIN,
            bottomMargin=MARGIN,
            title=self.title,
            author="talentbridge",
        )
        doc.build(self._story, onFirstPage=_page, onLaterPages=_page)
        return buffer.getvalue()
