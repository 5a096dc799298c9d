"""Build ``skillspan_sentences.txt.xz``: English job-ad sentences for fitting the fast table.

    python -m talentbridge.extraction.data.build.build_skillspan SKILLSPAN_DIR

``SKILLSPAN_DIR`` is a checkout of https://github.com/kris927b/SkillSpan (MIT). Only the
*train* and *dev* splits are read, and every sentence that also occurs in the *test* split is
dropped: the TECH/HOUSE ESCO benchmarks (Decorte et al.) annotate SkillSpan test sentences, so
nothing a benchmark scores is ever used to fit the table. Sentences are the tokens joined by
single spaces, de-duplicated, kept when they have at least five tokens and no more than
80, sorted (deterministic output; xz preset 9).
"""

from __future__ import annotations

import json
import lzma
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "skillspan_sentences.txt.xz"
MIN_TOKENS = 5
MAX_TOKENS = 80


def sentences(path: Path) -> set[str]:
    found: set[str] = set()
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            tokens = json.loads(line)["tokens"]
            if MIN_TOKENS <= len(tokens) <= MAX_TOKENS:
                found.add(" ".join(tokens))
    return found


def _key(sentence: str) -> str:
    return " ".join(sentence.lower().split())


def main(root: str) -> None:
    data = Path(root) / "data" / "json"
    held_out = {_key(s) for s in sentences(data / "test.json")}
    kept = sorted(
        s
        for s in sentences(data / "train.json") | sentences(data / "dev.json")
        if _key(s) not in held_out
    )
    with lzma.open(OUT, "wt", encoding="utf-8", preset=9) as handle:
        handle.writelines(f"{s}\n" for s in kept)
    print(f"{len(kept)} sentences -> {OUT}")


if __name__ == "__main__":
    main(sys.argv[1])
