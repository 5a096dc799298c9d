"""Demand test fixtures: a private warehouse and media folder per test, and a tiny keyword
tagger instead of the full taxonomy engine (one slow test uses the real engine)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from talentbridge.demand.tagging import use_tagger

KEYWORDS = {
    "premiere": "test.premiere",
    "after effects": "test.after_effects",
    "photoshop": "test.photoshop",
    "figma": "test.figma",
    "blender": "test.blender",
    "文案": "test.copywriting",
    "直播": "test.livestream",
    "stable diffusion": "dc.tool.aigc.stable_diffusion",
    "midjourney": "dc.tool.aigc.midjourney",
    "提示词": "dc.aigc.foundation.prompt",
    "comfyui": "dc.tool.aigc.comfyui",
}


def keyword_tagger(texts: Sequence[str], semantic: bool) -> list[tuple[str, ...]]:
    result = []
    for text in texts:
        lowered = text.lower()
        found = tuple(skill for word, skill in KEYWORDS.items() if word in lowered)
        if semantic and "剪辑" in text:
            found = (*found, "test.video_editing")
        result.append(found)
    return result


@pytest.fixture(autouse=True)
def _demand_isolation(
    settings: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    settings.DEMAND_WAREHOUSE_DIR = str(tmp_path / "warehouse")
    settings.MEDIA_ROOT = str(tmp_path / "media")
    use_tagger(keyword_tagger)
    # labels of the test skills are their ids; loading the whole taxonomy takes seconds
    monkeypatch.setattr("talentbridge.demand.selectors.skill_labels", dict)
    yield
    use_tagger(None)
