"""Readable difference between two plan versions (pure): courses added, removed and changed
(field by field), skills gained and lost, certificates and goals changed."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

COURSE_FIELDS = (
    "name_zh",
    "name_en",
    "credits",
    "hours_theory",
    "hours_practice",
    "semester",
    "course_type",
)


@dataclass(frozen=True)
class CourseSnapshot:
    code: str
    fields: Mapping[str, Any]
    skills: Mapping[str, str]  # skill id -> level


@dataclass(frozen=True)
class FieldChange:
    field: str
    before: Any
    after: Any


@dataclass(frozen=True)
class CourseChange:
    code: str
    name: str
    changes: tuple[FieldChange, ...]
    skills_added: tuple[str, ...]
    skills_removed: tuple[str, ...]
    levels_changed: tuple[FieldChange, ...]


@dataclass(frozen=True)
class PlanDiff:
    added: tuple[CourseSnapshot, ...]
    removed: tuple[CourseSnapshot, ...]
    changed: tuple[CourseChange, ...]
    skills_gained: tuple[str, ...]
    skills_lost: tuple[str, ...]
    certificates_added: tuple[str, ...] = ()
    certificates_removed: tuple[str, ...] = ()
    plan_fields: tuple[FieldChange, ...] = field(default_factory=tuple)

    @property
    def is_empty(self) -> bool:
        return not (
            self.added
            or self.removed
            or self.changed
            or self.skills_gained
            or self.skills_lost
            or self.certificates_added
            or self.certificates_removed
            or self.plan_fields
        )


def diff_plans(
    before: Sequence[CourseSnapshot],
    after: Sequence[CourseSnapshot],
    *,
    certificates_before: Sequence[str] = (),
    certificates_after: Sequence[str] = (),
    plan_before: Mapping[str, Any] | None = None,
    plan_after: Mapping[str, Any] | None = None,
) -> PlanDiff:
    old = {c.code: c for c in before}
    new = {c.code: c for c in after}
    changed = []
    for code in sorted(old.keys() & new.keys()):
        change = _course_change(old[code], new[code])
        if change is not None:
            changed.append(change)
    skills_before = {s for c in before for s in c.skills}
    skills_after = {s for c in after for s in c.skills}
    plan_changes = tuple(
        FieldChange(k, (plan_before or {}).get(k), v)
        for k, v in sorted((plan_after or {}).items())
        if (plan_before or {}).get(k) != v
    )
    return PlanDiff(
        added=tuple(new[c] for c in sorted(new.keys() - old.keys())),
        removed=tuple(old[c] for c in sorted(old.keys() - new.keys())),
        changed=tuple(changed),
        skills_gained=tuple(sorted(skills_after - skills_before)),
        skills_lost=tuple(sorted(skills_before - skills_after)),
        certificates_added=tuple(sorted(set(certificates_after) - set(certificates_before))),
        certificates_removed=tuple(sorted(set(certificates_before) - set(certificates_after))),
        plan_fields=plan_changes,
    )


def _course_change(a: CourseSnapshot, b: CourseSnapshot) -> CourseChange | None:
    fields = tuple(
        FieldChange(f, a.fields.get(f), b.fields.get(f))
        for f in COURSE_FIELDS
        if a.fields.get(f) != b.fields.get(f)
    )
    added = tuple(sorted(b.skills.keys() - a.skills.keys()))
    removed = tuple(sorted(a.skills.keys() - b.skills.keys()))
    levels = tuple(
        FieldChange(s, a.skills[s], b.skills[s])
        for s in sorted(a.skills.keys() & b.skills.keys())
        if a.skills[s] != b.skills[s]
    )
    if not (fields or added or removed or levels):
        return None
    name = str(b.fields.get("name_zh") or b.fields.get("name_en") or b.code)
    return CourseChange(b.code, name, fields, added, removed, levels)
