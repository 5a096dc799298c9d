"""`manage.py load_taxonomy [--data-dir DIR] [--force]`: import the taxonomy data files.

A no-op (one query) when the data release is the one imported last; otherwise writes only
the differences and records them on a new import release. Progress goes to stderr.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from talentbridge.taxonomy.data import verify_manifest
from talentbridge.taxonomy.importer import taxonomy_import
from talentbridge.taxonomy.services import prepare_semantic_index


class Command(BaseCommand):
    @property
    def help(self) -> str:  # type: ignore[override]
        return str(_("Import skills, occupations, majors and certificates from the data files."))

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--data-dir", default=None, help=gettext("data directory (default: the shipped one)")
        )
        parser.add_argument(
            "--force", action="store_true", help=gettext("compare even if the release is known")
        )
        parser.add_argument(
            "--embed",
            action="store_true",
            help=gettext("also embed the concepts for semantic extraction (minutes, once)"),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        root = Path(options["data_dir"]).resolve() if options["data_dir"] else None
        if root is not None and not (root / "manifest.json").is_file():
            raise CommandError(_("%(path)s has no manifest.json") % {"path": root})
        stale = verify_manifest(root)
        if stale:
            raise CommandError(
                _("checksums differ from manifest.json: %(files)s") % {"files": ", ".join(stale)}
            )
        started = time.monotonic()
        result = taxonomy_import(root=root, force=options["force"], progress=self._progress)
        seconds = time.monotonic() - started
        if options["embed"]:
            prepare_semantic_index(
                progress=lambda done, total: self._progress("embed", done, total)
            )
        if result.skipped:
            self.stderr.write(
                str(_("taxonomy release %(id)s is already loaded (%(seconds).1f s)"))
                % {
                    "id": result.release.source_release_id if result.release else "",
                    "seconds": seconds,
                }
            )
            return
        self.stderr.write(
            str(_("%(added)d added, %(changed)d changed, %(deprecated)d deprecated concepts; "
                  "other rows changed: %(other)d; %(seconds).1f s"))
            % {
                "added": len(result.added), "changed": len(result.changed),
                "deprecated": len(result.deprecated), "other": sum(result.counts.values()),
                "seconds": seconds,
            }
        )  # fmt: skip

    def _progress(self, step: str, done: int, total: int) -> None:
        width = 30
        filled = width * done // max(total, 1)
        bar = "#" * filled + "-" * (width - filled)
        end = "\n" if done >= total else ""
        self.stderr.write(f"\r{step:<20} [{bar}] {done}/{total}", ending=end)
        self.stderr.flush()
