"""The annotator's two helpers: show sentences, and turn a working file into label JSONL.

    python bench/extraction/zh_yardstick/annotate.py show [--family ops] [--ids zy0001,zy0002]
    python bench/extraction/zh_yardstick/annotate.py convert WORKFILE labels/pass_a.jsonl

The working file holds source text, so it lives outside the repository (``var/`` is
git-ignored). One line per sentence, ``#`` starts a comment:

    zy0123<TAB>处理客户投诉 => handle customer complaints ;; 耐心 => LNP
    zy0124<TAB>电话回访 => provide customer follow-up services | communicate by telephone
    zy0125<TAB>熟练使用PS => Adobe Photoshop +dc.tool.image.photoshop
    zy0126<TAB>-

A span is a piece of the sentence (``text#2`` = its second occurrence); labels are ESCO
preferred labels (checked against ESCO v1.1.1), ``LNP`` (LABEL NOT PRESENT) or ``UND``
(UNDERSPECIFIED), separated by ``|``; ``+dc.…`` adds an extension concept; ``-`` marks a
sentence with no skill mention. The JSONL keeps only offsets, URIs and ids: no text.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import lookup
import sources

SPECIAL = {"LNP": "LABEL NOT PRESENT", "UND": "UNDERSPECIFIED"}
EXT_URN = "urn:talentbridge:concept:"


def show(args: argparse.Namespace) -> None:
    refs = sources.read_references()
    if args.family:
        refs = [r for r in refs if r["family"] == args.family]
    if args.ids:
        wanted = set(args.ids.split(","))
        refs = [r for r in refs if r["id"] in wanted]
    texts = sources.resolve_sentences(args.data, refs)
    titles = {p.row: p.title for p in sources.read_51job(args.data)}
    for ref in refs:
        title = titles.get(int(str(ref["row"])), "") if ref["source"] == "51job" else ""
        print(f"{ref['id']}\t{ref['family']}\t{title}\t{texts[str(ref['id'])]}")


class WorkFileError(ValueError):
    pass


def parse_line(sid: str, text: str, body: str) -> dict[str, object]:
    body = body.strip()
    if body == "-":
        return {"id": sid, "no_skill": True, "spans": []}
    spans: list[dict[str, object]] = []
    for part in body.split(";;"):
        if "=>" not in part:
            raise WorkFileError(f"{sid}: no '=>' in {part!r}")
        left, right = (x.strip() for x in part.split("=>", 1))
        piece, _, nth = left.partition("#")
        occurrence = int(nth) if nth else 1
        start = -1
        for _ in range(occurrence):
            start = text.find(piece, start + 1)
        if start < 0:
            raise WorkFileError(f"{sid}: span {piece!r} not in the sentence")
        labels: list[dict[str, object]] = []
        ext: list[dict[str, object]] = []
        for token in re.findall(r"\+\s*(dc\.[\w.]+)", right):
            row = lookup.extension_by_id().get(token)
            if row is None or row["kind"] not in ("skill", "knowledge", "tool", "transversal"):
                raise WorkFileError(f"{sid}: {token} is not a taggable extension concept")
            ext.append(
                {
                    "id": token,
                    "uri": EXT_URN + token,
                    "esco_uri": row["esco_uri"] or None,
                    "esco_match": row["esco_match"] or None,
                }
            )
        right = re.sub(r"\+\s*dc\.[\w.]+", "", right)
        for label in (x.strip() for x in right.split("|")):
            if not label:
                continue
            if label in SPECIAL:
                labels.append({"uri": None, "label": SPECIAL[label]})
                continue
            uri = lookup.resolve(label)
            if uri is None:
                raise WorkFileError(f"{sid}: {label!r} is not an ESCO preferred label")
            labels.append({"uri": uri, "label": lookup.esco()[uri]["preferredLabel"].strip()})
        if not labels:
            raise WorkFileError(f"{sid}: span {piece!r} has no label")
        spans.append({"start": start, "end": start + len(piece), "labels": labels, "ext": ext})
    return {"id": sid, "no_skill": False, "spans": spans}


def convert(args: argparse.Namespace) -> None:
    refs = sources.read_references()
    texts = sources.resolve_sentences(args.data, refs)
    records: dict[str, dict[str, object]] = {}
    errors: list[str] = []
    for number, line in enumerate(args.workfile.open(encoding="utf-8"), start=1):
        line = line.split("#", 1)[0] if line.lstrip().startswith("#") else line
        if not line.strip():
            continue
        sid, _, body = line.rstrip("\n").partition("\t")
        sid = sid.strip()
        if sid not in texts:
            errors.append(f"line {number}: unknown id {sid!r}")
            continue
        if sid in records:
            errors.append(f"line {number}: {sid} labelled twice")
            continue
        try:
            records[sid] = parse_line(sid, texts[sid], body)
        except WorkFileError as exc:
            errors.append(f"line {number}: {exc}")
    if errors:
        raise SystemExit("\n".join(errors))
    order = [str(r["id"]) for r in refs if str(r["id"]) in records]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as fh:
        for sid in order:
            fh.write(json.dumps(records[sid], ensure_ascii=False) + "\n")
    print(f"{len(order)} sentences -> {args.out}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=sources.default_data_dir())
    sub = parser.add_subparsers(dest="cmd", required=True)
    p_show = sub.add_parser("show")
    p_show.add_argument("--family")
    p_show.add_argument("--ids")
    p_conv = sub.add_parser("convert")
    p_conv.add_argument("workfile", type=Path)
    p_conv.add_argument("out", type=Path)
    args = parser.parse_args()
    {"show": show, "convert": convert}[args.cmd](args)


if __name__ == "__main__":
    main()
