"""Bounded parsing (ADR 0011): what the child process costs, and how fast bombs are refused.

    DJANGO_SETTINGS_MODULE=config.settings .venv/bin/python bench/trust/bounded.py

Prints a table (median of 5 runs each): the fork overhead of ``run_bounded`` on a no-op, a
small honest plan workbook read in-process vs in the bounded child, and the refusal time of
each bomb of the tests (built first, not timed). Not a test: figures go to docs/benchmarks.md.
"""

from __future__ import annotations

import contextlib
import io
import os
import platform
import statistics
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import django

django.setup()

from talentbridge.core import bounded  # noqa: E402
from talentbridge.core.tests import bombs  # noqa: E402
from talentbridge.curriculum import syllabus, xlsx  # noqa: E402

RUNS = 5


def _median_ms(call: Callable[[], Any]) -> float:
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        with contextlib.suppress(Exception):  # refusals are the point here
            call()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def _check_xlsx(data: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        bounded.check_xlsx(archive)


def main() -> None:
    import pypdf  # noqa: F401 (as on a running site)

    plan = bombs.small_xlsx(
        [["课程代码", "课程名称", "学分"]] + [[f"C{i}", "课程", 2] for i in range(300)]
    )
    sst_huge = bombs.xlsx_with_shared_strings(b"<si><t>x</t></si>", 3_000_000)
    sst_many = bombs.xlsx_with_shared_strings(b"<si/>", 1_500_000)
    pdf = bombs.pdf_sharing_one_stream()
    zip_bomb = bombs.zip_bomb()
    rows = [
        ("run_bounded(no-op): fork + pipe", lambda: bounded.run_bounded(len, b"x")),
        ("plan XLSX, 300 rows, openpyxl in-process", lambda: xlsx._read_workbook(plan)),
        ("plan XLSX, 300 rows, checks + bounded child", lambda: xlsx.read_workbook(plan)),
        ("refuse XLSX 3 M shared strings (130 KB)", lambda: xlsx.read_workbook(sst_huge)),
        ("refuse XLSX 1.5 M empty strings (16 KB)", lambda: _check_xlsx(sst_many)),
        ("refuse PDF 200 pages × one 20 MB stream (43 KB)",
         lambda: syllabus.text_from_upload("s.pdf", pdf)),
        ("refuse ZIP 64 MB of zeros", lambda: _check_xlsx(zip_bomb)),
    ]  # fmt: skip
    print(f"date (UTC): {time.strftime('%Y-%m-%d %H:%M', time.gmtime())}")
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}"
    )
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"\n| case | median of {RUNS} (ms) |\n|---|---:|")
    for label, call in rows:
        print(f"| {label} | {_median_ms(call):.1f} |")


if __name__ == "__main__":
    main()
