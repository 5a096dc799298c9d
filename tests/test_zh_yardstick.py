"""The Chinese yardstick (bench/extraction/zh_yardstick) stays consistent, text-free and split
by posting; with the shared data present, every reference still resolves to its sentence."""

from __future__ import annotations

import importlib.util
import json
import random
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest

from talentbridge.taxonomy.data import TAGGABLE_KINDS, load_esco_skills, load_extension

YARDSTICK = Path(__file__).resolve().parents[1] / "bench" / "extraction" / "zh_yardstick"
CJK = re.compile(r"[\u4e00-\u9fff]")
SPECIAL = {"LABEL NOT PRESENT", "UNDERSPECIFIED"}


def _module(name: str) -> ModuleType:
    if str(YARDSTICK) not in sys.path:
        sys.path.insert(0, str(YARDSTICK))
    spec = importlib.util.spec_from_file_location(name, YARDSTICK / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(name, module)
    spec.loader.exec_module(module)
    return module


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


REFS = _jsonl(YARDSTICK / "sentences.jsonl")
SPLIT = json.loads((YARDSTICK / "split.json").read_text(encoding="utf-8"))
LABEL_FILES = ("pass_a.jsonl", "pass_b.jsonl", "gold.jsonl")


def test_committed_files_hold_no_source_text() -> None:
    for path in [YARDSTICK / "sentences.jsonl", *(YARDSTICK / "labels" / f for f in LABEL_FILES)]:
        assert not CJK.search(path.read_text(encoding="utf-8")), path.name


def test_split_is_by_posting_and_matches_the_references() -> None:
    halves = {sid: half for half in ("tuning", "test") for sid in SPLIT["halves"][half]}
    assert halves == {r["id"]: r["half"] for r in REFS}
    by_posting: dict[str, set[str]] = {}
    for ref in REFS:
        by_posting.setdefault(ref["posting"], set()).add(ref["half"])
    assert all(len(h) == 1 for h in by_posting.values())
    assert set(SPLIT["postings"]["tuning"]).isdisjoint(SPLIT["postings"]["test"])
    assert len(REFS) >= 300


def test_gold_labels_are_esco_preferred_labels_and_taggable_extension_ids() -> None:
    esco = {s.uri: s.label.strip() for s in load_esco_skills()}
    extension = {c.id: c.kind for c in load_extension()}
    lengths = {r["id"]: r["end"] - r["start"] for r in REFS}
    gold = _jsonl(YARDSTICK / "labels" / "gold.jsonl")
    assert [g["id"] for g in gold] == [r["id"] for r in REFS]
    scorable = 0
    for rec in gold:
        assert rec["no_skill"] == (not rec["spans"])
        uris = set()
        for span in rec["spans"]:
            assert 0 <= span["start"] < span["end"] <= lengths[rec["id"]]
            for label in span["labels"]:
                if label["uri"] is None:
                    assert label["label"] in SPECIAL
                else:
                    assert esco[label["uri"]] == label["label"], label
                    uris.add(label["uri"])
            for ext in span["ext"]:
                assert extension[ext["id"]] in TAGGABLE_KINDS
                assert ext["uri"] == f"urn:talentbridge:concept:{ext['id']}"
        scorable += bool(uris)
    assert scorable >= 300


def test_pass_b_subset_is_the_seeded_draw_and_fully_labelled() -> None:
    subset = json.loads((YARDSTICK / "labels" / "pass_b_subset.json").read_text())
    ids = sorted(r["id"] for r in REFS)
    expected = sorted(random.Random(subset["seed"]).sample(ids, len(subset["ids"])))
    assert subset["ids"] == expected
    assert sorted(r["id"] for r in _jsonl(YARDSTICK / "labels" / "pass_b.jsonl")) == expected


def test_agreement_figures_are_computed_from_the_files() -> None:
    agreement = _module("agreement")
    labels = YARDSTICK / "labels"
    a = agreement.read_jsonl(labels / "pass_a.jsonl")
    b = agreement.read_jsonl(labels / "pass_b.jsonl")
    ids = json.loads((labels / "pass_b_subset.json").read_text())["ids"]
    figures = agreement.compute(a, b, ids)
    assert figures["sentences"] == len(ids)
    assert 0.0 <= figures["cohen_kappa"] <= 1.0
    assert agreement.kappa([(True, True), (False, False)]) == 1.0
    assert agreement.kappa([(True, False), (False, True)]) < 0


def test_references_resolve_to_their_sentences_in_the_shared_data() -> None:
    sources = _module("sources")
    data = sources.default_data_dir()
    if not (data / sources.FILE_51JOB).exists():
        pytest.skip(f"shared data not found at {data}")
    texts = sources.resolve_sentences(data, REFS)
    assert all(texts[r["id"]] for r in REFS)
    tampered = [{**REFS[0], "sha256_12": "000000000000"}]
    with pytest.raises(sources.DriftError):
        sources.resolve_sentences(data, tampered)
