"""The shipped GB/T 2260 table: shape, hierarchy and name look-ups."""

from __future__ import annotations

import io
import re
from importlib import resources

import pytest
from hypothesis import given
from hypothesis import strategies as st

from talentbridge.core.regions import table
from talentbridge.core.regions.table import Level

MUNICIPALITIES = {"110000": "110100", "120000": "120100", "310000": "310100", "500000": "500100"}


def test_codes_are_unique_six_digit_strings() -> None:
    codes = [region.code for region in table.all_regions()]
    assert len(codes) == len(set(codes))
    assert all(re.fullmatch(r"\d{6}", code) for code in codes)


def test_has_34_provinces_including_hong_kong_macao_taiwan() -> None:
    provinces = {r.code for r in table.all_regions() if r.level is Level.PROVINCE}
    assert len(provinces) == 34
    assert {"710000", "810000", "820000"} <= provinces


def test_every_parent_is_one_level_up() -> None:
    expected_parent_level = {Level.CITY: Level.PROVINCE, Level.DISTRICT: Level.CITY}
    for region in table.all_regions():
        if region.level is Level.PROVINCE:
            assert region.parent_code is None
            continue
        parent = table.get(region.parent_code or "")
        assert parent is not None, region
        assert parent.level is expected_parent_level[region.level], region
        assert region.code[:2] == parent.code[:2], region


def test_counts_are_those_of_the_2023_source() -> None:
    levels = [region.level for region in table.all_regions()]
    assert levels.count(Level.CITY) > 330
    assert levels.count(Level.DISTRICT) > 2800


@pytest.mark.parametrize(("province", "city"), MUNICIPALITIES.items())
def test_municipalities_have_one_city_row_holding_all_districts(province: str, city: str) -> None:
    municipality = table.get(province)
    assert municipality is not None
    city_row = table.municipality_city(municipality)
    assert city_row is not None and city_row.code == city
    assert [region.code for region in table.children(province)] == [city]
    assert len(table.children(city)) >= 10


def test_statistical_only_zones_are_left_out() -> None:
    assert all(
        not 70 <= int(r.code[4:]) <= 79 for r in table.all_regions() if r.level is Level.DISTRICT
    )
    assert table.find_by_name("郑州航空港经济综合实验区") == ()


def test_province_administered_county_cities_are_city_level() -> None:
    (xiantao,) = table.find_by_name("仙桃")
    assert (xiantao.code, xiantao.level, xiantao.parent_code) == ("429004", Level.CITY, "420000")


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("浙江省", "330000"), ("浙江", "330000"), ("杭州市", "330100"), ("杭州", "330100"),
        ("内蒙古自治区", "150000"), ("内蒙古", "150000"), ("广西壮族自治区", "450000"),
        ("广西", "450000"), ("宁夏", "640000"), ("新疆", "650000"), ("西藏", "540000"),
        ("香港", "810000"), ("澳门特别行政区", "820000"), ("台湾", "710000"),
        ("延边", "222400"), ("大理白族自治州", "532900"), ("浦东", "310115"), ("奉贤区", "310120"),
        ("神农架", "429021"), ("锡林郭勒", "152500"),
    ],
)  # fmt: skip
def test_find_by_full_and_short_name(name: str, code: str) -> None:
    assert table.find_by_name(name)[0].code == code


def test_shared_names_come_back_province_first_then_city_then_district() -> None:
    assert [r.code for r in table.find_by_name("吉林")] == ["220000", "220200"]
    assert [r.code for r in table.find_by_name("北京市")] == ["110000", "110100"]
    chaoyang = table.find_by_name("朝阳区")
    assert {r.code for r in chaoyang} >= {"110105", "220104"}
    assert table.find_by_name("朝阳区", level=Level.CITY) == ()


def test_unknown_names_and_codes() -> None:
    assert table.find_by_name("伦敦") == ()
    assert table.get("999999") is None


@pytest.mark.parametrize(
    ("name", "level", "short"),
    [
        ("浙江省", "province", "浙江"), ("新疆维吾尔自治区", "province", "新疆"),
        ("恩施土家族苗族自治州", "city", "恩施"), ("锡林郭勒盟", "city", "锡林郭勒"),
        ("大兴安岭地区", "city", "大兴安岭"), ("浦东新区", "district", "浦东"),
        ("城区", "district", "城区"), ("单县", "district", "单县"),
        ("石柱土家族自治县", "district", "石柱"),
    ],
)  # fmt: skip
def test_short_name(name: str, level: str, short: str) -> None:
    assert table.short_name(name, level) == short


def test_english_names_are_ascii_and_present() -> None:
    for region in table.all_regions():
        assert region.name_en and region.name_en.isascii(), region
    assert table.get("610000").name_en == "Shaanxi"  # type: ignore[union-attr]
    assert table.get("140000").name_en == "Shanxi"  # type: ignore[union-attr]


def test_city_of_and_province_of() -> None:
    xihu = table.get("330106")
    assert xihu is not None
    assert table.city_of(xihu) == table.get("330100")
    assert table.province_of(xihu) == table.get("330000")
    assert table.city_of(table.province_of(xihu)) is None


def test_shipped_file_is_small() -> None:
    data = resources.files("talentbridge.core.regions").joinpath(table.DATA_FILE).read_bytes()
    assert len(data) < 3 * 1024 * 1024


def test_parse_rows_reads_the_documented_columns() -> None:
    rows = table.parse_rows(io.StringIO("code,name_zh,name_en,level,parent_code\n"
                                        "330000,浙江省,Zhejiang,province,\n"))  # fmt: skip
    assert rows == (table.Region("330000", "浙江省", "Zhejiang", Level.PROVINCE, None),)
    assert rows[0].names_zh == ("浙江省", "浙江")


@given(st.sampled_from(table.all_regions()))
def test_every_region_is_found_by_its_names(region: table.Region) -> None:
    for name in region.names_zh:
        assert region in table.find_by_name(name)
    assert table.ancestors(region)[-1].level is Level.PROVINCE
