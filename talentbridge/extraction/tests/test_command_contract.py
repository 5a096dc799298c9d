"""The `extract_skills` command line is a stable contract: check it end to end.

Runs `manage.py extract_skills` in a subprocess (the engine package itself must not import
Django), with exact matching only so no embedding cache is built.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.slow
def test_command_writes_one_ranked_line_per_input_line_and_reports_bad_lines(
    tmp_path: Path,
) -> None:
    source = tmp_path / "in.jsonl"
    source.write_bytes(
        b'{"id": "a", "text": "Proficient in JavaScript and Photoshop, teamwork"}\n'
        b"this is not json\n"
        b'{"id": "b", "text": ""}\n'
        + '{"id": "c", "text": "熟練使用ＰＳ、剪映，負責短視頻剪輯 🎬"}\n'.encode()
    )
    target = tmp_path / "out.jsonl"
    done = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "extract_skills",
            "--input",
            str(source),
            "--output",
            str(target),
            "--top-k",
            "5",
            "--no-semantic",
            "--workers",
            "1",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert [line["id"] for line in lines] == ["a", None, "b", "c"]
    assert lines[1]["error"] == "invalid_json"
    assert lines[2]["error"] == "empty_text"
    assert "line 2: invalid_json" in done.stderr
    for line in (lines[0], lines[3]):
        assert 1 <= len(line["skills"]) <= 5
        scores = [skill["score"] for skill in line["skills"]]
        assert scores == sorted(scores, reverse=True)
        for skill in line["skills"]:
            assert {"uri", "label_en", "label_zh", "score", "kind", "spans"} <= set(skill)
            assert skill["kind"] == "explicit"
    english = {skill["label_en"] for skill in lines[0]["skills"]}
    assert "JavaScript" in english
    text = "熟練使用ＰＳ、剪映，負責短視頻剪輯 🎬"
    matched = {text[a:b] for skill in lines[3]["skills"] for a, b in skill["spans"]}
    assert {"ＰＳ", "剪映"} <= matched


def test_fast_and_exact_only_cannot_be_combined(tmp_path: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "extract_skills",
            "--input",
            str(tmp_path / "in.jsonl"),
            "--output",
            str(tmp_path / "out.jsonl"),
            "--fast",
            "--no-semantic",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert done.returncode != 0
    assert "--fast" in done.stderr and "--no-semantic" in done.stderr
    assert not (tmp_path / "out.jsonl").exists()
