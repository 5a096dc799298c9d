"""HTML pages: demand dashboard, sources (mapping, upload), run progress, postings, the
regional supply–demand report (+ XLSX) and the supply import. Thin: services/selectors decide."""

from __future__ import annotations

import tempfile
import uuid
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.uploadedfile import UploadedFile
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from talentbridge.community.models import Organization
from talentbridge.community.selectors import organizations_administered_by
from talentbridge.core.downloads import XLSX, attachment
from talentbridge.core.errors import ApplicationError
from talentbridge.core.forms import add_application_error, region_label
from talentbridge.demand import forecasting, intake, reports, selectors, services
from talentbridge.demand.dashboard import (
    dashboard_data,
    filters_from,
    forecast_args,
    forecast_data,
    report_region,
    report_year,
)
from talentbridge.demand.ingest.mapping import FIELDS
from talentbridge.demand.models import RejectPolicy, SupplyImportBatch, Visibility
from talentbridge.demand.permissions import (
    Action,
    SupplyAction,
    access_supply_batch,
    can_create_source,
    can_import_supply,
    can_view_report,
    may_create_source,
    supply_batches_visible,
    supply_scope,
)


def dashboard(request: HttpRequest) -> HttpResponse:
    filters = filters_from(request.GET)
    skill, horizon = forecast_args(request.GET)
    data = dashboard_data(request.user, filters)
    return render(
        request,
        "demand/dashboard.html",
        {
            "filters": filters,
            "data": data,
            "forecast": forecast_data(request.user, filters, skill, horizon),
            "forecast_skill_listed": any(f["skill"] == skill for f in data["top_skills"]),
            "filters_items": [(k, v) for k, v in asdict(filters).items() if v],
            "horizons": range(1, forecasting.MAX_HORIZON + 1),
            "sources": selectors.source_list(actor=request.user),
            "occupations": _occupation_choices(),
            "can_manage_sources": may_create_source(request.user),
        },
    )


def _occupation_choices() -> list[tuple[str, str]]:
    from talentbridge.demand.ingest.occupations import OCCUPATION_RULES
    from talentbridge.taxonomy.data import load_cn_occupations

    names = {o.code: o.name_zh for o in load_cn_occupations()}
    return [(code, names.get(code, code)) for code, _ in OCCUPATION_RULES]


def posting_list(request: HttpRequest) -> HttpResponse:
    filters = filters_from(request.GET)
    skill = request.GET.get("skill", "").strip()[:200]
    qs = selectors.posting_list(
        actor=request.user, filters=filters, q=request.GET.get("q", "")[:100], skill=skill
    )
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "demand/posting_list.html",
        {
            "page_obj": page,
            "filters": filters,
            "skill": skill,
            "skill_label": selectors.skill_label(skill) if skill else "",
        },
    )


# --- sources and runs ---------------------------------------------------------------------


class SourceForm(forms.Form):
    name = forms.SlugField(label=_("Name (letters, digits, hyphens)"), max_length=80)
    label = forms.CharField(label=_("Label"), max_length=200, required=False)
    owner: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Owner organization"), queryset=Organization.objects.none()
    )
    raw_visibility = forms.ChoiceField(
        label=_("Raw postings visible to"),
        choices=[(Visibility.PRIVATE, _("owner only")), (Visibility.PUBLIC, _("public"))],
    )
    aggregate_visibility = forms.ChoiceField(
        label=_("Aggregates visible to"), choices=Visibility.choices
    )

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owner = self.fields["owner"]
        assert isinstance(owner, forms.ModelChoiceField)
        owner.queryset = organizations_administered_by(actor)


@require_http_methods(["GET", "POST"])
def source_list(request: HttpRequest) -> HttpResponse:
    can_create_source(request.user)
    form = SourceForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            source = services.source_create(actor=request.user, data=form.cleaned_data)
        except ApplicationError as exc:
            add_application_error(form, exc)
        else:
            return redirect("demand:source-detail", name=source.name)
    return render(
        request,
        "demand/source_list.html",
        {
            "form": form,
            "sources": selectors.managed_sources(actor=request.user),
        },
    )


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Postings file (CSV, JSONL or XLSX)"))
    policy = forms.ChoiceField(label=_("Bad rows"), choices=RejectPolicy.choices)
    tag_skills = forms.BooleanField(label=_("Tag skills"), required=False, initial=True)


class MappingForm(forms.Form):
    def __init__(self, *args: Any, mapping: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field_name in FIELDS:
            self.fields[field_name] = forms.CharField(
                label=field_name,
                required=field_name == "job_title",
                max_length=200,
                initial=mapping.get(field_name, ""),
            )


@require_http_methods(["GET", "POST"])
def source_detail(request: HttpRequest, name: str) -> HttpResponse:
    source = selectors.source_get(actor=request.user, name=name, action=Action.MANAGE)
    mapping_form = MappingForm(
        request.POST if "save_mapping" in request.POST else None, mapping=source.column_mapping
    )
    upload_form = UploadForm(
        request.POST if "upload" in request.POST else None,
        request.FILES if "upload" in request.POST else None,
        initial={"tag_skills": True},
    )
    if "save_mapping" in request.POST and mapping_form.is_valid():
        mapping = {k: v for k, v in mapping_form.cleaned_data.items() if v}
        services.source_update(actor=request.user, source=source, data={"column_mapping": mapping})
        messages.success(request, _("Column mapping saved."))
        return redirect("demand:source-detail", name=source.name)
    if "upload" in request.POST and upload_form.is_valid():
        try:
            run = intake.run_upload(
                actor=request.user,
                source=source,
                upload=upload_form.cleaned_data["file"],
                policy=upload_form.cleaned_data["policy"],
                tag_skills=upload_form.cleaned_data["tag_skills"],
            )
        except ApplicationError as exc:
            add_application_error(upload_form, exc)
        else:
            return redirect("demand:run-detail", pk=run.pk)
    return render(
        request,
        "demand/source_detail.html",
        {
            "source": source,
            "mapping_form": mapping_form,
            "upload_form": upload_form,
            "runs": selectors.run_list(actor=request.user, source=source)[:20],
            "max_mb": round(services.max_upload_bytes() / 2**20),
        },
    )


def run_detail(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    run = selectors.run_get(actor=request.user, pk=pk)
    template = (
        "demand/_run_progress.html"
        if request.headers.get("HX-Request")
        else "demand/run_detail.html"
    )
    percent = min(100, round(100 * run.read / run.total_rows)) if run.total_rows else None
    return render(request, template, {"run": run, "percent": percent})


# --- report and supply ----------------------------------------------------------------------


def _report_args(request: HttpRequest) -> tuple[str, int]:
    region = report_region(request.GET.get("region", ""))
    default = selectors.latest_posting_year() or date.today().year
    return region, report_year(request.GET.get("year", ""), default=default)


def report(request: HttpRequest) -> HttpResponse:
    can_view_report(request.user)
    region, year = _report_args(request)
    data = reports.regional_report(actor=request.user, region=region, year=year)
    return render(request, "demand/report.html", {"report": data, "region": region, "year": year})


def report_xlsx(request: HttpRequest) -> HttpResponse:
    can_view_report(request.user)
    region, year = _report_args(request)
    data = reports.regional_report(actor=request.user, region=region, year=year)
    return attachment(
        reports.report_xlsx(data),
        filename=f"supply-demand-{region or 'all'}-{year}.xlsx",
        content_type=XLSX,
    )


def report_pdf(request: HttpRequest) -> HttpResponse:
    can_view_report(request.user)
    region, year = _report_args(request)
    data = reports.regional_report(actor=request.user, region=region, year=year)
    region_name = region_label(region) if region else str(_("all regions"))
    return attachment(
        reports.report_pdf(data, region_name),
        filename=f"supply-demand-{region or 'all'}-{year}.pdf",
        content_type="application/pdf",
    )


class SupplyForm(forms.Form):
    file = forms.FileField(label=_("XLSX with college, major code, year, enrolled, graduates"))
    all_or_nothing = forms.BooleanField(label=_("Import nothing if any row is bad"), required=False)


@require_http_methods(["GET", "POST"])
def supply_import(request: HttpRequest) -> HttpResponse:
    can_import_supply(request.user)
    form = SupplyForm(request.POST or None, request.FILES or None)
    result = None
    status = 200
    if request.method == "POST" and form.is_valid():
        upload: UploadedFile = form.cleaned_data["file"]
        try:
            services.check_upload_size(upload.size or 0)
            with tempfile.TemporaryDirectory() as folder:
                path = Path(folder) / (
                    "supply" + (Path(upload.name or "").suffix.lower() or ".xlsx")
                )
                path.write_bytes(upload.read())
                result = services.supply_import(
                    actor=request.user,
                    path=path,
                    all_or_nothing=form.cleaned_data["all_or_nothing"],
                    file_name=Path(upload.name or "supply.xlsx").name,
                )
        except ApplicationError as exc:
            add_application_error(form, exc)
            status = exc.status
    elif request.method == "POST":
        status = 400
    scope = supply_scope(request.user)
    colleges = [] if scope.everything else list(scope.colleges()[:21])
    context = {
        "form": form,
        "result": result,
        "colleges": colleges[:20],
        "more_colleges": len(colleges) > 20,
    }
    return render(request, "demand/supply_import.html", context, status=status)


@login_required
def supply_imports(request: HttpRequest) -> HttpResponse:
    """The supply imports the actor may see and revert (``access_supply_batch``)."""
    batches = supply_batches_visible(request.user).order_by("-created_at")
    page = Paginator(batches, 20).get_page(request.GET.get("page"))
    return render(request, "demand/supply_imports.html", {"page": page})


@login_required
@require_POST
def supply_import_revert(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    batch = get_object_or_404(SupplyImportBatch.objects.select_related("organization"), pk=pk)
    access_supply_batch(request.user, batch, SupplyAction.REVERT)
    try:
        services.supply_batch_revert(actor=request.user, batch=batch)
        messages.success(request, _("Import reverted: its rows no longer count."))
    except ApplicationError as exc:
        if exc.is_denial:
            raise
        messages.error(request, str(exc.message))
    return redirect("demand:supply-imports")
