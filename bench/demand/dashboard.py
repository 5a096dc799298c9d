"""Dashboard latency at 1M postings and forecast cost (bench only, own database).

Fills the aggregate tables of a private bench database up to ``--scale-to`` postings by
resampling the tagged postings of a small real ingest through the product's own
``aggregates.add_chunk`` (month and place recombined, so the tables get the long tail of key
combinations a real corpus has), then times ``dashboard.dashboard_data`` with random filters:
cold (the dashboard cache cleared before every request: every query runs) and warm (the
normal path: a repeated filter within the same aggregate version is served from the cache).

    python bench/demand/generate.py --rows 12000 --out var/bench-dashboard/corpus.csv
    TALENTBRIDGE_VAR_DIR=var/bench-dashboard/var python manage.py migrate
    TALENTBRIDGE_VAR_DIR=var/bench-dashboard/var python manage.py ingest_postings \\
        var/bench-dashboard/corpus.csv --source bench
    python bench/demand/dashboard.py --scale-to 1000000 --repeats 100
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FILTERS = (
    {},
    {"region": "310000"},
    {"region": "330100"},
    {"month_from": "2024-01", "month_to": "2024-06"},
    {"occupation": "4-13-01-05"},
    {"region": "440300", "month_from": "2023-07"},
    {"occupation": "4-01-06-01", "region": "110000"},
)


def _django(var_dir: Path) -> None:
    os.environ["TALENTBRIDGE_VAR_DIR"] = str(var_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def _postings_in_aggregates() -> int:
    from django.db.models import Sum

    from talentbridge.demand.models import PostingCount

    return int(PostingCount.objects.aggregate(n=Sum("new_postings"))["n"] or 0)


def scale_to(target: int) -> dict[str, object]:
    from django.db import transaction

    from talentbridge.demand import aggregates, warehouse
    from talentbridge.demand.models import PostingSource

    present = _postings_in_aggregates()
    if target <= present:
        return {"step": "aggregates already hold", "postings": present}
    rows = warehouse.query(
        "select month, province_code, city_code, occupation_code, company_key, salary_mid,"
        " skills, is_new from postings where is_new and len(skills) > 0"
    )
    source, _ = PostingSource.objects.get_or_create(name="bench-resampled")
    keys = ("month", "province_code", "city_code", "occupation_code", "company_key",
            "salary_mid", "skills", "is_new")  # fmt: skip
    months = sorted({row[0] for row in rows})
    places = sorted({(row[1], row[2]) for row in rows})
    rng = random.Random(1)
    started = time.monotonic()
    missing = target - present
    while missing > 0:
        size = min(20_000, missing)
        chunk = []
        for _ in range(size):
            record = dict(zip(keys, rng.choice(rows), strict=True))
            record["month"] = rng.choice(months)
            record["province_code"], record["city_code"] = rng.choice(places)
            chunk.append(record)
        with transaction.atomic():
            aggregates.add_chunk(str(source.pk), chunk)
        missing -= size
    return {"step": f"aggregates added for {target - present} resampled postings",
            "sampled_from": len(rows), "seconds": round(time.monotonic() - started, 1)}  # fmt: skip


def time_dashboard(label: str, repeats: int, *, cold: bool) -> dict[str, object]:
    from django.contrib.auth.models import AnonymousUser

    from talentbridge.demand import dashboard_cache
    from talentbridge.demand.dashboard import dashboard_data
    from talentbridge.demand.selectors import DemandFilters

    rng = random.Random(7)
    dashboard_cache.clear()
    started = time.monotonic()
    dashboard_data(AnonymousUser(), DemandFilters())  # first request: labels load
    first = time.monotonic() - started
    timings = []
    for _ in range(repeats):
        chosen = DemandFilters(**rng.choice(FILTERS))
        if cold:
            dashboard_cache.clear()
        started = time.monotonic()
        dashboard_data(AnonymousUser(), chosen)
        timings.append(time.monotonic() - started)
    timings.sort()
    return {
        "step": f"dashboard_data {label}", "requests": repeats,
        "first_request_ms": round(1000 * first),
        "p50_ms": round(1000 * statistics.median(timings), 1),
        "p95_ms": round(1000 * timings[int(0.95 * (len(timings) - 1))], 1),
        "max_ms": round(1000 * timings[-1], 1), "postings": _postings_in_aggregates(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }  # fmt: skip


def time_forecasts(repeats: int) -> dict[str, object]:
    from django.contrib.auth.models import AnonymousUser

    from talentbridge.demand import dashboard_cache, selectors
    from talentbridge.demand.selectors import DemandFilters

    skills = [
        f.skill_id
        for f in selectors.top_skills(actor=AnonymousUser(), filters=DemandFilters(), limit=20)
    ]
    rng = random.Random(11)
    timings = []
    for _ in range(repeats):
        dashboard_cache.clear()
        filters = DemandFilters(**rng.choice(FILTERS))
        started = time.monotonic()
        selectors.demand_forecast(
            actor=AnonymousUser(), filters=filters, skill=rng.choice(["", *skills]), horizon=12
        )
        timings.append(time.monotonic() - started)
    timings.sort()
    return {
        "step": "demand_forecast (cold, 12 months ahead)", "requests": repeats,
        "p50_ms": round(1000 * statistics.median(timings), 1),
        "p95_ms": round(1000 * timings[int(0.95 * (len(timings) - 1))], 1),
    }  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--var", type=Path, default=ROOT / "var" / "bench-dashboard" / "var")
    parser.add_argument("--scale-to", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=100)
    parser.add_argument("--profile", action="store_true", help="cProfile one cold request")
    args = parser.parse_args()
    _django(args.var)
    from talentbridge.demand.models import SalaryBucket, SkillCount

    print(json.dumps(scale_to(args.scale_to), ensure_ascii=False), flush=True)
    print(json.dumps({"step": "aggregate rows", "skill_count": SkillCount.objects.count(),
                      "salary_bucket": SalaryBucket.objects.count()}), flush=True)  # fmt: skip
    if args.profile:
        import cProfile
        import pstats

        from django.contrib.auth.models import AnonymousUser

        from talentbridge.demand import dashboard_cache
        from talentbridge.demand.dashboard import dashboard_data
        from talentbridge.demand.selectors import DemandFilters

        dashboard_data(AnonymousUser(), DemandFilters())
        dashboard_cache.clear()
        profiler = cProfile.Profile()
        profiler.enable()
        dashboard_data(AnonymousUser(), DemandFilters())
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
        return
    for cold in (True, False):
        label = "cold (cache cleared per request)" if cold else "warm (cache on)"
        result = time_dashboard(label, args.repeats, cold=cold)
        print(json.dumps(result, ensure_ascii=False), flush=True)
    print(json.dumps(time_forecasts(max(20, args.repeats // 2)), ensure_ascii=False))


if __name__ == "__main__":
    main()
