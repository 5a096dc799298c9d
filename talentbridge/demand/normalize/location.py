"""Location text -> GB/T 2260 province and city codes (and remote flag)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from talentbridge.core.regions import table
from talentbridge.core.regions.table import Level, Region
from talentbridge.demand.normalize.text import normalize_field, to_halfwidth

_REMOTE = ("远程", "居家办公", "在家办公", "remote", "work from home", "wfh", "telecommute")
_ENGLISH_ALIASES = {"tibet": "540000", "peking": "110000", "canton": "440100", "urumqi": "650100"}
_ENGLISH_PART_SEPARATORS = re.compile(r"[,;/|()\-–—·]+")
_ENGLISH_NOISE = re.compile(r"\b(city|province|shi|sheng|prc|china|people's republic of)\b")


@dataclass(frozen=True, slots=True)
class Location:
    """Where a posting's job is. Codes are 6-digit GB/T 2260 strings, ``None`` where unknown.

    A municipality's city is its single city row (上海 -> province 310000, city 310100).
    """

    province_code: str | None
    city_code: str | None
    remote: bool
    district_code: str | None = None


def parse_location(text: str) -> Location:
    """``杭州-西湖区``, ``上海·浦东``, ``广东省深圳市南山区``, ``Remote``, ``London`` …"""
    cleaned = normalize_field(text)
    remote = any(word in cleaned.lower() for word in _REMOTE)
    # Names are tried as written first: OpenCC's t2s turns some place names into other
    # characters (乾安县 -> 干安县).
    as_written = " ".join(to_halfwidth(text).split())
    region = _most_specific_region(as_written) or _most_specific_region(cleaned)
    if region is None:
        return Location(None, None, remote=remote)
    return _location_of(region, remote=remote)


def _location_of(region: Region, *, remote: bool) -> Location:
    province = table.province_of(region)
    city = table.city_of(region) or table.municipality_city(province)
    district = region if region.level is Level.DISTRICT else None
    return Location(
        province_code=province.code,
        city_code=city.code if city else None,
        remote=remote,
        district_code=district.code if district else None,
    )


def _most_specific_region(text: str) -> Region | None:
    """Scan Chinese names left to right, each inside the region found before it; fall back to
    English names of provinces and cities."""
    current: Region | None = None
    for candidates in _chinese_name_matches(text):
        chosen = _choose(candidates, within=current)
        if chosen is not None:
            current = chosen
        if current is not None and current.level is Level.DISTRICT:
            break
    return current or _english_region(text)


def _chinese_name_matches(text: str) -> list[tuple[Region, ...]]:
    """Longest region names found scanning ``text`` from the left, without overlaps."""
    lengths_by_first_char = _name_lengths_by_first_char()
    matches: list[tuple[Region, ...]] = []
    position = 0
    while position < len(text):
        for length in lengths_by_first_char.get(text[position], ()):
            found = table.find_by_name(text[position : position + length])
            if found:
                matches.append(found)
                position += length
                break
        else:
            position += 1
    return matches


@cache
def _name_lengths_by_first_char() -> dict[str, tuple[int, ...]]:
    """For each first character of a region name, the lengths of such names, longest first."""
    lengths: dict[str, set[int]] = {}
    for name in table.all_names_zh():
        lengths.setdefault(name[0], set()).add(len(name))
    return {char: tuple(sorted(found, reverse=True)) for char, found in lengths.items()}


def _choose(candidates: tuple[Region, ...], *, within: Region | None) -> Region | None:
    """Among the candidates inside ``within`` (all of them when there is no context), the one
    at the highest level, if it is the only one there (``朝阳区`` alone is ambiguous;
    ``乌鲁木齐`` is the city rather than the county of that name)."""
    if within is not None:
        candidates = tuple(
            region
            for region in candidates
            if region != within and within in table.ancestors(region)
        )
    if not candidates:
        return None
    top_level = [region for region in candidates if region.level is candidates[0].level]
    return top_level[0] if len(top_level) == 1 else None


@cache
def _english_index() -> dict[str, tuple[Region, ...]]:
    index: dict[str, list[Region]] = {}
    for region in table.all_regions():
        if region.level is not Level.DISTRICT and region.code not in _municipality_city_codes():
            index.setdefault(_english_key(region.name_en), []).append(region)
    for alias, code in _ENGLISH_ALIASES.items():
        if (aliased := table.get(code)) is not None:
            index.setdefault(alias, []).append(aliased)
    return {key: tuple(sorted(regions, key=_level_rank)) for key, regions in index.items()}


def _level_rank(region: Region) -> int:
    return list(Level).index(region.level)


@cache
def _municipality_city_codes() -> frozenset[str]:
    return frozenset(code[:2] + "0100" for code in table.MUNICIPALITY_PROVINCE_CODES)


def _english_key(name: str) -> str:
    return re.sub(r"[^a-z]", "", name.lower())


def _english_region(text: str) -> Region | None:
    """A part of the text (split at commas, dashes, slashes …) that is exactly the English
    name of one province or city (``Shanghai``, ``Hangzhou, Zhejiang, China``, ``Hong Kong``)."""
    best: Region | None = None
    for part in _ENGLISH_PART_SEPARATORS.split(text.lower()):
        key = _english_key(_ENGLISH_NOISE.sub(" ", part))
        found = _choose(_english_index().get(key, ()), within=None) if key else None
        if found is not None and (best is None or best.level is Level.PROVINCE):
            best = found
    return best
