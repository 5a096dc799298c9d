"""Posting dates as scraped (``04-15``, ``3天前``, ``2 days ago``) -> a calendar date."""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from talentbridge.demand.normalize.text import normalize_field

LEAP_YEAR_SPAN = 4
_FULL_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
_MONTH_DAY = re.compile(r"(?<!\d)(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?!\d)")
_AGO = re.compile(
    r"(\d+|an?|one)\s*(分钟|小时|天|日|周|星期|个月|月|年|minutes?|mins?|hours?|days?|weeks?"
    r"|months?|years?)\s*(?:前|ago)"
)
_DAYS_BACK = {"前天": 2, "昨天": 1, "yesterday": 1, "今天": 0, "刚刚": 0, "today": 0,
              "just now": 0, "刚发布": 0}  # fmt: skip
_UNIT_DAYS = {"分钟": 0, "小时": 0, "minute": 0, "min": 0, "hour": 0, "天": 1, "日": 1, "day": 1,
              "周": 7, "星期": 7, "week": 7}  # fmt: skip
_UNIT_MONTHS = {"个月": 1, "月": 1, "month": 1, "年": 12, "year": 12}


def parse_posting_date(text: str, *, imported_on: date) -> date | None:
    """Resolve a posting date against the day the posting was imported.

    ``2025-03-14`` is taken as written; ``04-15`` (month-day) gets the import year, or the year
    before when that would be after ``imported_on``; relative forms count back from
    ``imported_on`` (``3天前``, ``昨天``, ``2 weeks ago``, ``1 month ago`` in calendar months).
    """
    cleaned = normalize_field(text).lower()
    if full := _FULL_DATE.search(cleaned):
        return _date_or_none(*(int(part) for part in full.groups()))
    if ago := _AGO.search(cleaned):
        return _count_back(ago.group(1), ago.group(2), imported_on)
    for word, days in _DAYS_BACK.items():
        if word in cleaned:
            return imported_on - timedelta(days=days)
    if month_day := _MONTH_DAY.search(cleaned):
        month, day = (int(part) for part in month_day.groups())
        return _latest_not_after(month, day, imported_on)
    return None


def _count_back(amount: str, unit: str, imported_on: date) -> date:
    count = int(amount) if amount.isdigit() else 1
    unit = unit.removesuffix("s")
    if unit in _UNIT_MONTHS:
        return _months_before(imported_on, count * _UNIT_MONTHS[unit])
    return imported_on - timedelta(days=count * _UNIT_DAYS[unit])


def _months_before(day: date, months: int) -> date:
    """The same day of the month ``months`` earlier, clamped to that month's last day."""
    year, month_index = divmod(day.year * 12 + day.month - 1 - months, 12)
    last_day = calendar.monthrange(year, month_index + 1)[1]
    return date(year, month_index + 1, min(day.day, last_day))


def _latest_not_after(month: int, day: int, imported_on: date) -> date | None:
    """``month``-``day`` in the latest year that puts it on or before ``imported_on`` (the
    import year or the one before; further back only for 29 February)."""
    for year in range(imported_on.year, imported_on.year - LEAP_YEAR_SPAN - 1, -1):
        candidate = _date_or_none(year, month, day)
        if candidate is not None and candidate <= imported_on:
            return candidate
    return None


def _date_or_none(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None
