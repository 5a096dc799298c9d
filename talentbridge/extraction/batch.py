"""JSONL batch extraction: one record per line in, one per line out, errors per line.

Input lines are `{"id": ..., "text": ...}`. Output lines (`LineOutput.jsonl`) are
`{"id": ..., "skills": [...]}` ranked best first; a line that cannot be used yields
`{"id": ... or null, "line": N, "error": CODE, "skills": []}` and the batch goes on.
Chunks of lines go to a process pool (spawned workers, each with its own engine) while the
output keeps the input order.
"""

from __future__ import annotations

import gc
import json
import multiprocessing
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from talentbridge.extraction.engine import Extraction, ExtractionError, Extractor

ExtractorFactory = Callable[[], Extractor]
# One matrix product per chunk: the concept matrix (tens of MB) is read once per chunk, so
# bigger chunks cost less per sentence (256 one-sentence lines: 9 % less CPU than 64); the
# character budget bounds the chunk's (sentences × concepts) score matrix when lines are
# whole postings (about 20 of them, some 25 MB).
CHUNK_LINES = 256
CHUNK_CHARS = 48_000


@dataclass(frozen=True, slots=True)
class LineRecord:
    """One input line after parsing: either (id, text) or an error code."""

    number: int
    record_id: Any
    text: Any
    error: str | None = None


@dataclass(frozen=True, slots=True)
class LineOutput:
    """One output line, serialized where it was computed (a pool worker sends the parent
    one string per line, not a tree of small objects), and, if the line failed, its error
    code (for the caller's log)."""

    number: int
    jsonl: str  # the output line as JSON, without the line break
    error: str | None

    @property
    def payload(self) -> dict[str, Any]:
        value: dict[str, Any] = json.loads(self.jsonl)
        return value


def parse_line(number: int, raw: bytes | str) -> LineRecord | None:
    """Parse one JSONL line; blank lines are skipped (None)."""
    try:
        line = raw.decode("utf-8") if isinstance(raw, bytes) else raw
    except UnicodeDecodeError:
        return LineRecord(number, None, None, "invalid_utf8")
    if not line.strip():
        return None
    try:
        value = json.loads(line)
    except (json.JSONDecodeError, RecursionError):
        return LineRecord(number, None, None, "invalid_json")
    if not isinstance(value, dict):
        return LineRecord(number, None, None, "not_an_object")
    record_id = value.get("id")
    if record_id is None or isinstance(record_id, dict | list):
        return LineRecord(number, None, None, "missing_id")
    if "text" not in value:
        return LineRecord(number, record_id, None, "missing_text")
    return LineRecord(number, record_id, value["text"])


def extract_records(
    extractor: Extractor, records: list[LineRecord], *, top_k: int, lang: str
) -> list[LineOutput]:
    """Run the engine on parsed lines (one embedding batch for the whole chunk)."""
    usable = [record for record in records if record.error is None]
    results = iter(extractor.extract_many([r.text for r in usable], top_k=top_k, lang=lang))
    outputs = []
    for record in records:
        if record.error is not None:
            outputs.append(_error_output(record, record.error))
            continue
        result = next(results)
        if isinstance(result, ExtractionError):
            outputs.append(_error_output(record, result.code))
        else:
            outputs.append(_success_output(record, result))
    return outputs


def run_batch(
    lines: Iterable[bytes | str],
    factory: ExtractorFactory,
    *,
    top_k: int = 20,
    lang: str = "auto",
    workers: int = 1,
) -> Iterator[LineOutput]:
    """Extract from every line, in input order. `workers` > 1 uses a process pool."""
    chunks = _chunks(lines)
    if workers <= 1:
        extractor = factory()
        for chunk in chunks:
            yield from extract_records(extractor, chunk, top_k=top_k, lang=lang)
        return
    with ExtractionPool(factory, workers) as pool:
        yield from pool.run(chunks, top_k=top_k, lang=lang)


class ExtractionPool:
    """Spawned worker processes, each with its own engine, started (and warmed up) at once.

    Workers get one BLAS/OpenMP thread each (several workers already fill the cores).
    Use as a context manager; `run` keeps the input order.
    """

    def __init__(self, factory: ExtractorFactory, workers: int) -> None:
        self.workers = max(workers, 1)
        context = multiprocessing.get_context("spawn")
        with _single_threaded_children():
            self._pool = ProcessPoolExecutor(
                max_workers=self.workers,
                mp_context=context,
                initializer=_init_worker,
                initargs=(factory,),
            )
            ready = [self._pool.submit(_ready) for _ in range(2 * self.workers)]
            for future in ready:
                future.result()

    def __enter__(self) -> ExtractionPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self._pool.shutdown(cancel_futures=True)

    def run(
        self, chunks: Iterable[list[LineRecord]], *, top_k: int, lang: str
    ) -> Iterator[LineOutput]:
        pending: deque[Future[list[LineOutput]]] = deque()
        for chunk in chunks:
            pending.append(self._pool.submit(_work, chunk, top_k, lang))
            if len(pending) >= 2 * self.workers:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()


@contextmanager
def _single_threaded_children() -> Iterator[None]:
    """Spawned children read these at start-up; the parent's own libraries are loaded."""
    names = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")
    saved = {name: os.environ.get(name) for name in names}
    os.environ.update(dict.fromkeys(names, "1"))
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _chunks(lines: Iterable[bytes | str]) -> Iterator[list[LineRecord]]:
    """Parsed lines in blocks of up to `CHUNK_LINES` lines and about `CHUNK_CHARS` of input."""
    block: list[tuple[int, bytes | str]] = []
    size = 0
    for number, raw in enumerate(lines, start=1):
        block.append((number, raw))
        size += len(raw)
        if len(block) >= CHUNK_LINES or size >= CHUNK_CHARS:
            yield from _parsed(block)
            block, size = [], 0
    yield from _parsed(block)


def _parsed(block: list[tuple[int, bytes | str]]) -> Iterator[list[LineRecord]]:
    records = [parse_line(number, raw) for number, raw in block]
    parsed = [record for record in records if record is not None]
    if parsed:
        yield parsed


_worker_extractor: Extractor | None = None


def _init_worker(factory: ExtractorFactory) -> None:
    global _worker_extractor
    _worker_extractor = factory()
    # The engine's objects (taxonomy, gazetteer, vocabulary: about half a million) live as
    # long as this worker: keep them out of the collector's sight, or every full collection
    # walks them all again (0.2 s each).
    gc.collect()
    gc.freeze()


def _ready() -> bool:
    time.sleep(0.05)  # long enough for every worker to take one, so all of them start
    return _worker_extractor is not None


def _work(chunk: list[LineRecord], top_k: int, lang: str) -> list[LineOutput]:
    if _worker_extractor is None:
        raise RuntimeError("worker_not_initialized")
    return extract_records(_worker_extractor, chunk, top_k=top_k, lang=lang)


def _error_output(record: LineRecord, code: str) -> LineOutput:
    payload = {"id": record.record_id, "line": record.number, "error": code, "skills": []}
    return LineOutput(record.number, json.dumps(payload, ensure_ascii=False), code)


def _success_output(record: LineRecord, result: Extraction) -> LineOutput:
    payload: dict[str, Any] = {
        "id": record.record_id,
        "skills": [skill.as_dict() for skill in result.skills],
        "lang": result.lang,
    }
    if result.warnings:
        payload["warnings"] = list(result.warnings)
    return LineOutput(record.number, json.dumps(payload, ensure_ascii=False), None)
