"""Build the Chinese yardstick's files from references + labels + the shared data (run time).

    python bench/extraction/zh_yardstick/build.py [--data ../shared/data] [--out DIR]
    python bench/extraction/zh_yardstick/build.py --check      # verify hashes only, write nothing
    python bench/extraction/zh_yardstick/build.py --report     # counts and label statistics

Reads ``sentences.jsonl`` (which sentence: file, row, field, offsets, hash), ``split.json``
(which half) and ``labels/gold.jsonl`` (the adjudicated labels), takes the sentence text from
the shared data at run time and stops if any text no longer matches its hash. Writes, per half
(``tuning`` and ``test``):

(default DIR: bench/out/zh_yardstick)

- ``<half>_annotations.csv`` — Decorte et al. format ``sentence,span,sub_span,label``, one row
  per (sentence, span, label); ``../shared/tools/score_extraction.py prepare`` reads it as is;
- ``<half>.jsonl`` — one sentence a line with its id, family, posting, text, the ESCO gold set
  (URI + preferred label), the extension ids, and the spans;
- ``<half>/input.jsonl`` and ``<half>/gold.json`` — the output of ``score_extraction.py
  prepare`` when that script is found (``--scorer``), so a run can be scored directly.

The test half is for final scoring only: never tune on it, never inspect an engine's output on
it sentence by sentence.
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import sources

HERE = Path(__file__).resolve().parent
HALVES = ("tuning", "test")


def load(
    data: Path, labels_path: Path
) -> tuple[list[dict[str, object]], dict[str, str], dict[str, dict[str, object]]]:
    refs = sources.read_references()
    split = json.loads((HERE / "split.json").read_text(encoding="utf-8"))
    half_of = {sid: half for half in HALVES for sid in split["halves"][half]}
    for ref in refs:
        if half_of.get(str(ref["id"])) != ref["half"]:
            raise SystemExit(f"{ref['id']}: sentences.jsonl and split.json disagree on its half")
    texts = sources.resolve_sentences(data, refs)
    with labels_path.open(encoding="utf-8") as fh:
        labels = {rec["id"]: rec for rec in map(json.loads, fh) if rec}
    missing = [str(r["id"]) for r in refs if r["id"] not in labels]
    if missing:
        raise SystemExit(f"{len(missing)} sentences have no labels (first: {missing[:5]})")
    return refs, texts, labels


def esco_gold(rec: dict[str, object]) -> list[dict[str, str]]:
    seen: dict[str, str] = {}
    for span in rec["spans"]:  # type: ignore[union-attr]
        for label in span["labels"]:
            if label["uri"]:
                seen.setdefault(label["uri"], label["label"])
    return [{"uri": u, "label": lab} for u, lab in seen.items()]


def write(out: Path, refs, texts, labels, scorer: Path | None) -> dict[str, Counter]:
    out.mkdir(parents=True, exist_ok=True)
    counts: dict[str, Counter] = {half: Counter() for half in HALVES}
    for half in HALVES:
        rows = [r for r in refs if r["half"] == half]
        csv_path = out / f"{half}_annotations.csv"
        with (
            csv_path.open("w", encoding="utf-8", newline="") as fh_csv,
            (out / f"{half}.jsonl").open("w", encoding="utf-8") as fh_jsonl,
        ):
            writer = csv.writer(fh_csv)
            writer.writerow(["sentence", "span", "sub_span", "label"])
            for ref in rows:
                sid = str(ref["id"])
                text = texts[sid]
                rec = labels[sid]
                spans = []
                for span in rec["spans"]:
                    piece = text[span["start"] : span["end"]]
                    for label in span["labels"]:
                        writer.writerow([text, piece, "", label["label"]])
                    spans.append({**span, "text": piece})
                gold = esco_gold(rec)
                ext = sorted({e["id"] for s in rec["spans"] for e in s["ext"]})
                fh_jsonl.write(
                    json.dumps(
                        {
                            "id": sid,
                            "family": ref["family"],
                            "half": half,
                            "posting": ref["posting"],
                            "text": text,
                            "no_skill": rec["no_skill"],
                            "esco": gold,
                            "ext": ext,
                            "spans": spans,
                        },
                        ensure_ascii=False,
                    )
                    + "\n"
                )
                counts[half]["sentences"] += 1
                counts[half]["scorable"] += bool(gold)
                counts[half]["esco_labels"] += len(gold)
        if scorer is not None and scorer.exists():
            prepared = out / half
            prepared.mkdir(exist_ok=True)
            subprocess.run(
                [sys.executable, str(scorer), "prepare", str(csv_path), str(prepared)],
                check=True,
                stdout=subprocess.DEVNULL,
            )
    return counts


def report(refs, labels) -> None:
    table: dict[str, Counter] = defaultdict(Counter)
    postings: dict[str, set[str]] = defaultdict(set)
    for ref in refs:
        rec = labels[str(ref["id"])]
        key = f"{ref['family']}/{ref['half']}"
        table[key]["sentences"] += 1
        table[key]["scorable"] += bool(esco_gold(rec))
        table[key]["esco"] += len(esco_gold(rec))
        postings[key].add(str(ref["posting"]))
    print("family/half          sentences scorable postings esco-labels")
    for key in sorted(table):
        c = table[key]
        print(
            f"{key:20s} {c['sentences']:9d} {c['scorable']:8d} {len(postings[key]):8d} "
            f"{c['esco']:11d}"
        )
    specials: Counter = Counter()
    concepts: Counter = Counter()
    ext_disagree = 0
    ext_total = 0
    for rec in labels.values():
        for span in rec["spans"]:
            uris = {lab["uri"] for lab in span["labels"] if lab["uri"]}
            for lab in span["labels"]:
                if lab["uri"] is None:
                    specials[lab["label"]] += 1
                else:
                    concepts[lab["label"]] += 1
            for e in span["ext"]:
                ext_total += 1
                if uris and e["esco_uri"] not in uris:
                    ext_disagree += 1
    print(f"\nspans with special labels: {dict(specials)}")
    print(f"distinct ESCO concepts: {len(concepts)}; most frequent:")
    for label, n in concepts.most_common(15):
        print(f"  {n:3d}  {label}")
    print(
        f"\nextension ids on spans: {ext_total}; on a span with ESCO gold whose label differs "
        f"from the extension's own ESCO mapping: {ext_disagree}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=sources.default_data_dir())
    parser.add_argument("--out", type=Path, default=sources.REPO / "bench" / "out" / "zh_yardstick")
    parser.add_argument("--labels", type=Path, default=HERE / "labels" / "gold.jsonl")
    parser.add_argument(
        "--scorer",
        type=Path,
        default=sources.default_data_dir().parent / "tools" / "score_extraction.py",
    )
    parser.add_argument("--check", action="store_true", help="verify hashes and labels only")
    parser.add_argument("--report", action="store_true", help="print counts and label statistics")
    args = parser.parse_args()
    try:
        refs, texts, labels = load(args.data, args.labels)
    except sources.DriftError as exc:
        raise SystemExit(f"drift: {exc}") from exc
    except FileNotFoundError as exc:
        raise SystemExit(
            f"{exc.filename} not found: pass --data (the shared data directory)"
        ) from exc
    if args.report:
        report(refs, labels)
        return
    if args.check:
        print(f"ok: {len(refs)} sentences match their hashes, every one is labelled")
        return
    counts = write(args.out, refs, texts, labels, args.scorer)
    for half in HALVES:
        c = counts[half]
        print(
            f"{half:6s} {c['sentences']} sentences, {c['scorable']} with ESCO gold "
            f"({c['esco_labels']} labels) -> {args.out}/{half}_annotations.csv"
        )


if __name__ == "__main__":
    main()
