"""Partitions of posting files (byte ranges) read exactly the rows a whole-file reader reads,
with the same row numbers; and the clause-cached lexical tagger gives the whole-text result."""

from __future__ import annotations

import csv
import hashlib
import itertools
import json
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from talentbridge.demand.demo import HEADERS, synthetic_postings, write_csv
from talentbridge.demand.ingest.partitions import (
    FileFormat,
    PartitionTask,
    plan_byte_ranges,
    prepare_partition,
    read_byte_range,
)
from talentbridge.demand.ingest.readers import SourceRow, open_posting_file

pytestmark = pytest.mark.django_db(False)


def _file_format(path: Path) -> FileFormat:
    opened = open_posting_file(path)
    return FileFormat(opened.kind, opened.encoding, opened.delimiter, tuple(opened.headers))


def _whole(path: Path) -> list[SourceRow]:
    return list(open_posting_file(path).rows)


def _by_partitions(path: Path, rows: int) -> list[SourceRow]:
    file_format = _file_format(path)
    ranges = plan_byte_ranges(path, file_format, rows)
    assert ranges is not None
    if ranges:
        assert ranges[-1].end == path.stat().st_size
    assert all(a.end == b.start for a, b in itertools.pairwise(ranges))
    return [row for part in ranges for row in read_byte_range(path, file_format, part)]


_cell = st.text(alphabet='ab 职位,"\n\r\t；。x1Ａ剪', max_size=12)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    rows=st.lists(st.lists(_cell, min_size=1, max_size=5), min_size=0, max_size=25),
    size=st.integers(min_value=1, max_value=7),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "gb18030"]),
    crlf=st.booleans(),
)
def test_csv_partitions_read_the_rows_of_the_whole_file(
    tmp_path: Path, rows: list[list[str]], size: int, encoding: str, crlf: bool
) -> None:
    path = tmp_path / "p.csv"
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n" if crlf else "\n")
        writer.writerow(["职位名称", "描述", "c", "d", "e"])
        writer.writerows(rows)
    file_format = _file_format(path)
    if plan_byte_ranges(path, file_format, size) is None:
        # only a carriage return inside a cell makes a file unsplittable (row blocks then)
        assert any("\r" in cell for row in rows for cell in row)
        return
    assert _by_partitions(path, size) == _whole(path)


def test_quoted_line_breaks_gbk_and_numbers(tmp_path: Path) -> None:
    rows = list(synthetic_postings(40, seed=3))
    rows[5]["岗位职责"] = '第一行\n第二行，"引号"\n第三行'
    rows[17]["职位名称"] = ""
    path = write_csv(tmp_path / "g.csv", rows, encoding="gb18030")
    whole = _whole(path)
    assert _by_partitions(path, 6) == whole
    assert whole[6].number == 10  # row 6 follows the three-line cell of row 5 (header = 1)


def test_jsonl_partitions_keep_line_errors_and_numbers(tmp_path: Path) -> None:
    lines = [json.dumps({"title": f"剪辑师 {i}", "salary": "8千-1.2万"}) for i in range(20)]
    lines[4] = "{broken"
    lines[9] = "[1, 2]"
    lines[12] = ""
    path = tmp_path / "p.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    whole = _whole(path)
    assert [r.error for r in whole if r.error] == ["invalid_json", "not_an_object"]
    assert _by_partitions(path, 3) == whole


def test_stray_carriage_return_falls_back_to_row_blocks(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_bytes("职位名称,薪资\n剪辑师,8千\r后期,1万\n".encode())
    assert plan_byte_ranges(path, _file_format(path), 1) is None


def test_utf16_is_not_cut_into_byte_ranges(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "p.csv", list(synthetic_postings(5)), encoding="utf-16")
    assert plan_byte_ranges(path, _file_format(path), 2) is None


def test_prepare_partition_normalizes_rejects_and_tags(tmp_path: Path) -> None:
    rows = list(synthetic_postings(12, seed=5))
    rows[3]["职位名称"] = " "
    path = write_csv(tmp_path / "p.csv", rows)
    file_format = _file_format(path)
    ranges = plan_byte_ranges(path, file_format, 100)
    assert ranges is not None and len(ranges) == 1
    mapping = {"job_title": "职位名称", "company": "公司名称", "description": "岗位职责"}
    prepared = prepare_partition(
        PartitionTask(
            0,
            mapping=mapping,
            imported_on=date(2025, 1, 1),
            tag_skills=True,
            path=str(path),
            file_format=file_format,
            byte_range=ranges[0],
        )
    )
    assert [r.number for r in prepared.rows] == list(range(2, 14))
    assert prepared.rows[3].reject == "missing_title" and prepared.rows[3].posting is None
    good = [r for r in prepared.rows if r.posting is not None]
    assert len(good) == 11 and all(len(r.key) == 40 for r in prepared.rows)
    # the conftest keyword tagger finds the tools named in the synthetic descriptions
    assert any(r.skills for r in good)
    assert set(HEADERS) >= set(mapping.values())


@pytest.mark.slow
def test_clause_cached_lexical_tags_equal_whole_text_extraction() -> None:
    from talentbridge.demand import tagging

    tagging.use_tagger(None)  # the real engine (the conftest installs a keyword tagger)
    texts = [f"{r['职位名称']}\n{r['岗位职责']}\n{r['任职要求']}" for r in synthetic_postings(80)]
    texts += [
        "视频剪辑师\n熟练使用Premiere、After Effects；会用AE和PR者优先。熟悉Blender!",
        "Motion designer: After Effects; Cinema 4D? ae and pr skills. 能写文案",
        "ae 特效 pr 剪辑；PS 修图",  # no upper case: the acronym rule differs
        "AIGC 设计师\nStable Diffusion、Midjourney、ComfyUI 工作流；提示词工程",
    ]
    whole = [
        tagging._ids(result)
        for result in tagging._lexical_extractor().extract_many(texts, top_k=tagging.TOP_K)
    ]
    assert [tagging.lexical_tags(text) for text in texts] == whole
    assert sum(1 for found in whole if found) > len(texts) // 2


class _HashEmbedder:
    """A deterministic stand-in for the sentence model (vectors from the text's bytes)."""

    name = "hash"

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        self.calls.append(list(texts))
        rows = [np.frombuffer(hashlib.sha256(t.encode()).digest(), dtype=np.uint8) for t in texts]
        return np.asarray(rows, dtype=np.float32).reshape(len(texts), 32)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self.embed_queries(texts)


def test_cached_query_embedder_embeds_each_distinct_clause_once() -> None:
    from talentbridge.demand.tagging import CachedQueryEmbedder

    inner = _HashEmbedder()
    cached = CachedQueryEmbedder(inner, size=3)
    batches = [
        ["熟悉剪辑", "团队合作", "熟悉剪辑"],
        ["团队合作", "会用PR"],
        ["a", "b", "c"],
        ["熟悉剪辑"],
    ]
    reference = _HashEmbedder()
    for batch in batches:
        assert np.array_equal(cached.embed_queries(batch), reference.embed_queries(batch))
    # two distinct texts, then one new, then three new; "熟悉剪辑" was evicted (size 3)
    assert inner.calls == [["熟悉剪辑", "团队合作"], ["会用PR"], ["a", "b", "c"], ["熟悉剪辑"]]
    assert (cached.requested, cached.embedded) == (9, 7)
