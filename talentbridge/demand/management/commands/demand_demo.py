"""``manage.py demand_demo [--rows 3000]``: import synthetic digital-creative postings (project
wording, no scraped rows) into a public ``demo-postings`` source, so the dashboard has data."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from talentbridge.demand import services
from talentbridge.demand.demo import synthetic_postings, write_csv
from talentbridge.demand.models import PostingSource, Visibility


class Command(BaseCommand):
    help = "Import synthetic demo postings into the public demo-postings source."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--rows", type=int, default=3000)
        parser.add_argument("--no-tagging", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        source = services.source_get_or_create_for_cli(name="demo-postings")
        PostingSource.objects.filter(pk=source.pk).update(
            label="示例招聘数据 (synthetic)", raw_visibility=Visibility.PUBLIC
        )
        with tempfile.TemporaryDirectory() as folder:
            path = write_csv(Path(folder) / "demo.csv", synthetic_postings(options["rows"]))
            run = services.run_create(
                actor=None, source=source, path=path, file_name="demo.csv",
                tag_skills=not options["no_tagging"],
            )  # fmt: skip
            run = services.run_execute(run_id=run.pk)
        self.stdout.write(json.dumps(run.summary()))
