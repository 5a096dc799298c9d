"""``core.bulk.insert_rows``, the ingest's raw multi-row insert, on the real database."""

from __future__ import annotations

from datetime import date

import pytest

from talentbridge.core import bulk
from talentbridge.demand.models import JobPosting, PostingSighting
from talentbridge.demand.services import source_get_or_create_for_cli

pytestmark = pytest.mark.django_db

FIELDS = (
    "source",
    "job_title",
    "posted_on",
    "last_seen_on",
    "month",
    "content_hash",
    "minhash",
    "skills",
    "salary_min",
    "experience_min",
    "remote",
    "repost_count",
    "semantic_tagged",
    "row_number",
    "company",
    "company_key",
    "description",
    "province_code",
    "city_code",
    "occupation_code",
    "url",
)


def _row(source_id: object, n: int) -> tuple[object, ...]:
    return (
        source_id,
        f"视频剪辑 {n}",
        date(2025, 1, n + 1),
        date(2025, 2, n + 1),
        "2025-01",
        f"hash-{n}",
        bytes([n, 0, 255, 7]),
        [f"skill.{n}", "dc.tool.premiere"],
        8000 + n if n % 2 else None,
        1.5 if n % 2 else None,
        bool(n % 2),
        0,
        False,
        n + 2,
        "某某传媒",
        "某某传媒",
        "熟练使用 Premiere",
        "310000",
        "310100",
        "",
        "",
    )


@pytest.mark.parametrize("rows_per_statement", [1000, 2])
def test_rows_come_back_as_the_orm_reads_them(
    monkeypatch: pytest.MonkeyPatch, rows_per_statement: int
) -> None:
    monkeypatch.setattr(bulk, "_ROWS_PER_STATEMENT", rows_per_statement)
    source = source_get_or_create_for_cli(name="bulk")
    returned = bulk.insert_rows(
        JobPosting, FIELDS, [_row(source.pk, n) for n in range(5)], returning=("id", "content_hash")
    )
    assert sorted(h for _pk, h in returned) == [f"hash-{n}" for n in range(5)]
    for pk, content_hash in returned:
        posting = JobPosting.objects.get(pk=pk)
        n = int(content_hash.split("-")[1])
        assert posting.content_hash == content_hash
        assert posting.source_id == source.pk
        assert posting.job_title == f"视频剪辑 {n}"
        assert (posting.posted_on, posting.last_seen_on) == (
            date(2025, 1, n + 1),
            date(2025, 2, n + 1),
        )
        assert bytes(posting.minhash) == bytes([n, 0, 255, 7])
        assert posting.skills == [f"skill.{n}", "dc.tool.premiere"]
        assert posting.salary_min == (8000 + n if n % 2 else None)
        assert posting.experience_min == (1.5 if n % 2 else None)
        assert posting.remote is bool(n % 2)
    # the skill filter of the postings list finds it
    assert JobPosting.objects.filter(skills__icontains='"skill.3"').count() == 1


def test_without_returning_rows_are_inserted_and_nothing_is_returned() -> None:
    source = source_get_or_create_for_cli(name="bulk")
    [(posting_id, _hash)] = bulk.insert_rows(
        JobPosting, FIELDS, [_row(source.pk, 0)], returning=("id", "content_hash")
    )
    assert (
        bulk.insert_rows(
            PostingSighting,
            ("source", "row_key", "posting"),
            [(source.pk, "k1", posting_id), (source.pk, "k2", None)],
        )
        == []
    )
    assert dict(PostingSighting.objects.values_list("row_key", "posting_id")) == {
        "k1": posting_id,
        "k2": None,
    }
    assert bulk.insert_rows(PostingSighting, ("source", "row_key"), []) == []
