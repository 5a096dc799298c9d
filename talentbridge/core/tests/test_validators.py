from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from talentbridge.core.validators import (
    USCC_ALPHABET,
    is_valid_uscc,
    normalize_mobile,
    uscc_check_char,
    validate_mobile,
    validate_uscc,
)


def test_known_codes() -> None:
    assert is_valid_uscc("91350100M000100Y43")
    assert is_valid_uscc("91110000802100433B")
    assert not is_valid_uscc("91350100M000100Y44")  # check digit changed
    assert not is_valid_uscc("91350100M000100YI3")  # I is not in the alphabet


@given(st.text(alphabet=USCC_ALPHABET, min_size=17, max_size=17))
def test_any_body_with_its_check_char_validates(body: str) -> None:
    code = body[:2] + "".join(c if c.isdigit() else "1" for c in body[2:8]) + body[8:]
    code += uscc_check_char(code)
    assert is_valid_uscc(code)
    wrong = USCC_ALPHABET[(USCC_ALPHABET.index(code[-1]) + 1) % 31]
    assert not is_valid_uscc(code[:-1] + wrong)


@pytest.mark.parametrize("value", ["", "123", "91350100M000100Y4", "91350100M000100Y43X"])
def test_wrong_length_is_rejected_with_a_message(value: str) -> None:
    with pytest.raises(ValidationError) as info:
        validate_uscc(value)
    assert info.value.code in ("uscc_length",)


def test_lowercase_and_spaces_are_normalized() -> None:
    validate_uscc(" 91350100m000100y43 ")


@pytest.mark.parametrize("value", ["13812345678", "+86 13812345678", "86-19912345678"])
def test_mobile_ok(value: str) -> None:
    validate_mobile(value)
    assert len(normalize_mobile(value)) == 11


@pytest.mark.parametrize("value", ["12812345678", "1381234567", "phone", "+1 4155550100"])
def test_mobile_rejected(value: str) -> None:
    with pytest.raises(ValidationError):
        validate_mobile(value)
