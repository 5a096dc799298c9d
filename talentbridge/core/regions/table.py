"""The GB/T 2260 administrative division table: provinces, cities and districts of China.

Pure Python (no Django): loads ``regions.csv`` shipped beside this module once, then answers
look-ups by code and by Chinese name (full or short). See ``SOURCE.md`` for where the rows come
from and how municipalities and directly administered county-level units are coded.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from importlib import resources

DATA_FILE = "regions.csv"
MUNICIPALITY_PROVINCE_CODES = frozenset({"110000", "120000", "310000", "500000"})

# Suffixes stripped to get a short name, tried in this order. County-level units directly
# under a province (仙桃市, 定安县, 神农架林区) are city-level rows, so cities and districts
# share one list.
_LOCAL_SUFFIXES = ("自治州", "自治县", "自治旗", "地区", "新区", "盟", "区", "县", "旗", "市")
_SHORT_NAME_EXCEPTIONS = {"神农架林区": "神农架", "六枝特区": "六枝"}
_SUFFIXES: dict[str, tuple[str, ...]] = {
    "province": ("特别行政区", "自治区", "省", "市"),
    "city": _LOCAL_SUFFIXES,
    "district": _LOCAL_SUFFIXES,
}
# Ethnic groups named in the full names of autonomous units ("大理白族自治州" -> "大理").
ETHNIC_NAMES = (
    "朝鲜族", "土家族", "苗族", "侗族", "布依族", "傣族", "景颇族", "傈僳族",
    "藏族", "羌族", "彝族", "哈尼族", "壮族", "白族", "回族", "蒙古族", "蒙古",
    "哈萨克", "柯尔克孜", "维吾尔", "黎族", "瑶族", "畲族", "满族", "仡佬族",
    "水族", "纳西族", "拉祜族", "佤族", "普米族", "怒族", "独龙族", "布朗族",
    "达斡尔族", "鄂温克族", "鄂伦春族", "锡伯", "塔吉克", "撒拉族", "土族",
    "东乡族", "保安族", "裕固族", "毛南族", "仫佬族", "各族",
)  # fmt: skip
_MIN_SHORT_NAME_LENGTH = 2


class Level(StrEnum):
    PROVINCE = "province"
    CITY = "city"
    DISTRICT = "district"


@dataclass(frozen=True, slots=True)
class Region:
    """One row of the division table. Codes are 6-digit strings (``"330106"``)."""

    code: str
    name_zh: str
    name_en: str
    level: Level
    parent_code: str | None
    short_name_zh: str = field(default="", compare=False)

    @property
    def names_zh(self) -> tuple[str, ...]:
        """The full Chinese name, then the short one when it differs."""
        if self.short_name_zh and self.short_name_zh != self.name_zh:
            return (self.name_zh, self.short_name_zh)
        return (self.name_zh,)


def short_name(name_zh: str, level: Level | str) -> str:
    """``浙江省`` -> ``浙江``, ``广西壮族自治区`` -> ``广西``, ``浦东新区`` -> ``浦东``.

    Returns the name unchanged when stripping would leave fewer than two characters
    (``城区``, ``单县``).
    """
    if name_zh in _SHORT_NAME_EXCEPTIONS:
        return _SHORT_NAME_EXCEPTIONS[name_zh]
    stem = name_zh
    for suffix in _SUFFIXES[str(level)]:
        if stem.endswith(suffix) and len(stem) - len(suffix) >= _MIN_SHORT_NAME_LENGTH:
            stem = stem[: -len(suffix)]
            break
    stem = without_ethnic_names(stem)
    return stem if len(stem) >= _MIN_SHORT_NAME_LENGTH else name_zh


def without_ethnic_names(stem: str) -> str:
    """``大理白族`` -> ``大理``: cut at the first ethnic group name after two characters."""
    positions = [
        index
        for ethnic in ETHNIC_NAMES
        if (index := stem.find(ethnic, _MIN_SHORT_NAME_LENGTH)) >= 0
    ]
    return stem[: min(positions, default=len(stem))]


def parse_rows(lines: Iterable[str]) -> tuple[Region, ...]:
    """Parse CSV text with the header ``code,name_zh,name_en,level,parent_code``."""
    regions = []
    for row in csv.DictReader(lines):
        level = Level(row["level"])
        regions.append(
            Region(
                code=row["code"],
                name_zh=row["name_zh"],
                name_en=row["name_en"],
                level=level,
                parent_code=row["parent_code"] or None,
                short_name_zh=short_name(row["name_zh"], level),
            )
        )
    return tuple(regions)


@cache
def all_regions() -> tuple[Region, ...]:
    """Every row of the shipped table, in code order."""
    text = resources.files(__package__).joinpath(DATA_FILE).read_text(encoding="utf-8")
    return parse_rows(io.StringIO(text))


@cache
def _by_code() -> dict[str, Region]:
    return {region.code: region for region in all_regions()}


@cache
def _by_name() -> dict[str, tuple[Region, ...]]:
    index: dict[str, list[Region]] = {}
    for region in all_regions():
        for name in region.names_zh:
            index.setdefault(name, []).append(region)
    return {name: tuple(sorted(regions, key=_level_then_code)) for name, regions in index.items()}


def _level_then_code(region: Region) -> tuple[int, str]:
    return (list(Level).index(region.level), region.code)


@cache
def _children() -> dict[str, tuple[Region, ...]]:
    index: dict[str, list[Region]] = {}
    for region in all_regions():
        if region.parent_code:
            index.setdefault(region.parent_code, []).append(region)
    return {code: tuple(regions) for code, regions in index.items()}


def get(code: str) -> Region | None:
    """The region with this 6-digit code, or ``None``."""
    return _by_code().get(code)


def children(code: str) -> tuple[Region, ...]:
    """The regions whose parent is ``code`` (cities of a province, districts of a city)."""
    return _children().get(code, ())


def find_by_name(text: str, *, level: Level | None = None) -> tuple[Region, ...]:
    """All regions whose full or short Chinese name equals ``text`` (stripped).

    Several regions share names (``朝阳区`` in Beijing and in Changchun; ``吉林`` is a province
    and a city), so this returns a tuple ordered province, city, district, then by code.
    """
    found = _by_name().get(text.strip(), ())
    if level is not None:
        found = tuple(region for region in found if region.level is level)
    return found


def all_names_zh() -> frozenset[str]:
    """Every full and short Chinese name in the table (for scanning text)."""
    return frozenset(_by_name())


def ancestors(region: Region) -> tuple[Region, ...]:
    """The region itself followed by its parent, grandparent, … up to the province."""
    chain = [region]
    while chain[-1].parent_code and (parent := get(chain[-1].parent_code)) is not None:
        chain.append(parent)
    return tuple(chain)


def province_of(region: Region) -> Region:
    """The province-level region containing ``region`` (itself for a province)."""
    return ancestors(region)[-1]


def city_of(region: Region) -> Region | None:
    """The city-level region containing ``region``; ``None`` for a province.

    A municipality's single city row (``110100`` for Beijing) is the city of its districts.
    """
    for candidate in ancestors(region):
        if candidate.level is Level.CITY:
            return candidate
    return None


def municipality_city(province: Region) -> Region | None:
    """For Beijing, Tianjin, Shanghai and Chongqing, their city row (``310100``); else ``None``."""
    if province.code not in MUNICIPALITY_PROVINCE_CODES:
        return None
    return get(province.code[:2] + "0100")
