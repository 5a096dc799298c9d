"""Salary text -> monthly range. Rules and assumptions are listed in README.md beside this file."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from talentbridge.demand.normalize.text import normalize_field

WORKING_DAYS_PER_MONTH = Decimal("21.75")  # 劳动和社会保障部: (365 - 104 - 11) / 12
WORKING_HOURS_PER_DAY = Decimal(8)
WEEKS_PER_MONTH = WORKING_DAYS_PER_MONTH / 5
MONTHS_PER_YEAR = 12
YEARLY_THRESHOLD_CNY = Decimal(100_000)  # a bare CNY figure this large is a yearly package
YEARLY_THRESHOLD_FOREIGN = Decimal(10_000)  # likewise for £ / $ / € figures
BONUS_MONTHS = range(12, 25)  # ·13薪 … ·24薪


class Period(StrEnum):
    HOUR = "hour"
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    YEAR = "year"


@dataclass(frozen=True, slots=True)
class SalaryRange:
    """A posting's pay as whole CNY per month (``None`` where unknown).

    ``min_monthly``/``max_monthly`` are the same figures in ``currency``; the ``*_cny`` fields
    are filled only when ``currency`` is ``"CNY"`` (no exchange-rate conversion is done).
    ``months_per_year`` is the number of monthly salaries paid a year when the text states
    it (``·13薪``) or when a yearly figure was divided into months (12 unless stated).
    """

    min_monthly_cny: int | None
    max_monthly_cny: int | None
    months_per_year: int | None
    negotiable: bool
    currency: str | None = None
    min_monthly: int | None = None
    max_monthly: int | None = None


UNKNOWN = SalaryRange(None, None, None, negotiable=False)

_UNIT_FACTORS = {"k": 1_000, "千": 1_000, "w": 10_000, "万": 10_000, "百": 100}
_NUMBER = r"(\d+(?:\.\d+)?)(?:\s*(k|w|千|万|百)(?![a-z]))?"
_RANGE = re.compile(
    _NUMBER + r"\s*(?:元|rmb|[£$€¥]|/\w+)?\s*(?:-|~|–|—|至|到|to)\s*[£$€¥]?\s*" + _NUMBER
)
_SINGLE = re.compile(_NUMBER)
_BONUS = re.compile(r"(?:[·*x×•・.,/]|\s)*(\d{2})\s*(?:薪|个月薪|months?\s+pay)")
_THOUSANDS_SEPARATOR = re.compile(r"(?<=\d),(?=\d{3}\b)")
_NEGOTIABLE = ("面议", "面谈", "negotiable", "competitive", "doe", "depending on experience")
_AT_LEAST = ("以上", "起", "+", "至少", "不低于", "from", "starting", "at least", "min")
_AT_MOST = ("以下", "以内", "之内", "不超过", "up to", "max", "under", "below")
_CURRENCIES = (
    ("HKD", ("hk$", "hkd", "港币", "港元")),
    ("USD", ("us$", "usd", "$", "美元", "美金")),
    ("GBP", ("£", "gbp", "英镑")),
    ("EUR", ("€", "eur", "欧元")),
    ("CNY", ("¥", "rmb", "cny", "人民币", "元")),
)
_PERIODS = (
    (
        Period.HOUR,
        ("/小时", "/时", "元/h", "时薪", "per hour", "an hour", "/hr", "/hour", "hourly"),
    ),
    (Period.DAY, ("/天", "/日", "日薪", "per day", "a day", "/day", "daily")),
    (Period.WEEK, ("/周", "周薪", "per week", "a week", "/week", "/wk", "weekly")),
    (
        Period.YEAR,
        ("/年", "年薪", "per year", "a year", "/yr", "/year", "per annum", "annual", "p.a", "pa"),
    ),
    (Period.MONTH, ("/月", "月薪", "per month", "a month", "/month", "/mo", "monthly", "pcm")),
)


def parse_salary(text: str) -> SalaryRange:
    """Parse one salary field (``8千-1.2万·13薪``, ``15-25K``, ``150元/天``, ``面议`` …)."""
    cleaned = _THOUSANDS_SEPARATOR.sub("", normalize_field(text).lower())
    negotiable = any(word in cleaned for word in _NEGOTIABLE)
    bonus = _BONUS.search(cleaned)
    months = int(bonus.group(1)) if bonus and int(bonus.group(1)) in BONUS_MONTHS else None
    amounts_text = cleaned[: bonus.start()] + cleaned[bonus.end() :] if bonus else cleaned
    bounds = _amount_bounds(amounts_text)
    if bounds is None:
        return SalaryRange(None, None, months, negotiable=negotiable)
    currency = _currency(cleaned)
    period = _period(cleaned, bounds, currency)
    if period is Period.YEAR and months is None:
        months = MONTHS_PER_YEAR
    low, high = (_monthly(bound, period, months) for bound in bounds)
    is_cny = currency == "CNY"
    return SalaryRange(
        min_monthly_cny=low if is_cny else None,
        max_monthly_cny=high if is_cny else None,
        months_per_year=months,
        negotiable=negotiable,
        currency=currency,
        min_monthly=low,
        max_monthly=high,
    )


def _amount_bounds(text: str) -> tuple[Decimal | None, Decimal | None] | None:
    """The (low, high) amounts in currency units per period, before conversion to months."""
    ranged = _RANGE.search(text)
    if ranged:
        low, high = _scaled_range(*ranged.groups())
        return (min(low, high), max(low, high))
    single = _SINGLE.search(text)
    if single is None:
        return None
    value = Decimal(single.group(1)) * _UNIT_FACTORS.get(single.group(2) or "", 1)
    if any(word in text for word in _AT_MOST):
        return (None, value)
    if any(word in text for word in _AT_LEAST):
        return (value, None)
    return (value, value)


def _scaled_range(
    low_value: str, low_unit: str | None, high_value: str, high_unit: str | None
) -> tuple[Decimal, Decimal]:
    """Apply units; a unit written on one side only applies to both where that keeps the
    range sensible: ``4-8千`` is 4000-8000, ``5000-1万`` is 5000-10000, ``15k-25`` is 15k-25k."""
    low_number, high_number = Decimal(low_value), Decimal(high_value)
    if low_unit is None and low_number <= high_number:
        low_unit = high_unit
    low = low_number * _UNIT_FACTORS.get(low_unit or "", 1)
    high = high_number * _UNIT_FACTORS.get(high_unit or "", 1)
    if high_unit is None and low_unit is not None and high < low:
        high = high_number * _UNIT_FACTORS[low_unit]
    return low, high


def _currency(text: str) -> str:
    """The ISO code named by a symbol or word; CNY when nothing else is named."""
    for code, markers in _CURRENCIES:
        if any(_mentions(text, marker) for marker in markers):
            return code
    return "CNY"


def _mentions(text: str, marker: str) -> bool:
    if marker.isascii() and marker.isalpha():
        return re.search(rf"\b{re.escape(marker)}\b", text) is not None
    return marker in text


def _period(text: str, bounds: tuple[Decimal | None, Decimal | None], currency: str) -> Period:
    """The period the figures are paid for; without one, a month unless the figure is large."""
    for period, markers in _PERIODS:
        if any(_mentions(text, marker) for marker in markers):
            return period
    largest = max(bound for bound in bounds if bound is not None)
    threshold = YEARLY_THRESHOLD_CNY if currency == "CNY" else YEARLY_THRESHOLD_FOREIGN
    return Period.YEAR if largest >= threshold else Period.MONTH


_ABSURD = Decimal(10) ** 12  # no salary is this large; beyond Decimal's 28 digits it cannot round


def _monthly(amount: Decimal | None, period: Period, months: int | None) -> int | None:
    if amount is None or abs(amount) > _ABSURD:
        return None
    per_month = {
        Period.HOUR: amount * WORKING_HOURS_PER_DAY * WORKING_DAYS_PER_MONTH,
        Period.DAY: amount * WORKING_DAYS_PER_MONTH,
        Period.WEEK: amount * WEEKS_PER_MONTH,
        Period.MONTH: amount,
        Period.YEAR: amount / (months or MONTHS_PER_YEAR),
    }[period]
    return int(per_month.quantize(Decimal(1), rounding=ROUND_HALF_UP))
