"""Sentence and clause splitting on normalized text (offsets stay in normalized text)."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Sentence ends: CJK and Latin terminal punctuation, line breaks, bullets, "1、" / "2." items.
_SENTENCE_BREAK = re.compile(
    r"[。！？!?;；\n•●▪◆■★☆]+"
    r"|(?<![\w.])\d{1,2}[、.．)](?!\d)"
    r"|(?<=[a-z)])\.(?=\s|$)"
)
# Clause breaks inside a sentence: commas, enumeration commas, colons.
_CLAUSE_BREAK = re.compile(r"[，,、：:]+")
_MAX_CLAUSE_CHARS = 160


@dataclass(frozen=True, slots=True)
class Segment:
    """A piece of normalized text: `text` equals normalized[start:end]."""

    start: int
    end: int
    text: str


def split_sentences(text: str) -> list[Segment]:
    """Split normalized text into non-empty sentences."""
    return _split(text, 0, _SENTENCE_BREAK)


def split_clauses(sentence: Segment) -> list[Segment]:
    """Split one sentence into clauses; long clauses are cut into windows."""
    clauses = _split(sentence.text, sentence.start, _CLAUSE_BREAK)
    return [window for clause in clauses for window in _windows(clause)]


def _split(text: str, offset: int, pattern: re.Pattern[str]) -> list[Segment]:
    """Split `text` (which starts at `offset` in the normalized text) at `pattern`."""
    segments: list[Segment] = []
    position = 0
    for found in pattern.finditer(text):
        segments.extend(_trimmed(text, position, found.start(), offset))
        position = found.end()
    segments.extend(_trimmed(text, position, len(text), offset))
    return segments


def _trimmed(text: str, start: int, end: int, offset: int) -> list[Segment]:
    while start < end and not text[start].isalnum() and not _is_opening(text[start]):
        start += 1
    while end > start and text[end - 1] in " \t-–—*·'\"(（[【":
        end -= 1
    if not any(char.isalnum() for char in text[start:end]):
        return []
    return [Segment(offset + start, offset + end, text[start:end])]


def _is_opening(char: str) -> bool:
    return char in "(（[【\"'“‘《<#+."


def _windows(segment: Segment) -> list[Segment]:
    """Cut a long clause into overlapping windows the embedder can read whole."""
    if len(segment.text) <= _MAX_CLAUSE_CHARS:
        return [segment]
    step = _MAX_CLAUSE_CHARS * 3 // 4
    windows = []
    for local in range(0, len(segment.text), step):
        piece = segment.text[local : local + _MAX_CLAUSE_CHARS]
        windows.append(Segment(segment.start + local, segment.start + local + len(piece), piece))
        if local + _MAX_CLAUSE_CHARS >= len(segment.text):
            break
    return windows
