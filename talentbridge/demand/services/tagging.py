"""The semantic tagging pass over stored postings."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from talentbridge.demand import aggregates
from talentbridge.demand.models import (
    JobPosting,
)
from talentbridge.demand.services.partitions import _with_markers
from talentbridge.demand.tagging import AIGC_MARKER, aigc_skill_ids, tag_texts

# --- semantic tagging pass ------------------------------------------------------------------


def semantic_tagging_pass(
    *, batch_size: int = 256, limit: int | None = None, fast: bool = False
) -> int:
    """Tag postings not yet semantically tagged; adds only skills the lexical pass missed
    (``fast``: the extraction engine's static-vector mode instead of e5).

    Each batch commits its tags, flags and aggregate additions together, so the pass can be
    stopped at any time and resumed by calling it again. Returns the postings processed.
    """
    done = 0
    while limit is None or done < limit:
        size = batch_size if limit is None else min(batch_size, limit - done)
        with transaction.atomic():
            batch = list(
                JobPosting.objects.select_for_update()
                .filter(semantic_tagged=False)
                .order_by("id")[:size]
            )
            if not batch:
                break
            found = tag_texts(
                [f"{p.job_title}\n{p.description}" for p in batch], semantic=True, fast=fast
            )
            by_source: dict[Any, list[dict[str, Any]]] = {}
            for posting, skills in zip(batch, found, strict=True):
                had_aigc = bool(aigc_skill_ids().intersection(posting.skills))
                added = [s for s in skills if s not in posting.skills]
                posting.skills = [*posting.skills, *added]
                posting.semantic_tagged = True
                if added:
                    markers = (
                        [] if had_aigc else [m for m in _with_markers(added) if m == AIGC_MARKER]
                    )
                    by_source.setdefault(posting.source_id, []).append(
                        _posting_row(posting, [*added, *markers])
                    )
            JobPosting.objects.bulk_update(batch, ["skills", "semantic_tagged"])
            for source_id, rows in by_source.items():
                aggregates.add_chunk(str(source_id), rows, count_postings=False)
        done += len(batch)
    return done


def _posting_row(posting: JobPosting, skills: list[str]) -> dict[str, Any]:
    low, high = posting.salary_min, posting.salary_max
    salary_mid = (low + high) // 2 if low is not None and high is not None else (low or high)
    return {
        "month": posting.month,
        "province_code": posting.province_code,
        "city_code": posting.city_code,
        "occupation_code": posting.occupation_code,
        "company_key": posting.company_key,
        "salary_mid": salary_mid,
        "skills": skills,
        "is_new": True,
    }
