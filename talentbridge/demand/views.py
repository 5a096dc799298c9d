"""HTML pages: demand dashboard, sources (mapping, upload), run progress, postings, the
regional supply–demand report (+ XLSX) and the supply import. Thin: services/selectors decide."""

from __future__ import annotations

import re
import tempfile
import uuid
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.uploadedfile import UploadedFile
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from talentbridge.community.models import Organization
from talentbridge.community.selectors import organizations_administered_by
from talentbridge.core.downloads import XLSX, attachment
from talentbridge.core.errors import ApplicationError, invalid
from talentbridge.core.forms import add_application_error, region_label
from talentbridge.demand import dashboard_cache, forecasting, reports, selectors, services
from talentbridge.demand.ingest.mapping import FIELDS
from talentbridge.demand.ingest.readers import SUPPORTED_SUFFIXES
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
from talentbridge.demand.selectors import DemandFilters


def filters_from(params: Any) -> DemandFilters:
    return DemandFilters(
        region=params.get("region", "")[:6],
        occupation=params.get("occupation", "")[:20],
        month_from=params.get("month_from", "")[:7],
        month_to=params.get("month_to", "")[:7],
        source=params.get("source", "")[:80],
    )


def dashboard_data(actor: Any, filters: DemandFilters) -> dict[str, Any]:
    """Everything the dashboard charts show (also served by the API), from the per-filter
    cache while no new aggregates were added (``dashboard_cache``)."""
    return dashboard_cache.cached(
        "dashboard",
        actor=actor,
        parts={**asdict(filters), "language": get_language()},
        compute=lambda: _dashboard_payload(
            selectors.dashboard_figures(actor=actor, filters=filters)
        ),
    )


def _dashboard_payload(figures: selectors.DashboardFigures) -> dict[str, Any]:
    def figure(f: selectors.SkillFigure) -> dict[str, Any]:
        return {
            "skill": f.skill_id,
            "label": f.label,
            "postings": f.postings,
            "share": round(f.share, 4),
            "previous": f.previous,
            "previous_share": round(f.previous_share, 4),
            "z": round(f.z, 2),
            "p": round(f.p_value, 4),
        }

    def salary(f: selectors.SalaryFigure) -> dict[str, Any]:
        return {
            "key": f.key,
            "label": f.label,
            "postings": f.postings,
            "p25": round(f.p25),
            "p50": round(f.p50),
            "p75": round(f.p75),
        }

    concentration = figures.concentration
    return {
        "total": figures.total,
        "monthly": figures.monthly,
        "top_skills": [figure(f) for f in figures.top_skills],
        "rising": [figure(f) for f in figures.trends.rising],
        "declining": [figure(f) for f in figures.trends.declining],
        "periods": {
            "previous": figures.trends.previous_months,
            "recent": figures.trends.recent_months,
        },
        "salary_by_skill": [salary(f) for f in figures.salary_by_skill],
        "salary_by_city": [salary(f) for f in figures.salary_by_city],
        "employers": {
            "employers": concentration.employers,
            "postings": concentration.postings,
            "top10_share": round(concentration.top10_share, 4),
            "hhi": round(concentration.hhi, 1),
            "top": [{"company": c, "postings": n} for c, n in concentration.top],
        },
        "aigc": figures.aigc,
    }


MODEL_NAMES = {
    "naive": _("last month repeated (naive)"),
    "seasonal_naive": _("same month last year (seasonal naive)"),
    "ses": _("simple exponential smoothing"),
    "holt_damped": _("damped-trend exponential smoothing (Holt)"),
    "croston_sba": _("Croston–SBA for intermittent demand"),
}


def forecast_args(params: Any) -> tuple[str, int]:
    """``skill`` (a concept id, blank = all postings) and ``horizon`` (1–12 months, default
    12); anything else is invalid (400)."""
    skill = params.get("skill", "").strip()
    if len(skill) > 200:
        raise invalid("skill", _("Unknown skill."))
    text = params.get("horizon", "").strip()
    if not text:
        return skill, forecasting.MAX_HORIZON
    if not re.fullmatch(r"\d{1,2}", text, re.ASCII) or not 1 <= int(text) <= 12:
        raise invalid("horizon", _("The horizon must be a whole number of months from 1 to 12."))
    return skill, int(text)


def forecast_data(actor: Any, filters: DemandFilters, skill: str, horizon: int) -> dict[str, Any]:
    """The forecast of one series with its back-test (numbers cached per filter like the
    dashboard) plus the texts in the request language."""
    data = dashboard_cache.cached(
        "forecast",
        actor=actor,
        parts={**asdict(filters), "skill": skill, "horizon": horizon, "language": get_language()},
        compute=lambda: _forecast_payload(
            selectors.demand_forecast(actor=actor, filters=filters, skill=skill, horizon=horizon)
        ),
    )
    if data["enough_history"]:
        data["model_name"] = str(MODEL_NAMES[data["backtest"]["model"]])
        for candidate in data["backtest"]["models"]:
            candidate["name"] = str(MODEL_NAMES.get(candidate["model"], candidate["model"]))
        data["message"] = ""
    else:
        data["model_name"] = ""
        data["message"] = _(
            "Not enough history for a forecast: %(months)s months of data, at least "
            "%(needed)s needed."
        ) % {"months": len(data["history"]), "needed": data["needed"]}
    return data


def _forecast_payload(found: selectors.DemandForecast) -> dict[str, Any]:
    result = found.result
    payload: dict[str, Any] = {
        "skill": found.skill,
        "label": found.label,
        "horizon": len(found.months),
        "enough_history": result is not None,
        "needed": found.needed,
        "history": [
            {"month": m, "postings": n}
            for m, n in zip(found.history_months, found.history, strict=True)
        ],
        "forecast": [],
        "backtest": None,
    }
    if result is None:
        return payload
    payload["forecast"] = [
        {
            "month": month,
            "point": round(result.point[i], 2),
            "lower80": round(result.lower[80][i], 2),
            "upper80": round(result.upper[80][i], 2),
            "lower95": round(result.lower[95][i], 2),
            "upper95": round(result.upper[95][i], 2),
        }
        for i, month in enumerate(found.months)
    ]
    payload["backtest"] = {
        "model": result.model,
        "mase": round(result.mase, 3),
        "smape": round(result.smape, 1),
        "origins": result.origins,
        "selected_by": result.selected_by,
        "models": [
            {
                "model": score.model,
                "mase": round(score.mase, 3),
                "rmsse": round(score.rmsse, 3),
                "smape": round(score.smape, 1),
            }
            for score in result.scores
        ],
    }
    return payload


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
            run = _start_upload(request, source, upload_form)
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


def _start_upload(request: HttpRequest, source: Any, form: UploadForm) -> Any:
    upload: UploadedFile = form.cleaned_data["file"]
    services.check_upload_size(upload.size or 0)
    suffix = Path(upload.name or "").suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise ApplicationError("invalid", services.FILE_ERROR_MESSAGES["unsupported_format"])
    path = _store_upload(upload, suffix)
    return services.run_create(
        actor=request.user,
        source=source,
        path=path,
        file_name=upload.name or path.name,
        policy=form.cleaned_data["policy"],
        tag_skills=form.cleaned_data["tag_skills"],
        enqueue=True,
    )


def _store_upload(upload: UploadedFile, suffix: str) -> Path:
    folder = Path(settings.MEDIA_ROOT) / "demand" / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{uuid.uuid4().hex}{suffix}"
    with path.open("wb") as handle:
        for block in upload.chunks():
            handle.write(block)
    return path


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


def report_region(text: str) -> str:
    """A GB/T 2260 code (six ASCII digits) or "" for all regions; anything else is invalid
    (it also ends up in the XLSX file name, so no line breaks or quotes may pass)."""
    text = text.strip()
    if text and not re.fullmatch(r"\d{6}", text, re.ASCII):
        raise invalid("region", _("The region must be a six-digit GB/T 2260 code."))
    return text


def report_year(text: str, default: int | None = None) -> int:
    """A year 2000–2100 written with four ASCII digits; blank gives ``default`` if any."""
    text = text.strip()
    if not text and default is not None:
        return default
    if not re.fullmatch(r"\d{4}", text, re.ASCII) or not 2000 <= int(text) <= 2100:
        raise invalid("year", _("The year must be a number from 2000 to 2100."))
    return int(text)


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
