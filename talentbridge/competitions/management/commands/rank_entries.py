"""``manage.py rank_entries --scores SCORES.csv [--pairs PAIRS.csv] --output OUT.jsonl``.

Stable contract (scripts and evaluations call it exactly like this): ``SCORES.csv`` has the
header ``entry,judge,criterion,score`` (optional ``weight``, default equal weights per
criterion); ``PAIRS.csv`` has ``judge,winner,loser``. Output: one JSON object per line, best
first: ``{"entry", "rank", "score", "low", "high"}`` (``low``/``high``: a 90 % interval). With
pairs, the entries in the pairs are the finalists: first places, in Crowd-BT order, with
Crowd-BT strengths. A bad file: an error naming the line on stderr, exit code 2, no output file.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from talentbridge.competitions.engine.files import FileFormatError, parse_pairs, parse_scores
from talentbridge.competitions.engine.ranking import rank_all
from talentbridge.competitions.messages import file_error_message


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise CommandError(
            _("Cannot read %(path)s: %(reason)s") % {"path": path, "reason": exc.strerror},
            returncode=2,
        ) from None


def _language_of_environment() -> str:
    """The messages follow the shell's language (LANGUAGE, LC_ALL, LC_MESSAGES, LANG):
    English when it says en, otherwise the site default (zh-hans)."""
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "").lower()
        if value and value not in ("c", "posix", "c.utf-8"):
            return "en" if value.startswith("en") else "zh-hans"
    return "zh-hans"


class Command(BaseCommand):
    help = "Rank competition entries from rubric scores (and pairwise finals) with 90 % intervals."
    leave_locale_alone = True

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scores", required=True, help="CSV entry,judge,criterion,score[,weight]"
        )
        parser.add_argument("--pairs", help="CSV judge,winner,loser (pairwise final)")
        parser.add_argument("--output", required=True, help="JSON Lines file to write")
        parser.add_argument(
            "--replicates", type=int, default=60, help="bootstrap replicates for the intervals"
        )
        parser.add_argument("--seed", type=int, default=0, help="bootstrap seed")

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(_language_of_environment()):
            self._rank(options)

    def _rank(self, options: dict[str, Any]) -> None:
        scores_path, output = Path(options["scores"]), Path(options["output"])
        if options["replicates"] < 10:
            raise CommandError(_("--replicates must be at least 10."), returncode=2)
        try:
            scores = parse_scores(_read(scores_path))
        except FileFormatError as exc:
            raise CommandError(f"{scores_path}: {file_error_message(exc)}", returncode=2) from None
        pairs: list[tuple[str, str, str]] = []
        if options.get("pairs"):
            pairs_path = Path(options["pairs"])
            try:
                pairs = parse_pairs(_read(pairs_path), scores.entries)
            except FileFormatError as exc:
                raise CommandError(
                    f"{pairs_path}: {file_error_message(exc)}", returncode=2
                ) from None
        ranked = rank_all(
            scores.per_entry_judge(), pairs, replicates=options["replicates"], seed=options["seed"]
        )
        lines = [
            json.dumps(
                {
                    "entry": r.entry,
                    "rank": r.rank,
                    "score": round(r.score, 4),
                    "low": round(r.low, 4),
                    "high": round(r.high, 4),
                },
                ensure_ascii=False,
            )
            for r in ranked
        ]
        directory = output.resolve().parent
        if not directory.is_dir():
            raise CommandError(
                _("The output directory %(path)s does not exist.") % {"path": directory},
                returncode=2,
            )
        fd, tmp = tempfile.mkstemp(prefix=".rank_entries-", dir=directory)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write("\n".join(lines) + "\n")
            os.replace(tmp, output)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        self.stderr.write(
            _("%(entries)d entries ranked (%(finalists)d in the pairwise final) -> %(path)s")
            % {
                "entries": len(ranked),
                "finalists": len({e for _, w, lo in pairs for e in (w, lo)}),
                "path": output,
            }
        )
