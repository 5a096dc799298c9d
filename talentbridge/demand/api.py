"""REST API of the demand app (under /api/v1/demand/).

Authorization: raw postings of a private source are visible only to members of its owner
organization; aggregates follow the source's ``aggregate_visibility`` (public, community
members, owner), but a source's owner and column mapping are shown only to members of its
owner organization. Managing a source (mapping, uploads, runs) is for its owner's admins/staff.
The supply–demand figures are for signed-in users, like the report.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from talentbridge.core.api import paginated
from talentbridge.core.errors import ApplicationError
from talentbridge.core.jsoninput import BoundedJSONParser
from talentbridge.demand import selectors, services
from talentbridge.demand.ingest.readers import SUPPORTED_SUFFIXES
from talentbridge.demand.models import PostingSource, RejectPolicy, SupplyImportBatch, Visibility
from talentbridge.demand.permissions import (
    Action,
    SupplyAction,
    access_supply_batch,
    can_create_source,
    can_view_report,
    member_organization_ids,
    source_internals_visible,
    supply_batches_visible,
)
from talentbridge.demand.views import (
    _store_upload,
    dashboard_data,
    filters_from,
    forecast_args,
    forecast_data,
    report_region,
    report_year,
)

FILTER_PARAMETERS = [
    OpenApiParameter("region", str, description="GB/T 2260 province or city code"),
    OpenApiParameter("occupation", str, description="职业分类大典 occupation code"),
    OpenApiParameter("month_from", str, description="YYYY-MM"),
    OpenApiParameter("month_to", str, description="YYYY-MM"),
    OpenApiParameter("source", str, description="source name"),
]


@dataclass(frozen=True)
class SourceCard:
    """What the API shows of a source: owner and column mapping only to the owner's members."""

    name: str
    label: str
    owner_id: uuid.UUID | None
    raw_visibility: str
    aggregate_visibility: str
    column_mapping: dict[str, str]


def source_cards(actor: Any, sources: Iterable[PostingSource]) -> list[SourceCard]:
    organization_ids = member_organization_ids(actor)
    return [
        _card(s, source_internals_visible(actor, s, organization_ids=organization_ids))
        for s in sources
    ]


def _card(source: PostingSource, internals: bool) -> SourceCard:
    return SourceCard(
        name=source.name,
        label=source.label,
        owner_id=source.owner_id if internals else None,
        raw_visibility=source.raw_visibility,
        aggregate_visibility=source.aggregate_visibility,
        column_mapping=dict(source.column_mapping or {}) if internals else {},
    )


class SourceOutput(serializers.Serializer):
    name = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    owner = serializers.UUIDField(source="owner_id", allow_null=True)
    raw_visibility = serializers.CharField()
    aggregate_visibility = serializers.CharField()
    column_mapping = serializers.DictField(child=serializers.CharField())


class SourceListApi(APIView):
    class InputSerializer(serializers.Serializer):
        name = serializers.SlugField(max_length=80)
        label = serializers.CharField(max_length=200, required=False, allow_blank=True)  # type: ignore[assignment]
        owner = serializers.UUIDField()
        raw_visibility = serializers.ChoiceField(
            choices=[Visibility.PRIVATE, Visibility.PUBLIC], default=Visibility.PRIVATE
        )
        aggregate_visibility = serializers.ChoiceField(
            choices=Visibility.values, default=Visibility.PUBLIC
        )

    @extend_schema(responses=SourceOutput(many=True))
    def get(self, request: Request) -> Response:
        sources = source_cards(request.user, selectors.source_list(actor=request.user))
        return paginated(request, self, sources, SourceOutput)

    @extend_schema(request=InputSerializer, responses={201: SourceOutput})
    def post(self, request: Request) -> Response:
        can_create_source(request.user)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        from talentbridge.community.selectors import organizations_administered_by

        values = dict(data.validated_data)
        owner = organizations_administered_by(request.user).filter(pk=values.pop("owner")).first()
        if owner is None:
            raise ApplicationError("forbidden", "owner")
        source = services.source_create(actor=request.user, data={**values, "owner": owner})
        return Response(SourceOutput(source).data, status=status.HTTP_201_CREATED)


class SourceDetailApi(APIView):
    class InputSerializer(serializers.Serializer):
        label = serializers.CharField(max_length=200, required=False, allow_blank=True)  # type: ignore[assignment]
        raw_visibility = serializers.ChoiceField(
            choices=[Visibility.PRIVATE, Visibility.PUBLIC], required=False
        )
        aggregate_visibility = serializers.ChoiceField(choices=Visibility.values, required=False)
        column_mapping = serializers.DictField(child=serializers.CharField(), required=False)

    @extend_schema(responses=SourceOutput)
    def get(self, request: Request, name: str) -> Response:
        source = selectors.source_get(actor=request.user, name=name, action=Action.VIEW_AGGREGATES)
        return Response(SourceOutput(source_cards(request.user, [source])[0]).data)

    @extend_schema(request=InputSerializer, responses=SourceOutput)
    def patch(self, request: Request, name: str) -> Response:
        source = selectors.source_get(actor=request.user, name=name, action=Action.MANAGE)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        source = services.source_update(
            actor=request.user, source=source, data=dict(data.validated_data)
        )
        return Response(SourceOutput(source).data)


class RunOutput(serializers.Serializer):
    id = serializers.UUIDField()
    source = serializers.CharField(source="source.name")  # type: ignore[assignment]
    file_name = serializers.CharField()
    status = serializers.CharField()
    policy = serializers.CharField()
    total_rows = serializers.IntegerField()
    read = serializers.IntegerField()
    imported = serializers.IntegerField()
    duplicates = serializers.IntegerField()
    reposts = serializers.IntegerField()
    rejected = serializers.IntegerField()
    errors = serializers.ListField(child=serializers.DictField())  # type: ignore[assignment]
    message = serializers.CharField()
    created_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField(allow_null=True)


class SourceRunsApi(APIView):
    parser_classes = [MultiPartParser, BoundedJSONParser]

    class InputSerializer(serializers.Serializer):
        file = serializers.FileField()
        policy = serializers.ChoiceField(
            choices=RejectPolicy.values, default=RejectPolicy.KEEP_GOOD
        )
        tag_skills = serializers.BooleanField(default=True)

    @extend_schema(responses=RunOutput(many=True))
    def get(self, request: Request, name: str) -> Response:
        source = selectors.source_get(actor=request.user, name=name, action=Action.MANAGE)
        return paginated(
            request, self, selectors.run_list(actor=request.user, source=source), RunOutput
        )

    @extend_schema(request=InputSerializer, responses={202: RunOutput})
    def post(self, request: Request, name: str) -> Response:
        """Upload a file; it is imported in the background (poll the run for progress)."""
        source = selectors.source_get(actor=request.user, name=name, action=Action.MANAGE)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        upload = data.validated_data["file"]
        services.check_upload_size(upload.size or 0)
        suffix = Path(upload.name or "").suffix.lower()
        if suffix not in SUPPORTED_SUFFIXES:
            raise ApplicationError("invalid", services.FILE_ERROR_MESSAGES["unsupported_format"])
        run = services.run_create(
            actor=request.user,
            source=source,
            path=_store_upload(upload, suffix),
            file_name=upload.name or suffix,
            policy=data.validated_data["policy"],
            tag_skills=data.validated_data["tag_skills"],
            enqueue=True,
        )
        return Response(RunOutput(run).data, status=status.HTTP_202_ACCEPTED)


class RunDetailApi(APIView):
    @extend_schema(responses=RunOutput)
    def get(self, request: Request, pk: uuid.UUID) -> Response:
        return Response(RunOutput(selectors.run_get(actor=request.user, pk=pk)).data)


class PostingOutput(serializers.Serializer):
    id = serializers.IntegerField()
    source = serializers.CharField(source="source.name")  # type: ignore[assignment]
    job_title = serializers.CharField()
    company = serializers.CharField()
    description = serializers.CharField()
    province_code = serializers.CharField()
    city_code = serializers.CharField()
    salary_min = serializers.IntegerField(allow_null=True)
    salary_max = serializers.IntegerField(allow_null=True)
    education = serializers.IntegerField(allow_null=True)
    occupation_code = serializers.CharField()
    posted_on = serializers.DateField()
    last_seen_on = serializers.DateField()
    repost_count = serializers.IntegerField()
    skills = serializers.ListField(child=serializers.CharField())


class PostingListApi(APIView):
    @extend_schema(
        parameters=[*FILTER_PARAMETERS, OpenApiParameter("q", str)],
        responses=PostingOutput(many=True),
    )
    def get(self, request: Request) -> Response:
        qs = selectors.posting_list(
            actor=request.user,
            filters=filters_from(request.query_params),
            q=request.query_params.get("q", "")[:100],
        )
        return paginated(request, self, qs, PostingOutput)


class SkillFigureOutput(serializers.Serializer):
    skill = serializers.CharField(help_text="concept id (ESCO URI or extension id)")
    label = serializers.CharField()  # type: ignore[assignment]
    postings = serializers.IntegerField()
    share = serializers.FloatField()
    previous = serializers.IntegerField(help_text="postings in the earlier half (trends)")
    previous_share = serializers.FloatField()
    z = serializers.FloatField()
    p = serializers.FloatField()


class SalaryOutput(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    postings = serializers.IntegerField()
    p25 = serializers.IntegerField()
    p50 = serializers.IntegerField()
    p75 = serializers.IntegerField()


class MonthlyOutput(serializers.Serializer):
    month = serializers.CharField()
    new = serializers.IntegerField()
    reposts = serializers.IntegerField()


class EmployerOutput(serializers.Serializer):
    company = serializers.CharField()
    postings = serializers.IntegerField()


class EmployersOutput(serializers.Serializer):
    employers = serializers.IntegerField()
    postings = serializers.IntegerField()
    top10_share = serializers.FloatField()
    hhi = serializers.FloatField()
    top = EmployerOutput(many=True)


class AigcOutput(serializers.Serializer):
    month = serializers.CharField()
    postings = serializers.IntegerField()
    aigc = serializers.IntegerField()
    share = serializers.FloatField()


class PeriodsOutput(serializers.Serializer):
    previous = serializers.ListField(child=serializers.CharField())
    recent = serializers.ListField(child=serializers.CharField())


class DashboardOutput(serializers.Serializer):
    total = serializers.IntegerField()
    monthly = MonthlyOutput(many=True)
    top_skills = SkillFigureOutput(many=True)
    rising = SkillFigureOutput(many=True)
    declining = SkillFigureOutput(many=True)
    periods = PeriodsOutput()
    salary_by_skill = SalaryOutput(many=True)
    salary_by_city = SalaryOutput(many=True)
    employers = EmployersOutput()
    aigc = AigcOutput(many=True)


class SupplyDemandOutput(serializers.Serializer):
    major_code = serializers.CharField()
    major_name = serializers.CharField()
    graduates = serializers.IntegerField()
    enrolled = serializers.IntegerField()
    postings = serializers.IntegerField()
    occupations = serializers.ListField(child=serializers.CharField())
    ratio = serializers.FloatField(allow_null=True, help_text="postings per graduate")


class DashboardApi(APIView):
    @extend_schema(parameters=FILTER_PARAMETERS, responses=DashboardOutput)
    def get(self, request: Request) -> Response:
        """Aggregates only: totals, monthly new/re-posts, top skills, rising/declining skills
        (two-proportion z-test), salary percentiles by skill and city, employer concentration
        (top-10 share, HHI), AIGC share per month."""
        return Response(dashboard_data(request.user, filters_from(request.query_params)))


class ForecastPointOutput(serializers.Serializer):
    month = serializers.CharField()
    point = serializers.FloatField()
    lower80 = serializers.FloatField()
    upper80 = serializers.FloatField()
    lower95 = serializers.FloatField()
    upper95 = serializers.FloatField()


class HistoryOutput(serializers.Serializer):
    month = serializers.CharField()
    postings = serializers.IntegerField()


class ModelScoreOutput(serializers.Serializer):
    model = serializers.CharField()
    mase = serializers.FloatField()
    rmsse = serializers.FloatField()
    smape = serializers.FloatField(help_text="percent, 0-200")


class BacktestOutput(serializers.Serializer):
    model = serializers.ChoiceField(
        choices=["naive", "seasonal_naive", "ses", "holt_damped", "croston_sba"],
        help_text="the chosen model (see selected_by)",
    )
    mase = serializers.FloatField(help_text="mean absolute scaled error of the chosen model")
    smape = serializers.FloatField(help_text="symmetric MAPE in percent")
    origins = serializers.IntegerField(help_text="rolling forecast origins scored")
    selected_by = serializers.ChoiceField(
        choices=["aicc", "rmsse"],
        help_text="aicc: SES or damped Holt by the information criterion of the fit; "
        "rmsse: intermittent series, the lowest back-test error",
    )
    models = ModelScoreOutput(many=True)


class ForecastOutput(serializers.Serializer):
    skill = serializers.CharField(help_text="concept id; empty = all new postings")
    label = serializers.CharField()  # type: ignore[assignment]
    horizon = serializers.IntegerField()
    enough_history = serializers.BooleanField()
    needed = serializers.IntegerField(help_text="months of history a forecast needs")
    message = serializers.CharField(help_text="why there is no forecast, in the request language")
    model_name = serializers.CharField(help_text="the chosen model, in the request language")
    history = HistoryOutput(many=True)
    forecast = ForecastPointOutput(many=True)
    backtest = BacktestOutput(allow_null=True)


class ForecastApi(APIView):
    @extend_schema(
        parameters=[
            *FILTER_PARAMETERS,
            OpenApiParameter("skill", str, description="concept id; empty = all new postings"),
            OpenApiParameter("horizon", int, description="months ahead, 1-12 (default 12)"),
        ],
        responses=ForecastOutput,
    )
    def get(self, request: Request) -> Response:
        """Monthly demand forecast (new postings, or those asking for a skill) from the
        aggregates the caller may see: point forecast, 80 % and 95 % prediction intervals,
        and the rolling-origin back-test error of every candidate model. Fewer than 12
        months of history give ``enough_history: false`` and a message, not a forecast."""
        filters = filters_from(request.query_params)
        skill, horizon = forecast_args(request.query_params)
        return Response(forecast_data(request.user, filters, skill, horizon))


class SupplyDemandApi(APIView):
    @extend_schema(
        parameters=[OpenApiParameter("region", str), OpenApiParameter("year", int, required=True)],
        responses=SupplyDemandOutput(many=True),
    )
    def get(self, request: Request) -> Response:
        can_view_report(request.user)
        rows = selectors.supply_demand(
            actor=request.user,
            region=report_region(request.query_params.get("region", "")),
            year=report_year(request.query_params.get("year", "")),
        )
        return Response(SupplyDemandOutput(rows, many=True).data)


class FigureSourceOutput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=[("supply", "supply"), ("demand", "demand")])
    organization = serializers.CharField()
    organization_id = serializers.UUIDField(allow_null=True)
    label = serializers.CharField(help_text="the import's file name or the posting source")  # type: ignore[assignment]
    imported_at = serializers.DateTimeField(allow_null=True)
    graduates = serializers.IntegerField()
    enrolled = serializers.IntegerField()
    postings = serializers.IntegerField()


class FiguresBySourceApi(APIView):
    """Who contributed the supply–demand figures of a region and year (ADR 0010)."""

    @extend_schema(
        parameters=[OpenApiParameter("region", str), OpenApiParameter("year", int, required=True)],
        responses=FigureSourceOutput(many=True),
    )
    def get(self, request: Request) -> Response:
        can_view_report(request.user)
        rows = selectors.figures_by_source(
            actor=request.user,
            region=report_region(request.query_params.get("region", "")),
            year=report_year(request.query_params.get("year", "")),
        )
        return Response(FigureSourceOutput(rows, many=True).data)


class SupplyBatchOutput(serializers.Serializer):
    id = serializers.UUIDField()
    organization_id = serializers.UUIDField(allow_null=True)
    organization = serializers.CharField(source="organization.name", default="")
    imported_by = serializers.EmailField(source="imported_by.email", default=None, allow_null=True)
    file_name = serializers.CharField()
    file_sha256 = serializers.CharField()
    rows = serializers.IntegerField()
    created_at = serializers.DateTimeField()
    reverted_at = serializers.DateTimeField(allow_null=True)


class SupplyBatchListApi(APIView):
    """The supply imports the caller may see: their own, their organization's, all for
    operators."""

    permission_classes = (IsAuthenticated,)

    @extend_schema(responses=SupplyBatchOutput(many=True))
    def get(self, request: Request) -> Response:
        qs = supply_batches_visible(request.user).order_by("-created_at")
        return paginated(request, self, qs, SupplyBatchOutput)


class SupplyBatchRevertApi(APIView):
    """Revert one supply import as a unit."""

    permission_classes = (IsAuthenticated,)

    @extend_schema(request=None, responses=SupplyBatchOutput)
    def post(self, request: Request, pk: uuid.UUID) -> Response:
        batch = get_object_or_404(SupplyImportBatch.objects.select_related("organization"), pk=pk)
        access_supply_batch(request.user, batch, SupplyAction.REVERT)
        batch = services.supply_batch_revert(actor=request.user, batch=batch)
        return Response(SupplyBatchOutput(batch).data)
