"""Authorization matrix entries of the taxonomy: everyone reads; taxonomy editors (community
secretariat staff and superusers) curate."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from conftest import ROLES, World
from talentbridge.taxonomy.models import (
    ConceptChange,
    ReleaseKind,
    Scheme,
    Skill,
    SkillKind,
    TaxonomyRelease,
)

ALL = frozenset(ROLES)
EDITORS = frozenset({"secretariat", "superuser"})
Kwargs = Callable[[World], dict[str, Any]]
NONE: Kwargs = lambda w: {}  # noqa: E731


def _skill(w: World) -> Skill:
    skill, _ = Skill.objects.get_or_create(
        concept_id="dc.test.video_editing",
        defaults={
            "scheme": Scheme.EXTENSION, "uri": "urn:talentbridge:concept:dc.test.video_editing",
            "kind": SkillKind.SKILL, "label_zh": "视频剪辑", "label_en": "video editing",
        },
    )  # fmt: skip
    return skill


def _change(w: World) -> dict[str, Any]:
    change = ConceptChange.objects.create(
        skill=_skill(w), before={"label_zh": "视频剪辑"}, after={"label_zh": "剪辑"}
    )
    return {"pk": change.pk}


def _release(w: World) -> dict[str, Any]:
    release = TaxonomyRelease.objects.create(kind=ReleaseKind.CURATION, version_label="2025.2")
    return {"pk": release.pk}


SKILL: Kwargs = lambda w: {"pk": _skill(w).pk}  # noqa: E731

MATRIX: dict[str, tuple[Kwargs, dict[str, frozenset[str]]]] = {
    "taxonomy:skill-list": (NONE, {"get": ALL}),
    "taxonomy:skill-export": (NONE, {"get": ALL}),
    "taxonomy:skill-extract": (NONE, {"get": ALL, "post": ALL}),
    "taxonomy:skill-detail": (SKILL, {"get": ALL}),
    "taxonomy:skill-edit": (SKILL, {"get": EDITORS, "post": EDITORS}),
    "taxonomy:skill-merge": (SKILL, {"get": EDITORS, "post": EDITORS}),
    "taxonomy:change-list": (NONE, {"get": EDITORS}),
    "taxonomy:change-review": (_change, {"post": EDITORS}),
    "taxonomy:release-list": (NONE, {"get": ALL, "post": EDITORS}),
    "taxonomy:release-detail": (_release, {"get": ALL}),
    "taxonomy:release-submit": (_release, {"post": EDITORS}),
    "taxonomy:release-publish": (_release, {"post": EDITORS}),
    "api-taxonomy-skills": (NONE, {"get": ALL}),
    "api-taxonomy-skill": (SKILL, {"get": ALL}),
    "api-taxonomy-occupations": (NONE, {"get": ALL}),
    "api-taxonomy-esco-occupations": (NONE, {"get": ALL}),
    "api-taxonomy-majors": (NONE, {"get": ALL}),
    "api-taxonomy-certificates": (NONE, {"get": ALL}),
    "api-taxonomy-releases": (NONE, {"get": ALL}),
    "api-taxonomy-extract": (NONE, {"post": ALL}),
}
