"""``manage.py ingest_postings FILE --source NAME [--mapping FILE] [--all-or-nothing]
[--workers N | --scheduler tcp://host:port]``.

Stable contract: a progress bar on stderr and, at the end, ONE JSON line on stdout:
``{"read": N, "imported": N, "duplicates": N, "rejected": N}`` with
``read == imported + duplicates + rejected``. Running the same file again with the same
source imports nothing (every row is a duplicate or, if it was bad, rejected again).
An ingest that was interrupted (killed, Ctrl-C) is continued by running the same command
again: the committed partitions are kept, the rest is imported, and the summary is the one an
uninterrupted run prints. Exit status 1 when the file could not be imported at all.

Without ``--workers``/``--scheduler`` everything runs in this process; ``--workers N`` starts
a Dask LocalCluster of N worker processes, ``--scheduler`` uses a running Dask cluster.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from talentbridge.demand import services
from talentbridge.demand.models import IngestRun, RejectPolicy, RunStatus


class Command(BaseCommand):
    help = "Import job postings from a CSV, JSONL or XLSX file into a posting source."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="CSV/TSV, JSONL or XLSX file")
        parser.add_argument("--source", required=True, help="source name (created if new)")
        parser.add_argument("--mapping", help='JSON file {"job_title": "header", ...}')
        parser.add_argument(
            "--all-or-nothing",
            action="store_true",
            help="import nothing when any row is bad (default: keep the good rows)",
        )
        parser.add_argument("--no-tagging", action="store_true", help="skip skill tagging")
        cluster = parser.add_mutually_exclusive_group()
        cluster.add_argument(
            "--workers",
            type=int,
            default=0,
            help="prepare partitions on a Dask LocalCluster of N worker processes",
        )
        cluster.add_argument(
            "--scheduler", help="prepare partitions on the Dask cluster at tcp://host:port"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(_("No such file: %(path)s") % {"path": path})
        if options["workers"] < 0:
            raise CommandError(_("--workers must be 0 or more."))
        mapping = _read_mapping(options.get("mapping"))
        source = services.source_get_or_create_for_cli(name=options["source"])
        run_options: dict[str, Any] = {
            "policy": RejectPolicy.ALL_OR_NOTHING
            if options["all_or_nothing"]
            else RejectPolicy.KEEP_GOOD,
            "mapping_override": mapping,
            "tag_skills": not options["no_tagging"],
        }
        run = services.run_unfinished(source=source, path=path.resolve(), **run_options)
        if run is None:
            run = services.run_create(
                actor=None,
                source=source,
                path=path.resolve(),
                file_name=path.name,
                **run_options,
            )
        else:
            self.stderr.write(
                _("Continuing the interrupted import of this file (%(rows)d rows done).")
                % {"rows": run.read}
            )
        bar = _ProgressBar(self.stderr, already_read=run.read)
        run = services.run_execute(
            run_id=run.pk,
            progress=bar,
            workers=options["workers"],
            scheduler=options.get("scheduler"),
        )
        bar.close(run)
        for error in run.errors:
            self.stderr.write(f"row {error['row']}: {error['code']}: {error['reason']}")
        if run.message:
            self.stderr.write(run.message)
        self.stdout.write(json.dumps(run.summary()))
        if run.status == RunStatus.FAILED:
            raise SystemExit(1)


def _read_mapping(path: str | None) -> dict[str, str]:
    if not path:
        return {}
    try:
        value = json.loads(Path(path).read_text(encoding="utf-8-sig"))
    except (OSError, json.JSONDecodeError) as error:
        raise CommandError(
            _("Cannot read the mapping file: %(error)s") % {"error": error}
        ) from error
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        raise CommandError(_('The mapping file must be a JSON object {"field": "header"}.'))
    return value


class _ProgressBar:
    def __init__(self, stream: Any, already_read: int = 0) -> None:
        self._stream = stream
        self._started = time.monotonic()
        self._first_read = already_read

    def __call__(self, run: IngestRun) -> None:
        total = max(run.total_rows, run.read, 1)
        width = 30
        filled = width * run.read // total
        rate = (run.read - self._first_read) / max(time.monotonic() - self._started, 1e-9)
        self._stream.write(
            f"\r[{'#' * filled}{'-' * (width - filled)}] {run.read}/{total} rows "
            f"({rate:.0f}/s) imported {run.imported} dup {run.duplicates} rej {run.rejected}",
            ending="",
        )
        self._stream.flush()

    def close(self, run: IngestRun) -> None:
        self(run)
        self._stream.write("")
