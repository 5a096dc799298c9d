"""The ingest pipeline end to end on real files and the real database."""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.core.management import call_command

from talentbridge.demand import services, warehouse
from talentbridge.demand.demo import HEADERS, synthetic_postings, write_csv
from talentbridge.demand.models import (
    IngestRun,
    JobPosting,
    PostingCount,
    PostingSighting,
    RunStatus,
    SkillCount,
)

pytestmark = pytest.mark.django_db


def ingest(path: Path, source: str = "s1", *args: str) -> dict[str, int]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.suppress(SystemExit):  # exit status 1 for a failed import
        call_command(
            "ingest_postings", str(path), "--source", source, *args, stdout=out, stderr=err
        )
    lines = out.getvalue().strip().splitlines()
    assert len(lines) == 1, out.getvalue()
    return json.loads(lines[0])


def accounted(summary: dict[str, int]) -> bool:
    return summary["read"] == summary["imported"] + summary["duplicates"] + summary["rejected"]


def test_same_file_twice_imports_nothing_the_second_time(tmp_path: Path) -> None:
    rows = list(synthetic_postings(120))
    rows[7]["职位名称"] = ""  # a row with a missing title
    path = write_csv(tmp_path / "p.csv", rows)
    first = ingest(path)
    assert first == {"read": 120, "imported": 119, "duplicates": 0, "rejected": 1}
    second = ingest(path)
    assert second["imported"] == 0 and second["read"] == 120 and accounted(second)
    assert second["rejected"] == 1 and second["duplicates"] == 119
    assert JobPosting.objects.count() == 119
    assert sum(c.new_postings for c in PostingCount.objects.all()) == 119
    run = IngestRun.objects.order_by("created_at").first()
    assert run is not None and run.errors == [
        {"row": 9, "code": "missing_title", "reason": "the job title is empty"}
    ]


def test_gbk_and_bom_files_give_the_same_postings(tmp_path: Path) -> None:
    rows = list(synthetic_postings(30))
    gbk = ingest(write_csv(tmp_path / "gbk.csv", rows, encoding="gbk"), "a")
    bom = ingest(write_csv(tmp_path / "bom.csv", rows, encoding="utf-8-sig"), "b")
    assert gbk["imported"] == 30
    # the same rows from another source are re-posts of the postings already known
    assert bom == {"read": 30, "imported": 0, "duplicates": 30, "rejected": 0}
    assert sum(p.repost_count for p in JobPosting.objects.all()) == 30


def test_near_duplicate_repost_keeps_first_seen_date(tmp_path: Path) -> None:
    row = next(synthetic_postings(1))
    row["发布日期"] = "2024-03-01"
    repost = dict(row, 职位名称="急招" + row["职位名称"], 发布日期="2024-04-20")
    repost["岗位职责"] = row["岗位职责"] + "；欢迎投递"
    other = dict(row, 职位名称="UI设计师", 岗位职责="负责App界面设计", 任职要求="熟练使用Figma")
    summary = ingest(write_csv(tmp_path / "p.csv", [row, repost, other]))
    assert summary == {"read": 3, "imported": 2, "duplicates": 1, "rejected": 0}
    first = JobPosting.objects.get(job_title=row["职位名称"])
    assert (str(first.posted_on), str(first.last_seen_on), first.repost_count) == (
        "2024-03-01",
        "2024-04-20",
        1,
    )
    counts: dict[str, tuple[int, int]] = {}
    for c in PostingCount.objects.all():
        new, reposts = counts.get(c.month, (0, 0))
        counts[c.month] = (new + c.new_postings, reposts + c.reposts)
    assert counts == {"2024-03": (2, 0), "2024-04": (0, 1)}


def test_jsonl_and_xlsx_with_mapping_file(tmp_path: Path) -> None:
    rows = list(synthetic_postings(20, seed=5))
    jsonl = tmp_path / "p.jsonl"
    jsonl.write_text(
        "\n".join(
            json.dumps(
                {
                    "name": r["职位名称"],
                    "org": r["公司名称"],
                    "text": r["岗位职责"] + r["任职要求"],
                    "city": r["工作地点"],
                    "pay": r["薪资"],
                    "day": r["发布日期"],
                },
                ensure_ascii=False,
            )
            for r in rows
        ),
        encoding="utf-8",
    )
    mapping = tmp_path / "m.json"
    mapping.write_text(
        json.dumps(
            {
                "job_title": "name",
                "company": "org",
                "description": "text",
                "location": "city",
                "salary": "pay",
                "posted_on": "day",
            }
        )
    )
    assert ingest(jsonl, "j", "--mapping", str(mapping))["imported"] == 20
    book = openpyxl.Workbook()
    book.active.append(list(HEADERS))
    for r in synthetic_postings(15, seed=6):
        book.active.append([r[h] for h in HEADERS])
    book.save(tmp_path / "p.xlsx")
    assert ingest(tmp_path / "p.xlsx", "x") == {
        "read": 15,
        "imported": 15,
        "duplicates": 0,
        "rejected": 0,
    }
    posting = JobPosting.objects.filter(source__name="j").first()
    assert posting is not None and posting.city_code and posting.salary_min


def test_wrong_mapping_fails_clearly_and_imports_nothing(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "p.csv", list(synthetic_postings(5)))
    mapping = tmp_path / "m.json"
    mapping.write_text(json.dumps({"job_title": "Job Title"}))
    err = io.StringIO()
    with pytest.raises(SystemExit):
        call_command(
            "ingest_postings",
            str(path),
            "--source",
            "s",
            "--mapping",
            str(mapping),
            stdout=io.StringIO(),
            stderr=err,
        )
    assert "Job Title" in err.getvalue()
    assert JobPosting.objects.count() == 0
    assert IngestRun.objects.get().status == RunStatus.FAILED


@pytest.fixture
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(services.runs, "CHUNK_ROWS", 50)


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("small_chunks")
def test_all_or_nothing_rolls_back_everything(tmp_path: Path) -> None:
    rows = list(synthetic_postings(130))
    rows[110]["职位名称"] = " "
    path = write_csv(tmp_path / "p.csv", rows)
    summary = ingest(path, "s", "--all-or-nothing")
    assert summary["imported"] == 0 and summary["rejected"] == 1 and accounted(summary)
    assert JobPosting.objects.count() == 0 and PostingSighting.objects.count() == 0
    assert PostingCount.objects.count() == 0
    assert not warehouse.has_files("normalized")
    assert not list(Path(warehouse.root()).rglob("*.tmp"))
    assert IngestRun.objects.get().status == RunStatus.ROLLED_BACK
    again = ingest(path, "s")  # keep-good mode then imports the good rows
    assert again["rejected"] == 1 and again["imported"] + again["duplicates"] == 129
    assert again["imported"] == JobPosting.objects.count() > 100


@pytest.mark.django_db(transaction=True)  # the warehouse is published on commit
@pytest.mark.usefixtures("small_chunks")
def test_interrupted_run_resumes_without_double_counting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_csv(tmp_path / "p.csv", list(synthetic_postings(130, seed=4)))
    source = services.source_get_or_create_for_cli(name="s")
    run = services.run_create(actor=None, source=source, path=path, file_name="p.csv")
    original = services.partitions._write_warehouse
    calls = {"n": 0}

    def crash_in_second_chunk(*args: Any, **kwargs: Any) -> None:
        calls["n"] += 1
        original(*args, **kwargs)
        if calls["n"] == 2:
            raise KeyboardInterrupt  # the process is killed mid-chunk

    monkeypatch.setattr(services.partitions, "_write_warehouse", crash_in_second_chunk)
    with pytest.raises(KeyboardInterrupt):
        services.run_execute(run_id=run.pk)
    assert JobPosting.objects.count() == 50  # only the first chunk was committed
    assert list(Path(warehouse.root()).rglob("*.tmp"))  # the second chunk's files are orphans
    monkeypatch.setattr(services.partitions, "_write_warehouse", original)
    run = services.run_execute(run_id=run.pk)
    # the re-run continues after the committed partition: the counts of a clean run
    assert run.summary() == {"read": 130, "imported": 130, "duplicates": 0, "rejected": 0}
    assert run.committed_partitions == 3
    assert JobPosting.objects.count() == 130
    assert sum(c.new_postings for c in PostingCount.objects.all()) == 130
    assert warehouse.query("select count(*) from postings")[0][0] == 130
    assert not list(Path(warehouse.root()).rglob("*.tmp"))


@pytest.mark.django_db(transaction=True)
def test_aggregates_are_incremental_and_match_the_warehouse(tmp_path: Path) -> None:
    rows = list(synthetic_postings(600, seed=11))
    ingest(write_csv(tmp_path / "a.csv", rows[:350]))
    # 50 rows overlap: from the same source they are plain duplicates (the same row sent
    # again); from another source they are re-posts of the known postings
    assert ingest(write_csv(tmp_path / "b.csv", rows[300:400]))["duplicates"] == 50
    assert ingest(write_csv(tmp_path / "c.csv", rows[300:]), "s2")["duplicates"] == 100
    db: dict[tuple[str, str], int] = {}
    for c in SkillCount.objects.all():
        db[(c.month, c.skill_id)] = db.get((c.month, c.skill_id), 0) + c.postings
    recomputed = warehouse.query(
        "select month, skill, count(*) from (select month, unnest(skills) as skill "
        "from postings where is_new) group by all"
    )
    assert db == {(m, s): n for m, s, n in recomputed}
    assert sum(c.new_postings for c in PostingCount.objects.all()) == 600
    assert sum(c.reposts for c in PostingCount.objects.all()) == 100
    aigc = sum(c.postings for c in SkillCount.objects.filter(skill_id="_aigc"))
    assert 0 < aigc < 600


def test_semantic_pass_is_resumable_and_adds_only_new_skills(tmp_path: Path) -> None:
    ingest(write_csv(tmp_path / "a.csv", list(synthetic_postings(100, seed=2))))
    editing = JobPosting.objects.filter(description__contains="剪辑").count()
    assert editing > 0
    assert services.semantic_tagging_pass(batch_size=30, limit=40) == 40
    assert services.semantic_tagging_pass(batch_size=30) == 60
    assert services.semantic_tagging_pass() == 0
    total = sum(c.postings for c in SkillCount.objects.filter(skill_id="test.video_editing"))
    assert total == editing


def _broken_xlsx(tmp_path: Path) -> Path:
    import zipfile

    book = openpyxl.Workbook()
    book.active.append(list(HEADERS))
    for r in synthetic_postings(300, seed=12):
        book.active.append([r[h] for h in HEADERS])
    good = tmp_path / "good.xlsx"
    book.save(good)
    broken = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(broken, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data[: len(data) * 2 // 3]
            target.writestr(item, data)
    return broken


def test_half_broken_xlsx_keeps_good_rows_or_nothing(tmp_path: Path) -> None:
    broken = _broken_xlsx(tmp_path)
    nothing = ingest(broken, "x", "--all-or-nothing")
    assert nothing["imported"] == 0 and nothing["rejected"] == 1 and accounted(nothing)
    assert JobPosting.objects.count() == 0
    kept = ingest(broken, "x")
    assert 100 < kept["imported"] < 300 and kept["rejected"] == 1 and accounted(kept)
    run = IngestRun.objects.order_by("-created_at").first()
    assert run is not None and run.errors[0]["code"] == "truncated_after_row"
    assert run.errors[0]["row"] == kept["read"] + 1  # header row + the rows read before it
