"""Demand benchmarks: ingest throughput and peak memory, lexical vs semantic tagging,
dashboard query latency, aggregation input export. Prints a table; ``--markdown`` appends the
figures to a file (the section in docs/benchmarks.md is written by hand from it).

Uses its own database and warehouse (``var/bench-demand/``), never the development ones:

    python bench/demand/generate.py --rows 1000000 --out var/bench-demand/corpus-1m.csv
    python bench/demand/run.py ingest --rows 100000
    python bench/demand/run.py tagging --texts 300
    python bench/demand/run.py semantic --texts 100 --batches 2
    python bench/demand/measure.py -- python manage.py ingest_postings F --source b [--workers 2]
    python bench/demand/run.py dashboard --scale-to 1000000
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from itertools import islice
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BENCH_VAR = ROOT / "var" / "bench-demand"
CORPUS = BENCH_VAR / "corpus-1m.csv"
ENV = {**os.environ, "TALENTBRIDGE_VAR_DIR": str(BENCH_VAR / "var"), "PYTHONPATH": str(ROOT)}


def _django() -> None:
    os.environ.update({"TALENTBRIDGE_VAR_DIR": ENV["TALENTBRIDGE_VAR_DIR"]})
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def _manage(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=ENV, capture_output=True, text=True, check=False,
    )  # fmt: skip


def _slice(rows: int, offset: int = 0) -> Path:
    path = BENCH_VAR / f"slice-{offset}-{rows}.csv"
    if not path.exists():
        with CORPUS.open(encoding="utf-8") as source, path.open("w", encoding="utf-8") as target:
            header = source.readline()
            target.write(header)
            import csv

            reader = csv.reader(source)
            writer = csv.writer(target)
            for row in islice(reader, offset, offset + rows):
                writer.writerow(row)
    return path


def bench_ingest(rows: int, tagging: bool, source: str, offset: int = 0) -> dict[str, object]:
    _manage("migrate", "--noinput")
    path = _slice(rows, offset)
    args = ["ingest_postings", str(path), "--source", source]
    if not tagging:
        args.append("--no-tagging")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.monotonic()
    done = _manage(*args)
    seconds = time.monotonic() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    peak_kib = after.ru_maxrss
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    summary = json.loads(done.stdout.strip().splitlines()[-1])
    return {
        "rows": rows, "tagging": "lexical" if tagging else "off", "seconds": round(seconds, 1),
        "rows_per_s": round(rows / seconds), "cpu_seconds": round(cpu, 1),
        "rows_per_cpu_s": round(rows / cpu), "peak_rss_mib": round(peak_kib / 1024),
        **summary,
    }  # fmt: skip


def bench_tagging(texts: int) -> list[dict[str, object]]:
    _django()
    import csv

    from talentbridge.demand.tagging import tag_texts
    from talentbridge.extraction import Extractor
    from talentbridge.extraction.factory import EngineFactory
    from talentbridge.taxonomy.vocabulary import engine_concepts

    with CORPUS.open(encoding="utf-8") as handle:
        rows = list(islice(csv.DictReader(handle), texts))
    sample = [f"{r['职位名称']}\n{r['职位描述']}" for r in rows]
    results = []
    started = time.monotonic()
    Extractor(engine_concepts())
    results.append({"step": "lexical engine build (all concepts)",
                    "seconds": round(time.monotonic() - started, 1)})  # fmt: skip
    tag_texts(sample[:5])
    started = time.monotonic()
    found = tag_texts(sample)
    seconds = time.monotonic() - started
    results.append({"step": "lexical tagging", "texts": texts, "seconds": round(seconds, 2),
                    "texts_per_s": round(texts / seconds, 1),
                    "skills_per_text": round(sum(map(len, found)) / texts, 1)})  # fmt: skip
    concepts = [c for c in engine_concepts() if c.id.startswith("dc.")]
    factory = EngineFactory.create(
        concepts, release="bench-extension-only", cache_dir=BENCH_VAR / "cache", semantic=True
    )
    started = time.monotonic()
    engine = factory.build()
    results.append({"step": f"semantic index build ({len(concepts)} extension concepts)",
                    "seconds": round(time.monotonic() - started, 1)})  # fmt: skip
    semantic_sample = sample[: max(texts // 3, 20)]
    started = time.monotonic()
    outputs = engine.extract_many(semantic_sample, top_k=15)
    seconds = time.monotonic() - started
    results.append({"step": "semantic tagging (extension concepts)", "texts": len(semantic_sample),
                    "seconds": round(seconds, 2),
                    "texts_per_s": round(len(semantic_sample) / seconds, 2),
                    "errors": sum(1 for o in outputs if isinstance(o, Exception))})  # fmt: skip
    return results


def bench_semantic(texts: int, batches: int, corpus: Path) -> list[dict[str, object]]:
    """The product's semantic pass engine (``tag_texts(semantic=True)``, query vectors cached
    per distinct sentence/clause) on consecutive batches of corpus postings: texts/s and how
    many queries the model really embedded."""
    _django()
    import csv

    from talentbridge.demand import tagging

    started = time.monotonic()
    extractor = tagging._semantic_extractor()
    embedder = extractor.embedder
    results: list[dict[str, object]] = [
        {"step": "semantic engine load (cached concept index)",
         "seconds": round(time.monotonic() - started, 1)}
    ]  # fmt: skip
    with corpus.open(encoding="utf-8") as handle:
        rows = list(islice(csv.DictReader(handle), texts * batches))
    sample = [f"{r['职位名称']}\n{r['职位描述']}" for r in rows]
    for batch in range(batches):
        chunk = sample[batch * texts : (batch + 1) * texts]
        requested = getattr(embedder, "requested", 0)
        embedded = getattr(embedder, "embedded", 0)
        cpu, started = time.process_time(), time.monotonic()
        tagging.tag_texts(chunk, semantic=True)
        seconds = time.monotonic() - started
        results.append({
            "step": f"semantic tagging, batch {batch + 1}", "texts": len(chunk),
            "seconds": round(seconds, 1), "cpu_seconds": round(time.process_time() - cpu, 1),
            "texts_per_s": round(len(chunk) / seconds, 2),
            "queries": getattr(embedder, "requested", 0) - requested,
            "embedded": getattr(embedder, "embedded", 0) - embedded,
        })  # fmt: skip
    return results


def bench_dashboard(scale_to: int, repeats: int) -> list[dict[str, object]]:
    _django()
    from django.contrib.auth.models import AnonymousUser

    from talentbridge.demand import aggregates, warehouse
    from talentbridge.demand.models import PostingSource, SkillCount
    from talentbridge.demand.selectors import DemandFilters
    from talentbridge.demand.views import dashboard_data

    PostingSource.objects.filter(name="bench-resampled").delete()  # from an earlier run
    results = [_time_dashboard("as ingested", repeats)]
    present = _postings_in_aggregates()
    if scale_to > present:
        rows = warehouse.query(
            "select month, province_code, city_code, occupation_code, company_key, salary_mid,"
            " skills, is_new from postings where is_new and len(skills) > 0"
        )  # resample tagged postings only, so the skill tables grow as with tagging on
        source, _ = PostingSource.objects.get_or_create(name="bench-resampled")
        rng = random.Random(1)
        started = time.monotonic()
        missing = scale_to - present
        keys = ("month", "province_code", "city_code", "occupation_code", "company_key",
                "salary_mid", "skills", "is_new")  # fmt: skip
        from django.db import transaction

        months = sorted({row[0] for row in rows})
        places = sorted({(row[1], row[2]) for row in rows})
        while missing > 0:
            size = min(20_000, missing)
            chunk = []
            for _ in range(size):
                # recombine month and place independently, so the aggregate tables get the
                # long tail of key combinations a real 1M corpus has
                record = dict(zip(keys, rng.choice(rows), strict=True))
                record["month"] = rng.choice(months)
                record["province_code"], record["city_code"] = rng.choice(places)
                chunk.append(record)
            with transaction.atomic():
                aggregates.add_chunk(str(source.pk), chunk)
            missing -= size
        results.append({"step": f"aggregates added for {scale_to - present} resampled postings",
                        "seconds": round(time.monotonic() - started, 1)})  # fmt: skip
        results.append(_time_dashboard(f"scaled to {scale_to} postings", repeats))
    results.append({"step": "skill-count rows in the database", "rows": SkillCount.objects.count()})
    del AnonymousUser, DemandFilters, dashboard_data
    return results


def _postings_in_aggregates() -> int:
    from django.db.models import Sum

    from talentbridge.demand.models import PostingCount

    return int(PostingCount.objects.aggregate(n=Sum("new_postings"))["n"] or 0)


def _time_dashboard(label: str, repeats: int) -> dict[str, object]:
    from django.contrib.auth.models import AnonymousUser

    from talentbridge.demand.selectors import DemandFilters
    from talentbridge.demand.views import dashboard_data

    rng = random.Random(7)
    filters = [DemandFilters(), DemandFilters(region="310000"), DemandFilters(region="330100"),
               DemandFilters(month_from="2024-01", month_to="2024-06"),
               DemandFilters(occupation="4-01-06-01")]  # fmt: skip
    dashboard_data(AnonymousUser(), DemandFilters())  # warm the label cache
    timings = []
    for _ in range(repeats):
        chosen = rng.choice(filters)
        started = time.monotonic()
        dashboard_data(AnonymousUser(), chosen)
        timings.append(time.monotonic() - started)
    timings.sort()
    return {
        "step": f"dashboard (all figures, one request) {label}", "requests": repeats,
        "p50_ms": round(1000 * statistics.median(timings)),
        "p95_ms": round(1000 * timings[int(0.95 * (len(timings) - 1))]),
        "postings": _postings_in_aggregates(),
    }  # fmt: skip


def export_aggregation_input(rows: int, out: Path) -> None:
    """Write ``rows`` resampled aggregation-input rows to Parquet (for agg_compare.py)."""
    _django()
    import pyarrow as pa
    import pyarrow.parquet as pq

    from talentbridge.demand import aggregates, warehouse

    source = warehouse.query(
        "select month, province_code, city_code, occupation_code, company_key, salary_mid,"
        " skills, is_new from postings"
    )
    rng = random.Random(3)
    keys = [f.name for f in aggregates.POSTINGS_SCHEMA]
    picked = [dict(zip(keys, rng.choice(source), strict=True)) for _ in range(rows)]
    pq.write_table(pa.Table.from_pylist(picked, schema=aggregates.POSTINGS_SCHEMA), out)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("what", choices=["ingest", "tagging", "semantic", "dashboard", "export"])
    parser.add_argument("--batches", type=int, default=2)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--tagging", action="store_true")
    parser.add_argument("--offset", type=int, default=0, help="first corpus row to ingest")
    parser.add_argument("--source", default="bench")
    parser.add_argument("--texts", type=int, default=300)
    parser.add_argument("--scale-to", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=60)
    parser.add_argument("--out", type=Path, default=BENCH_VAR / "agg-input.parquet")
    args = parser.parse_args()
    BENCH_VAR.mkdir(parents=True, exist_ok=True)
    if args.what == "ingest":
        result = bench_ingest(args.rows, args.tagging, args.source, args.offset)
        print(json.dumps(result, ensure_ascii=False))
    elif args.what == "tagging":
        for line in bench_tagging(args.texts):
            print(json.dumps(line, ensure_ascii=False))
    elif args.what == "semantic":
        for line in bench_semantic(args.texts, args.batches, args.corpus):
            print(json.dumps(line, ensure_ascii=False))
    elif args.what == "dashboard":
        for line in bench_dashboard(args.scale_to, args.repeats):
            print(json.dumps(line, ensure_ascii=False))
    else:
        export_aggregation_input(args.rows, args.out)


if __name__ == "__main__":
    main()
