"""Run talentbridge's engine in-process on JSONL input, timing setup and extraction apart.

python bench/extraction/ours.py IN.jsonl OUT.jsonl [--workers N] [--fast | --no-semantic]
    [--taxonomy all|esco]
Reads the taxonomy's vocabulary (the database of `config.settings`, loaded by `make setup`).
Same output format as `manage.py extract_skills --top-k 10`; prints wall and CPU seconds
(of this process and its pool workers) and peak memory as JSON on the last line.
"""

import argparse
import json
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
import django  # noqa: E402

django.setup()

from talentbridge.extraction import default_cache_dir  # noqa: E402
from talentbridge.extraction.batch import ExtractionPool, _chunks, run_batch  # noqa: E402
from talentbridge.extraction.factory import EngineFactory  # noqa: E402
from talentbridge.taxonomy import vocabulary  # noqa: E402

TICKS = os.sysconf("SC_CLK_TCK")


def process_cpu(pid: int) -> float:
    """user + system CPU seconds of a live process (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("input")
    parser.add_argument("output")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--top-k", type=int, default=10)
    parser.add_argument("--no-semantic", action="store_true")
    parser.add_argument("--fast", action="store_true")
    parser.add_argument("--taxonomy", choices=("all", "esco"), default="all")
    args = parser.parse_args()
    started = time.perf_counter()
    factory = EngineFactory.create(
        vocabulary.engine_concepts(),
        release=vocabulary.data_release(),
        cache_dir=default_cache_dir(),
        semantic=not args.no_semantic,
        fast=args.fast,
        view=vocabulary.esco_targets() if args.taxonomy == "esco" else None,
    )
    factory.prepare_cache()
    lines = Path(args.input).read_bytes().splitlines()
    if args.workers == 1:
        extractor = factory()
        extractor.extract("warm-up 预热")  # jieba loads its dictionary on first use
        setup = time.perf_counter() - started
        began, cpu_began = time.perf_counter(), time.process_time()
        outputs = list(run_batch(lines, lambda: extractor, top_k=args.top_k))
        extract = time.perf_counter() - began
        cpu = time.process_time() - cpu_began
        parent_cpu = cpu
    else:
        with ExtractionPool(factory.with_threads(1), args.workers) as pool:
            workers = list(pool._pool._processes)
            setup = time.perf_counter() - started
            parent_began = time.process_time()
            cpu_began = parent_began + sum(map(process_cpu, workers))
            began = time.perf_counter()
            outputs = list(pool.run(_chunks(lines), top_k=args.top_k, lang="auto"))
            extract = time.perf_counter() - began
            parent_cpu = time.process_time() - parent_began
            cpu = time.process_time() + sum(map(process_cpu, workers)) - cpu_began
    with open(args.output, "w", encoding="utf-8") as sink:
        for output in outputs:
            sink.write(output.jsonl + "\n")
    peak = max(
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
    )
    print(
        json.dumps(
            {
                "setup_seconds": setup,
                "extract_seconds": extract,
                "extract_cpu_seconds": cpu,
                "parent_cpu_seconds": parent_cpu,
                "total_seconds": time.perf_counter() - started,
                "peak_mb": peak / 1024,
                "load_average": os.getloadavg()[0],
            }
        )
    )


if __name__ == "__main__":
    main()
