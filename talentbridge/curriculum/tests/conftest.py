"""The taxonomy the curriculum tests read: the shipped code lists (extension concepts,
majors, occupations, 1+X certificates, crosswalks) with the taxonomy tests' tiny ESCO part,
imported into each test's database through the taxonomy's own importer (~1 s)."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from conftest import World
from talentbridge.curriculum import adapters, services
from talentbridge.curriculum.models import TrainingPlanVersion
from talentbridge.curriculum.tests.authz import offering
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


@pytest.fixture
def draft(world: World, taxonomy: Path) -> TrainingPlanVersion:
    """A draft plan of the world's offering: C1 teaches editing 熟练, C2 Photoshop 了解."""
    services.partner_add(
        actor=world.users["alice"], offering=offering(world), enterprise=world.enterprise
    )
    version = services.plan_create(
        actor=world.users["tina"], offering=offering(world), cohort_year=2025
    )
    tina = world.users["tina"]
    for code, practice, semester, skills in (
        ("C1", 32, 1, [("dc.video.edit.editing", "proficient")]),
        ("C2", 40, 2, [("dc.tool.image.photoshop", "aware")]),
    ):
        course = services.course_create(
            actor=tina,
            version=version,
            data={
                "code": code,
                "name_zh": f"课程{code}",
                "credits": Decimal(3),
                "hours_theory": 16,
                "hours_practice": practice,
                "semester": semester,
                "course_type": "professional_core",
            },
        )
        for skill, level in skills:
            services.outcome_set(actor=tina, course=course, skill_id=skill, level=level)
    return version
