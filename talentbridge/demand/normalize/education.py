"""Education requirement (学历) -> an ordered level."""

from __future__ import annotations

import re
from enum import IntEnum

from talentbridge.demand.normalize.text import normalize_field


class EducationLevel(IntEnum):
    """Levels in increasing order, so ``EducationLevel.BACHELOR > EducationLevel.ASSOCIATE``."""

    NONE = 0
    JUNIOR_HIGH = 1
    HIGH_SCHOOL = 2
    ASSOCIATE = 3
    BACHELOR = 4
    MASTER = 5
    DOCTORATE = 6

    @property
    def code(self) -> str:
        """Stable lower-case code for storage and the API (``"bachelor"``)."""
        return self.name.lower()


_ALTERNATIVES: dict[EducationLevel, tuple[str, ...]] = {
    EducationLevel.NONE: (
        "学历不限", "不限学历", "学历要求不限", "无学历要求", "不要求学历",
        "no degree required", "no formal education", "degree not required",
    ),
    EducationLevel.JUNIOR_HIGH: ("初中", "junior high", "middle school"),
    EducationLevel.HIGH_SCHOOL: (
        "高中", "中专", "中技", "职高", "技校", "中职", "high school", "secondary school",
        r"\bged\b", "a-levels?", "vocational school",
    ),
    EducationLevel.ASSOCIATE: (
        "大专", "专科", "高职", "associate'?s? degree", r"\bhnd\b", "higher national diploma",
    ),
    EducationLevel.BACHELOR: (
        "本科", "学士", "bachelor", "undergraduate degree", "university degree", "college degree",
        r"\bb\.?sc\b", r"\bb\.?eng\b", r"\bb\.a\.", r"\bb\.s\.",
    ),
    EducationLevel.MASTER: (
        "硕士", "研究生", "master'?s", r"\bm\.?sc\b", r"\bmba\b", r"\bm\.a\.", r"\bm\.s\.",
        r"\bmphil\b",
    ),
    EducationLevel.DOCTORATE: ("博士", "doctorate", "doctoral", r"ph\.?d"),
}  # fmt: skip
_COMPILED = tuple(
    (level, re.compile("|".join(alternatives))) for level, alternatives in _ALTERNATIVES.items()
)


def parse_education(text: str) -> EducationLevel | None:
    """The lowest level the text names (the minimum requirement: ``本科及以上，硕士优先`` is
    bachelor); ``None`` when it names none."""
    cleaned = normalize_field(text).lower()
    found = [level for level, pattern in _COMPILED if pattern.search(cleaned)]
    return min(found, default=None)
