"""Authorization matrix rows of core's pages (collected by tests/test_authorization_matrix.py)."""

from __future__ import annotations

from typing import Any

from conftest import ROLES

ALL = frozenset(ROLES)
NONE: Any = lambda w: {}  # noqa: E731

MATRIX = {
    "core:privacy": (NONE, {"get": ALL}),
}
