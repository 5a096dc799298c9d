"""`manage.py extract_skills --input IN.jsonl --output OUT.jsonl [--top-k 20] [--lang auto]
[--taxonomy all|esco]`.

Options beyond the contract: `--workers N`, `--fast` (static token embeddings),
`--no-semantic` (exact matches only), `--cache-dir DIR`.

Stable contract: each input line is `{"id": ..., "text": ...}`; each output line is
`{"id": ..., "skills": [{"uri", "label_en", "label_zh", "score", "kind", "spans"}, ...]}`,
best first. Bad lines get `{"id", "line", "error", "skills": []}` and a message on stderr;
the batch goes on. Glue only: the taxonomy's vocabulary (`vocabulary.engine_concepts`) →
extraction engine.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from talentbridge.extraction import default_cache_dir, run_batch
from talentbridge.extraction.engine import LANGUAGES
from talentbridge.extraction.factory import EngineFactory
from talentbridge.taxonomy import vocabulary

TAXONOMY_VIEWS = ("all", "esco")
ERROR_MESSAGES = {
    "invalid_utf8": _("the line is not valid UTF-8"),
    "invalid_json": _("the line is not valid JSON"),
    "not_an_object": _("the line is not a JSON object"),
    "missing_id": _('the object has no usable "id"'),
    "missing_text": _('the object has no "text"'),
    "not_text": _('"text" is not a string'),
    "empty_text": _('"text" is empty'),
    "binary_text": _('"text" looks like binary data, not text'),
    "no_words": _('"text" contains no words'),
}


class Command(BaseCommand):
    @property
    def help(self) -> str:  # type: ignore[override]
        return str(_("Extract ranked taxonomy skills from a JSON-lines file of texts."))

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--input", required=True, help=gettext("input JSONL ('-' for stdin)"))
        parser.add_argument(
            "--output", required=True, help=gettext("output JSONL ('-' for stdout)")
        )
        parser.add_argument("--top-k", type=int, default=20, help=gettext("skills per text"))
        parser.add_argument(
            "--lang", choices=LANGUAGES, default="auto", help=gettext("text language")
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=1,
            help=gettext("worker processes (a pool pays off only for large inputs)"),
        )
        speed = parser.add_mutually_exclusive_group()
        speed.add_argument(
            "--fast",
            action="store_true",
            help=gettext(
                "static token embeddings instead of the transformer: much faster, less accurate"
            ),
        )
        speed.add_argument(
            "--no-semantic", action="store_true", help=gettext("exact label matches only (fast)")
        )
        parser.add_argument(
            "--taxonomy",
            choices=TAXONOMY_VIEWS,
            default="all",
            help=gettext(
                "all: every taxonomy concept; esco: ESCO concepts only, with evidence found "
                "through extension concepts carried to the ESCO concepts they map to"
            ),
        )
        parser.add_argument("--cache-dir", default=None, help=gettext("embedding cache directory"))

    def handle(self, *args: Any, **options: Any) -> None:
        if options["top_k"] < 1:
            raise CommandError(_("--top-k must be at least 1"))
        started = time.monotonic()
        cache_dir = Path(options["cache_dir"]) if options["cache_dir"] else default_cache_dir()
        concepts = vocabulary.engine_concepts()
        if not concepts:
            raise CommandError(_("The taxonomy is empty: run `manage.py load_taxonomy` first."))
        factory = EngineFactory.create(
            concepts,
            release=vocabulary.data_release(),
            cache_dir=cache_dir,
            semantic=not options["no_semantic"],
            fast=options["fast"],
            view=vocabulary.esco_targets() if options["taxonomy"] == "esco" else None,
        )
        workers = max(options["workers"], 1)
        if factory.semantic:
            title = _("distilling static embeddings") if factory.fast else _("embedding taxonomy")
            factory.prepare_cache(progress=_ProgressBar(self.stderr, str(title)))
        counts = Counter[str]()
        with _open_input(options["input"]) as source, _open_output(options["output"]) as sink:
            for output in run_batch(
                source,
                factory.with_threads(1) if workers > 1 else factory,
                top_k=options["top_k"],
                lang=options["lang"],
                workers=workers,
            ):
                sink.write(output.jsonl + "\n")
                counts["lines"] += 1
                if output.error:
                    counts["errors"] += 1
                    message = ERROR_MESSAGES.get(output.error, output.error)
                    self.stderr.write(f"line {output.number}: {output.error}: {message}")
        elapsed = time.monotonic() - started
        self.stderr.write(
            str(_("%(lines)d lines, %(errors)d errors, %(seconds).1f s"))
            % {"lines": counts["lines"], "errors": counts["errors"], "seconds": elapsed}
        )


class _ProgressBar:
    """A one-line progress bar on stderr (only drawn when there is work to show)."""

    def __init__(self, stream: Any, title: str) -> None:
        self._stream = stream
        self._title = title

    def __call__(self, done: int, total: int) -> None:
        width = 30
        filled = width * done // max(total, 1)
        bar = "#" * filled + "-" * (width - filled)
        end = "\n" if done >= total else ""
        self._stream.write(f"\r{self._title} [{bar}] {done}/{total}", ending=end)
        self._stream.flush()


class _Reader:
    def __init__(self, path: str) -> None:
        self._path = path
        self._handle: IO[bytes] | None = None

    def __enter__(self) -> Iterator[bytes]:
        if self._path == "-":
            return iter(sys.stdin.buffer)
        try:
            self._handle = open(self._path, "rb")
        except OSError as error:
            raise CommandError(
                _("cannot read %(path)s: %(error)s") % {"path": self._path, "error": error.strerror}
            ) from error
        return iter(self._handle)

    def __exit__(self, *exc: object) -> None:
        if self._handle:
            self._handle.close()


def _open_input(path: str) -> _Reader:
    return _Reader(path)


def _open_output(path: str) -> IO[str]:
    if path == "-":
        return open(sys.stdout.fileno(), "w", encoding="utf-8", closefd=False)
    try:
        return open(path, "w", encoding="utf-8")
    except OSError as error:
        raise CommandError(
            _("cannot write %(path)s: %(error)s") % {"path": path, "error": error.strerror}
        ) from error
