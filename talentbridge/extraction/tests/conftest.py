"""Small synthetic concept sets and a deterministic toy embedder for the engine tests."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np
import pytest

from talentbridge.extraction import Concept, Extractor
from talentbridge.extraction.semantic import FloatMatrix


def make_concepts() -> list[Concept]:
    return [
        Concept(
            "ai",
            "u:ai",
            label_en="artificial intelligence",
            label_zh="人工智能",
            aliases_en=("AI",),
            prior=0.2,
        ),
        Concept("ps", "u:ps", label_en="Adobe Photoshop", aliases_en=("Photoshop", "PS")),
        Concept(
            "video",
            "u:video",
            label_en="video editing",
            label_zh="视频剪辑",
            aliases_zh=("剪辑", "短视频剪辑"),
        ),
        Concept("short", "u:short", label_en="short video", label_zh="短视频"),
        Concept("less", "u:less", label_en="LESS"),
        Concept("java", "u:java", label_en="Java (computer programming)"),
        Concept("js", "u:js", label_en="JavaScript"),
        Concept("webapp", "u:webapp", label_en="web application"),
        Concept("accounting", "u:acc", label_en="accounting", label_zh="会计"),
        Concept(
            "photo",
            "u:photo",
            label_en="product photography",
            label_zh="商品摄影",
            description="photographing goods for online shops",
        ),
        Concept("teams", "u:teams", label_en="work in teams", aliases_en=("teamwork",), prior=0.9),
    ]


class ToyEmbedder:
    """Hashes character trigrams into 256 dimensions: similar strings get similar vectors."""

    name = "toy-trigram-256"

    def __init__(self) -> None:
        self.calls = 0

    def embed_queries(self, texts: Sequence[str]) -> FloatMatrix:
        return self._embed(texts)

    def embed_passages(self, texts: Sequence[str]) -> FloatMatrix:
        self.calls += 1
        return self._embed(texts)

    def _embed(self, texts: Sequence[str]) -> FloatMatrix:
        out = np.zeros((len(texts), 256), dtype=np.float32)
        for row, text in enumerate(texts):
            padded = f"  {text.lower()}  "
            for start in range(len(padded) - 2):
                gram = padded[start : start + 3].encode()
                out[row, int(hashlib.md5(gram).hexdigest()[:4], 16) % 256] += 1.0  # noqa: S324
            norm = float(np.linalg.norm(out[row])) or 1.0
            out[row] /= norm
        return out


@pytest.fixture(scope="session")
def concepts() -> list[Concept]:
    return make_concepts()


@pytest.fixture(scope="session")
def lexical_extractor(concepts: list[Concept]) -> Extractor:
    extractor = Extractor(concepts)
    extractor.extract("会计")  # loads jieba's dictionary (about a second) once per session
    return extractor
