"""Every structured field of the development postings in ../shared/data parses.

The rows themselves are not shipped (no license); the test reads them where the work tree has
the shared data beside it and is skipped elsewhere.
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from talentbridge.demand.normalize import (
    parse_company_size,
    parse_location,
    parse_posting_date,
    parse_salary,
)

SHARED_DATA = Path(__file__).resolve().parents[3].parent / "shared" / "data"
FIFTYONE_JOB = SHARED_DATA / "postings-zh" / "51job-shanghai.csv"
LINKEDIN_UK = SHARED_DATA / "postings-en" / "ShiYang1101-linkedin-scrape" / "data" / "job.csv"

pytestmark = pytest.mark.skipif(not FIFTYONE_JOB.exists(), reason="no ../shared/data here")


def read_rows(path: Path) -> list[dict[str, str]]:
    csv.field_size_limit(1 << 30)
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_every_51job_row_parses() -> None:
    rows = read_rows(FIFTYONE_JOB)
    assert len(rows) > 1000
    for row in rows:
        salary = parse_salary(row["E:salary"])
        assert salary.min_monthly_cny is not None and salary.max_monthly_cny is not None, row
        assert 1000 <= salary.min_monthly_cny <= salary.max_monthly_cny <= 200_000, row
        location = parse_location(row["G:location"])
        assert (location.province_code, location.city_code) == ("310000", "310100"), row
        assert location.district_code is not None, row
        assert parse_company_size(row["I:company_size"]) is not None, row
        posted = parse_posting_date(row["K:post_date_MM-DD"], imported_on=date(2020, 4, 25))
        assert posted is not None and posted.year == 2020, row


@pytest.mark.skipif(not LINKEDIN_UK.exists(), reason="no LinkedIn sample here")
def test_every_linkedin_salary_has_its_currency_and_figures() -> None:
    salaries = [row["salary"].strip() for row in read_rows(LINKEDIN_UK) if row["salary"].strip()]
    assert len(salaries) > 100
    for text in salaries:
        salary = parse_salary(text)
        assert salary.currency == {"£": "GBP", "€": "EUR"}[text[0]], text
        assert salary.min_monthly is not None and salary.max_monthly is not None, text
        assert 0 < salary.min_monthly <= salary.max_monthly < 50_000, text
        assert salary.min_monthly_cny is None, text
