"""Validators for Chinese identifiers: 统一社会信用代码 (GB 32100), 学校标识码, mobile numbers."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# GB 32100-2015: 31 characters, without I, O, Z, S, V.
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_USCC_SHAPE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$")
_MOBILE = re.compile(r"^(?:\+?86[- ]?)?(1[3-9]\d{9})$")
_SCHOOL_CODE = re.compile(r"^\d{10}$")


def uscc_check_char(first17: str) -> str:
    """The GB 32100 check character for the first 17 characters of a credit code."""
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def is_valid_uscc(code: str) -> bool:
    return bool(_USCC_SHAPE.match(code)) and uscc_check_char(code[:17]) == code[17]


def normalize_uscc(value: str) -> str:
    return value.strip().upper().replace(" ", "")


def validate_uscc(value: str) -> None:
    code = normalize_uscc(value)
    if len(code) != 18:
        raise ValidationError(
            _("A unified social credit code has 18 characters; this one has %(n)d."),
            code="uscc_length",
            params={"n": len(code)},
        )
    if not _USCC_SHAPE.match(code):
        raise ValidationError(
            _("The unified social credit code contains characters that are not allowed."),
            code="uscc_chars",
        )
    if uscc_check_char(code[:17]) != code[17]:
        raise ValidationError(
            _("The check digit of this unified social credit code is wrong."),
            code="uscc_check",
        )


def validate_school_code(value: str) -> None:
    if not _SCHOOL_CODE.match(value.strip()):
        raise ValidationError(_("A school identifier (学校标识码) is 10 digits."), code="school")


def normalize_mobile(value: str) -> str:
    match = _MOBILE.match(value.strip().replace(" ", ""))
    return match.group(1) if match else value.strip()


def validate_mobile(value: str) -> None:
    if not _MOBILE.match(value.strip().replace(" ", "")):
        raise ValidationError(
            _("Enter a mainland China mobile number: 11 digits starting with 13–19."),
            code="mobile",
        )
