"""Read the Chinese posting sources and cut their text into sentences, reproducibly.

Shared by sample.py (which chose the sentences once) and build.py (which rebuilds the text of
the chosen sentences at run time). Nothing here copies source text into the repository: a
sentence is referenced by (source, file, row or line, field, sentence index, character offsets)
plus the first 12 hex digits of the SHA-256 of its text, so drift in the data is detected.

Sources (see ../shared/data/postings-zh/SOURCE.md):
- ``51job``: ``51job-shanghai.csv`` (no licence stated: references only). ``row`` is the
  1-based number of the data row (the header is not counted); ``field`` is the column name.
- ``carrychang``: ``CarryChang-zhilian-51job-analysis/split_data/<name>.txt`` (Apache-2.0).
  ``row`` is the 1-based line number; ``field`` is ``line`` (the whole line is one posting).
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]

FILE_51JOB = "postings-zh/51job-shanghai.csv"
CARRYCHANG_DIR = "postings-zh/CarryChang-zhilian-51job-analysis/split_data"
CARRYCHANG_FILES = ("algorithm.txt", "hardware.txt", "program.txt", "software.txt")
FIELD_51JOB = "F:description"
TITLE_51JOB = "B:job_title"
COMPANY_51JOB = "C:company"


def default_data_dir() -> Path:
    """``../shared/data`` next to the repository (or next to the worktrees' parent folder).

    ``TALENTBRIDGE_SHARED_DATA`` overrides it; so does ``--data`` on the command lines.
    """
    env = os.environ.get("TALENTBRIDGE_SHARED_DATA")
    if env:
        return Path(env)
    for base in (REPO.parent, REPO.parent.parent):
        candidate = base / "shared" / "data"
        if candidate.is_dir():
            return candidate
    return REPO.parent / "shared" / "data"


@dataclass(frozen=True)
class Posting:
    source: str  # "51job" | "carrychang"
    file: str  # path relative to the shared data directory
    row: int  # 1-based data row (51job) or line (carrychang)
    field: str
    title: str  # "" for carrychang (no titles in that source)
    company: str  # "" for carrychang
    text: str

    @property
    def posting_id(self) -> str:
        return f"{self.source}:{Path(self.file).name}:{self.row}"


def read_51job(data: Path) -> Iterator[Posting]:
    with (data / FILE_51JOB).open(encoding="utf-8", newline="") as fh:
        for number, rec in enumerate(csv.DictReader(fh), start=1):
            yield Posting(
                "51job",
                FILE_51JOB,
                number,
                FIELD_51JOB,
                rec[TITLE_51JOB],
                rec[COMPANY_51JOB].strip(),
                rec[FIELD_51JOB],
            )


def read_carrychang(data: Path) -> Iterator[Posting]:
    for name in CARRYCHANG_FILES:
        rel = f"{CARRYCHANG_DIR}/{name}"
        with (data / rel).open(encoding="utf-8", newline="") as fh:
            for number, line in enumerate(fh, start=1):
                yield Posting("carrychang", rel, number, "line", "", "", line.rstrip("\n"))


def field_text(data: Path, source: str, file: str, row: int, field: str) -> str:
    """The text of one field of one posting (used by build.py to rebuild a sentence)."""
    if source == "51job":
        with (data / file).open(encoding="utf-8", newline="") as fh:
            for number, rec in enumerate(csv.DictReader(fh), start=1):
                if number == row:
                    return str(rec[field])
    else:
        with (data / file).open(encoding="utf-8", newline="") as fh:
            for number, line in enumerate(fh, start=1):
                if number == row:
                    return line.rstrip("\n")
    raise KeyError(f"{file} has no row {row}")


def sentence_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def normalized(text: str) -> str:
    """For duplicate detection only: no spaces, no punctuation, lower case."""
    return re.sub(r"[\s\W_]+", "", text).lower()


# --- sentence segmentation -------------------------------------------------------------------
# A cut happens at sentence punctuation and line breaks, and before list markers
# ("1、", "2.", "3)", "（4）", "①", "●", "一、"). A decimal like "3.5" or a version like
# "Python3." is not a marker (the digit must not follow a letter, digit or dot, and a marker
# digit must not be followed by another digit).
_CUT = re.compile(
    r"[。；;！!？?\n\r]"
    r"|(?<![0-9A-Za-z.+#])[0-9]{1,2}\s*[、.．)）](?![0-9])"
    r"|[（(][0-9一二三四五六七八九十]{1,2}[）)]"
    r"|[①-⑳●•◆■▪★☆]"
    r"|(?<![\u4e00-\u9fff])[一二三四五六七八九十][、.．]"
)
# A short heading at the start of a piece ("岗位职责：", "任职要求:", "Job requirements：").
_HEADING = re.compile(
    r"^\s*[【\[]?(?:[\u4e00-\u9fff]{0,6}(?:职责|要求|资格|描述|内容|条件|说明|福利|待遇|优先)"
    r"|[A-Za-z][A-Za-z /&]{2,30})[】\]]?\s*[：:]\s*"
)
_BRACKET_HEADING = re.compile(r"^\s*【[^】]{1,12}】\s*")
_STRIP = " \t\u3000\xa0，,、：:.．-—~～*…"


@dataclass(frozen=True)
class Sentence:
    index: int  # 0-based position among the pieces of the field
    start: int  # character offsets into the field text, [start, end)
    end: int
    text: str


def segment(text: str) -> list[Sentence]:
    """Cut a posting's text into pieces; offsets point into ``text`` itself."""
    bounds: list[tuple[int, int]] = []
    last = 0
    for match in _CUT.finditer(text):
        bounds.append((last, match.start()))
        last = match.end()
    bounds.append((last, len(text)))
    out: list[Sentence] = []
    for start, end in bounds:
        piece = text[start:end]
        for heading in (_BRACKET_HEADING, _HEADING):
            found = heading.match(piece)
            if found:
                start += found.end()
                piece = text[start:end]
        while start < end and text[start] in _STRIP:
            start += 1
        while end > start and text[end - 1] in _STRIP:
            end -= 1
        if end > start:
            out.append(Sentence(len(out), start, end, text[start:end]))
    return out


# --- the yardstick's sentences ---------------------------------------------------------------
SENTENCES = HERE / "sentences.jsonl"


class DriftError(RuntimeError):
    """The shared data no longer holds the text a reference was made from."""


def read_references(path: Path = SENTENCES) -> list[dict[str, object]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def resolve_sentences(data: Path, refs: list[dict[str, object]]) -> dict[str, str]:
    """id -> sentence text, read from the shared data; raises DriftError on a hash mismatch."""
    fields: dict[tuple[str, int], str] = {}
    if any(r["source"] == "51job" for r in refs):
        for posting in read_51job(data):
            fields[(posting.file, posting.row)] = posting.text
    if any(r["source"] == "carrychang" for r in refs):
        for posting in read_carrychang(data):
            fields[(posting.file, posting.row)] = posting.text
    out: dict[str, str] = {}
    bad: list[str] = []
    for ref in refs:
        field = fields.get((str(ref["file"]), int(str(ref["row"]))))
        text = "" if field is None else field[int(str(ref["start"])) : int(str(ref["end"]))]
        if field is None or sentence_hash(text) != ref["sha256_12"]:
            bad.append(str(ref["id"]))
        out[str(ref["id"])] = text
    if bad:
        raise DriftError(
            f"{len(bad)} sentence(s) no longer match their hash (first: {', '.join(bad[:5])}); "
            f"is {data} the data set described in SOURCE.md?"
        )
    return out
