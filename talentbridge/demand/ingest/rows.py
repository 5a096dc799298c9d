"""One mapped source row -> a normalized posting, or a rejection code.

Uses the pure normalizers in ``talentbridge.demand.normalize`` (salary, location, dates, ...)
and the fingerprints in ``dedupe``. Rejection codes: missing_title, title_too_long,
text_too_long.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from talentbridge.demand.ingest.dedupe import (
    company_key,
    content_hash_of_keys,
    minhash_of_key,
    text_key,
)
from talentbridge.demand.ingest.occupations import occupation_for_title
from talentbridge.demand.normalize import (
    ExperienceRange,
    Location,
    SalaryRange,
    clean_text,
    parse_education,
    parse_experience,
    parse_location,
    parse_posting_date,
    parse_salary,
)

MAX_TITLE = 300
MAX_TEXT = 100_000
_TEXT_FIELDS = ("description", "responsibilities", "requirements")
_CACHE = 65536
_CLAUSE = re.compile(r"[^。;；\n!！?？]+")
_EDUCATION_HINT = re.compile(
    r"学历|本科|大专|专科|硕士|博士|研究生|高中|中专|degree|bachelor|master|ph\.?d|diploma",
    re.IGNORECASE,
)
_EXPERIENCE_HINT = re.compile(r"经验|年以上|应届|experience|years?", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class NormalizedPosting:
    job_title: str
    company: str
    company_key: str
    description: str
    province_code: str
    city_code: str
    remote: bool
    salary_min: int | None
    salary_max: int | None
    education: int | None
    experience_min: float | None
    occupation_code: str
    posted_on: date
    date_guessed: bool
    content_hash: str
    minhash: bytes
    url: str

    @property
    def month(self) -> str:
        return self.posted_on.strftime("%Y-%m")


def mapped_values(values: Mapping[str, str], mapping: Mapping[str, str]) -> dict[str, str]:
    """``{canonical field: cell text}`` for the mapped fields present in the row."""
    return {field: values.get(header, "") or "" for field, header in mapping.items() if header}


def normalize_row(fields: Mapping[str, str], *, imported_on: date) -> NormalizedPosting | str:
    """The normalized posting, or a rejection code."""
    title = " ".join(clean_text(fields.get("job_title", "")).split())
    if not title:
        return "missing_title"
    if len(title) > MAX_TITLE:
        return "title_too_long"
    description = "\n".join(
        clean_text(fields[name]) for name in _TEXT_FIELDS if fields.get(name, "").strip()
    )
    if len(description) > MAX_TEXT:
        return "text_too_long"
    company = " ".join(clean_text(fields.get("company", "")).split())[:300]
    location = _location(fields.get("location", "").strip())
    salary = _salary(fields.get("salary", "").strip())
    posted = _posted_on(fields.get("posted_on", "").strip(), imported_on)
    education = _education(fields.get("education", "") or _clauses(description, _EDUCATION_HINT))
    experience = _experience(
        fields.get("experience", "") or _clauses(description, _EXPERIENCE_HINT)
    )
    employer = company_key(company)
    title_key, text = text_key(title), text_key(description)
    return NormalizedPosting(
        job_title=title,
        company=company,
        company_key=employer[:300],
        description=description,
        province_code=(location.province_code or "") if location else "",
        city_code=(location.city_code or "") if location else "",
        remote=bool(location and location.remote),
        salary_min=salary.min_monthly_cny if salary else None,
        salary_max=salary.max_monthly_cny if salary else None,
        education=education,
        experience_min=experience.min_years if experience else None,
        occupation_code=occupation_for_title(title),
        posted_on=posted or imported_on,
        date_guessed=posted is None,
        content_hash=content_hash_of_keys(employer, _city_key(location), title_key, text),
        minhash=minhash_of_key(title_key + text),  # = minhash(f"{title}\n{description}")
        url=fields.get("url", "").strip()[:500],
    )


def _clauses(text: str, hint: re.Pattern[str]) -> str:
    """Only the clauses that can matter to a parser (keeps the slow text cleanup short)."""
    return "。".join(m.group(0) for m in _CLAUSE.finditer(text) if hint.search(m.group(0)))[:500]


# Short structured cells repeat a lot (same city, same salary band): parse each once.
@lru_cache(maxsize=_CACHE)
def _location(text: str) -> Location | None:
    return parse_location(text) if text else None


@lru_cache(maxsize=_CACHE)
def _salary(text: str) -> SalaryRange | None:
    return parse_salary(text) if text else None


@lru_cache(maxsize=_CACHE)
def _posted_on(text: str, imported_on: date) -> date | None:
    return parse_posting_date(text, imported_on=imported_on) if text else None


@lru_cache(maxsize=_CACHE)
def _education(text: str) -> int | None:
    level = parse_education(text) if text else None
    return int(level) if level is not None else None


@lru_cache(maxsize=_CACHE)
def _experience(text: str) -> ExperienceRange | None:
    return parse_experience(text) if text else None


def _city_key(location: Location | None) -> str:
    if location is None:
        return ""
    return location.city_code or location.province_code or ("remote" if location.remote else "")
