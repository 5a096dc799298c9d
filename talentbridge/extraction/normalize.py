"""Text normalization that remembers where every character came from.

`normalize_text` turns raw input (HTML, full-width forms, traditional Chinese, stray control
characters) into a clean string for matching and embedding, and keeps, for each output
character, the span of the input it stands for, so evidence offsets always point into the
text the caller gave us.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from opencc import OpenCC

_HTML_HINT = re.compile(r"<\s*[a-zA-Z!/]")
_HTML_PIECE = re.compile(
    r"<(script|style|noscript|template)\b[^>]*>.*?</\1\s*>"  # whole script-like blocks
    r"|<!--.*?-->"  # comments
    r"|<[a-zA-Z!/][^<>]*>"  # any other tag
    r"|&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,31});",  # character entities
    re.DOTALL | re.IGNORECASE,
)
_BLOCK_TAG = re.compile(r"<\s*/?\s*(br|p|div|li|ul|ol|tr|td|th|h[1-6]|section|article)\b", re.I)
_SPACES = re.compile(r"\s+")
_ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad")
_HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]")


def is_cjk(char: str) -> bool:
    """True for a Han character (CJK unified ideographs and their extensions)."""
    return _HAN.match(char) is not None


def has_cjk(text: str) -> bool:
    """True if the text contains at least one Han character."""
    return _HAN.search(text) is not None


def count_cjk(text: str) -> int:
    """Number of Han characters in the text."""
    return len(_HAN.findall(text))


@dataclass(frozen=True, slots=True)
class NormalizedText:
    """A normalized string plus, per character, the input span it came from.

    `text` keeps letter case; `folded` is the same string lower-cased character by character
    (same length, same offsets), used for case-insensitive matching.
    """

    original: str
    text: str
    folded: str
    starts: Sequence[int]
    ends: Sequence[int]

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a half-open span of `text` to the half-open span of `original` it covers."""
        if not self.text or end <= start:
            return (0, 0)
        return (self.starts[start], self.ends[end - 1])


def normalize_text(raw: str) -> NormalizedText:
    """Strip HTML, fold width and case, convert traditional to simplified Chinese."""
    starts: Sequence[int]
    ends: Sequence[int]
    if not _HTML_HINT.search(raw) and _already_folded(raw):
        text, starts, ends = raw, range(len(raw)), range(1, len(raw) + 1)  # the common case
    else:
        pieces = _strip_html(raw) if _HTML_HINT.search(raw) else _plain(raw)
        chars, start_list, end_list = _fold_characters(*pieces)
        text, starts, ends = "".join(chars), tuple(start_list), tuple(end_list)
    text = _to_simplified(text)
    return NormalizedText(raw, text, _lower(text), starts, ends)


def _already_folded(text: str) -> bool:
    """True when `_fold_characters` would return the text unchanged: NFKC-normalized (so no
    character has a different NFKC form), nothing unprintable but line breaks, no space
    next to a space or a line break."""
    return (
        unicodedata.is_normalized("NFKC", text)
        and text.replace("\n", "").isprintable()
        and "  " not in text
        and " \n" not in text
        and "\n " not in text
    )


def _lower(text: str) -> str:
    """Lower case, character by character (a character whose lower case is longer stays)."""
    lowered = text.lower()
    if len(lowered) == len(text) and "Σ" not in text:  # no expansion, no final-sigma rule
        return lowered
    return "".join(_lower_same_length(char) for char in text)


def normalize_label(label: str) -> str:
    """Normalize a taxonomy label the same way text is normalized (no offsets needed)."""
    if _HTML_HINT.search(label):
        return normalize_text(label).text.strip()
    folded = "".join(_fold_one(char) for char in label if char not in _ZERO_WIDTH)
    folded = _SPACES.sub(" ", folded).strip()
    return _to_simplified(folded)


def _plain(raw: str) -> tuple[list[str], list[int], list[int]]:
    return list(raw), list(range(len(raw))), list(range(1, len(raw) + 1))


def _strip_html(raw: str) -> tuple[list[str], list[int], list[int]]:
    """Drop tags, scripts and comments; decode entities; block tags become line breaks."""
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    position = 0
    for piece in _HTML_PIECE.finditer(raw):
        for index in range(position, piece.start()):
            chars.append(raw[index])
            starts.append(index)
            ends.append(index + 1)
        token = piece.group(0)
        if token.startswith("&"):
            replacement = html.unescape(token)
        else:
            replacement = "\n" if _BLOCK_TAG.match(token) else " "
        for char in replacement:
            chars.append(char)
            starts.append(piece.start())
            ends.append(piece.end())
        position = piece.end()
    for index in range(position, len(raw)):
        chars.append(raw[index])
        starts.append(index)
        ends.append(index + 1)
    return chars, starts, ends


def _fold_characters(
    chars: list[str], starts: list[int], ends: list[int]
) -> tuple[list[str], list[int], list[int]]:
    """NFKC per character (full-width → half-width), controls → space, runs of spaces → one."""
    out_chars: list[str] = []
    out_starts: list[int] = []
    out_ends: list[int] = []
    for char, start, end in zip(chars, starts, ends, strict=True):
        if char in _ZERO_WIDTH:
            continue
        for folded in _fold_one(char):
            if folded == " " and out_chars and out_chars[-1] in " \n":
                continue
            if folded == "\n" and out_chars and out_chars[-1] == " ":
                out_chars[-1] = "\n"
                continue
            out_chars.append(folded)
            out_starts.append(start)
            out_ends.append(end)
    return out_chars, out_starts, out_ends


@cache
def _fold_one(char: str) -> str:
    if char in "\n\r\u2028\u2029":
        return "\n"
    category = unicodedata.category(char)
    if char.isspace() or category in ("Cc", "Cf", "Cs", "Co", "Cn"):
        return " "
    return unicodedata.normalize("NFKC", char)


@cache
def _converter() -> OpenCC:
    return OpenCC("t2s")


def _to_simplified(text: str) -> str:
    """OpenCC traditional → simplified, keeping the length (per character if a phrase rule
    would change it)."""
    if not has_cjk(text):
        return text
    converted: str = _converter().convert(text)
    if len(converted) == len(text):
        return converted
    return "".join(_simplify_one(char) for char in text)


@cache
def _simplify_one(char: str) -> str:
    converted: str = _converter().convert(char)
    return converted if len(converted) == 1 else char


@cache
def _lower_same_length(char: str) -> str:
    lowered = char.lower()
    return lowered if len(lowered) == 1 else char
