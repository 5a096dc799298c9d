"""Helpers for bilingual (zh-hans / en) data."""

from __future__ import annotations

from django.utils.translation import get_language


def localized(zh: str, en: str) -> str:
    """The value for the active language, falling back to the other one when empty."""
    english = (get_language() or "").startswith("en")
    return (en or zh) if english else (zh or en)
