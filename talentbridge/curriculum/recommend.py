"""Recommendations from an alignment (pure): which courses to update, which modules to add,
which enterprise briefs and 1+X certificates would cover a gap. Each recommendation carries
the skills and the demand weight it covers, so its rank explains itself."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from talentbridge.curriculum.alignment import Alignment, SkillRow


@dataclass(frozen=True, slots=True)
class CourseUpdate:
    course_code: str
    course_name: str
    action: str  # add_skill | raise_level | revise_declining
    skill_id: str
    weight: float  # demand weight at stake
    reason_skill_id: str  # the related skill the course already teaches ('' if none)


@dataclass(frozen=True, slots=True)
class ModuleProposal:
    area: str
    skill_ids: tuple[str, ...]
    weight: float


@dataclass(frozen=True, slots=True)
class Coverer:
    """A certificate or brief, with the gap/weak skills it would cover."""

    id: str
    skill_ids: tuple[str, ...]
    weight: float


@dataclass(frozen=True)
class Recommendations:
    course_updates: tuple[CourseUpdate, ...]
    modules: tuple[ModuleProposal, ...]
    certificates: tuple[Coverer, ...]
    briefs: tuple[Coverer, ...]
    # title, organization and url of each brief, by id (from the brief provider)
    brief_details: Mapping[str, Mapping[str, str]] = field(default_factory=dict)


def _open_rows(alignment: Alignment) -> list[SkillRow]:
    return [r for r in alignment.demanded if r.status in ("gap", "weak")]


def recommend(
    alignment: Alignment,
    *,
    area_of: Callable[[str], str],
    courses: Sequence[tuple[str, str, str]],  # (course code, course name, skill id) taught
    certificates: Iterable[tuple[str, Sequence[str]]],  # (certificate id, skill ids)
    embedded_certificates: Iterable[str] = (),
    briefs: Iterable[tuple[str, Sequence[str]]] = (),
) -> Recommendations:
    """Gap skills go to a course that already teaches a skill of the same taxonomy area
    (the course with the most such skills, then by code); gaps with no such course are
    grouped by area into a proposed new module. Weak skills (taught only at 了解) become
    "raise the level" in the course that teaches them; declining taught skills become
    "revise" in every course that teaches them."""
    by_area: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for code, name, skill_id in courses:
        area = area_of(skill_id)
        if area:
            by_area[area].append((code, name, skill_id))
    updates: list[CourseUpdate] = []
    orphans: dict[str, list[SkillRow]] = defaultdict(list)
    for row in _open_rows(alignment):
        if row.status == "weak":
            updates.extend(
                CourseUpdate(
                    t.course_code, t.course_name, "raise_level", row.skill_id, row.weight, ""
                )
                for t in row.courses
            )
            continue
        host = _host_course(by_area.get(area_of(row.skill_id), []))
        if host is None:
            orphans[area_of(row.skill_id) or row.skill_id].append(row)
        else:
            code, name, related = host
            updates.append(CourseUpdate(code, name, "add_skill", row.skill_id, row.weight, related))
    for row in alignment.obsolete:
        updates.extend(
            CourseUpdate(
                t.course_code, t.course_name, "revise_declining", row.skill_id, row.weight, ""
            )
            for t in row.courses
        )
    modules = sorted(
        (
            ModuleProposal(area, tuple(r.skill_id for r in rows), sum(r.weight for r in rows))
            for area, rows in orphans.items()
        ),
        key=lambda m: (-m.weight, m.area),
    )
    embedded = set(embedded_certificates)
    return Recommendations(
        course_updates=tuple(sorted(updates, key=lambda u: (-u.weight, u.course_code, u.skill_id))),
        modules=tuple(modules),
        certificates=_coverers(alignment, (c for c in certificates if c[0] not in embedded)),
        briefs=_coverers(alignment, briefs),
    )


def _host_course(candidates: list[tuple[str, str, str]]) -> tuple[str, str, str] | None:
    if not candidates:
        return None
    per_course: dict[tuple[str, str], list[str]] = defaultdict(list)
    for code, name, skill_id in candidates:
        per_course[(code, name)].append(skill_id)
    (code, name), skills = min(per_course.items(), key=lambda item: (-len(item[1]), item[0][0]))
    return code, name, sorted(skills)[0]


def _coverers(
    alignment: Alignment, items: Iterable[tuple[str, Sequence[str]]]
) -> tuple[Coverer, ...]:
    weights = {r.skill_id: r.weight for r in _open_rows(alignment)}
    found = []
    for item_id, skill_ids in items:
        covered = tuple(s for s in dict.fromkeys(skill_ids) if s in weights)
        if covered:
            found.append(Coverer(item_id, covered, sum(weights[s] for s in covered)))
    return tuple(sorted(found, key=lambda c: (-c.weight, c.id)))
