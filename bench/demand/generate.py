"""Generate a large posting corpus for the demand benchmarks (bench data only, never shipped).

Resamples and recombines real postings from ``../shared/data/postings-zh`` (51job Shanghai
CSV, CarryChang zhilian texts) and ``postings-en`` (m5991 LinkedIn, MIT): each synthetic
posting takes a real title, company and salary text, a city from a list of 30, a date in a
24-month window, and a description recombined from 3-9 clauses of real descriptions
(clauses split on 。；;!? and line breaks). Besides, 5 % of the rows are exact re-posts
(another row's content, a later date, maybe another source file) and 3 % near re-posts
(one clause replaced). Prints the share of distinct clauses in the corpus.

    python bench/demand/generate.py --rows 1000000 --out var/bench-demand/corpus.csv
"""

from __future__ import annotations

import argparse
import csv
import random
import re
import sys
import time
from datetime import date, timedelta
from pathlib import Path

DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
CLAUSE = re.compile(r"[^。；;!！?？\n]{6,200}")
CITIES = ("上海-浦东新区", "上海-徐汇区", "上海-闵行区", "北京-朝阳区", "北京-海淀区",
          "杭州-西湖区", "杭州-滨江区", "广州-天河区", "深圳-南山区", "深圳-福田区",
          "成都-高新区", "南京-鼓楼区", "苏州-工业园区", "武汉-洪山区", "西安-雁塔区",
          "重庆-渝北区", "长沙-岳麓区", "郑州-金水区", "青岛-市南区", "厦门-思明区",
          "合肥-蜀山区", "福州-鼓楼区", "济南-历下区", "天津-南开区", "宁波-鄞州区",
          "金华-义乌市", "东莞", "佛山-南海区", "昆明-五华区", "南昌-红谷滩区")  # fmt: skip
HEADERS = ("职位名称", "公司名称", "职位描述", "薪资", "工作地点", "发布日期")
START = date(2023, 1, 1)
DAYS = 730


def _clauses(text: str) -> list[str]:
    return [m.group(0).strip() for m in CLAUSE.finditer(text) if m.group(0).strip()]


def load_pools() -> dict[str, list[str]]:
    titles, companies, salaries, clauses = [], [], [], []
    with (DATA / "postings-zh" / "51job-shanghai.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            titles.append(row["B:job_title"])
            companies.append(row["C:company"])
            if row["E:salary"]:
                salaries.append(row["E:salary"])
            clauses.extend(_clauses(row["F:description"]))
    carry_chang = DATA / "postings-zh" / "CarryChang-zhilian-51job-analysis" / "split_data"
    for path in sorted(carry_chang.glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            clauses.extend(_clauses(line))
    en = DATA / "postings-en" / "m5991-linkedin-jobs-scraper-analysis" / "data"
    en = en / "linkedin_jobs.csv"
    with en.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            titles.append(row["title"])
            companies.append(row["company"])
            clauses.extend(_clauses(row["description"]))
    return {"titles": titles, "companies": companies, "salaries": salaries, "clauses": clauses}


def generate(rows: int, out: Path, seed: int = 42) -> dict[str, float]:
    rng = random.Random(seed)
    pools = load_pools()
    clauses, titles = pools["clauses"], pools["titles"]
    companies, salaries = pools["companies"], pools["salaries"]
    emitted: list[tuple[str, str, str, str, str]] = []
    used_clauses: set[int] = set()
    total_clauses = 0
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADERS)
        for index in range(rows):
            day = START + timedelta(days=index * DAYS // rows + rng.randrange(5))
            roll = rng.random()
            if emitted and roll < 0.05:  # exact re-post of an earlier posting
                title, company, text, salary, city = rng.choice(emitted)
            elif emitted and roll < 0.08:  # near re-post: one clause replaced
                title, company, text, salary, city = rng.choice(emitted)
                parts = text.split("；")
                parts[rng.randrange(len(parts))] = clauses[rng.randrange(len(clauses))]
                text = "；".join(parts)
            else:
                picks = [rng.randrange(len(clauses)) for _ in range(rng.randint(3, 9))]
                used_clauses.update(picks)
                total_clauses += len(picks)
                text = "；".join(clauses[i] for i in picks)
                title, company = rng.choice(titles), rng.choice(companies)
                salary, city = rng.choice(salaries), rng.choice(CITIES)
                if len(emitted) < 50_000:
                    emitted.append((title, company, text, salary, city))
                else:
                    emitted[rng.randrange(len(emitted))] = (title, company, text, salary, city)
            writer.writerow((title, company, text, salary, city, day.isoformat()))
    return {
        "rows": rows,
        "clause_pool": len(clauses),
        "clauses_used": total_clauses,
        "distinct_clauses": len(used_clauses),
        "distinct_share": len(used_clauses) / max(total_clauses, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--out", type=Path, default=Path("var/bench-demand/corpus.csv"))
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    started = time.monotonic()
    stats = generate(args.rows, args.out, args.seed)
    stats["seconds"] = round(time.monotonic() - started, 1)
    print(stats, file=sys.stderr)


if __name__ == "__main__":
    main()
