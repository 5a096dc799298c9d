"""Build ``regions.csv`` from the npm package ``china-division`` (run by hand, not at run time).

Needs ``pypinyin`` (build time only, for English names of cities and districts)::

    cd /tmp && npm pack china-division@2.7.0 && tar xzf china-division-2.7.0.tgz
    python -m venv /tmp/pinyin && /tmp/pinyin/bin/pip install pypinyin==0.55.0
    PYTHONPATH=/path/to/repo /tmp/pinyin/bin/python -m talentbridge.core.regions.build_table \
        /tmp/package/dist talentbridge/core/regions/regions.csv

See ``SOURCE.md`` for the rules applied.
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

from talentbridge.core.regions.table import Level, short_name, without_ethnic_names

PROVINCE_NAMES_EN = {
    "11": "Beijing", "12": "Tianjin", "13": "Hebei", "14": "Shanxi", "15": "Inner Mongolia",
    "21": "Liaoning", "22": "Jilin", "23": "Heilongjiang", "31": "Shanghai", "32": "Jiangsu",
    "33": "Zhejiang", "34": "Anhui", "35": "Fujian", "36": "Jiangxi", "37": "Shandong",
    "41": "Henan", "42": "Hubei", "43": "Hunan", "44": "Guangdong", "45": "Guangxi",
    "46": "Hainan", "50": "Chongqing", "51": "Sichuan", "52": "Guizhou", "53": "Yunnan",
    "54": "Xizang", "61": "Shaanxi", "62": "Gansu", "63": "Qinghai", "64": "Ningxia",
    "65": "Xinjiang", "71": "Taiwan", "81": "Hong Kong", "82": "Macao",
}  # fmt: skip
# GB/T 2260 codes of the provinces that the statistical source leaves out.
EXTRA_PROVINCES = (("710000", "台湾省"), ("810000", "香港特别行政区"), ("820000", "澳门特别行政区"))
# Readings of polyphonic characters as used in place names, and whole-name exceptions.
PLACE_NAME_READINGS = {"长": "cháng", "都": "dū", "勒": "lè", "朝": "cháo", "单": "shàn",
                       "什": "shí", "曾": "zēng"}  # fmt: skip
PLACE_NAME_PHRASES = {"闵行": "mǐn háng", "朝阳": "cháo yáng", "六合": "lù hé", "长子": "zhǎng zǐ",
                      "洪洞": "hóng tóng", "铅山": "yán shān"}  # fmt: skip
ENGLISH_NAME_EXCEPTIONS = {"浦东新区": "Pudong New Area", "滨海新区": "Binhai New Area",
                           "神农架林区": "Shennongjia Forestry District",
                           "六枝特区": "Liuzhi Special District"}  # fmt: skip
CITY_SUFFIXES_EN = (
    ("自治州", " Autonomous Prefecture"),
    ("地区", " Prefecture"),
    ("盟", " League"),
)
DISTRICT_SUFFIXES_EN = (
    ("自治县", " Autonomous County"), ("自治旗", " Autonomous Banner"), ("区", " District"),
    ("县", " County"), ("旗", " Banner"),
)  # fmt: skip
PLACEHOLDER_CITY_NAMES = ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划")
STATISTICAL_ONLY_CODES = frozenset({"632857"})


def romanize(chinese: str) -> str:
    """``西安`` -> ``Xi'an``: syllables joined, apostrophe before a vowel-initial syllable."""
    import pypinyin  # type: ignore[import-not-found,unused-ignore]

    pypinyin.load_single_dict({ord(char): reading for char, reading in PLACE_NAME_READINGS.items()})
    pypinyin.load_phrases_dict({k: [[s] for s in v.split()] for k, v in PLACE_NAME_PHRASES.items()})
    syllables = pypinyin.lazy_pinyin(chinese)
    joined = syllables[0]
    for syllable in syllables[1:]:
        joined += ("'" if syllable[:1] in "aoe" else "") + syllable
    return joined.capitalize()


def english_name(name_zh: str, level: Level) -> str:
    if name_zh in ENGLISH_NAME_EXCEPTIONS:
        return ENGLISH_NAME_EXCEPTIONS[name_zh]
    suffixes = CITY_SUFFIXES_EN if level is Level.CITY else DISTRICT_SUFFIXES_EN
    for suffix_zh, suffix_en in suffixes:
        if name_zh.endswith(suffix_zh):
            return romanize(without_ethnic_names(name_zh[: -len(suffix_zh)])) + suffix_en
    return romanize(short_name(name_zh, level))


def is_left_out(area: dict[str, str]) -> bool:
    """Development zones and similar that NBS codes 71-79 but GB/T 2260 does not list, and
    rows repeating a city that has no districts (441900 东莞市 listed again as a county)."""
    if area["code"].endswith("00"):
        return True
    return 70 <= int(area["code"][4:]) <= 79 or area["code"] in STATISTICAL_ONLY_CODES


Row = tuple[str, str, str, str, str]


def build_rows(dist: Path) -> list[Row]:
    provinces = json.loads((dist / "provinces.json").read_text(encoding="utf-8"))
    cities = json.loads((dist / "cities.json").read_text(encoding="utf-8"))
    areas = json.loads((dist / "areas.json").read_text(encoding="utf-8"))
    province_names = {province["code"]: province["name"] for province in provinces}
    rows = [province_row(code + "0000", name) for code, name in province_names.items()]
    rows += [province_row(code, name) for code, name in EXTRA_PROVINCES]
    municipal_placeholders = {
        city["code"]: city["provinceCode"] + "0100"
        for city in cities
        if city["name"] in ("市辖区", "县")
    }
    for municipality in sorted(set(municipal_placeholders.values())):
        name = province_names[municipality[:2]]
        rows.append((municipality, name, PROVINCE_NAMES_EN[municipality[:2]], "city",
                     municipality[:2] + "0000"))  # fmt: skip
    rows += [city_row(city) for city in cities if city["name"] not in PLACEHOLDER_CITY_NAMES]
    rows += [
        area_row(area, municipal_placeholders.get(area["cityCode"]))
        for area in areas
        if not is_left_out(area)
    ]
    return sorted(rows)


def province_row(code: str, name: str) -> Row:
    return (code, name, PROVINCE_NAMES_EN[code[:2]], "province", "")


def city_row(city: dict[str, str]) -> Row:
    name_en = english_name(city["name"], Level.CITY)
    return (city["code"] + "00", city["name"], name_en, "city", city["provinceCode"] + "0000")


def area_row(area: dict[str, str], municipality: str | None) -> Row:
    """A county-level row; those directly under a province (city code ``xx90``) become cities."""
    name_en = english_name(area["name"], Level.DISTRICT)
    if area["cityCode"].endswith("90"):
        return (area["code"], area["name"], name_en, "city", area["provinceCode"] + "0000")
    parent = municipality or area["cityCode"] + "00"
    return (area["code"], area["name"], name_en, "district", parent)


def main(dist: str, output: str) -> None:
    rows = build_rows(Path(dist))
    with Path(output).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(("code", "name_zh", "name_en", "level", "parent_code"))
        writer.writerows(rows)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
