"""``manage.py rank_entries`` — the stable command line, run as a user runs it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

SCORES = (
    "entry,judge,criterion,score\nE1,J1,idea,8\nE1,J2,idea,6\nE2,J1,idea,5\n"
    "E2,J2,idea,3\nE3,J1,idea,9\nE3,J3,idea,7\nE2,J3,idea,4\n"
)


def _run(*args: str, lang: str = "en") -> subprocess.CompletedProcess[str]:
    env = {"PATH": "/usr/bin:/bin", "LANGUAGE": lang, "DJANGO_SETTINGS_MODULE": "config.settings"}
    return subprocess.run(
        [sys.executable, "manage.py", "rank_entries", *args],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_ranks_best_first_with_intervals(tmp_path: Path) -> None:
    (tmp_path / "s.csv").write_text(SCORES)
    out = tmp_path / "out.jsonl"
    done = _run("--scores", str(tmp_path / "s.csv"), "--output", str(out))
    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["entry"] for r in rows] == ["E3", "E1", "E2"]
    assert [r["rank"] for r in rows] == [1, 2, 3]
    for r in rows:
        assert set(r) == {"entry", "rank", "score", "low", "high"}
        assert r["low"] < r["score"] < r["high"]


def test_pairs_put_the_finalists_first_in_pairwise_order(tmp_path: Path) -> None:
    (tmp_path / "s.csv").write_text(SCORES)
    (tmp_path / "p.csv").write_text("judge,winner,loser\nJ1,E2,E1\nJ2,E2,E1\nJ3,E2,E1\n")
    out = tmp_path / "out.jsonl"
    done = _run(
        "--scores",
        str(tmp_path / "s.csv"),
        "--pairs",
        str(tmp_path / "p.csv"),
        "--output",
        str(out),
    )
    assert done.returncode == 0, done.stderr
    assert [json.loads(x)["entry"] for x in out.read_text().splitlines()] == ["E2", "E1", "E3"]


@pytest.mark.parametrize(
    ("lang", "needle"),
    [("en", "line 3: “seven” in the column “score” is not a number"), ("zh-hans", "第 3 行")],
)
def test_bad_file_exit_2_names_the_line_and_writes_nothing(
    tmp_path: Path, lang: str, needle: str
) -> None:
    (tmp_path / "bad.csv").write_text(
        "entry,judge,criterion,score\nE1,J1,idea,7\nE1,J2,idea,seven\n"
    )
    out = tmp_path / "out.jsonl"
    done = _run("--scores", str(tmp_path / "bad.csv"), "--output", str(out), lang=lang)
    assert done.returncode == 2
    assert needle in done.stderr
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [tmp_path / "bad.csv"]


def test_bad_pairs_file_and_missing_file_exit_2(tmp_path: Path) -> None:
    (tmp_path / "s.csv").write_text(SCORES)
    (tmp_path / "p.csv").write_text("judge,winner,loser\nJ1,E2,E9\n")
    out = tmp_path / "out.jsonl"
    done = _run(
        "--scores",
        str(tmp_path / "s.csv"),
        "--pairs",
        str(tmp_path / "p.csv"),
        "--output",
        str(out),
    )
    assert done.returncode == 2 and "line 2" in done.stderr and not out.exists()
    done = _run("--scores", str(tmp_path / "none.csv"), "--output", str(out))
    assert done.returncode == 2 and not out.exists()
