"""``manage.py tag_postings_semantic [--batch 256] [--limit N] [--fast]``: the resumable
semantic tagging pass over postings not yet semantically tagged (stop with Ctrl-C, run again
later). ``--fast`` uses the extraction engine's static-vector mode (no transformer per
clause: ~50× cheaper, a few points less accurate; docs/benchmarks.md)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from talentbridge.demand import services
from talentbridge.demand.models import JobPosting


class Command(BaseCommand):
    help = "Add semantic skill tags to postings that only have lexical tags (resumable)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch", type=int, default=256)
        parser.add_argument("--limit", type=int, default=0, help="stop after N postings")
        parser.add_argument(
            "--fast", action="store_true", help="static token vectors instead of e5 (faster)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        remaining = JobPosting.objects.filter(semantic_tagged=False).count()
        total = min(remaining, options["limit"]) if options["limit"] else remaining
        done = 0
        while done < total:
            step = services.semantic_tagging_pass(
                batch_size=options["batch"],
                limit=min(options["batch"], total - done),
                fast=options["fast"],
            )
            if step == 0:
                break
            done += step
            self.stderr.write(f"\rsemantic tagging {done}/{total}", ending="")
            self.stderr.flush()
        self.stderr.write("")
        self.stdout.write(f"{done}")
