"""Exact mentions of concept labels and aliases (Aho–Corasick over normalized surfaces).

Rules that keep the matches honest:
- Latin surfaces only match on word boundaries ("AI" does not fire inside "Maintain"); a plural
  "s" after a Latin word is allowed ("web applications").
- All-caps acronyms ("LESS", "SQL") only match all-caps text, unless the whole text is
  lower case (short lower-case tag lists such as "javascript reactjs java").
- Two-letter capitalised abbreviations ("An" for Animate, "Ai", "Pr") match only as written,
  so the English article "an" is not Adobe Animate.
- Latin aliases that only the Chinese alias list has (the 设计圈 shorthand "AI" for Illustrator,
  "PS") match only in text that contains Chinese; in English text "AI" is artificial
  intelligence.
- Chinese surfaces of two characters must line up with jieba word boundaries (a user
  dictionary built from the taxonomy keeps longer terms whole).
- A mention inside a longer mention of another concept is kept but marked `contained`.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import ahocorasick
import jieba

from talentbridge.extraction.concepts import Concept
from talentbridge.extraction.normalize import (
    NormalizedText,
    count_cjk,
    has_cjk,
    is_cjk,
    normalize_label,
)

_QUALIFIER = re.compile(r"\s*\([^()]*\)\s*$")
_ACRONYM = re.compile(r"[A-Z]{2,5}")
_CAPITALISED_PAIR = re.compile(r"[A-Z][a-z]")
_SHORT_CJK = 2
_MIN_LATIN = 2


@dataclass(frozen=True, slots=True)
class Surface:
    """One matchable string of one concept."""

    concept: int
    is_label: bool
    is_acronym: bool
    needs_word_alignment: bool
    exact: str = ""  # match only this exact (case-sensitive) spelling
    needs_cjk_text: bool = False


@dataclass(frozen=True, slots=True)
class Mention:
    """A gazetteer hit, offsets in normalized text (half-open)."""

    concept: int
    start: int
    end: int
    is_label: bool
    contained: bool = False


class Gazetteer:
    """All labels and aliases of a concept list, ready for matching."""

    def __init__(self, concepts: Sequence[Concept]) -> None:
        self._automaton = ahocorasick.Automaton()
        self._user_words: list[str] = []
        entries: dict[str, list[Surface]] = {}
        for index, concept in enumerate(concepts):
            english = {
                form.strip().lower() for form in (concept.label_en, *concept.aliases_en) if form
            }
            chinese_only = {
                alias.strip().lower()
                for alias in concept.aliases_zh
                if alias.strip().lower() not in english and not has_cjk(alias)
            }
            for text, is_label in concept.surface_forms():
                zh_only = text.strip().lower() in chinese_only and not is_label
                for key, surface in _surfaces(index, text, is_label, zh_only):
                    entries.setdefault(key, []).append(surface)
        for key, surfaces in entries.items():
            self._automaton.add_word(key, (len(key), tuple(surfaces)))
            if is_cjk(key[0]) or is_cjk(key[-1]):
                self._user_words.append(key)
        self._words_added = False
        self.size = len(entries)
        if entries:
            self._automaton.make_automaton()

    def find(self, normalized: NormalizedText) -> list[Mention]:
        """Every accepted mention in the text, longest first where they overlap."""
        if not self.size or not normalized.folded:
            return []
        folded = normalized.folded
        text_has_upper = any(char.isupper() for char in normalized.text)
        text_has_cjk = has_cjk(normalized.text)
        word_edges: set[int] | None = None
        mentions: list[Mention] = []
        for last, (length, surfaces) in self._automaton.iter(folded):
            start, end = last + 1 - length, last + 1
            if not _latin_boundaries_ok(folded, start, end):
                continue
            end = _with_plural(folded, start, end)
            for surface in surfaces:
                if (
                    surface.is_acronym
                    and text_has_upper
                    and not normalized.text[start:end].isupper()
                ):
                    continue
                if surface.exact and normalized.text[start:end] != surface.exact:
                    continue
                if surface.needs_cjk_text and not text_has_cjk:
                    continue
                if surface.needs_word_alignment:
                    if word_edges is None:
                        word_edges = self._word_edges(normalized.text)
                    if start not in word_edges or end not in word_edges:
                        continue
                mentions.append(Mention(surface.concept, start, end, surface.is_label))
        return _mark_contained(mentions)

    def _word_edges(self, text: str) -> set[int]:
        tokenizer = _shared_tokenizer()
        if not self._words_added:
            for word in self._user_words:
                if word not in tokenizer.FREQ:
                    tokenizer.add_word(word)
            self._words_added = True
        edges = {0, len(text)}
        for _word, start, end in tokenizer.tokenize(text):
            edges.add(start)
            edges.add(end)
        return edges


@cache
def _shared_tokenizer() -> jieba.Tokenizer:
    """One jieba tokenizer per process (loading its dictionary takes about a second); the
    taxonomy's Chinese terms are added to it as user words."""
    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    return tokenizer


def _surfaces(
    index: int, text: str, is_label: bool, zh_only: bool = False
) -> list[tuple[str, Surface]]:
    """Normalized keys for one label: as written, and without a trailing "(qualifier)"."""
    variants = {normalize_label(text)}
    unqualified = _QUALIFIER.sub("", text)
    if unqualified and unqualified != text:
        variants.add(normalize_label(unqualified))
    found = []
    for variant in variants:
        if not _long_enough(variant):
            continue
        is_acronym = _ACRONYM.fullmatch(variant) is not None
        cjk_count = count_cjk(variant)
        needs_alignment = cjk_count == len(variant) and len(variant) <= _SHORT_CJK
        exact = variant if _CAPITALISED_PAIR.fullmatch(variant) else ""
        surface = Surface(index, is_label, is_acronym, needs_alignment, exact, zh_only)
        found.append((variant.lower(), surface))
    return found


def _long_enough(variant: str) -> bool:
    if has_cjk(variant):
        return len(variant) >= _SHORT_CJK
    return len(variant) >= _MIN_LATIN and any(char.isalpha() for char in variant)


def _is_latin_word_char(char: str) -> bool:
    return char.isascii() and char.isalnum()


def _latin_boundaries_ok(text: str, start: int, end: int) -> bool:
    if _is_latin_word_char(text[start]) and start > 0 and _is_latin_word_char(text[start - 1]):
        return False
    if not _is_latin_word_char(text[end - 1]) or end >= len(text):
        return True
    if not _is_latin_word_char(text[end]):
        return True
    return _with_plural(text, start, end) != end


def _with_plural(text: str, start: int, end: int) -> int:
    """Extend a Latin match by a plural "s"/"es" when a word boundary follows it."""
    if end - start < 4 or not text[end - 1].isalpha() or not text[end - 1].isascii():
        return end
    for suffix in ("s", "es"):
        stop = end + len(suffix)
        if text.startswith(suffix, end) and (
            stop >= len(text) or not _is_latin_word_char(text[stop])
        ):
            return stop
    return end


def _mark_contained(mentions: list[Mention]) -> list[Mention]:
    """Flag mentions that sit inside a longer mention of a different concept."""
    ordered = sorted(mentions, key=lambda m: (m.start, -(m.end - m.start)))
    result: list[Mention] = []
    active: list[Mention] = []
    for mention in ordered:
        active = [other for other in active if other.end > mention.start]
        inside = any(
            other.concept != mention.concept
            and mention.end <= other.end
            and (other.end - other.start) > (mention.end - mention.start)
            for other in active
        )
        result.append(
            Mention(mention.concept, mention.start, mention.end, mention.is_label, inside)
        )
        active.append(mention)
    return result
