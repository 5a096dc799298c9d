"""Untrusted JSON, bounded (no Django: the ingest readers use it in worker processes too).

``loads_bounded`` refuses — with a code, never a ``RecursionError``, ``UnicodeDecodeError`` or a
value the database cannot store — any of:

- bytes that are not UTF-8 (``invalid_utf8``);
- text that is not JSON, or numbers past a finite float or a 4,300-digit int (``malformed``);
- ``NaN``/``Infinity`` (not JSON; PostgreSQL's ``jsonb`` rejects them) (``malformed``);
- nesting deeper than ``MAX_JSON_DEPTH`` arrays/objects (``too_deep``);
- with ``require_object=True``, any top-level value other than an object (``not_an_object``).
"""

from __future__ import annotations

import json
import math
from typing import Any

MAX_JSON_DEPTH = 64


class JSONInputError(ValueError):
    """Untrusted JSON refused: ``code`` is invalid_utf8, malformed, too_deep or not_an_object
    (``talentbridge.core.jsoninput.MESSAGES`` words them for people)."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail


def _refuse_constant(name: str) -> Any:
    raise JSONInputError("malformed", name)


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise JSONInputError("malformed", text[:40])
    return value


def _depth_exceeds(value: Any, limit: int) -> bool:
    """Whether arrays/objects nest deeper than ``limit`` (iterative: no recursion limit)."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict):
            children = node.values()
        elif isinstance(node, list):
            children = node  # type: ignore[assignment]
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return False


def loads_bounded(
    data: bytes | str, *, max_depth: int = MAX_JSON_DEPTH, require_object: bool = False
) -> Any:
    """Parse untrusted JSON or raise ``JSONInputError`` (see the module docstring)."""
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise JSONInputError("invalid_utf8", f"byte {exc.start}") from None
    else:
        text = data
    try:
        value = json.loads(text, parse_constant=_refuse_constant, parse_float=_finite_float)
    except JSONInputError:
        raise
    except RecursionError:
        raise JSONInputError("too_deep") from None
    except ValueError as exc:  # JSONDecodeError, and ints past sys.get_int_max_str_digits()
        raise JSONInputError("malformed", str(exc)[:200]) from None
    if _depth_exceeds(value, max_depth):
        raise JSONInputError("too_deep")
    if require_object and not isinstance(value, dict):
        raise JSONInputError("not_an_object", type(value).__name__)
    return value
