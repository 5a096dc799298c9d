"""Education, experience, company size and posting-date normalizers."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from talentbridge.demand.normalize import (
    CompanySize,
    EducationLevel,
    ExperienceRange,
    parse_company_size,
    parse_education,
    parse_experience,
    parse_posting_date,
)


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("学历不限", EducationLevel.NONE),
        ("初中及以上", EducationLevel.JUNIOR_HIGH),
        ("高中", EducationLevel.HIGH_SCHOOL),
        ("中专/中技", EducationLevel.HIGH_SCHOOL),
        ("大专", EducationLevel.ASSOCIATE),
        ("大专以上学历", EducationLevel.ASSOCIATE),
        ("本科", EducationLevel.BACHELOR),
        ("统招本科及以上", EducationLevel.BACHELOR),
        ("本科及以上，硕士优先", EducationLevel.BACHELOR),
        ("硕士", EducationLevel.MASTER),
        ("研究生", EducationLevel.MASTER),
        ("博士", EducationLevel.DOCTORATE),
        ("Bachelor's degree", EducationLevel.BACHELOR),
        ("BSc in Computer Science", EducationLevel.BACHELOR),
        ("Master's degree or PhD", EducationLevel.MASTER),
        ("PhD", EducationLevel.DOCTORATE),
        ("High school diploma or GED", EducationLevel.HIGH_SCHOOL),
        ("Associate degree", EducationLevel.ASSOCIATE),
        ("No degree required", EducationLevel.NONE),
        ("學歷：本科", EducationLevel.BACHELOR),
    ],
)
def test_education(text: str, level: EducationLevel) -> None:
    assert parse_education(text) is level


def test_education_levels_are_ordered_and_coded() -> None:
    assert EducationLevel.NONE < EducationLevel.HIGH_SCHOOL < EducationLevel.ASSOCIATE
    assert EducationLevel.ASSOCIATE < EducationLevel.BACHELOR < EducationLevel.MASTER
    assert EducationLevel.MASTER < EducationLevel.DOCTORATE
    assert EducationLevel.BACHELOR.code == "bachelor"
    assert parse_education("Data Engineer") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1-3年", (1, 3)),
        ("3-5年经验", (3, 5)),
        ("3年以上", (3, None)),
        ("10年以上经验", (10, None)),
        ("三年以上工作经验", (3, None)),
        ("两年以上", (2, None)),
        ("2年经验", (2, None)),
        ("1年以下", (0, 1)),
        ("半年以上", (0.5, None)),
        ("6个月以上", (0.5, None)),
        ("无需经验", (0, None)),
        ("经验不限", (0, None)),
        ("应届生", (0, 0)),
        ("应届毕业生", (0, 0)),
        ("5-10 years", (5, 10)),
        ("5+ years of experience", (5, None)),
        ("at least 3 years", (3, None)),
        ("Graduate scheme, entry level", (0, 0)),
    ],
)
def test_experience(text: str, expected: tuple[float, float | None]) -> None:
    assert parse_experience(text) == ExperienceRange(*expected)


def test_experience_unknown() -> None:
    assert parse_experience("") is None
    assert parse_experience("沟通能力强") is None


@given(st.integers(0, 30), st.integers(0, 30))
def test_experience_range_property(a: int, b: int) -> None:
    result = parse_experience(f"{a}-{b}年")
    assert result == ExperienceRange(min(a, b), max(a, b))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("50-150人", (50, 150)),
        ("  500-1000人   ", (500, 1000)),
        ("10000人以上", (10000, None)),
        ("少于50人", (1, 49)),
        ("50人以下", (1, 50)),
        ("1,001-5,000 employees", (1001, 5000)),
        ("10,001+ employees", (10001, None)),
        ("1-10 employees", (1, 10)),
    ],
)
def test_company_size(text: str, expected: tuple[int, int | None]) -> None:
    assert parse_company_size(text) == CompanySize(*expected)


def test_company_size_unknown() -> None:
    assert parse_company_size("") is None
    assert parse_company_size("上市公司") is None


IMPORTED = date(2020, 4, 22)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("04-15", date(2020, 4, 15)),
        ("04-22", date(2020, 4, 22)),
        ("04-25", date(2019, 4, 25)),
        ("12-31", date(2019, 12, 31)),
        ("3月14日", date(2020, 3, 14)),
        ("3天前", date(2020, 4, 19)),
        ("昨天", date(2020, 4, 21)),
        ("前天", date(2020, 4, 20)),
        ("刚刚", IMPORTED),
        ("今天", IMPORTED),
        ("2小时前", IMPORTED),
        ("2025-03-14", date(2025, 3, 14)),
        ("2025/3/4", date(2025, 3, 4)),
        ("2019年3月14日", date(2019, 3, 14)),
        ("2 days ago", date(2020, 4, 20)),
        ("1 day ago", date(2020, 4, 21)),
        ("Reposted 2 weeks ago", date(2020, 4, 8)),
        ("1 month ago", date(2020, 3, 22)),
        ("3 months ago", date(2020, 1, 22)),
        ("1 year ago", date(2019, 4, 22)),
        ("15 hours ago", IMPORTED),
        ("yesterday", date(2020, 4, 21)),
    ],
)
def test_posting_date(text: str, expected: date) -> None:
    assert parse_posting_date(text, imported_on=IMPORTED) == expected


def test_posting_date_edge_cases() -> None:
    assert parse_posting_date("1 month ago", imported_on=date(2021, 3, 31)) == date(2021, 2, 28)
    assert parse_posting_date("02-29", imported_on=date(2021, 5, 1)) == date(2020, 2, 29)
    assert parse_posting_date("13-45", imported_on=IMPORTED) is None
    assert parse_posting_date("", imported_on=IMPORTED) is None


@given(
    st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)),
    st.integers(1, 12),
    st.integers(1, 31),
)
def test_month_day_is_never_in_the_future(imported_on: date, month: int, day: int) -> None:
    result = parse_posting_date(f"{month:02d}-{day:02d}", imported_on=imported_on)
    if result is not None:
        assert result <= imported_on
        assert imported_on - result < timedelta(days=366 * 4 + 1)
        assert (result.month, result.day) == (month, day)


@given(st.dates(min_value=date(2000, 1, 1)), st.integers(0, 400))
def test_days_ago_counts_back(imported_on: date, days: int) -> None:
    assert parse_posting_date(f"{days}天前", imported_on=imported_on) == imported_on - timedelta(
        days
    )
    assert parse_posting_date(
        f"{days} days ago", imported_on=imported_on
    ) == imported_on - timedelta(days)
