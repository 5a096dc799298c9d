"""``manage.py normalize``: the one-JSON-line contract."""

from __future__ import annotations

import json
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError


def run(**options: str) -> Any:
    out = StringIO()
    call_command("normalize", stdout=out, **options)
    lines = out.getvalue().splitlines()
    assert len(lines) == 1
    return json.loads(lines[0])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("4-8千/月", (4000, 8000, None, False)),
        ("1-1.5万/月", (10000, 15000, None, False)),
        ("10-20万/年", (8333, 16667, 12, False)),
        ("150元/天", (3263, 3263, None, False)),
        ("15-25K·13薪", (15000, 25000, 13, False)),
        ("面议", (None, None, None, True)),
    ],
)
def test_salary(text: str, expected: tuple[int | None, int | None, int | None, bool]) -> None:
    keys = ("min_monthly_cny", "max_monthly_cny", "months_per_year", "negotiable")
    assert run(salary=text) == dict(zip(keys, expected, strict=True))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("上海-奉贤区", ("310000", "310100", False)),
        ("杭州-西湖区", ("330000", "330100", False)),
        ("异地招聘", (None, None, False)),
        ("Remote", (None, None, True)),
    ],
)
def test_location(text: str, expected: tuple[str | None, str | None, bool]) -> None:
    keys = ("province_code", "city_code", "remote")
    assert run(location=text) == dict(zip(keys, expected, strict=True))


@pytest.mark.parametrize(
    "options",
    [{}, {"salary": "1万", "location": "北京"}, {"salary": ""}, {"location": "   "}],
)
def test_bad_arguments_raise_command_error(options: dict[str, str]) -> None:
    with pytest.raises(CommandError):
        call_command("normalize", stdout=StringIO(), **options)
