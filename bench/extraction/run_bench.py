"""Quality and speed of skill extraction, ours vs. PyPI peers, on the same sentences.

python bench/extraction/run_bench.py [--skip-peers] [--repeat 8] [--with-test]

English: the Decorte et al. TECH/HOUSE validation splits, scored exactly like the independent
evaluation (../shared/tools/score_extraction.py: gold = the sentence's ESCO labels without
LABEL NOT PRESENT / UNDERSPECIFIED; RP@K = |gold ∩ top-K| / min(K, |gold|); MRR).
Chinese: the hand-labelled yardstick (bench/extraction/zh_yardstick, built into bench/out/ by
its build.py), scored the same way on ESCO labels: the tuning half always, the test half only
with --with-test (score it once per reported configuration, never tune on it).
bench/extraction/zh_dev.jsonl (development only, labelled by the tuner) is scored over concept
ids with --with-zh-dev. Every system runs with `--taxonomy all` and `--taxonomy esco`.
Throughput: all English validation sentences repeated --repeat times.
Writes bench/out/results.md and prints it.
"""

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
OUT = ROOT / "bench" / "out"
# ../shared next to the repository, or next to the worktrees' folder
SHARED = next(
    (base / "shared" for base in (ROOT.parent, ROOT.parent.parent) if (base / "shared").is_dir()),
    ROOT.parent / "shared",
)
DATA = SHARED / "data" / "skill-benchmarks" / "Skill-Extraction-benchmark" / "data"
ESCO_ZIP = SHARED / "data" / "esco" / "esco-v1.1.1-classification-en-csv.zip"
SCORER = SHARED / "tools" / "score_extraction.py"
OUR_PY = ROOT / ".venv" / "bin" / "python"
PEER_PY = ROOT / "bench" / ".venv-peers" / "bin" / "python"
PROJECT_URI = "urn:talentbridge:concept:"
OURS = [str(OUR_PY), str(HERE / "ours.py")]
YARDSTICK = OUT / "zh_yardstick"
SYSTEMS = {
    "talentbridge (ours, accurate, 1 process)": OURS,
    "talentbridge (ours, accurate, 1 process, --taxonomy esco)": [*OURS, "--taxonomy", "esco"],
    "talentbridge (ours, --fast, 1 process, --taxonomy esco)": [
        *OURS,
        "--fast",
        "--taxonomy",
        "esco",
    ],
    "talentbridge (ours, accurate, 2 workers)": [*OURS, "--workers", "2"],
    "talentbridge (ours, --fast, 1 process)": [*OURS, "--fast"],
    "talentbridge (ours, --fast, 1 process, 1 BLAS thread)": [*OURS, "--fast"],
    "talentbridge (ours, --fast, 2 workers)": [*OURS, "--fast", "--workers", "2"],
    "talentbridge (ours, exact matches only, 2 workers)": [
        *OURS,
        "--no-semantic",
        "--workers",
        "2",
    ],
    "esco-skill-extractor 0.1.18 (as shipped: threshold 0.6)": [
        str(PEER_PY),
        str(HERE / "peers.py"),
        "esco-threshold",
    ],
    "esco-skill-extractor 0.1.18 (ranked by its cosine)": [
        str(PEER_PY),
        str(HERE / "peers.py"),
        "esco-ranked",
    ],
    "skill-extractor 0.2.0 (ranked by its MLP)": [
        str(PEER_PY),
        str(HERE / "peers.py"),
        "skill-extractor",
    ],
}


# OpenBLAS reads its thread count when numpy loads: one thread wastes no CPU on a busy host.
SYSTEM_ENV = {
    "talentbridge (ours, --fast, 1 process, 1 BLAS thread)": {"OPENBLAS_NUM_THREADS": "1"}
}


def run_system(command: list[str], source: Path, target: Path, name: str = "") -> dict:
    if "peers.py" in command[1]:
        args = [*command, str(source), str(target), str(ESCO_ZIP)]
    else:
        args = [*command[:2], str(source), str(target), *command[2:]]
    env = dict(os.environ, HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1", **SYSTEM_ENV.get(name, {}))
    done = subprocess.run(args, capture_output=True, text=True, env=env, check=False)
    if done.returncode != 0:
        return {"error": done.stderr.strip().splitlines()[-1] if done.stderr else "failed"}
    return json.loads(done.stdout.strip().splitlines()[-1])


def score_esco(gold: Path, predictions: Path) -> dict:
    done = subprocess.run(
        [
            sys.executable,
            str(SCORER),
            "score",
            str(gold),
            str(predictions),
            str(ESCO_ZIP),
            "5",
            "10",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def esco_to_extension() -> dict[str, list[str]]:
    sys.path.insert(0, str(ROOT))
    from talentbridge.taxonomy.data import load_extension

    mapping: dict[str, list[str]] = {}
    for concept in load_extension():
        if concept.esco_match == "exact" and concept.esco_uri:
            mapping.setdefault(concept.esco_uri, []).append(concept.id)
    return mapping


def score_concepts(gold_path: Path, predictions: Path, esco_map: dict[str, list[str]]) -> dict:
    gold = {r["id"]: set(r["gold"]) for r in map(json.loads, gold_path.open(encoding="utf-8"))}
    ranked: dict[str, list[str]] = {}
    for line in predictions.open(encoding="utf-8"):
        record = json.loads(line)
        ids: list[str] = []
        for skill in record.get("skills", []):
            uri = skill.get("uri") or ""
            candidates = (
                [uri[len(PROJECT_URI) :]]
                if uri.startswith(PROJECT_URI)
                else esco_map.get(uri, [uri])
            )
            hit = next(
                (c for c in candidates if c in gold.get(record["id"], ())),
                candidates[0] if candidates else "",
            )
            if hit and hit not in ids:
                ids.append(hit)
        ranked[str(record["id"])] = ids
    result = {"RP@5": 0.0, "RP@10": 0.0, "MRR": 0.0}
    for sid, wanted in gold.items():
        got = ranked.get(sid, [])
        for k in (5, 10):
            result[f"RP@{k}"] += len(wanted & set(got[:k])) / min(k, len(wanted))
        result["MRR"] += next((1 / (i + 1) for i, c in enumerate(got) if c in wanted), 0.0)
    n = len(gold)
    out = {key: round(value / n, 4) for key, value in result.items()}
    out["sentences"] = n
    return out


def prepare(with_test: bool = False, with_zh_dev: bool = False) -> dict[str, tuple[Path, Path]]:
    sets = {}
    for split in ("tech", "house"):
        folder = OUT / split
        folder.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                sys.executable,
                str(SCORER),
                "prepare",
                str(DATA / f"{split}_validation_annotations.csv"),
                str(folder),
            ],
            check=True,
            capture_output=True,
        )
        sets[split] = (folder / "input.jsonl", folder / "gold.json")
    if not (YARDSTICK / "tuning" / "gold.json").exists():
        subprocess.run([sys.executable, str(HERE / "zh_yardstick" / "build.py")], check=True)
    for half in ("tuning", "test") if with_test else ("tuning",):
        sets[f"zh {half}"] = (YARDSTICK / half / "input.jsonl", YARDSTICK / half / "gold.json")
    if with_zh_dev:
        zh = OUT / "zh"
        zh.mkdir(parents=True, exist_ok=True)
        with (zh / "input.jsonl").open("w", encoding="utf-8") as sink:
            for record in map(json.loads, (HERE / "zh_dev.jsonl").open(encoding="utf-8")):
                line = {"id": record["id"], "text": record["text"]}
                sink.write(json.dumps(line, ensure_ascii=False) + "\n")
        sets["zh_dev"] = (zh / "input.jsonl", HERE / "zh_dev.jsonl")
    return sets


def throughput_set(sets: dict[str, tuple[Path, Path]], repeat: int) -> Path:
    lines = [
        line for split in ("tech", "house") for line in sets[split][0].read_text().splitlines()
    ]
    target = OUT / "throughput" / "input.jsonl"
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("w", encoding="utf-8") as sink:
        for copy in range(repeat):
            for line in lines:
                record = json.loads(line)
                record["id"] = f"{record['id']}-{copy}"
                sink.write(json.dumps(record) + "\n")
    return target


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        "?",
    )
    ram = next(
        (
            int(line.split()[1]) // 1024 // 1024
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        ),
        0,
    )
    load = os.getloadavg()
    return (
        f"{os.cpu_count()} cores ({cpu}), {ram} GiB RAM, Python {platform.python_version()}, "
        f"load average at start {load[0]:.1f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--skip-peers", action="store_true")
    parser.add_argument("--repeat", type=int, default=8)
    parser.add_argument("--skip-quality", action="store_true")
    parser.add_argument("--only", default="", help="run only systems whose name contains this")
    parser.add_argument("--with-test", action="store_true", help="also score the zh test half")
    parser.add_argument("--with-zh-dev", action="store_true", help="also score zh_dev")
    args = parser.parse_args()
    header = [f"Run {time.strftime('%Y-%m-%d %H:%M')} on {machine()}", ""]
    sets = prepare(args.with_test, args.with_zh_dev)
    esco_map = esco_to_extension()
    systems = {
        k: v
        for k, v in SYSTEMS.items()
        if not (args.skip_peers and "peers.py" in v[1]) and args.only in k
    }
    rows = ["| system | split | RP@5 | RP@10 | MRR | sentences |", "|---|---|---|---|---|---|"]
    for name, command in systems.items() if not args.skip_quality else []:
        if "2 workers" in name or "BLAS" in name:
            continue  # same rankings as the 1-process run (checked by the pool test)
        for split, (source, gold) in sets.items():
            target = source.parent / f"{abs(hash(name))}.jsonl"
            timing = run_system(command, source, target)
            if "error" in timing:
                rows.append(f"| {name} | {split} | error: {timing['error']} | | | |")
                continue
            scores = (
                score_concepts(gold, target, esco_map)
                if split == "zh_dev"
                else score_esco(gold, target)
            )
            rows.append(
                f"| {name} | {split} | {scores['RP@5']:.3f} | {scores['RP@10']:.3f} | "
                f"{scores['MRR']:.3f} | {scores['sentences']} |"
            )
            print(rows[-1], flush=True)
    speed = [
        "| system | sentences | extraction s | extraction CPU-s | sentences/s | "
        "setup+extraction s | peak MB | load |",
        "|---|---|---|---|---|---|---|---|",
    ]
    if args.repeat < 1:
        return _write([*header, *rows, ""])
    source = throughput_set(sets, args.repeat)
    count = len(source.read_text().splitlines())
    for name, command in systems.items():
        timing = run_system(command, source, OUT / "throughput" / "out.jsonl", name)
        if "error" in timing:
            speed.append(f"| {name} | {count} | error: {timing['error']} | | | |")
            continue
        cpu = timing.get("extract_cpu_seconds")
        load = timing.get("load_average", os.getloadavg()[0])
        speed.append(
            f"| {name} | {count} | {timing['extract_seconds']:.2f} | "
            f"{'—' if cpu is None else f'{cpu:.2f}'} | "
            f"{count / timing['extract_seconds']:.1f} | {timing['total_seconds']:.1f} | "
            f"{timing['peak_mb']:.0f} | {load:.1f} |"
        )
        print(speed[-1], flush=True)
    _write([*header, *rows, "", *speed, ""])


def _write(lines: list[str]) -> None:
    report = "\n".join(lines)
    (OUT / "results.md").write_text(report, encoding="utf-8")
    print(report)


if __name__ == "__main__":
    main()
