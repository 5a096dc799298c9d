"""Rewrite ``manifest.json``: versions plus sha256, size and row count of every data file.

Usage::

    python -m talentbridge.taxonomy.data.build.build_manifest [DATA_DIR]
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from talentbridge.taxonomy.data.files import DATA_DIR, MANIFEST_NAME, _read_text

VERSIONS = {
    "esco": "1.1.1",
    "extension": "2025.1",
    "vocational_catalogue": "2021",
    "undergraduate_catalogue": "2024",
    "occupational_classification": "2022 (JobE 0.1.0, public-comment draft)",
}
DATA_SUFFIXES = (".csv", ".csv.xz", ".jsonl.xz")


def data_files(root: Path) -> list[Path]:
    return sorted(
        path
        for path in root.rglob("*")
        if path.is_file() and path.name.endswith(DATA_SUFFIXES) and "build" not in path.parts
    )


def count_rows(path: Path) -> int:
    lines = [line for line in _read_text(path).splitlines() if line.strip()]
    if path.name.endswith(".jsonl.xz"):
        return len(lines)
    return sum(1 for _ in csv.DictReader(io.StringIO(_read_text(path), newline="")))


def build(root: Path) -> dict[str, object]:
    files = [
        {
            "path": path.relative_to(root).as_posix(),
            "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
            "bytes": path.stat().st_size,
            "rows": count_rows(path),
        }
        for path in data_files(root)
    ]
    return {"versions": VERSIONS, "files": files}


def main(argv: Sequence[str]) -> int:
    root = Path(argv[0]) if argv else DATA_DIR
    manifest = build(root)
    text = json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    (root / MANIFEST_NAME).write_text(text, encoding="utf-8")
    print(f"{len(manifest['files'])} files")  # type: ignore[arg-type]
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
