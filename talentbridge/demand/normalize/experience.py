"""Experience requirement (经验) -> (min_years, max_years)."""

from __future__ import annotations

import re
from typing import NamedTuple

from talentbridge.demand.normalize.text import normalize_field


class ExperienceRange(NamedTuple):
    """Years of experience asked for; ``None`` where open-ended or unknown."""

    min_years: float | None
    max_years: float | None


NO_EXPERIENCE = ExperienceRange(0.0, None)
NEW_GRADUATE = ExperienceRange(0.0, 0.0)

_CHINESE_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
                   "九": 9, "十": 10, "半": 0.5}  # fmt: skip
_NUMBER = r"(\d+(?:\.\d+)?|[一二两三四五六七八九十半])"
_UNIT = r"\s*(年|个月|月|years?|yrs?|months?)"
_RANGE = re.compile(_NUMBER + r"\s*(?:-|~|至|到|to)\s*" + _NUMBER + _UNIT)
_SINGLE = re.compile(_NUMBER + r"\s*\+?" + _UNIT)
_AT_MOST = ("以下", "以内", "不到", "less than", "under", "up to")
_NEW_GRADUATE = ("应届", "在校生", "毕业生", "fresh graduate", "new graduate", "graduate scheme",
                 "entry level", "entry-level")  # fmt: skip
_NO_EXPERIENCE = ("无需经验", "经验不限", "不限经验", "无经验", "无工作经验要求", "no experience",
                  "experience not required")  # fmt: skip


def parse_experience(text: str) -> ExperienceRange | None:
    """``1-3年`` -> (1, 3); ``3年以上`` and a bare ``3年经验`` -> (3, None); ``1年以下`` ->
    (0, 1); ``无需经验`` -> (0, None); ``应届生`` -> (0, 0); ``5-10 years`` -> (5, 10)."""
    cleaned = normalize_field(text).lower()
    ranged = _RANGE.search(cleaned)
    if ranged:
        low, high = (_years(ranged.group(i), ranged.group(3)) for i in (1, 2))
        return ExperienceRange(min(low, high), max(low, high))
    single = _SINGLE.search(cleaned)
    if single:
        years = _years(single.group(1), single.group(2))
        if any(word in cleaned for word in _AT_MOST):
            return ExperienceRange(0, years)
        return ExperienceRange(years, None)
    if any(word in cleaned for word in _NO_EXPERIENCE):
        return NO_EXPERIENCE
    if any(word in cleaned for word in _NEW_GRADUATE):
        return NEW_GRADUATE
    return None


def _years(number: str, unit: str) -> float:
    value = float(_CHINESE_DIGITS[number]) if number in _CHINESE_DIGITS else float(number)
    if unit.startswith(("月", "个月", "month")):
        value /= 12
    return round(value, 2)
