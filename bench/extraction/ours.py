"""Run talentbridge's engine in-process on JSONL input, timing setup and extraction apart.

python bench/extraction/ours.py IN.jsonl OUT.jsonl [--workers N]
Same output format as `manage.py extract_skills --top-k 10`; prints timings and peak memory.
"""

import argparse
import json
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from talentbridge.extraction import default_cache_dir, run_batch  # noqa: E402
from talentbridge.extraction.factory import EngineFactory  # noqa: E402
from talentbridge.taxonomy.management.commands.extract_skills import (  # noqa: E402
    _release,
    taxonomy_concepts,
)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("input")
    parser.add_argument("output")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--top-k", type=int, default=10)
    parser.add_argument("--no-semantic", action="store_true")
    args = parser.parse_args()
    started = time.perf_counter()
    factory = EngineFactory.create(
        taxonomy_concepts(),
        release=_release(),
        cache_dir=default_cache_dir(),
        semantic=not args.no_semantic,
    )
    if factory.semantic:
        factory.prepare_cache()
    lines = Path(args.input).read_bytes().splitlines()
    if args.workers == 1:
        extractor = factory()
        setup = time.perf_counter() - started
        began = time.perf_counter()
        outputs = list(run_batch(lines, lambda: extractor, top_k=args.top_k))
    else:
        setup = time.perf_counter() - started
        began = time.perf_counter()
        outputs = list(
            run_batch(lines, factory.with_threads(1), top_k=args.top_k, workers=args.workers)
        )
    extract = time.perf_counter() - began
    with open(args.output, "w", encoding="utf-8") as sink:
        for output in outputs:
            sink.write(json.dumps(output.payload, ensure_ascii=False) + "\n")
    peak = max(
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
    )
    print(
        json.dumps(
            {
                "setup_seconds": setup,
                "extract_seconds": extract,
                "total_seconds": time.perf_counter() - started,
                "peak_mb": peak / 1024,
            }
        )
    )


if __name__ == "__main__":
    main()
