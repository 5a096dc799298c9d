"""Company size (公司规模) -> (min_employees, max_employees)."""

from __future__ import annotations

import re
from typing import NamedTuple

from talentbridge.demand.normalize.text import normalize_field


class CompanySize(NamedTuple):
    """Head-count bounds; ``None`` where open-ended or unknown."""

    min_employees: int | None
    max_employees: int | None


_THOUSANDS_SEPARATOR = re.compile(r"(?<=\d),(?=\d{3}\b)")
_RANGE = re.compile(r"(\d+)\s*(?:-|~|至|到|to)\s*(\d+)")
_NUMBER = re.compile(r"(\d+)\s*(\+)?")
_FEWER_THAN = ("少于", "小于", "不到", "fewer than", "less than", "under")
_AT_MOST = ("以下", "以内")
_AT_LEAST = ("以上", "+", "more than", "over")


def parse_company_size(text: str) -> CompanySize | None:
    """``50-150人`` -> (50, 150); ``10000人以上`` -> (10000, None); ``少于50人`` -> (1, 49);
    ``1,001-5,000 employees`` -> (1001, 5000); ``10,001+ employees`` -> (10001, None)."""
    cleaned = _THOUSANDS_SEPARATOR.sub("", normalize_field(text).lower())
    ranged = _RANGE.search(cleaned)
    if ranged:
        low, high = int(ranged.group(1)), int(ranged.group(2))
        return CompanySize(min(low, high), max(low, high))
    single = _NUMBER.search(cleaned)
    if single is None:
        return None
    count = int(single.group(1))
    if any(word in cleaned for word in _FEWER_THAN):
        return CompanySize(1, max(count - 1, 1))
    if any(word in cleaned for word in _AT_MOST):
        return CompanySize(1, max(count, 1))
    if any(word in cleaned for word in _AT_LEAST):
        return CompanySize(count, None)
    return CompanySize(count, count)
