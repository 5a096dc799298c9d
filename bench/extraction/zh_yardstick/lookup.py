"""The annotator's lexical lookup: ESCO and the extension, searched like the ESCO portal.

    python bench/extraction/zh_yardstick/lookup.py esco WORD [WORD ...]   # all words, any field
    python bench/extraction/zh_yardstick/lookup.py label WORD [WORD ...]  # labels only
    (``c`` / ``cl``: the same two searches, one line per concept)
    python bench/extraction/zh_yardstick/lookup.py show "preferred label" | URI
    python bench/extraction/zh_yardstick/lookup.py ext WORD [WORD ...]    # extension concepts
    python bench/extraction/zh_yardstick/lookup.py zh 中文词                # project zh labels

Plain substring search (case-insensitive) over ESCO v1.1.1 skills_en.csv (preferredLabel,
altLabels, description) and over ``talentbridge/taxonomy/data/digital_creative.csv`` and
``esco_zh_labels.csv``. No model, no embedding, no ranking learnt from anything: results are
ordered by where the words were found (preferred label, then alternative label, then
description) and then alphabetically. This is what the labels were looked up with.
"""

from __future__ import annotations

import contextlib
import csv
import io
import lzma
import sys
import zipfile
from functools import cache
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import sources

TAXONOMY = sources.REPO / "talentbridge" / "taxonomy" / "data"
ESCO_ZIP = "esco/esco-v1.1.1-classification-en-csv.zip"
EXT_PREFIX = "urn:talentbridge:concept:"


@cache
def esco() -> dict[str, dict[str, str]]:
    """conceptUri -> row of skills_en.csv."""
    path = sources.default_data_dir() / ESCO_ZIP
    with zipfile.ZipFile(path) as z:
        name = next(n for n in z.namelist() if n.endswith("skills_en.csv"))
        with z.open(name) as raw:
            reader = csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8"))
            return {r["conceptUri"]: r for r in reader}


@cache
def esco_by_label() -> dict[str, str]:
    return {r["preferredLabel"].strip().lower(): uri for uri, r in esco().items()}


@cache
def broader() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    with lzma.open(TAXONOMY / "esco" / "broader_skills.csv.xz", "rt", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            out.setdefault(r["concept_uri"], []).append(r["broader_uri"])
    return out


@cache
def extension() -> list[dict[str, str]]:
    with (TAXONOMY / "digital_creative.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@cache
def extension_by_id() -> dict[str, dict[str, str]]:
    return {r["id"]: r for r in extension()}


@cache
def zh_labels() -> list[dict[str, str]]:
    with (TAXONOMY / "esco_zh_labels.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@cache
def skill_groups() -> dict[str, str]:
    import json

    path = TAXONOMY / "esco" / "skill_groups.jsonl.xz"
    with lzma.open(path, "rt", encoding="utf-8") as fh:
        return {d["uri"]: f"[group] {d['label']}" for d in map(json.loads, fh)}


def esco_label(uri: str) -> str:
    row = esco().get(uri)
    return row["preferredLabel"] if row else skill_groups().get(uri, "?")


def resolve(label_or_uri: str) -> str | None:
    if label_or_uri in esco():
        return label_or_uri
    return esco_by_label().get(label_or_uri.strip().lower())


def _alts(row: dict[str, str]) -> list[str]:
    return [a for a in row["altLabels"].split("\n") if a.strip()]


def search_esco(words: list[str], labels_only: bool = False) -> list[tuple[int, str]]:
    words = [w.lower() for w in words]
    hits: list[tuple[int, str]] = []
    for uri, row in esco().items():
        pref = row["preferredLabel"].lower()
        alts = " | ".join(_alts(row)).lower()
        desc = row["description"].lower()
        fields = [pref, alts] if labels_only else [pref, alts, desc]
        blob = " ".join(fields)
        if all(w in blob for w in words):
            rank = 0 if all(w in pref for w in words) else 1 if all(w in alts for w in words) else 2
            hits.append((rank, uri))
    hits.sort(key=lambda h: (h[0], esco()[h[1]]["preferredLabel"]))
    return hits


def print_esco(uri: str, full: bool = False, compact: bool = False) -> None:
    row = esco()[uri]
    if compact:
        desc = row["description"].replace("\n", " ")[:110]
        print(f"- {row['preferredLabel']}  [{row['skillType'][:5]}] {desc}")
        return
    print(f"- {row['preferredLabel']}  [{row['skillType']}, {row['reuseLevel']}]  {uri}")
    alts = _alts(row)
    if alts:
        print(f"    alt: {' | '.join(alts if full else alts[:6])}")
    desc = row["description"].replace("\n", " ")
    print(f"    {desc if full else desc[:220]}")
    if full:
        for b in broader().get(uri, []):
            print(f"    broader: {esco_label(b)}  {b}")
        narrower = [u for u, bs in broader().items() if uri in bs and u in esco()]
        for n in narrower[:40]:
            print(f"    narrower: {esco_label(n)}  {n}")
        mapped = [e for e in extension() if e["esco_uri"] == uri]
        for e in mapped:
            print(f"    extension: {e['id']} ({e['esco_match']}) {e['label_zh']} / {e['label_en']}")


def print_ext(row: dict[str, str]) -> None:
    esco_part = ""
    if row["esco_uri"]:
        esco_part = f" -> {row['esco_match']}: {esco_label(row['esco_uri'])}"
    print(f"- {row['id']} [{row['kind']}] {row['label_zh']} / {row['label_en']}{esco_part}")
    alts = "|".join(x for x in (row["alt_zh"], row["alt_en"]) if x)
    if alts:
        print(f"    alt: {alts[:200]}")
    print(f"    {row['description_zh']} {row['description_en'][:160]}")


def main(argv: list[str]) -> None:
    if len(argv) < 2:
        print(__doc__)
        return
    cmd, words = argv[0], argv[1:]
    if cmd in ("esco", "label", "c", "cl"):
        hits = search_esco(words, labels_only=cmd in ("label", "cl"))
        for _, uri in hits[: 80 if cmd in ("c", "cl") else 40]:
            print_esco(uri, compact=cmd in ("c", "cl"))
        print(f"({len(hits)} hits)")
    elif cmd == "show":
        uri = resolve(" ".join(words))
        if uri is None:
            print("no such ESCO skill")
        else:
            print_esco(uri, full=True)
    elif cmd == "ext":
        ws = [w.lower() for w in words]
        for row in extension():
            blob = " ".join(row.values()).lower()
            if all(w in blob for w in ws):
                print_ext(row)
    elif cmd == "zh":
        for row in zh_labels():
            if all(w in row["label_zh"] for w in words):
                print(f"- {row['label_zh']} = {row['label_en']}  {row['uri']}")
    else:
        print(__doc__)


if __name__ == "__main__":
    with contextlib.suppress(BrokenPipeError):
        main(sys.argv[1:])
