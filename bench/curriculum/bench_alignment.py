# ruff: noqa: E501 -- a benchmark script: setup rows read best on one line each
"""Alignment report latency for a 150-course plan against demand aggregates equivalent to
1M postings (24 months × 2,000 skills × 30 occupations, counts scaled to 1,000,000 postings).

Run: DATABASE_URL=sqlite:////tmp/bench_curr.sqlite3 .venv/bin/python bench/curriculum/bench_alignment.py
On a fresh database the script migrates it and loads the shipped taxonomy itself (it says so;
``manage.py load_taxonomy``, about a minute), since the plan and the demand use its concepts.
The demand provider here returns the aggregate payload from memory, so the figures measure
curriculum's part (DB reads of the plan + calculation + payload); a real provider adds its
own aggregate query (demand's SkillCount table) on a cache miss (cached 300 s after).
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import time
import tracemalloc

sys.path.insert(0, os.getcwd())
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
import django

django.setup()
from django.core.management import call_command  # noqa: E402

call_command("migrate", verbosity=0)
from talentbridge.taxonomy.models import Skill  # noqa: E402

if not Skill.objects.exists():  # a fresh database: the plan and the demand need the concepts
    print(
        "Fresh database: loading the shipped taxonomy first (manage.py load_taxonomy) ...",
        flush=True,
    )
    call_command("load_taxonomy")
from talentbridge.accounts.models import User  # noqa: E402
from talentbridge.community.models import Organization, OrganizationMembership  # noqa: E402
from talentbridge.curriculum import analysis, providers, reports  # noqa: E402
from talentbridge.curriculum.adapters import skill_choices  # noqa: E402
from talentbridge.curriculum.models import (  # noqa: E402
    Course,
    LearningOutcome,
    MajorOffering,
    TrainingPlan,
    TrainingPlanVersion,
)

rng = random.Random(7)
skills = [s for s, _ in skill_choices()][:2000]
months = [f"{y}-{m:02d}" for y in (2024, 2025) for m in range(1, 13)]
per_month = 1_000_000 // len(months)
payload = {
    "months": months,
    "source": "bench",
    "postings": dict.fromkeys(months, per_month),
    "skills": {s: {m: int(per_month * rng.random() * 0.05) for m in months} for s in skills},
    "occupations": {
        f"occ{i}": {
            "postings": 30000,
            "skills": {s: rng.randint(0, 3000) for s in rng.sample(skills, 200)},
        }
        for i in range(30)
    },
}
providers.register_demand_provider(lambda **q: payload)
college, _ = Organization.objects.get_or_create(
    name_zh="基准学院", kind="college", defaults={"college_level": "higher_vocational"}
)
user, _ = User.objects.get_or_create(email="bench@example.org")
OrganizationMembership.objects.get_or_create(
    user=user, organization=college, defaults={"role": "admin"}
)
offering, _ = MajorOffering.objects.get_or_create(
    college=college,
    major_code="550103",
    defaults={"level": "higher_vocational", "name_zh": "数字媒体艺术设计"},
)
plan, _ = TrainingPlan.objects.get_or_create(offering=offering, cohort_year=2025)
version, created = TrainingPlanVersion.objects.get_or_create(plan=plan, number=1)
if created:
    for i in range(150):
        course = Course.objects.create(
            version=version,
            code=f"C{i:03d}",
            name_zh=f"课程{i}",
            credits=2,
            semester=1 + i % 6,
            course_type="professional_core",
            hours_theory=16,
            hours_practice=16,
        )
        LearningOutcome.objects.bulk_create(
            LearningOutcome(
                course=course, skill_id=s, level=rng.choice(["aware", "master", "proficient"])
            )
            for s in rng.sample(skills[:600], 4)
        )
query = analysis.demand_query("330782", "2024-01", "2025-12")


def run() -> None:
    result = analysis.version_alignment(actor=user, version=version, query=query)
    reports.alignment_payload(result, actor=user)


run()  # warm: provider answer cached, taxonomy loaded
times = []
for _ in range(30):
    start = time.perf_counter()
    run()
    times.append((time.perf_counter() - start) * 1000)
tracemalloc.start()
run()
_, peak = tracemalloc.get_traced_memory()
times.sort()
print(
    f"| alignment report, 150 courses × 4 outcomes, 2,000 skills × 24 months (≈1M postings) | "
    f"p50 {statistics.median(times):.0f} ms | p95 {times[int(len(times) * 0.95) - 1]:.0f} ms | "
    f"peak Python memory per report {peak / 1e6:.1f} MB |"
)
