"""HTML pages of the taxonomy: search, concept detail, curation (propose → review → release),
merge, export and the extraction playground. Thin wrappers over selectors and services."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from talentbridge.core.downloads import CSV, streamed_attachment
from talentbridge.core.errors import ApplicationError
from talentbridge.core.forms import add_application_error
from talentbridge.taxonomy import export, selectors, services
from talentbridge.taxonomy.forms import (
    ConceptEditForm,
    ExtractForm,
    MergeForm,
    ReleaseForm,
    ReviewForm,
)
from talentbridge.taxonomy.models import (
    ChangeStatus,
    ReleaseKind,
    ReleaseStatus,
    Scheme,
    Skill,
    SkillKind,
)
from talentbridge.taxonomy.permissions import Action, access_taxonomy, is_taxonomy_editor

PAGE_SIZE = 25
EXPORT_TYPES = {
    "csv": (CSV, "csv"),
    "json": ("application/json; charset=utf-8", "json"),
    "jsonld": ("application/ld+json; charset=utf-8", "jsonld"),
}


def _page(request: HttpRequest, items: Any) -> Any:
    return Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))


def _filters(request: HttpRequest) -> dict[str, str]:
    return {
        "q": request.GET.get("q", "")[:100],
        "kind": request.GET.get("kind", ""),
        "scheme": request.GET.get("scheme", ""),
    }


def _skills(filters: dict[str, str]) -> QuerySet[Skill]:
    return selectors.skill_list(q=filters["q"], kind=filters["kind"], scheme=filters["scheme"])


def skill_list(request: HttpRequest) -> HttpResponse:
    access_taxonomy(request.user, Action.VIEW)
    filters = _filters(request)
    context = {
        "page": _page(request, _skills(filters)),
        "filters": filters,
        "kinds": SkillKind.choices,
        "schemes": Scheme.choices,
        "is_editor": is_taxonomy_editor(request.user),
    }
    template = "taxonomy/_skill_rows.html" if request.htmx else "taxonomy/skill_list.html"  # type: ignore[attr-defined]
    return render(request, template, context)


def skill_export(request: HttpRequest) -> StreamingHttpResponse:
    access_taxonomy(request.user, Action.VIEW)
    kind = request.GET.get("format", "csv")
    if kind not in EXPORT_TYPES:
        raise ApplicationError("invalid", _("Unknown export format."))
    content_type, extension = EXPORT_TYPES[kind]
    skills = _skills(_filters(request))
    writer = {"csv": export.export_csv, "json": export.export_json, "jsonld": export.export_jsonld}
    return streamed_attachment(
        writer[kind](skills), filename=f"skills.{extension}", content_type=content_type
    )


def skill_detail(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    access_taxonomy(request.user, Action.VIEW)
    skill = selectors.skill_get(pk=pk)
    editor = is_taxonomy_editor(request.user)
    context = {
        "skill": skill,
        "children": selectors.skill_children(skill)[:100],
        "esco_mapping": selectors.skill_esco_mapping(skill),
        "extension_mappings": selectors.skill_extension_mappings(skill)[:50],
        "occupations": _page(request, selectors.skill_occupations(skill)),
        "certificates": skill.certificates.all(),
        "majors": skill.major_links.select_related("major").order_by("-weight"),
        "merged_from": skill.merged_from.all()[:50],
        "changes": selectors.skill_changes(skill)[:20] if editor else [],
        "is_editor": editor,
    }
    return render(request, "taxonomy/skill_detail.html", context)


def skill_edit(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    access_taxonomy(request.user, Action.PROPOSE)
    skill = selectors.skill_get(pk=pk)
    form = ConceptEditForm.for_skill(skill, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        comment = values.pop("comment")
        try:
            services.concept_change_propose(
                actor=request.user, skill=skill, data=values, comment=comment
            )
        except ApplicationError as exc:
            add_application_error(form, exc)
        else:
            messages.success(
                request,
                _("Change proposed. It takes effect when a release that contains it is published."),
            )
            return redirect("taxonomy:skill-detail", pk=skill.pk)
    return render(request, "taxonomy/skill_edit.html", {"skill": skill, "form": form})


def skill_merge(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    access_taxonomy(request.user, Action.MERGE)
    skill = selectors.skill_get(pk=pk)
    form = MergeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        target = selectors.skill_find(form.cleaned_data["target"])
        if target is None:
            form.add_error("target", _("No single concept matches this reference."))
        else:
            try:
                services.skill_merge(
                    actor=request.user, source=skill, target=target,
                    note=form.cleaned_data["note"],
                )  # fmt: skip
            except ApplicationError as exc:
                add_application_error(form, exc)
            else:
                messages.success(request, _("Concepts merged."))
                return redirect("taxonomy:skill-detail", pk=target.pk)
    return render(request, "taxonomy/skill_merge.html", {"skill": skill, "form": form})


def change_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", ChangeStatus.PROPOSED)
    changes = selectors.change_list(actor=request.user, status=status)
    context = {
        "page": _page(request, changes),
        "status": status,
        "statuses": ChangeStatus.choices,
        "pending": selectors.pending_approved_changes().filter(release__isnull=True).count(),
    }
    return render(request, "taxonomy/change_list.html", context)


@require_POST
def change_review(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    change = selectors.change_get(actor=request.user, pk=pk)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        raise ApplicationError("invalid", _("Choose approve or reject."))
    services.concept_change_review(
        actor=request.user,
        change=change,
        approve=form.cleaned_data["decision"] == "approve",
        note=form.cleaned_data["note"],
    )
    messages.success(request, _("Review recorded."))
    return redirect("taxonomy:change-list")


def release_list(request: HttpRequest) -> HttpResponse:
    access_taxonomy(request.user, Action.PUBLISH if request.method == "POST" else Action.VIEW)
    form = ReleaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            release = services.release_create(actor=request.user, **form.cleaned_data)
        except ApplicationError as exc:
            add_application_error(form, exc)
        else:
            return redirect("taxonomy:release-detail", pk=release.pk)
    context = {
        "page": _page(request, selectors.release_list()),
        "form": form,
        "is_editor": is_taxonomy_editor(request.user),
    }
    return render(request, "taxonomy/release_list.html", context)


def release_detail(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    access_taxonomy(request.user, Action.VIEW)
    release = selectors.release_get(pk=pk)
    editor = is_taxonomy_editor(request.user)
    context = {
        "release": release,
        "changes": release.changes.select_related("skill") if editor else [],
        "is_editor": editor,
        "can_submit": editor
        and release.kind == ReleaseKind.CURATION
        and release.status == ReleaseStatus.DRAFT,
        "can_publish": editor and release.status == ReleaseStatus.IN_REVIEW,
        "pending": selectors.pending_approved_changes().filter(release__isnull=True).count(),
    }
    return render(request, "taxonomy/release_detail.html", context)


@require_POST
def release_submit(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    access_taxonomy(request.user, Action.PUBLISH)
    release = selectors.release_get(pk=pk)
    services.release_submit(actor=request.user, release=release)
    messages.success(request, _("Release submitted for review."))
    return redirect("taxonomy:release-detail", pk=release.pk)


@require_POST
def release_publish(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    access_taxonomy(request.user, Action.PUBLISH)
    release = selectors.release_get(pk=pk)
    release = services.release_publish(actor=request.user, release=release)
    messages.success(
        request, _("Release published: %(n)d concepts changed.") % {"n": release.changed_count}
    )
    return redirect("taxonomy:release-detail", pk=release.pk)


@dataclass(frozen=True)
class Segment:
    text: str
    skill: int | None  # index into the ranked skill list, None for plain text


def highlight(text: str, skills: list[dict[str, Any]]) -> list[Segment]:
    """Cut ``text`` into plain and highlighted pieces (explicit mentions; when mentions
    overlap, the better-ranked skill wins). The template escapes every piece."""
    spans = sorted(
        (start, end, index)
        for index, skill in enumerate(skills)
        if skill["kind"] == "explicit"
        for start, end in skill["spans"]
        if 0 <= start < end <= len(text)
    )
    segments: list[Segment] = []
    position = 0
    for start, end, index in _without_overlaps(spans):
        if start > position:
            segments.append(Segment(text[position:start], None))
        segments.append(Segment(text[start:end], index))
        position = end
    if position < len(text):
        segments.append(Segment(text[position:], None))
    return segments


def _without_overlaps(spans: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    by_rank = sorted(spans, key=lambda span: (span[2], span[0]))
    kept: list[tuple[int, int, int]] = []
    for span in by_rank:
        if all(span[1] <= other[0] or span[0] >= other[1] for other in kept):
            kept.append(span)
    return sorted(kept)


def skill_extract(request: HttpRequest) -> HttpResponse:
    access_taxonomy(request.user, Action.VIEW)
    form = ExtractForm(request.POST or None)
    context: dict[str, Any] = {"form": form}
    if request.method == "POST" and form.is_valid():
        text = form.cleaned_data["text"]
        try:
            outcome = services.extract_skills(text=text, top_k=form.cleaned_data["top_k"])
        except ApplicationError as exc:
            add_application_error(form, exc)
        else:
            found = selectors.skills_by_uri([skill["uri"] for skill in outcome.skills])
            context.update(
                outcome=outcome,
                segments=highlight(text, outcome.skills),
                results=[(skill, found.get(skill["uri"])) for skill in outcome.skills],
            )
    status = 400 if request.method == "POST" and form.errors else 200
    return render(request, "taxonomy/extract.html", context, status=status)
