"""Pure parts of the ingest: mapping guesses, readers (encodings, broken files), fingerprints,
occupation rules, statistics. No database."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import openpyxl
import pytest

from talentbridge.core.stats import two_proportion_z
from talentbridge.demand.demo import HEADERS, synthetic_postings, write_csv
from talentbridge.demand.ingest.dedupe import (
    Fingerprint,
    NearDuplicateIndex,
    company_key,
    content_hash,
    jaccard_estimate,
    minhash,
)
from talentbridge.demand.ingest.mapping import guess_mapping, header_key, mapping_problems
from talentbridge.demand.ingest.occupations import OCCUPATION_RULES, occupation_for_title
from talentbridge.demand.ingest.readers import FileProblem, open_posting_file
from talentbridge.demand.selectors import percentiles_from_histogram

pytestmark = pytest.mark.django_db(False)


def test_guess_mapping_chinese_headers() -> None:
    headers = [
        "职位名称",
        "公司名称",
        "岗位职责",
        "任职要求",
        "薪资",
        "工作地点",
        "发布日期",
        "备注",
    ]
    mapping = guess_mapping(headers)
    assert mapping["job_title"] == "职位名称"
    assert mapping["responsibilities"] == "岗位职责"
    assert mapping["requirements"] == "任职要求"
    assert mapping["salary"] == "薪资"
    assert mapping["location"] == "工作地点"
    assert mapping["posted_on"] == "发布日期"
    assert "备注" not in mapping.values()


def test_guess_mapping_english_and_letter_prefixed_headers() -> None:
    mapping = guess_mapping(["A:url", "B:job_title", "C:company", "F:description", "G:location"])
    assert mapping == {
        "job_title": "B:job_title",
        "company": "C:company",
        "description": "F:description",
        "location": "G:location",
        "url": "A:url",
    }
    assert guess_mapping(["Title", "Company", "Job Description", "Salary"])["description"] == (
        "Job Description"
    )
    assert header_key(" B:Job_Title ") == "jobtitle"


def test_mapping_problems_name_the_bad_parts() -> None:
    problems = mapping_problems({"salary": "薪水", "colour": "x"}, ["职位", "薪资"])
    codes = {(p.code, p.subject) for p in problems}
    assert codes == {
        ("unknown_field", "colour"),
        ("unknown_header", "薪水"),
        ("missing_required", "job_title"),
    }


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_csv_encodings_are_detected(tmp_path: Path, encoding: str) -> None:
    rows = list(synthetic_postings(5))
    path = write_csv(tmp_path / "p.csv", rows, encoding=encoding)
    opened = open_posting_file(path)
    assert opened.headers == list(HEADERS)
    read = list(opened.rows)
    assert [r.values["职位名称"] for r in read] == [r["职位名称"] for r in rows]
    assert read[0].number == 2


def test_jsonl_bad_lines_are_reported_with_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "p.jsonl"
    path.write_text(
        '{"title": "剪辑师", "skills": ["PR", "AE"]}\nnot json\n[1]\n\n{"title": "UI设计师"}\n',
        encoding="utf-8",
    )
    rows = list(open_posting_file(path).rows)
    assert [(r.number, r.error) for r in rows] == [
        (1, None),
        (2, "invalid_json"),
        (3, "not_an_object"),
        (5, None),
    ]
    assert rows[0].values["skills"] == "PR|AE"


def _xlsx(path: Path, rows: list[list[object]]) -> Path:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def test_half_broken_xlsx_keeps_rows_before_the_damage(tmp_path: Path) -> None:
    good = _xlsx(
        tmp_path / "good.xlsx", [["职位名称", "薪资"]] + [[f"设计师{i}", "1万"] for i in range(300)]
    )
    broken = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(broken, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data[: len(data) // 2]
            target.writestr(item, data)
    rows = list(open_posting_file(broken).rows)
    assert rows[-1].error == "truncated_after_row"
    good_rows = [r for r in rows if r.error is None]
    assert 10 < len(good_rows) < 300
    assert rows[-1].number == good_rows[-1].number + 1


def test_not_a_zip_is_a_damaged_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "x.xlsx"
    path.write_bytes(b"PK\x03\x04 this is not really a workbook")
    with pytest.raises(FileProblem) as error:
        open_posting_file(path)
    assert error.value.code == "damaged_xlsx"


def test_unsupported_and_empty_files(tmp_path: Path) -> None:
    (tmp_path / "a.pdf").write_bytes(b"%PDF")
    (tmp_path / "b.csv").write_bytes(b"")
    for name, code in (("a.pdf", "unsupported_format"), ("b.csv", "empty_file")):
        with pytest.raises(FileProblem) as error:
            open_posting_file(tmp_path / name)
        assert error.value.code == code


def test_exact_hash_ignores_punctuation_and_company_suffix() -> None:
    a = content_hash("上海星河文化传媒有限公司", "剪辑师", "负责短视频剪辑，熟悉PR。")
    b = content_hash("上海星河文化传媒", "剪辑师", "负责短视频剪辑 熟悉pr")
    assert a == b
    assert a != content_hash("上海星河文化传媒", "剪辑师", "负责长视频剪辑 熟悉pr")
    assert company_key("Acme Media Co., Ltd.") == company_key("ACME MEDIA")


def test_minhash_separates_edits_from_different_texts() -> None:
    text = "；".join(next(synthetic_postings(1, seed=3)).values()) * 3
    edited = text.replace("负责", "主要负责", 1) + "欢迎投递"
    other = "；".join(next(synthetic_postings(1, seed=99)).values()) * 3
    assert jaccard_estimate(minhash(text), minhash(edited)) >= 0.75
    assert jaccard_estimate(minhash(text), minhash(other)) < 0.75
    index = NearDuplicateIndex()
    index.add("acme", Fingerprint(1, "视频剪辑师", minhash(text)))
    assert index.find("acme", "急招视频剪辑师", minhash(edited)) == 1
    assert index.find("acme", "UI设计师", minhash(edited)) is None
    assert index.find("other", "视频剪辑师", minhash(edited)) is None


def test_occupation_rules_use_real_codes() -> None:
    from talentbridge.taxonomy.data import load_cn_occupations

    codes = {o.code for o in load_cn_occupations()}
    assert {code for code, _ in OCCUPATION_RULES} <= codes
    assert occupation_for_title("短视频剪辑师") == "2-09-03-06"
    assert occupation_for_title("财务会计") == ""


def test_two_proportion_z_needs_real_differences() -> None:
    z, p = two_proportion_z(2, 10, 4, 10)
    assert p > 0.05  # 2 -> 4 of ten is no evidence
    z, p = two_proportion_z(50, 1000, 150, 1000)
    assert z > 0 and p < 0.001
    assert two_proportion_z(0, 0, 1, 1) == (0.0, 1.0)


def test_percentiles_from_histogram() -> None:
    result = percentiles_from_histogram([(5000, 10), (6000, 10), (7000, 20)])
    assert result is not None
    assert result[50] == pytest.approx(7000)
    assert result[25] == pytest.approx(6000)
    assert 7000 < result[75] < 8000
    assert percentiles_from_histogram([]) is None


def test_demo_postings_are_valid_json_serializable() -> None:
    rows = list(synthetic_postings(50))
    assert len({r["任职要求"] for r in rows}) == 50
    json.dumps(rows, ensure_ascii=False)


@pytest.mark.parametrize("delimiter", ["\t", ";"])
def test_other_delimiters_and_quoted_commas(tmp_path: Path, delimiter: str) -> None:
    path = tmp_path / "p.csv"
    path.write_text(
        f'职位名称{delimiter}岗位职责\n剪辑师{delimiter}"负责剪辑, 调色{delimiter}包装"\n',
        encoding="utf-8",
    )
    rows = list(open_posting_file(path).rows)
    assert rows[0].values == {"职位名称": "剪辑师", "岗位职责": f"负责剪辑, 调色{delimiter}包装"}
