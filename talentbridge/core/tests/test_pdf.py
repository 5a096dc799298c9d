"""PDF reports: Chinese and Latin text survive into the file (extractable), charts and tables
render, markup in user data is shown as text, empty tables say so."""

from __future__ import annotations

import io

from pypdf import PdfReader

from talentbridge.core.pdf import PdfReport


def _text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_report_with_chinese_tables_and_charts_is_readable() -> None:
    report = PdfReport(
        title="产业人才供需报告",
        subtitle="杭州市 2026",
        meta=[("地区", "杭州市")],
        footer="talentbridge",
    )
    report.heading("需求概览")
    report.figures([("岗位数", "1,204"), ("平均月薪", "¥9,800")])
    report.paragraph("短视频剪辑 demand rose 35% <script>alert(1)</script> & more")
    report.table(["技能", "岗位数"], [["Photoshop", 120], ["剪辑", 80]], widths=[0.7, 0.3])
    report.bar_chart([("Photoshop", 120), ("剪辑", 80)], title="热门技能")
    report.line_chart(
        ["2026-01", "2026-02", "2026-03"],
        [("岗位", [3, None, 5]), ("预测", [None, 4, 6])],
        title="趋势",
    )
    pdf = report.render()
    assert pdf.startswith(b"%PDF-")
    text = _text(pdf)
    for expected in (
        "产业人才供需报告",
        "需求概览",
        "1,204",
        "Photoshop",
        "剪辑",
        "<script>alert(1)</script> & more",
    ):
        assert expected in text


def test_empty_table_shows_placeholder_and_many_rows_span_pages() -> None:
    report = PdfReport(title="Report")
    report.table(["Skill", "Count"], [], empty="No data")
    report.table(["Skill", "Count"], [[f"skill {i}", i] for i in range(200)])
    pdf = report.render()
    assert "No data" in _text(pdf)
    assert len(PdfReader(io.BytesIO(pdf)).pages) >= 3
