"""The ``rank_entries`` file formats (a stable contract).

``SCORES.csv``: header ``entry,judge,criterion,score`` (any order), optional ``weight``
(default 1 for every row: equal weights per criterion). ``PAIRS.csv``: ``judge,winner,loser``.
Errors carry the 1-based line number and a code; the caller words them in the user's language.

Pure Python; no Django.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

SCORE_COLUMNS = ("entry", "judge", "criterion", "score")
PAIR_COLUMNS = ("judge", "winner", "loser")


class FileFormatError(ValueError):
    def __init__(self, line: int, code: str, **params: Any) -> None:
        super().__init__(f"line {line}: {code} {params}")
        self.line, self.code, self.params = line, code, params


@dataclass(frozen=True)
class ScoreRow:
    line: int
    entry: str
    judge: str
    criterion: str
    score: float
    weight: float


@dataclass
class Scores:
    rows: list[ScoreRow] = field(default_factory=list)

    def per_entry_judge(self) -> list[tuple[str, str, float]]:
        """Weighted mean over criteria of each (entry, judge), in first-seen order."""
        sums: dict[tuple[str, str], list[float]] = {}
        for row in self.rows:
            acc = sums.setdefault((row.entry, row.judge), [0.0, 0.0])
            acc[0] += row.weight * row.score
            acc[1] += row.weight
        return [(e, j, total / weight) for (e, j), (total, weight) in sums.items()]

    @property
    def entries(self) -> set[str]:
        return {row.entry for row in self.rows}


def _text_lines(data: bytes | str) -> io.StringIO:
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            raise FileFormatError(line, "encoding") from exc
    else:
        text = data.lstrip("\ufeff")
    return io.StringIO(text, newline="")


def _records(
    data: bytes | str, required: tuple[str, ...], optional: tuple[str, ...] = ()
) -> Iterable[tuple[int, dict[str, str]]]:
    reader = csv.reader(_text_lines(data))
    try:
        header = next(reader)
    except StopIteration:
        raise FileFormatError(1, "empty") from None
    except csv.Error as exc:
        raise FileFormatError(1, "csv", detail=str(exc)) from None
    names = [h.strip().lower() for h in header]
    if len(set(names)) != len(names):
        raise FileFormatError(1, "header_duplicate", columns=", ".join(names))
    missing = [c for c in required if c not in names]
    if missing:
        raise FileFormatError(
            1, "header_missing", missing=", ".join(missing), expected=",".join(required)
        )
    wanted = [(names.index(c), c) for c in (*required, *optional) if c in names]
    seen_rows = 0
    while True:
        try:
            fields = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise FileFormatError(reader.line_num, "csv", detail=str(exc)) from None
        line = reader.line_num
        if not fields or all(not f.strip() for f in fields):
            continue
        if len(fields) != len(names):
            raise FileFormatError(line, "field_count", expected=len(names), found=len(fields))
        seen_rows += 1
        yield line, {c: fields[i].strip() for i, c in wanted}
    if not seen_rows:
        raise FileFormatError(2, "no_rows")


def _number(line: int, column: str, value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise FileFormatError(line, "not_number", column=column, value=value[:40]) from None
    if not math.isfinite(number):
        raise FileFormatError(line, "not_number", column=column, value=value[:40])
    return number


def parse_scores(data: bytes | str) -> Scores:
    scores = Scores()
    first_line: dict[tuple[str, str, str], int] = {}
    for line, rec in _records(data, SCORE_COLUMNS, ("weight",)):
        for column in ("entry", "judge", "criterion", "score"):
            if not rec[column]:
                raise FileFormatError(line, "blank", column=column)
        score = _number(line, "score", rec["score"])
        weight = 1.0
        if rec.get("weight"):
            weight = _number(line, "weight", rec["weight"])
            if weight <= 0:
                raise FileFormatError(line, "not_positive", column="weight", value=rec["weight"])
        key = (rec["entry"], rec["judge"], rec["criterion"])
        if key in first_line:
            raise FileFormatError(line, "duplicate", other=first_line[key])
        first_line[key] = line
        scores.rows.append(ScoreRow(line, key[0], key[1], key[2], score, weight))
    return scores


def parse_pairs(data: bytes | str, known_entries: set[str]) -> list[tuple[str, str, str]]:
    pairs = []
    for line, rec in _records(data, PAIR_COLUMNS):
        for column in PAIR_COLUMNS:
            if not rec[column]:
                raise FileFormatError(line, "blank", column=column)
        if rec["winner"] == rec["loser"]:
            raise FileFormatError(line, "same_entry", entry=rec["winner"])
        for column in ("winner", "loser"):
            if rec[column] not in known_entries:
                raise FileFormatError(line, "unknown_entry", column=column, entry=rec[column])
        pairs.append((rec["judge"], rec["winner"], rec["loser"]))
    return pairs
