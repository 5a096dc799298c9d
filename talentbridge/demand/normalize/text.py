"""Text cleanup for scraped postings: full-width to half-width, traditional to simplified,
HTML removed, whitespace collapsed."""

from __future__ import annotations

import html
import re
from functools import cache
from importlib import resources

from opencc import OpenCC

FULLWIDTH_FIRST, FULLWIDTH_LAST, FULLWIDTH_OFFSET = 0xFF01, 0xFF5E, 0xFEE0
_EXTRA_HALFWIDTH = {
    0x3000: " ",  # ideographic space
    0xFFE5: "¥",  # fullwidth yen sign
    0xFFE1: "£",  # fullwidth pound sign
    0xFFE0: "¢",  # fullwidth cent sign
}
_HALFWIDTH_TABLE = {
    **{code: chr(code - FULLWIDTH_OFFSET) for code in range(FULLWIDTH_FIRST, FULLWIDTH_LAST + 1)},
    **_EXTRA_HALFWIDTH,
}
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))

_SCRIPT_OR_STYLE = re.compile(r"<(script|style)\b[^>]*>.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_BLOCK_BREAK = re.compile(r"<\s*(br|/p|/div|/li|/h[1-6]|/tr|p|li)\b[^>]*>", re.IGNORECASE)
_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
_HORIZONTAL_SPACE = re.compile(r"[^\S\n]+")


def to_halfwidth(text: str) -> str:
    """``１５－２５Ｋ`` -> ``15-25K``; ``，`` -> ``,``; ideographic space -> space."""
    return text.translate(_HALFWIDTH_TABLE)


@cache
def _t2s() -> OpenCC:
    return OpenCC("t2s")


@cache
def _convertible_chars() -> frozenset[str]:
    """Every character that the ``t2s`` dictionaries can change.

    A text containing none of them converts to itself, so ``to_simplified`` can skip OpenCC —
    most postings are already simplified, and the conversion is the costliest step of cleanup.
    """
    folder = resources.files("opencc") / "dictionary"
    chars: set[str] = set()
    for name in ("TSCharacters.txt", "TSPhrases.txt"):
        for line in (folder / name).read_text(encoding="utf-8").splitlines():
            key, _, values = line.partition("\t")
            for target in values.split(" "):
                chars.update(k for k, v in zip(key, target, strict=False) if k != v)
                if len(key) != len(target):
                    chars.update(key)
    return frozenset(chars)


def to_simplified(text: str) -> str:
    """Traditional Chinese to simplified (OpenCC ``t2s``); other text unchanged."""
    if _convertible_chars().isdisjoint(text):
        return text
    return str(_t2s().convert(text))


def strip_html(text: str) -> str:
    """Drop scripts, styles, comments and tags (block tags become line breaks); unescape
    entities (``&amp;`` -> ``&``, ``&nbsp;`` -> no-break space)."""
    without_code = _COMMENT.sub(" ", _SCRIPT_OR_STYLE.sub(" ", text))
    with_breaks = _BLOCK_BREAK.sub("\n", without_code)
    return html.unescape(_TAG.sub(" ", with_breaks))


def collapse_whitespace(text: str) -> str:
    """Runs of spaces/tabs become one space, lines are stripped and empty lines dropped."""
    lines = (_HORIZONTAL_SPACE.sub(" ", line).strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def clean_text(text: str) -> str:
    """The full cleanup applied to every free-text field of a posting."""
    text = strip_html(text).translate(_INVISIBLE)
    return collapse_whitespace(to_simplified(to_halfwidth(text)))


def normalize_field(text: str) -> str:
    """Cleanup for short structured fields (salary, location …): one line, lower-cased later
    by the parser that needs it."""
    return " ".join(clean_text(text).split())
