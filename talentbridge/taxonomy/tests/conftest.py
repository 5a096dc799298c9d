from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from talentbridge.extraction import Concept, Extractor
from talentbridge.taxonomy import services
from talentbridge.taxonomy.importer import EXTENSION_URI_PREFIX, taxonomy_import
from talentbridge.taxonomy.tests.datadir import make_data_dir


@pytest.fixture
def taxonomy(db: Any, tmp_path: Path) -> Path:
    """The tiny data release of ``datadir.py``, imported."""
    root = make_data_dir(tmp_path / "data")
    taxonomy_import(root=root)
    return root


@pytest.fixture
def tiny_engine() -> Iterator[Extractor]:
    """A small exact-match engine in place of the full taxonomy (built in milliseconds)."""
    concepts = [
        Concept(id="dc.video.editing", uri=EXTENSION_URI_PREFIX + "dc.video.editing",
                label_en="video editing", label_zh="视频剪辑", aliases_zh=("剪辑",)),
        Concept(id="dc.tool.premiere", uri=EXTENSION_URI_PREFIX + "dc.tool.premiere",
                label_en="Adobe Premiere Pro", label_zh="Premiere", aliases_en=("Premiere",),
                kind="tool"),
    ]  # fmt: skip
    extractor = Extractor(concepts)
    services.use_extractor(extractor)
    yield extractor
    services.use_extractor(None)
