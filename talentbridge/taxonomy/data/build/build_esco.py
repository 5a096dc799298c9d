"""Rebuild ``esco/*`` from the two official ESCO CSV zips (classification-en + relations).

Usage::

    python -m talentbridge.taxonomy.data.build.build_esco CLASSIFICATION_ZIP RELATIONS_ZIP [OUT_DIR]

Output is deterministic: rows sorted by key, xz preset 9, no timestamps in the payload.
Descriptions are shortened to about 300 characters at a word boundary.
"""

from __future__ import annotations

import csv
import io
import json
import lzma
import sys
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

DESCRIPTION_LIMIT = 300
DEFAULT_OUT = Path(__file__).resolve().parent.parent / "esco"


def shorten(text: str, limit: int = DESCRIPTION_LIMIT) -> str:
    """Collapse whitespace and cut at the last word boundary before ``limit`` characters."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[:limit].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"


def split_labels(cell: str | None) -> list[str]:
    """ESCO stores multiple labels newline-separated in one cell."""
    seen: list[str] = []
    for raw in (cell or "").split("\n"):
        label = raw.strip()
        if label and label not in seen:
            seen.append(label)
    return seen


def read_member(archive: zipfile.ZipFile, suffix: str) -> Iterator[dict[str, str]]:
    name = next(n for n in archive.namelist() if n.endswith(suffix))
    with archive.open(name) as handle:
        yield from csv.DictReader(io.TextIOWrapper(handle, encoding="utf-8", newline=""))


def write_jsonl_xz(path: Path, rows: Iterable[dict[str, object]]) -> int:
    lines = [json.dumps(row, ensure_ascii=False, sort_keys=True) for row in rows]
    path.write_bytes(lzma.compress(("\n".join(lines) + "\n").encode("utf-8"), preset=9))
    return len(lines)


def write_csv_xz(path: Path, header: Sequence[str], rows: Iterable[Sequence[str]]) -> int:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    count = 0
    for row in rows:
        writer.writerow(row)
        count += 1
    path.write_bytes(lzma.compress(buffer.getvalue().encode("utf-8"), preset=9))
    return count


def skill_rows(archive: zipfile.ZipFile) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = [
        {
            "uri": r["conceptUri"],
            "label": r["preferredLabel"].strip(),
            "alt_labels": split_labels(r["altLabels"]),
            "hidden_labels": split_labels(r["hiddenLabels"]),
            "skill_type": r["skillType"] or "",
            "reuse_level": r["reuseLevel"] or "",
            "description": shorten(r["description"] or r["definition"] or ""),
        }
        for r in read_member(archive, "skills_en.csv")
    ]
    return sorted(rows, key=lambda row: str(row["uri"]))


def skill_group_rows(archive: zipfile.ZipFile) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = [
        {
            "uri": r["conceptUri"],
            "code": r["code"] or "",
            "label": r["preferredLabel"].strip(),
            "alt_labels": split_labels(r["altLabels"]),
            "description": shorten(r["description"] or ""),
        }
        for r in read_member(archive, "skillGroups_en.csv")
    ]
    return sorted(rows, key=lambda row: str(row["uri"]))


def occupation_rows(archive: zipfile.ZipFile) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = [
        {
            "uri": r["conceptUri"],
            "code": r["code"] or "",
            "label": r["preferredLabel"].strip(),
            "alt_labels": split_labels(r["altLabels"]),
            "hidden_labels": split_labels(r["hiddenLabels"]),
            "isco_group": r["iscoGroup"] or "",
            "description": shorten(r["description"] or r["definition"] or ""),
        }
        for r in read_member(archive, "occupations_en.csv")
    ]
    return sorted(rows, key=lambda row: str(row["uri"]))


def hierarchy_rows(archive: zipfile.ZipFile) -> list[list[str]]:
    rows: list[list[str]] = []
    for r in read_member(archive, "skillsHierarchy_en.csv"):
        uris = [r.get(f"Level {i} URI") or "" for i in range(4)]
        codes = [r.get(f"Level {i} code") or "" for i in range(4)]
        labels = [r.get(f"Level {i} preferred term") or "" for i in range(4)]
        depth = max(i for i in range(4) if uris[i])
        rows.append([*uris, codes[depth], labels[depth].strip()])
    return sorted(rows, key=lambda row: (row[4], row[0], row[1], row[2], row[3]))


def build(classification_zip: Path, relations_zip: Path, out_dir: Path) -> dict[str, int]:
    out_dir.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    with zipfile.ZipFile(classification_zip) as cls:
        counts["skills.jsonl.xz"] = write_jsonl_xz(out_dir / "skills.jsonl.xz", skill_rows(cls))
        counts["skill_groups.jsonl.xz"] = write_jsonl_xz(
            out_dir / "skill_groups.jsonl.xz", skill_group_rows(cls)
        )
        counts["occupations.jsonl.xz"] = write_jsonl_xz(
            out_dir / "occupations.jsonl.xz", occupation_rows(cls)
        )
        counts["skills_hierarchy.csv.xz"] = write_csv_xz(
            out_dir / "skills_hierarchy.csv.xz",
            ["level0_uri", "level1_uri", "level2_uri", "level3_uri", "code", "label"],
            hierarchy_rows(cls),
        )
        isco = sorted(
            [r["conceptUri"], r["code"], r["preferredLabel"].strip()]
            for r in read_member(cls, "ISCOGroups_en.csv")
        )
        counts["isco_groups.csv.xz"] = write_csv_xz(
            out_dir / "isco_groups.csv.xz", ["uri", "code", "label"], isco
        )
    with zipfile.ZipFile(relations_zip) as rel:
        broader_header = ["concept_uri", "concept_type", "broader_uri", "broader_type"]
        for member, target in (
            ("broaderRelationsSkillPillar.csv", "broader_skills.csv.xz"),
            ("broaderRelationsOccPillar.csv", "broader_occupations.csv.xz"),
        ):
            broader = sorted(
                [r["conceptUri"], r["conceptType"], r["broaderUri"], r["broaderType"]]
                for r in read_member(rel, member)
            )
            counts[target] = write_csv_xz(out_dir / target, broader_header, broader)
        occ_skills = sorted(
            [r["occupationUri"], r["relationType"], r["skillType"], r["skillUri"]]
            for r in read_member(rel, "occupationSkillRelations.csv")
        )
        counts["occupation_skills.csv.xz"] = write_csv_xz(
            out_dir / "occupation_skills.csv.xz",
            ["occupation_uri", "relation", "skill_type", "skill_uri"],
            occ_skills,
        )
        skill_rel = sorted(
            [r["originalSkillUri"], r["relationType"], r["relatedSkillUri"]]
            for r in read_member(rel, "skillSkillRelations.csv")
        )
        counts["skill_skill_relations.csv.xz"] = write_csv_xz(
            out_dir / "skill_skill_relations.csv.xz",
            ["skill_uri", "relation", "related_skill_uri"],
            skill_rel,
        )
    return counts


def main(argv: Sequence[str]) -> int:
    if len(argv) not in (2, 3):
        print(__doc__)
        return 2
    out_dir = Path(argv[2]) if len(argv) == 3 else DEFAULT_OUT
    for name, count in build(Path(argv[0]), Path(argv[1]), out_dir).items():
        print(f"{name}\t{count}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
