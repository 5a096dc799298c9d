"""Reads of the taxonomy. Everyone may read concepts, occupations, code lists and releases;
the review queue of proposed changes is for taxonomy editors."""

from __future__ import annotations

import uuid
from typing import Any

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Length

from talentbridge.core.errors import NotFoundError
from talentbridge.taxonomy.models import (
    Certificate,
    ChangeStatus,
    ConceptChange,
    ConceptStatus,
    EscoOccupation,
    Major,
    Occupation,
    OccupationSkill,
    Scheme,
    Skill,
    SkillKind,
    TaxonomyRelease,
)
from talentbridge.taxonomy.permissions import Action, access_taxonomy

MAX_QUERY = 100


def skill_list(
    *, q: str = "", kind: str = "", scheme: str = "", include_deprecated: bool = False
) -> QuerySet[Skill]:
    """Concepts matching ``q`` in either language (labels and aliases), best matches first:
    exact label, then label containing ``q``, then alias; shorter labels first."""
    qs = Skill.objects.all()
    if not include_deprecated:
        qs = qs.filter(status=ConceptStatus.ACTIVE)
    if kind in SkillKind.values:
        qs = qs.filter(kind=kind)
    if scheme in Scheme.values:
        qs = qs.filter(scheme=scheme)
    needle = q.strip().lower()[:MAX_QUERY]
    if not needle:
        return qs.order_by("scheme", "label_en", "concept_id")
    label_hit = Q(label_zh__icontains=needle) | Q(label_en__icontains=needle)
    exact = Q(label_zh__iexact=needle) | Q(label_en__iexact=needle)
    return (
        qs.filter(search_text__contains=needle)
        .annotate(
            rank=Case(
                When(exact, then=Value(0)),
                When(label_hit, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            ),
            label_length=Length("label_en") + Length("label_zh"),
        )
        .order_by("rank", "label_length", "concept_id")
    )


def skill_get(*, pk: uuid.UUID | str) -> Skill:
    skill = Skill.objects.select_related("parent", "merged_into", "release").filter(pk=pk).first()
    if skill is None:
        raise NotFoundError()
    return skill


def skill_get_by_concept_id(concept_id: str, *, follow_merges: bool = True) -> Skill | None:
    """The concept other apps refer to by id (``dc.…`` slug or ESCO URI); a merged concept
    resolves to the concept it was merged into."""
    skill = Skill.objects.filter(Q(concept_id=concept_id) | Q(uri=concept_id)).first()
    seen: set[uuid.UUID] = set()
    while follow_merges and skill is not None and skill.merged_into_id and skill.pk not in seen:
        seen.add(skill.pk)
        skill = Skill.objects.filter(pk=skill.merged_into_id).first()
    return skill


def skills_by_uri(uris: list[str]) -> dict[str, Skill]:
    return {skill.uri: skill for skill in Skill.objects.filter(uri__in=uris)}


def skill_children(skill: Skill) -> QuerySet[Skill]:
    return skill.children.filter(status=ConceptStatus.ACTIVE).order_by("label_en", "label_zh")


def skill_occupations(skill: Skill) -> QuerySet[OccupationSkill]:
    return (
        OccupationSkill.objects.filter(skill=skill)
        .select_related("occupation")
        .order_by("relation", "occupation__label_en")
    )


def skill_esco_mapping(skill: Skill) -> Skill | None:
    return Skill.objects.filter(uri=skill.esco_uri).first() if skill.esco_uri else None


def skill_extension_mappings(skill: Skill) -> QuerySet[Skill]:
    """Extension concepts that map to this ESCO concept."""
    return Skill.objects.filter(esco_uri=skill.uri, status=ConceptStatus.ACTIVE)


def change_list(*, actor: Any, status: str = "") -> QuerySet[ConceptChange]:
    access_taxonomy(actor, Action.REVIEW)
    qs = ConceptChange.objects.select_related("skill", "proposed_by", "reviewer", "release")
    if status in ChangeStatus.values:
        qs = qs.filter(status=status)
    return qs.order_by("-created_at")


def change_get(*, actor: Any, pk: uuid.UUID | str) -> ConceptChange:
    access_taxonomy(actor, Action.REVIEW)
    change = ConceptChange.objects.select_related("skill").filter(pk=pk).first()
    if change is None:
        raise NotFoundError()
    return change


def skill_changes(skill: Skill) -> QuerySet[ConceptChange]:
    return skill.changes.select_related("proposed_by", "reviewer", "release").order_by(
        "-created_at"
    )


def release_list() -> QuerySet[TaxonomyRelease]:
    return TaxonomyRelease.objects.order_by("-created_at")


def release_get(*, pk: uuid.UUID | str) -> TaxonomyRelease:
    release = TaxonomyRelease.objects.filter(pk=pk).first()
    if release is None:
        raise NotFoundError()
    return release


def pending_approved_changes() -> QuerySet[ConceptChange]:
    return ConceptChange.objects.filter(status=ChangeStatus.APPROVED, applied_at__isnull=True)


def esco_occupation_list(*, q: str = "", isco_group: str = "") -> QuerySet[EscoOccupation]:
    qs = EscoOccupation.objects.filter(status=ConceptStatus.ACTIVE)
    if q:
        qs = qs.filter(Q(label_en__icontains=q[:MAX_QUERY]) | Q(label_zh__icontains=q[:MAX_QUERY]))
    if isco_group:
        qs = qs.filter(isco_group__startswith=isco_group[:8])
    return qs.order_by("label_en")


def occupation_list(*, q: str = "", digital: bool | None = None) -> QuerySet[Occupation]:
    qs = Occupation.objects.filter(status=ConceptStatus.ACTIVE)
    if q:
        needle = q[:MAX_QUERY]
        qs = qs.filter(
            Q(code__startswith=needle) | Q(name_zh__icontains=needle) | Q(name_en__icontains=needle)
        )
    if digital is not None:
        qs = qs.filter(is_digital=digital)
    return qs.select_related("parent").order_by("code")


def major_list(*, q: str = "", level: str = "") -> QuerySet[Major]:
    qs = Major.objects.filter(status=ConceptStatus.ACTIVE)
    if q:
        needle = q[:MAX_QUERY]
        qs = qs.filter(
            Q(code__startswith=needle) | Q(name_zh__icontains=needle) | Q(name_en__icontains=needle)
        )
    if level:
        qs = qs.filter(level=level)
    return qs.order_by("code")


def certificate_list(*, q: str = "") -> QuerySet[Certificate]:
    qs = Certificate.objects.filter(status=ConceptStatus.ACTIVE).prefetch_related("skills")
    if q:
        needle = q[:MAX_QUERY]
        qs = qs.filter(Q(name_zh__icontains=needle) | Q(name_en__icontains=needle))
    return qs.order_by("key")


def skill_find(reference: str) -> Skill | None:
    """A concept by UUID, concept id, URI or exact label (only when the label is unique)."""
    reference = reference.strip()
    if not reference:
        return None
    try:
        return Skill.objects.filter(pk=uuid.UUID(reference)).first()
    except ValueError:
        pass
    found = Skill.objects.filter(Q(concept_id=reference) | Q(uri=reference)).first()
    if found is not None:
        return found
    by_label = list(
        Skill.objects.filter(
            Q(label_zh=reference) | Q(label_en__iexact=reference), status=ConceptStatus.ACTIVE
        )[:2]
    )
    return by_label[0] if len(by_label) == 1 else None
