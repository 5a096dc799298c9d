"""``core.bulk.insert_rows``, the ingest's raw multi-row insert, on the real database."""

from __future__ import annotations

from datetime import date

import pytest

from talentbridge.core import bulk
from talentbridge.demand.models import JobPosting, PostingSighting
from talentbridge.demand.services import source_get_or_create_for_cli

pytestmark = pytest.mark.django_db


def _row(source_id: object, n: int) -> dict[str, object]:
    return {
        "source": source_id,
        "job_title": f"视频剪辑 {n}",
        "posted_on": date(2025, 1, n + 1),
        "last_seen_on": date(2025, 2, n + 1),
        "month": "2025-01",
        "content_hash": f"hash-{n}",
        "minhash": bytes([n, 0, 255, 7]),
        "skills": [f"skill.{n}", "dc.tool.premiere"],
        "salary_min": 8000 + n if n % 2 else None,
        "experience_min": 1.5 if n % 2 else None,
        "remote": bool(n % 2),
        "repost_count": 0,
        "semantic_tagged": False,
        "row_number": n + 2,
        "company": "某某传媒",
        "company_key": "某某传媒",
        "description": "熟练使用 Premiere",
        "province_code": "310000",
        "city_code": "310100",
        "occupation_code": "",
        "url": "",
    }


@pytest.mark.parametrize("rows_per_statement", [1000, 2])
def test_rows_come_back_as_the_orm_reads_them(
    monkeypatch: pytest.MonkeyPatch, rows_per_statement: int
) -> None:
    monkeypatch.setattr(bulk, "_ROWS_PER_STATEMENT", rows_per_statement)
    source = source_get_or_create_for_cli(name="bulk")
    returned = bulk.insert_rows(
        JobPosting, [_row(source.pk, n) for n in range(5)], returning=("id", "content_hash")
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
        JobPosting, [_row(source.pk, 0)], returning=("id", "content_hash")
    )
    assert (
        bulk.insert_rows(
            PostingSighting,
            [
                {"source": source.pk, "row_key": "k1", "posting": posting_id},
                {"source": source.pk, "row_key": "k2", "posting": None},
            ],
        )
        == []
    )
    assert dict(PostingSighting.objects.values_list("row_key", "posting_id")) == {
        "k1": posting_id,
        "k2": None,
    }
    assert bulk.insert_rows(PostingSighting, []) == []
