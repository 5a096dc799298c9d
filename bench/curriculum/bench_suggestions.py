"""Syllabus-to-skills suggestion quality on real, openly licensed syllabi labelled by hand.

Runs the product's suggestion function (``curriculum.adapters.suggest_for_text`` — exactly what
``services.syllabus_suggest`` stores for a teacher — or ``suggest_skills`` on older trees) on each
syllabus in ``bench/curriculum/syllabi/`` and scores the suggestions a teacher sees against the
hand labels in ``syllabi_labels.jsonl`` (see ``bench/curriculum/README.md``).

Metrics, per syllabus, then macro-averaged per language and overall:
- P@10   = |top-10 suggestions ∩ gold| / 10 (the share of the ten suggestions shown that a
           teacher would accept; a list shorter than ten counts the missing places as misses)
- accept = |shown ∩ gold| / |shown| (the same, dividing by the suggestions actually shown)
- R@10   = |top-10 ∩ gold| / |gold|
- MRR    = 1 / rank of the first accepted suggestion in the top 10 (0 when none)
Gold and suggestions are compared by canonical skill id (``adapters.canonical_skill``), so an
ESCO URI that the extension maps exactly counts as the extension concept.

Needs a database with the taxonomy loaded and, for the product's default (semantic) mode, the
concept index cached (``manage.py load_taxonomy --embed``). From the repository root:

  export TALENTBRIDGE_VAR_DIR=/tmp/bench-sugg TALENTBRIDGE_CACHE_DIR=/tmp/bench-sugg/cache
  .venv/bin/python manage.py migrate && .venv/bin/python manage.py load_taxonomy --embed
  .venv/bin/python bench/curriculum/bench_suggestions.py --mode both --write-docs

This is a test set: do not tune the engine on it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.utils import translation  # noqa: E402

from talentbridge.curriculum import adapters  # noqa: E402
from talentbridge.extraction import semantic as semantic_index  # noqa: E402
from talentbridge.taxonomy import services as taxonomy_services  # noqa: E402

K = 10
DOCS = ROOT / "docs" / "benchmarks.md"
START = "<!-- bench:curriculum-suggestions:start -->"
END = "<!-- bench:curriculum-suggestions:end -->"
DETAILS = "curriculum_suggestions.json"
COMMAND = ".venv/bin/python bench/curriculum/bench_suggestions.py --mode both --write-docs"


@dataclass(frozen=True)
class Syllabus:
    id: str
    lang: str
    title: str
    text: str
    gold: frozenset[str]
    parallel_of: str = ""


@dataclass
class Scored:
    syllabus: Syllabus
    shown: list[str]
    kinds: list[str]
    seconds: float
    hits: list[str] = field(default_factory=list)

    @property
    def p_at_k(self) -> float:
        return len(self.hits) / K

    @property
    def accept(self) -> float:
        return len(self.hits) / len(self.shown) if self.shown else 0.0

    @property
    def recall(self) -> float:
        return len(self.hits) / len(self.syllabus.gold)

    @property
    def rr(self) -> float:
        for rank, skill in enumerate(self.shown, start=1):
            if skill in self.syllabus.gold:
                return 1.0 / rank
        return 0.0


def load_syllabi(labels: Path, folder: Path) -> list[Syllabus]:
    found: list[Syllabus] = []
    for line in labels.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        text = (folder / row["file"]).read_text(encoding="utf-8")
        gold = frozenset(adapters.canonical_skill(g) for g in row["gold"])
        if not gold:
            raise SystemExit(f"{row['id']}: no gold labels")
        unknown = adapters.unknown_skills(gold)
        if unknown:
            raise SystemExit(f"{row['id']}: labels not in the taxonomy: {', '.join(unknown)}")
        found.append(
            Syllabus(row["id"], row["lang"], row["title"], text, gold, row.get("parallel_of", ""))
        )
    return found


def product_suggester() -> Callable[[str], Sequence[adapters.SuggestedSkill]]:
    shown = getattr(adapters, "suggest_for_text", None)
    if shown is not None:
        return lambda text: shown(text, top_k=K)
    return lambda text: adapters.suggest_skills(text, K)[:K]


def reuse_index() -> str:
    """The concept index is cached under (data release, model, digest of all concept passages).
    Editing a data file that holds no concept text (majors, certificates) changes the release
    and so hides an index whose vectors are still exact. Reuse such a file: same model and same
    passage digest mean the same vectors. Returns what was done, for the report."""
    factory = taxonomy_services._engine_factory(semantic=True)
    if factory.cache_dir is None:
        return "no cache dir"
    passages = [p for concept in factory.concepts for p in semantic_index.concept_passages(concept)]
    model = taxonomy_services._CacheOnlyEmbedder.name
    wanted = semantic_index._cache_path(factory.cache_dir, factory.release, model, passages)
    if wanted.exists():
        return "index of the current release"
    suffix = wanted.name.split("-", 1)[1]
    for other in sorted(wanted.parent.glob(f"*-{suffix}")):
        shutil.copyfile(other, wanted)
        return f"index reused from {other.name.split('-', 1)[0]} (same passages and model)"
    return "no index for these passages: run manage.py load_taxonomy --embed"


def run(syllabi: list[Syllabus], *, semantic: bool) -> tuple[list[Scored], bool]:
    settings.TAXONOMY_SEMANTIC_EXTRACTION = semantic
    adapters.reset()
    suggest = product_suggester()
    scored: list[Scored] = []
    for syllabus in syllabi:
        began = time.perf_counter()
        found = list(suggest(syllabus.text))[:K]
        seconds = time.perf_counter() - began
        shown = [s.skill_id for s in found]
        kinds = [getattr(s, "kind", "") for s in found]
        item = Scored(syllabus, shown, kinds, seconds)
        item.hits = [s for s in shown if s in syllabus.gold]
        scored.append(item)
    used_semantic = taxonomy_services.extract_skills(text=syllabi[0].text, top_k=1).semantic
    if not any(item.shown for item in scored):
        raise SystemExit("no suggestions at all: is the taxonomy loaded (manage.py load_taxonomy)?")
    return scored, used_semantic


def summary(items: list[Scored]) -> dict[str, float]:
    shown = sum(len(i.shown) for i in items)
    return {
        "n": len(items),
        "gold": sum(len(i.syllabus.gold) for i in items),
        "p_at_k": statistics.fmean(i.p_at_k for i in items),
        "accept": statistics.fmean(i.accept for i in items),
        "accept_micro": sum(len(i.hits) for i in items) / shown if shown else 0.0,
        "recall": statistics.fmean(i.recall for i in items),
        "mrr": statistics.fmean(i.rr for i in items),
        "shown": shown / len(items),
    }


def groups(items: list[Scored]) -> list[tuple[str, list[Scored]]]:
    out = [(lang, [i for i in items if i.syllabus.lang == lang]) for lang in ("zh", "en")]
    return [(name, rows) for name, rows in out if rows] + [("all", items)]


def table(results: dict[str, list[Scored]]) -> str:
    lines = [
        "| mode | set | syllabi | gold labels | shown / syllabus | P@10 | accept rate "
        "(macro / micro) | R@10 | MRR |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for mode, items in results.items():
        for name, rows in groups(items):
            s = summary(rows)
            lines.append(
                f"| {mode} | {name} | {s['n']} | {s['gold']} | {s['shown']:.1f} | "
                f"{s['p_at_k']:.3f} | {s['accept']:.3f} / {s['accept_micro']:.3f} | "
                f"{s['recall']:.3f} | {s['mrr']:.3f} |"
            )
    return "\n".join(lines)


def per_syllabus(items: list[Scored]) -> str:
    lines = ["| id | gold | hits@10 | R@10 | first hit | misses (gold not in top 10) |",
             "|---|---:|---:|---:|---:|---|"]  # fmt: skip
    for i in items:
        first = next((n for n, s in enumerate(i.shown, 1) if s in i.syllabus.gold), None)
        missed = sorted(i.syllabus.gold - set(i.shown))
        lines.append(
            f"| {i.syllabus.id} | {len(i.syllabus.gold)} | {len(i.hits)} | {i.recall:.2f} | "
            f"{first or '—'} | {', '.join(missed) or '—'} |"
        )
    return "\n".join(lines)


def machine() -> str:
    load = os.getloadavg()
    return (
        f"{os.cpu_count()} cores shared with other jobs (load average {load[0]:.1f} at the end "
        f"of the run), Python {platform.python_version()}, SQLite"
    )


def write_docs(text: str) -> None:
    doc = DOCS.read_text(encoding="utf-8")
    block = f"{START}\n{text.rstrip()}\n{END}"
    if START in doc and END in doc:
        head, rest = doc.split(START, 1)
        _, tail = rest.split(END, 1)
        doc = head + block + tail
    else:
        anchor = doc.index("## Curriculum alignment")
        after = doc.find("\n## ", anchor + 1)
        after = len(doc) if after < 0 else after + 1
        doc = doc[:after] + block + "\n\n" + doc[after:]
    DOCS.write_text(doc, encoding="utf-8")


def patterns(items: list[Scored], top: int = 8) -> list[str]:
    """Where the shown lists go wrong: precision by kind, most frequent rejected suggestions
    and most often missed gold concepts (counted over syllabi)."""
    lines: list[str] = []
    for kind in ("explicit", "inferred"):
        shown = [(s, i) for i in items for s, k in zip(i.shown, i.kinds, strict=True) if k == kind]
        if shown:
            hits = sum(1 for s, i in shown if s in i.syllabus.gold)
            lines.append(f"{kind}: {len(shown)} shown, {hits} accepted ({hits / len(shown):.2f})")
    by_id = {i.syllabus.id: i for i in items}
    pairs = [(by_id[i.syllabus.parallel_of], i) for i in items if i.syllabus.parallel_of in by_id]
    if pairs:
        gold = sum(len(en.syllabus.gold) for en, _ in pairs)
        lines.append(
            f"same lessons in both languages ({len(pairs)} pairs, {gold} gold concepts each side): "
            f"{sum(len(en.hits) for en, _ in pairs)} found in English, "
            f"{sum(len(zh.hits) for _, zh in pairs)} in Chinese"
        )
    rejected = Counter(s for i in items for s in i.shown if s not in i.syllabus.gold)
    missed = Counter(g for i in items for g in i.syllabus.gold if g not in i.shown)

    def name(skill: str) -> str:
        with translation.override("en"):
            label = adapters.skill_label(skill)
        return f"`{skill.rsplit('/', 1)[-1][:8] if skill.startswith('http') else skill}` ({label})"

    lines.append(
        "most often rejected: " + ", ".join(f"{name(s)} ×{n}" for s, n in rejected.most_common(top))
    )
    lines.append(
        "most often missed: " + ", ".join(f"{name(s)} ×{n}" for s, n in missed.most_common(top))
    )
    return lines


def docs_section(
    results: dict[str, list[Scored]], used: dict[str, bool], seconds: str, index_note: str
) -> str:
    first = next(iter(results.values()))
    zh = sum(1 for i in first if i.syllabus.lang == "zh")
    pairs = sum(1 for i in first if i.syllabus.parallel_of)
    function = "suggest_for_text" if hasattr(adapters, "suggest_for_text") else "suggest_skills"
    modes = ", ".join(
        f"{mode} = {'semantic index used' if semantic else 'lexical engine only'}"
        for mode, semantic in used.items()
    )
    median_gold = statistics.median(len(i.syllabus.gold) for i in first)
    best = statistics.fmean(min(K, len(i.syllabus.gold)) / K for i in first)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    parts = [
        "### Syllabus-to-skills suggestions (bench/curriculum/bench_suggestions.py)",
        "",
        f"Set: {len(first)} real, openly licensed course outlines ({zh} Chinese, "
        f"{len(first) - zh} English; sources, licences",
        "and what was kept in `bench/curriculum/syllabi/SOURCE.md`), labelled by hand with",
        "taxonomy concepts *before* the engine was run on them (`bench/curriculum/README.md`:",
        "annotator, rules, weaknesses). All Chinese texts are translations of MIT-licensed",
        "English lessons published in the same repositories (machine-made except `zh09`, a",
        f"community translation); {pairs} are parallel to English syllabi in the set. The set",
        "leans to AIGC and games (no openly licensed Chinese 课程标准 were found). It is a test",
        "set: nothing is tuned on it.",
        "",
        f"Function: `curriculum.adapters.{function}` (the list a teacher is shown), top {K};",
        f"modes: {modes}; semantic index: {index_note}.",
        f"Run {stamp}; {machine()}.",
        f"Time: {seconds}.",
        "Command (repository root, after `manage.py load_taxonomy --embed` into the same var dir):",
        f"`{COMMAND}`",
        "",
        table(results),
        "",
        "P@10 divides by 10, the accept rate by the number of suggestions actually shown. With a",
        f"median of {median_gold:g} gold concepts per syllabus the best possible mean P@10 on",
        f"this set is {best:.2f}; read P@10 together with the accept rate and R@10.",
        "",
    ]
    for mode, items in results.items():
        parts.append(f"Where the {mode} lists go wrong (counted over the {len(items)} syllabi):")
        parts.extend(f"- {line}" for line in patterns(items))
        parts.append("")
    return "\n".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mode", choices=("semantic", "lexical", "both"), default="semantic")
    parser.add_argument("--labels", type=Path, default=HERE / "syllabi_labels.jsonl")
    parser.add_argument("--syllabi", type=Path, default=HERE / "syllabi")
    parser.add_argument("--details", type=Path, default=ROOT / "bench" / "out" / DETAILS)
    parser.add_argument("--write-docs", action="store_true", help="update docs/benchmarks.md")
    args = parser.parse_args()

    syllabi = load_syllabi(args.labels, args.syllabi)
    modes = ["semantic", "lexical"] if args.mode == "both" else [args.mode]
    results: dict[str, list[Scored]] = {}
    used: dict[str, bool] = {}
    timing: list[str] = []
    index_note = reuse_index() if "semantic" in modes else "not used"
    print(f"semantic index: {index_note}")
    for mode in modes:
        began = time.perf_counter()
        results[mode], used[mode] = run(syllabi, semantic=mode == "semantic")
        warm = statistics.median(i.seconds for i in results[mode][1:]) if len(syllabi) > 1 else 0
        timing.append(
            f"{mode}: {time.perf_counter() - began:.0f} s for the set incl. engine load, "
            f"median {warm * 1000:.0f} ms per syllabus warm"
        )
        if mode == "semantic" and not used[mode]:
            print("warning: semantic mode fell back to the lexical engine (no cached index)")

    print(table(results))
    for mode, items in results.items():
        print(f"\n{mode}:\n{per_syllabus(items)}")
    for mode, items in results.items():
        print(f"\n{mode}: " + "\n  ".join(patterns(items)))
    print("\n" + "; ".join(timing))

    args.details.parent.mkdir(parents=True, exist_ok=True)
    args.details.write_text(
        json.dumps(
            {
                mode: [
                    {
                        "id": i.syllabus.id,
                        "lang": i.syllabus.lang,
                        "gold": sorted(i.syllabus.gold),
                        "shown": i.shown,
                        "kinds": i.kinds,
                        "hits": i.hits,
                        "labels": [adapters.skill_label(s) for s in i.shown],
                    }
                    for i in items
                ]
                for mode, items in results.items()
            },
            ensure_ascii=False,
            indent=1,
        ),
        encoding="utf-8",
    )
    print(f"details: {args.details}")
    if args.write_docs:
        write_docs(docs_section(results, used, "; ".join(timing), index_note))
        print(f"updated {DOCS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
