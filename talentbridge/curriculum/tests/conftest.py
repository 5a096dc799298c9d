"""The taxonomy the curriculum tests read: the shipped code lists (extension concepts,
majors, occupations, 1+X certificates, crosswalks) with the taxonomy tests' tiny ESCO part,
imported into each test's database through the taxonomy's own importer (~1 s)."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from talentbridge.curriculum import adapters
from talentbridge.taxonomy.data.build.build_manifest import build
from talentbridge.taxonomy.data.files import DATA_DIR
from talentbridge.taxonomy.importer import taxonomy_import
from talentbridge.taxonomy.tests.datadir import make_data_dir

SHIPPED_FILES = (
    "digital_creative.csv",
    "majors.csv",
    "occupations_cn.csv",
    "certificates_1x.csv",
    "crosswalk_major_occupation.csv",
    "crosswalk_major_skill.csv",
)


@pytest.fixture(scope="session")
def taxonomy_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_data_dir(tmp_path_factory.mktemp("curriculum-taxonomy"))
    for name in SHIPPED_FILES:
        shutil.copy(DATA_DIR / name, root / name)
    (root / "manifest.json").write_text(json.dumps(build(root), indent=2), encoding="utf-8")
    return root


@pytest.fixture
def taxonomy(db: Any, taxonomy_data_dir: Path) -> Iterator[Path]:
    """The taxonomy above, imported; curriculum's remembered taxonomy reads start empty."""
    taxonomy_import(root=taxonomy_data_dir)
    adapters.reset()
    yield taxonomy_data_dir
    adapters.reset()
