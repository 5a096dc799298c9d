"""Location parsing against the GB/T 2260 table."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from talentbridge.core.regions import table
from talentbridge.core.regions.table import Level
from talentbridge.demand.normalize.location import Location, parse_location


@pytest.mark.parametrize(
    ("text", "province", "city", "district"),
    [
        ("杭州-西湖区", "330000", "330100", "330106"),
        ("上海-奉贤区", "310000", "310100", "310120"),
        ("上海-徐汇区", "310000", "310100", "310104"),
        ("上海-浦东新区", "310000", "310100", "310115"),
        ("上海·浦东", "310000", "310100", "310115"),
        ("北京", "110000", "110100", None),
        ("北京市朝阳区", "110000", "110100", "110105"),
        ("长春-朝阳区", "220000", "220100", "220104"),
        ("广东省深圳市南山区", "440000", "440300", "440305"),
        ("深圳", "440000", "440300", None),
        ("浙江义乌", "330000", "330700", "330782"),
        ("重庆-巫山县", "500000", "500100", "500237"),
        ("湖北仙桃", "420000", "429004", None),
        ("松原-乾安县", "220000", "220700", "220723"),
        ("新疆乌鲁木齐", "650000", "650100", None),
        ("內蒙古呼和浩特", "150000", "150100", None),
        ("广西南宁", "450000", "450100", None),
        ("吉林", "220000", None, None),
        ("吉林市", "220000", "220200", None),
        ("香港", "810000", None, None),
        ("成都-高新区", "510000", "510100", None),
        ("上海/北京", "310000", "310100", None),
        ("Shanghai, China", "310000", "310100", None),
        ("Hangzhou, Zhejiang, China", "330000", "330100", None),
        ("Xi'an, Shaanxi", "610000", "610100", None),
        ("Hong Kong", "810000", None, None),
    ],
)
def test_places(text: str, province: str, city: str | None, district: str | None) -> None:
    assert parse_location(text) == Location(province, city, remote=False, district_code=district)


@pytest.mark.parametrize(
    ("text", "remote"),
    [
        ("异地招聘", False),
        ("全国", False),
        ("London", False),
        ("Richmond, VA", False),
        ("London, England, United Kingdom", False),
        ("朝阳区", False),
        ("", False),
        ("Remote", True),
        ("远程办公", True),
        ("居家办公", True),
        ("Work from home", True),
    ],
)
def test_no_place(text: str, remote: bool) -> None:
    assert parse_location(text) == Location(None, None, remote=remote)


def test_remote_with_a_place() -> None:
    assert parse_location("Remote - Beijing") == Location("110000", "110100", remote=True)


cities = st.sampled_from([r for r in table.all_regions() if r.level is Level.CITY])


@given(cities, st.sampled_from(["", "-", "·", " "]))
def test_province_then_city_name_finds_the_city(city: table.Region, separator: str) -> None:
    province = table.province_of(city)
    location = parse_location(f"{province.name_zh}{separator}{city.name_zh}")
    assert (location.province_code, location.city_code) == (province.code, city.code)


def test_city_then_district_name_finds_every_district() -> None:
    missed = []
    for district in (r for r in table.all_regions() if r.level is Level.DISTRICT):
        city = table.city_of(district)
        assert city is not None
        location = parse_location(f"{city.name_zh}-{district.name_zh}")
        if (location.city_code, location.district_code) != (city.code, district.code):
            missed.append(district.name_zh)
    assert missed == []


@given(st.text(max_size=30))
def test_never_raises_and_codes_are_consistent(text: str) -> None:
    location = parse_location(text)
    if location.city_code is not None:
        assert location.province_code == location.city_code[:2] + "0000"
    if location.district_code is not None:
        assert location.city_code is not None
