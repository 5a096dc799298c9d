"""Agreement between labelling pass A and the independent pass B (the 20 % subset).

    python bench/extraction/zh_yardstick/agreement.py [--diff]

Figures, over the sentences of ``labels/pass_b_subset.json``:
- per-sentence Jaccard of the two sets of ESCO concepts (special labels left out; two empty
  sets count as 1), its mean, and the share of sentences with identical sets;
- Cohen's kappa over concept decisions: one binary decision per (sentence, concept) for every
  concept either pass used anywhere in the subset (so "both absent" is counted only over
  concepts that were plausible in this material), and the positive specific agreement
  (2·both / (A + B), the Dice/F1 between the passes);
- the same Jaccard for extension ids, and agreement on which sentences have no skill at all.
``--diff`` lists the sentences whose ESCO sets differ (labels only, no source text).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
LABELS = HERE / "labels"


def read_jsonl(path: Path) -> dict[str, dict[str, object]]:
    with path.open(encoding="utf-8") as fh:
        return {rec["id"]: rec for rec in map(json.loads, fh) if rec}


def esco_set(rec: dict[str, object]) -> set[str]:
    return {
        str(label["uri"])
        for span in rec["spans"]  # type: ignore[union-attr]
        for label in span["labels"]
        if label["uri"]
    }


def ext_set(rec: dict[str, object]) -> set[str]:
    return {str(e["id"]) for span in rec["spans"] for e in span["ext"]}  # type: ignore[union-attr]


def jaccard(a: set[str], b: set[str]) -> float:
    return 1.0 if not a and not b else len(a & b) / len(a | b)


def kappa(pairs: list[tuple[bool, bool]]) -> float:
    n = len(pairs)
    both = sum(1 for a, b in pairs if a and b)
    neither = sum(1 for a, b in pairs if not a and not b)
    p_o = (both + neither) / n
    pa = sum(1 for a, _ in pairs if a) / n
    pb = sum(1 for _, b in pairs if b) / n
    p_e = pa * pb + (1 - pa) * (1 - pb)
    return (p_o - p_e) / (1 - p_e) if p_e < 1 else 1.0


def compute(a: dict[str, dict[str, object]], b: dict[str, dict[str, object]], ids: list[str]):
    sets_a = {i: esco_set(a[i]) for i in ids}
    sets_b = {i: esco_set(b[i]) for i in ids}
    universe = sorted(set().union(*sets_a.values(), *sets_b.values()))
    pairs = [(c in sets_a[i], c in sets_b[i]) for i in ids for c in universe]
    both = sum(1 for x, y in pairs if x and y)
    n_a = sum(1 for x, _ in pairs if x)
    n_b = sum(1 for _, y in pairs if y)
    jac = [jaccard(sets_a[i], sets_b[i]) for i in ids]
    ext_jac = [jaccard(ext_set(a[i]), ext_set(b[i])) for i in ids]
    no_skill_agree = sum(1 for i in ids if bool(a[i]["no_skill"]) == bool(b[i]["no_skill"]))
    return {
        "sentences": len(ids),
        "concepts_in_universe": len(universe),
        "decisions": len(pairs),
        "mean_jaccard_esco": round(sum(jac) / len(jac), 3),
        "identical_esco_sets": sum(1 for j in jac if j == 1.0),
        "cohen_kappa": round(kappa(pairs), 3),
        "positive_agreement_f1": round(2 * both / (n_a + n_b), 3) if n_a + n_b else 1.0,
        "labels_pass_a": n_a,
        "labels_pass_b": n_b,
        "labels_both": both,
        "mean_jaccard_extension": round(sum(ext_jac) / len(ext_jac), 3),
        "no_skill_agreement": f"{no_skill_agree}/{len(ids)}",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--a", type=Path, default=LABELS / "pass_a.jsonl")
    parser.add_argument("--b", type=Path, default=LABELS / "pass_b.jsonl")
    parser.add_argument("--diff", action="store_true")
    args = parser.parse_args()
    ids = json.loads((LABELS / "pass_b_subset.json").read_text())["ids"]
    a, b = read_jsonl(args.a), read_jsonl(args.b)
    missing = [i for i in ids if i not in b]
    if missing:
        raise SystemExit(f"pass B lacks {len(missing)} subset sentences: {missing[:5]}")
    print(json.dumps(compute(a, b, ids), indent=1))
    if args.diff:
        labels = {}
        for rec in (*a.values(), *b.values()):
            for span in rec["spans"]:  # type: ignore[union-attr]
                for label in span["labels"]:
                    labels[label["uri"]] = label["label"]
        for i in ids:
            sa, sb = esco_set(a[i]), esco_set(b[i])
            if sa != sb:
                only_a = sorted(labels[u] for u in sa - sb)
                only_b = sorted(labels[u] for u in sb - sa)
                print(f"{i}: only A {only_a}; only B {only_b}")


if __name__ == "__main__":
    main()
