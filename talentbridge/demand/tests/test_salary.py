"""Salary parsing: real-world forms and properties."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from talentbridge.demand.normalize.salary import SalaryRange, parse_salary
from talentbridge.demand.normalize.text import to_halfwidth


def half_up(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


@pytest.mark.parametrize(
    ("text", "low", "high", "months"),
    [
        ("4-8千/月", 4000, 8000, None),
        ("3.5-6.5千/月", 3500, 6500, None),
        ("0.4-1万/月", 4000, 10000, None),
        ("1-1.5万/月", 10000, 15000, None),
        ("1.5-2万/月", 15000, 20000, None),
        ("8千-1.2万·13薪", 8000, 12000, 13),
        ("15-25K", 15000, 25000, None),
        ("15-25K·13薪", 15000, 25000, 13),
        ("20-30k·14薪", 20000, 30000, 14),
        ("20-30K*15薪", 20000, 30000, 15),
        ("10万-20万/年", 8333, 16667, 12),
        ("10-20万/年", 8333, 16667, 12),
        ("10-15万/年", 8333, 12500, 12),
        ("26-39万/年·13薪", 20000, 30000, 13),
        ("200元/天", 4350, 4350, None),
        ("150元/天", 3263, 3263, None),
        ("100元/天", 2175, 2175, None),
        ("20元/小时", 3480, 3480, None),
        ("3000-5000元", 3000, 5000, None),
        ("3000-5000元/月", 3000, 5000, None),
        ("5000-1万", 5000, 10000, None),
        ("8000元/月", 8000, 8000, None),
        ("１５－２５Ｋ", 15000, 25000, None),
        ("１．５－２万／月", 15000, 20000, None),
        ("15k-25k", 15000, 25000, None),
        ("15k~25k", 15000, 25000, None),
        ("15-25k 13薪", 15000, 25000, 13),
        ("年薪30万", 25000, 25000, 12),
        ("30-50万", 25000, 41667, 12),
    ],
)
def test_chinese_forms(text: str, low: int, high: int, months: int | None) -> None:
    salary = parse_salary(text)
    assert (salary.min_monthly_cny, salary.max_monthly_cny) == (low, high)
    assert salary.months_per_year == months
    assert salary.currency == "CNY"
    assert salary.negotiable is False


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("3000元以上", 3000, None),
        ("5千以上/月", 5000, None),
        ("1万以下", None, 10000),
        ("8000元起", 8000, None),
        ("up to 20k", None, 20000),
        ("20K+", 20000, None),
    ],
)
def test_open_ended(text: str, low: int | None, high: int | None) -> None:
    salary = parse_salary(text)
    assert (salary.min_monthly_cny, salary.max_monthly_cny) == (low, high)


@pytest.mark.parametrize("text", ["面议", "薪资面议", "Negotiable", "negotiable", "Competitive"])
def test_negotiable_without_figures(text: str) -> None:
    assert parse_salary(text) == SalaryRange(None, None, None, negotiable=True)


def test_negotiable_with_figures_keeps_them() -> None:
    salary = parse_salary("8-10K 可面议")
    assert (salary.min_monthly_cny, salary.max_monthly_cny, salary.negotiable) == (
        8000,
        10000,
        True,
    )


@pytest.mark.parametrize(
    ("text", "currency", "low", "high"),
    [
        ("$80,000 - $100,000 a year", "USD", 6667, 8333),
        ("£30k-£40k", "GBP", 2500, 3333),
        ("£45,000/yr - £50,000/yr", "GBP", 3750, 4167),
        ("£8,715/month - £9,000/month", "GBP", 8715, 9000),
        ("£31/hr", "GBP", 5394, 5394),
        ("€3,000 per month", "EUR", 3000, 3000),
        ("HK$25,000 - 30,000 per month", "HKD", 25000, 30000),
    ],
)
def test_foreign_currency_keeps_cny_fields_empty(
    text: str, currency: str, low: int, high: int
) -> None:
    salary = parse_salary(text)
    assert salary.currency == currency
    assert (salary.min_monthly_cny, salary.max_monthly_cny) == (None, None)
    assert (salary.min_monthly, salary.max_monthly) == (low, high)


@pytest.mark.parametrize("text", ["", "   ", "待遇优厚", "see description"])
def test_unknown(text: str) -> None:
    salary = parse_salary(text)
    assert (salary.min_monthly_cny, salary.max_monthly_cny, salary.negotiable) == (
        None,
        None,
        False,
    )


amounts = st.decimals(min_value=Decimal("0.1"), max_value=Decimal(999), places=1)
units = st.sampled_from([("千", 1000), ("万", 10000), ("K", 1000), ("k", 1000)])


@given(amounts, amounts, units)
def test_monthly_range_property(a: Decimal, b: Decimal, unit: tuple[str, int]) -> None:
    low, high = sorted((a, b))
    symbol, factor = unit
    salary = parse_salary(f"{low}-{high}{symbol}/月")
    assert salary.min_monthly_cny == half_up(low * factor)
    assert salary.max_monthly_cny == half_up(high * factor)


@given(amounts, amounts, st.integers(min_value=12, max_value=16))
def test_yearly_range_is_divided_by_paid_months(a: Decimal, b: Decimal, months: int) -> None:
    low, high = sorted((a, b))
    salary = parse_salary(f"{low}-{high}万/年·{months}薪")
    assert salary.months_per_year == months
    assert salary.min_monthly_cny == half_up(low * 10000 / months)
    assert salary.max_monthly_cny == half_up(high * 10000 / months)


@given(st.integers(min_value=1, max_value=5000), st.sampled_from(["天", "日", "小时"]))
def test_daily_and_hourly_use_21_75_working_days(rate: int, period: str) -> None:
    hours = Decimal(8) if period == "小时" else Decimal(1)
    salary = parse_salary(f"{rate}元/{period}")
    assert salary.min_monthly_cny == half_up(rate * hours * Decimal("21.75"))


@given(st.text(max_size=40))
def test_never_raises_and_min_not_above_max(text: str) -> None:
    salary = parse_salary(text)
    for low, high in (
        (salary.min_monthly_cny, salary.max_monthly_cny),
        (salary.min_monthly, salary.max_monthly),
    ):
        if low is not None and high is not None:
            assert 0 <= low <= high


def to_fullwidth(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


@given(
    st.from_regex(
        r"[0-9]{1,3}(\.[0-9])?-[0-9]{1,3}(\.[0-9])?[千万Kk](/月|/年)?(·1[2-6]薪)?", fullmatch=True
    )
)
def test_fullwidth_text_parses_like_halfwidth(text: str) -> None:
    assert to_halfwidth(to_fullwidth(text)) == text
    assert parse_salary(to_fullwidth(text)) == parse_salary(text)


def test_an_absurd_number_is_no_salary() -> None:
    salary = parse_salary("120000000000000000000000000000")
    assert salary.min_monthly_cny is None and salary.max_monthly_cny is None
