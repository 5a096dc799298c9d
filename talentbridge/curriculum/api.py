"""REST API of the curriculum app (under /api/v1/curriculum/). Thin views: gatekeeper first,
then input serializer → service/selector → output."""

from __future__ import annotations

import uuid
from typing import Any

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from talentbridge.community.models import Organization
from talentbridge.core.api import paginated
from talentbridge.core.downloads import attachment
from talentbridge.core.errors import ApplicationError, invalid
from talentbridge.core.jsoninput import BoundedJSONParser
from talentbridge.curriculum import adapters, analysis, reports, selectors, services
from talentbridge.curriculum.alignment import Params
from talentbridge.curriculum.messages import message, syllabus_message
from talentbridge.curriculum.models import (
    CourseType,
    PlanRule,
    RuleKind,
    SignoffDecision,
    SkillLevel,
    SuggestionKind,
)
from talentbridge.curriculum.permissions import (
    Action,
    access_college_curriculum,
    access_offering,
    access_version,
)
from talentbridge.curriculum.syllabus import SyllabusError, text_from_upload
from talentbridge.taxonomy.models import MajorLevel

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class OfferingOutput(serializers.Serializer):
    id = serializers.UUIDField()
    college_id = serializers.UUIDField()
    college = serializers.CharField(source="college.name")
    major_code = serializers.CharField()
    name = serializers.CharField()
    name_zh = serializers.CharField()
    name_en = serializers.CharField()
    level = serializers.CharField()
    established_year = serializers.IntegerField(allow_null=True)
    is_active = serializers.BooleanField()


class VersionSummary(serializers.Serializer):
    id = serializers.UUIDField()
    number = serializers.IntegerField()
    status = serializers.CharField()
    change_note = serializers.CharField()
    published_at = serializers.DateTimeField(allow_null=True)


class PlanOutput(serializers.Serializer):
    id = serializers.UUIDField()
    offering_id = serializers.UUIDField()
    cohort_year = serializers.IntegerField()
    versions = VersionSummary(many=True, source="versions.all")


def _offering_detail(offering: Any) -> dict[str, Any]:
    data = dict(OfferingOutput(offering).data)
    data["plans"] = PlanOutput(offering.plans.all(), many=True).data
    data["enrollments"] = list(offering.enrollments.values("year", "students"))
    data["partners"] = [
        {"id": str(p.enterprise_id), "name": p.enterprise.name}
        for p in offering.partners.select_related("enterprise")
    ]
    return data


class OfferingListApi(APIView):
    class InputSerializer(serializers.Serializer):
        college_id = serializers.UUIDField()
        major_code = serializers.CharField(max_length=12)
        level = serializers.ChoiceField(
            choices=MajorLevel.choices, required=False, allow_blank=True
        )
        established_year = serializers.IntegerField(
            required=False, allow_null=True, min_value=1950, max_value=2100
        )

    @extend_schema(responses=OfferingOutput(many=True))
    def get(self, request: Request) -> Response:
        return paginated(request, self, selectors.offering_list(actor=request.user), OfferingOutput)

    @extend_schema(request=InputSerializer, responses={201: OfferingOutput})
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        college = get_object_or_404(Organization, pk=data.validated_data["college_id"])
        offering = services.offering_create(
            actor=request.user,
            college=college,
            major_code=data.validated_data["major_code"],
            level=data.validated_data.get("level", ""),
            established_year=data.validated_data.get("established_year"),
        )
        return Response(OfferingOutput(offering).data, status=status.HTTP_201_CREATED)


class OfferingDetailApi(APIView):
    @extend_schema(responses=OfferingOutput)
    def get(self, request: Request, pk: uuid.UUID) -> Response:
        offering = selectors.offering_get(actor=request.user, pk=pk)
        return Response(_offering_detail(offering))


class EnrollmentApi(APIView):
    class InputSerializer(serializers.Serializer):
        year = serializers.IntegerField()
        students = serializers.IntegerField()

    @extend_schema(request=InputSerializer, responses=OfferingOutput)
    def post(self, request: Request, pk: uuid.UUID) -> Response:
        offering = selectors.offering_get(actor=request.user, pk=pk)
        access_offering(request.user, offering, Action.MANAGE)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.enrollment_set(actor=request.user, offering=offering, **data.validated_data)
        return Response(_offering_detail(offering))


class PartnerApi(APIView):
    class InputSerializer(serializers.Serializer):
        enterprise_id = serializers.UUIDField()
        remove = serializers.BooleanField(default=False)

    @extend_schema(request=InputSerializer, responses=OfferingOutput)
    def post(self, request: Request, pk: uuid.UUID) -> Response:
        offering = selectors.offering_get(actor=request.user, pk=pk)
        access_offering(request.user, offering, Action.MANAGE)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        enterprise = get_object_or_404(Organization, pk=data.validated_data["enterprise_id"])
        if data.validated_data["remove"]:
            services.partner_remove(actor=request.user, offering=offering, enterprise=enterprise)
        else:
            services.partner_add(actor=request.user, offering=offering, enterprise=enterprise)
        return Response(_offering_detail(offering))


class PlanCreateApi(APIView):
    class InputSerializer(serializers.Serializer):
        cohort_year = serializers.IntegerField()
        semesters = serializers.IntegerField(default=6)

    @extend_schema(request=InputSerializer, responses={201: PlanOutput})
    def post(self, request: Request, pk: uuid.UUID) -> Response:
        offering = selectors.offering_get(actor=request.user, pk=pk)
        access_offering(request.user, offering, Action.EDIT)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        version = services.plan_create(actor=request.user, offering=offering, **data.validated_data)
        return Response(PlanOutput(version.plan).data, status=status.HTTP_201_CREATED)


def _query(request: Request) -> Any:
    params = request.query_params
    return analysis.demand_query(
        params.get("region", "")[:6],
        params.get("month_from", "")[:7],
        params.get("month_to", "")[:7],
    )


def _params(request: Request) -> Params:
    try:
        top_k = int(request.query_params.get("top_k", "40"))
        min_postings = int(request.query_params.get("min_postings", "5"))
    except ValueError as exc:
        raise invalid("top_k", message("required")) from exc
    return Params(top_k=max(1, min(top_k, 200)), min_postings=max(1, min_postings))


QUERY_PARAMETERS = [
    OpenApiParameter("region", str, description="GB/T 2260 code (province or city)"),
    OpenApiParameter("month_from", str, description="YYYY-MM"),
    OpenApiParameter("month_to", str, description="YYYY-MM"),
    OpenApiParameter("top_k", int),
    OpenApiParameter("min_postings", int),
]


class OfferingReportApi(APIView):
    @extend_schema(
        parameters=[*QUERY_PARAMETERS, OpenApiParameter("export", str, enum=["xlsx", "pdf"])],
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request: Request, pk: uuid.UUID) -> Response | HttpResponse:
        """The major-setting evidence report (专业设置论证) as JSON, or as an XLSX or PDF
        file (``export``) in the request's language."""
        offering = selectors.offering_get(actor=request.user, pk=pk)
        report = reports.evidence_report(
            actor=request.user, offering=offering, query=_query(request)
        )
        export = request.query_params.get("export")
        if export in ("xlsx", "pdf"):
            return reports.evidence_download(report, offering=offering, kind=export)
        return Response(report)


class RuleOutput(serializers.Serializer):
    id = serializers.UUIDField()
    level = serializers.CharField()
    kind = serializers.CharField()
    value = serializers.DecimalField(max_digits=8, decimal_places=3)


class CollegeRulesApi(APIView):
    class InputSerializer(serializers.Serializer):
        level = serializers.ChoiceField(
            choices=MajorLevel.choices, required=False, allow_blank=True, default=""
        )
        kind = serializers.ChoiceField(choices=RuleKind.choices)
        value = serializers.DecimalField(max_digits=8, decimal_places=3)
        delete = serializers.BooleanField(default=False)

    @extend_schema(responses=RuleOutput(many=True))
    def get(self, request: Request, pk: uuid.UUID) -> Response:
        college = get_object_or_404(Organization, pk=pk)
        access_college_curriculum(request.user, college, Action.VIEW)
        return Response(RuleOutput(PlanRule.objects.filter(college=college), many=True).data)

    @extend_schema(request=InputSerializer, responses=RuleOutput(many=True))
    def post(self, request: Request, pk: uuid.UUID) -> Response:
        college = get_object_or_404(Organization, pk=pk)
        access_college_curriculum(request.user, college, Action.MANAGE)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        if values["delete"]:
            rule = PlanRule.objects.filter(
                college=college, level=values["level"], kind=values["kind"]
            ).first()
            if rule is not None:
                services.rule_delete(actor=request.user, rule=rule)
        else:
            services.rule_set(
                actor=request.user,
                college=college,
                kind=values["kind"],
                value=values["value"],
                level=values["level"],
            )
        return Response(RuleOutput(PlanRule.objects.filter(college=college), many=True).data)


class PlanDetailApi(APIView):
    class InputSerializer(serializers.Serializer):
        source_version_id = serializers.UUIDField(required=False)
        change_note = serializers.CharField(
            max_length=500, required=False, allow_blank=True, default=""
        )

    @extend_schema(responses=PlanOutput)
    def get(self, request: Request, pk: uuid.UUID) -> Response:
        return Response(PlanOutput(selectors.plan_get(actor=request.user, pk=pk)).data)

    @extend_schema(request=InputSerializer, responses={201: VersionSummary})
    def post(self, request: Request, pk: uuid.UUID) -> Response:
        """Create a new draft version (copied from the latest, or from ``source_version_id``)."""
        plan = selectors.plan_get(actor=request.user, pk=pk)
        access_offering(request.user, plan.offering, Action.EDIT)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        source = None
        if data.validated_data.get("source_version_id"):
            source = get_object_or_404(plan.versions, pk=data.validated_data["source_version_id"])
        version = services.version_create(
            actor=request.user,
            plan=plan,
            source=source,
            change_note=data.validated_data["change_note"],
        )
        return Response(VersionSummary(version).data, status=status.HTTP_201_CREATED)


class OutcomeOutput(serializers.Serializer):
    id = serializers.UUIDField()
    skill_id = serializers.CharField()
    skill = serializers.SerializerMethodField()
    level = serializers.CharField()
    description = serializers.CharField()

    def get_skill(self, obj: Any) -> str:
        return adapters.skill_label(obj.skill_id)


class CourseOutput(serializers.Serializer):
    id = serializers.UUIDField()
    code = serializers.CharField()
    name_zh = serializers.CharField()
    name_en = serializers.CharField()
    credits = serializers.DecimalField(max_digits=5, decimal_places=1)
    hours_theory = serializers.IntegerField()
    hours_practice = serializers.IntegerField()
    semester = serializers.IntegerField()
    course_type = serializers.CharField()
    outcomes = OutcomeOutput(many=True, source="outcomes.all")


def _version_detail(version: Any) -> dict[str, Any]:
    check = services.plan_check(version)
    return {
        **VersionSummary(version).data,
        "plan_id": str(version.plan_id),
        "offering_id": str(version.plan.offering_id),
        "semesters": version.semesters,
        "goals_zh": version.goals_zh,
        "goals_en": version.goals_en,
        "requirements_zh": version.requirements_zh,
        "requirements_en": version.requirements_en,
        "declared_credits": str(version.declared_credits)
        if version.declared_credits is not None
        else None,
        "courses": CourseOutput(version.courses.prefetch_related("outcomes"), many=True).data,
        "certificates": list(version.certificates.values("certificate_id", "level")),
        "competitions": list(version.competitions.values("name", "course_code")),
        "goal_skills": [
            {
                "skill_id": g.skill_id,
                "skill": adapters.skill_label(g.skill_id),
                "weight": str(g.weight),
            }
            for g in version.goal_skills.all()
        ],
        "check": {
            "passed": check.passed,
            "problems": check.problems,
            "rules": [
                {
                    "kind": r.kind,
                    "required": str(r.required),
                    "actual": str(r.actual),
                    "passed": r.passed,
                    "courses": list(r.courses),
                }
                for r in check.rules
            ],
        },
        "transitions": [
            {
                "from": t.from_status,
                "to": t.to_status,
                "note": t.note,
                "at": t.created_at.isoformat(),
            }
            for t in version.transitions.all()
        ],
    }


class VersionDetailApi(APIView):
    class InputSerializer(serializers.Serializer):
        semesters = serializers.IntegerField(required=False)
        goals_zh = serializers.CharField(max_length=10000, required=False, allow_blank=True)
        goals_en = serializers.CharField(max_length=10000, required=False, allow_blank=True)
        requirements_zh = serializers.CharField(max_length=10000, required=False, allow_blank=True)
        requirements_en = serializers.CharField(max_length=10000, required=False, allow_blank=True)
        declared_credits = serializers.DecimalField(
            max_digits=6, decimal_places=1, required=False, allow_null=True
        )
        change_note = serializers.CharField(max_length=500, required=False, allow_blank=True)

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request: Request, pk: uuid.UUID) -> Response:
        return Response(_version_detail(selectors.version_get(actor=request.user, pk=pk)))

    @extend_schema(request=InputSerializer, responses=OpenApiTypes.OBJECT)
    def patch(self, request: Request, pk: uuid.UUID) -> Response:
        version = selectors.version_get(actor=request.user, pk=pk)
        access_version(request.user, version, Action.EDIT)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        version = services.version_update(
            actor=request.user, version=version, data=data.validated_data
        )
        return Response(_version_detail(version))


class CourseInput(serializers.Serializer):
    code = serializers.CharField(max_length=32)
    name_zh = serializers.CharField(max_length=200)
    name_en = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    credits = serializers.DecimalField(max_digits=5, decimal_places=1)
    hours_theory = serializers.IntegerField(min_value=0, default=0)
    hours_practice = serializers.IntegerField(min_value=0, default=0)
    semester = serializers.IntegerField()
    course_type = serializers.ChoiceField(choices=CourseType.choices)
    syllabus = serializers.CharField(max_length=100000, required=False, allow_blank=True)


class VersionCoursesApi(APIView):
    @extend_schema(request=CourseInput, responses={201: CourseOutput})
    def post(self, request: Request, pk: uuid.UUID) -> Response:
        version = selectors.version_get(actor=request.user, pk=pk)
        access_version(request.user, version, Action.EDIT)
        data = CourseInput(data=request.data)
        data.is_valid(raise_exception=True)
        course = services.course_create(
            actor=request.user, version=version, data=data.validated_data
        )
        return Response(CourseOutput(course).data, status=status.HTTP_201_CREATED)


class CourseDetailApi(APIView):
    @extend_schema(responses=CourseOutput)
    def get(self, request: Request, pk: uuid.UUID) -> Response:
        return Response(CourseOutput(selectors.course_get(actor=request.user, pk=pk)).data)

    @extend_schema(request=CourseInput(partial=True), responses=CourseOutput)
    def patch(self, request: Request, pk: uuid.UUID) -> Response:
        course = selectors.course_get(actor=request.user, pk=pk)
        access_version(request.user, course.version, Action.EDIT)
        data = CourseInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        course = services.course_update(actor=request.user, course=course, data=data.validated_data)
        return Response(CourseOutput(course).data)

    @extend_schema(responses={204: None})
    def delete(self, request: Request, pk: uuid.UUID) -> Response:
        course = selectors.course_get(actor=request.user, pk=pk)
        access_version(request.user, course.version, Action.EDIT)
        services.course_delete(actor=request.user, course=course)
        return Response(status=status.HTTP_204_NO_CONTENT)


class CourseOutcomesApi(APIView):
    class InputSerializer(serializers.Serializer):
        skill_id = serializers.CharField(max_length=200)
        level = serializers.ChoiceField(choices=SkillLevel.choices)
        description = serializers.CharField(
            max_length=1000, required=False, allow_blank=True, default=""
        )
        delete = serializers.BooleanField(default=False)

    @extend_schema(request=InputSerializer, responses=CourseOutput)
    def post(self, request: Request, pk: uuid.UUID) -> Response:
        course = selectors.course_get(actor=request.user, pk=pk)
        access_version(request.user, course.version, Action.EDIT)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        if values["delete"]:
            outcome = course.outcomes.filter(
                skill_id=adapters.canonical_skill(values["skill_id"])
            ).first()
            if outcome is None:
                raise ApplicationError(
                    "not_found", message("unknown_skill", {"skill": values["skill_id"]})
                )
            services.outcome_delete(actor=request.user, outcome=outcome)
        else:
            services.outcome_set(
                actor=request.user,
                course=course,
                skill_id=values["skill_id"],
                level=values["level"],
                description=values["description"],
            )
        return Response(CourseOutput(course).data)


class SuggestionOutput(serializers.Serializer):
    id = serializers.UUIDField()
    skill_id = serializers.CharField()
    skill = serializers.SerializerMethodField()
    score = serializers.FloatField()
    evidence = serializers.CharField()
    kind = serializers.ChoiceField(choices=SuggestionKind.choices)
    status = serializers.CharField()

    def get_skill(self, obj: Any) -> str:
        return adapters.skill_label(obj.skill_id)


class CourseSuggestApi(APIView):
    parser_classes = (BoundedJSONParser, MultiPartParser, FormParser)

    class InputSerializer(serializers.Serializer):
        text = serializers.CharField(max_length=100000, required=False, allow_blank=True)
        file = serializers.FileField(required=False)

    @extend_schema(responses=SuggestionOutput(many=True))
    def get(self, request: Request, pk: uuid.UUID) -> Response:
        course = selectors.course_get(actor=request.user, pk=pk)
        return Response(SuggestionOutput(course.suggestions.all(), many=True).data)

    @extend_schema(request=InputSerializer, responses={201: SuggestionOutput(many=True)})
    def post(self, request: Request, pk: uuid.UUID) -> Response:
        """Run the extraction engine on the syllabus (pasted text, a PDF/DOCX/TXT upload, or
        the stored syllabus); the suggestions stay pending until a teacher decides. Explicit
        mentions come first, then inferred (semantic) candidates (``kind``)."""
        course = selectors.course_get(actor=request.user, pk=pk)
        access_version(request.user, course.version, Action.EDIT)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        text = data.validated_data.get("text") or None
        upload = data.validated_data.get("file")
        if upload is not None:
            try:
                text = text_from_upload(upload.name or "", upload.read(5 * 1024 * 1024 + 1))
            except SyllabusError as exc:
                raise invalid("file", syllabus_message(exc)) from exc
        created = services.syllabus_suggest(actor=request.user, course=course, text=text)
        return Response(SuggestionOutput(created, many=True).data, status=status.HTTP_201_CREATED)


class SuggestionDecideApi(APIView):
    class InputSerializer(serializers.Serializer):
        accept = serializers.BooleanField()
        level = serializers.ChoiceField(choices=SkillLevel.choices, default=SkillLevel.MASTER)
        description = serializers.CharField(
            max_length=1000, required=False, allow_blank=True, default=""
        )

    @extend_schema(request=InputSerializer, responses=SuggestionOutput)
    def post(self, request: Request, pk: uuid.UUID) -> Response:
        suggestion = selectors.suggestion_get(actor=request.user, pk=pk)
        access_version(request.user, suggestion.course.version, Action.EDIT)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        suggestion = services.suggestion_decide(
            actor=request.user, suggestion=suggestion, **data.validated_data
        )
        return Response(SuggestionOutput(suggestion).data)


class VersionExtrasApi(APIView):
    class InputSerializer(serializers.Serializer):
        kind = serializers.ChoiceField(
            choices=[("certificate", "certificate"), ("competition", "competition")]
        )
        ref = serializers.CharField(max_length=300)
        level = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
        course_code = serializers.CharField(
            max_length=32, required=False, allow_blank=True, default=""
        )

    @extend_schema(request=InputSerializer, responses=OpenApiTypes.OBJECT)
    def post(self, request: Request, pk: uuid.UUID) -> Response:
        version = selectors.version_get(actor=request.user, pk=pk)
        access_version(request.user, version, Action.EDIT)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        if v["kind"] == "certificate":
            services.certificate_add(
                actor=request.user, version=version, certificate_id=v["ref"], level=v["level"]
            )
        else:
            services.competition_add(
                actor=request.user, version=version, name=v["ref"], course_code=v["course_code"]
            )
        return Response(_version_detail(version))


class VersionImportApi(APIView):
    parser_classes = (MultiPartParser, FormParser)

    class InputSerializer(serializers.Serializer):
        file = serializers.FileField()
        keep_good_rows = serializers.BooleanField(default=False)

    @extend_schema(
        request=InputSerializer,
        responses=inline_serializer(
            "ImportReport",
            {
                "imported": serializers.BooleanField(),
                "errors": serializers.ListField(child=serializers.CharField()),
                "courses": serializers.IntegerField(),
                "outcomes": serializers.IntegerField(),
            },
        ),
    )
    def post(self, request: Request, pk: uuid.UUID) -> Response:
        version = selectors.version_get(actor=request.user, pk=pk)
        access_version(request.user, version, Action.EDIT)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        upload = data.validated_data["file"]
        report = services.plan_import_xlsx(
            actor=request.user,
            version=version,
            data=upload.read(5 * 1024 * 1024 + 1),
            keep_good_rows=data.validated_data["keep_good_rows"],
        )
        body = {
            "imported": report.imported,
            "errors": report.errors,
            "rows": [{"sheet": s, "row": r} for s, r in report.error_rows],
            "courses": report.courses,
            "outcomes": report.outcomes,
            "extras": report.extras,
        }
        return Response(
            body,
            status=status.HTTP_200_OK
            if report.imported or not report.errors
            else status.HTTP_400_BAD_REQUEST,
        )


class VersionExportApi(APIView):
    @extend_schema(responses={(200, XLSX): OpenApiTypes.BINARY})
    def get(self, request: Request, pk: uuid.UUID) -> HttpResponse:
        version = selectors.version_get(actor=request.user, pk=pk)
        plan = version.plan
        name = f"plan-{plan.offering.major_code}-{plan.cohort_year}-v{version.number}.xlsx"
        return attachment(reports.plan_xlsx(version), filename=name, content_type=XLSX)


def diff_payload(diff: Any) -> dict[str, Any]:
    def course(c: Any) -> dict[str, Any]:
        return {
            "code": c.code,
            **dict(c.fields),
            "skills": [adapters.skill_label(s) for s in c.skills],
        }

    return {
        "added": [course(c) for c in diff.added],
        "removed": [course(c) for c in diff.removed],
        "changed": [
            {
                "code": c.code,
                "name": c.name,
                "changes": [
                    {"field": f.field, "before": f.before, "after": f.after} for f in c.changes
                ],
                "skills_added": [adapters.skill_label(s) for s in c.skills_added],
                "skills_removed": [adapters.skill_label(s) for s in c.skills_removed],
                "levels_changed": [
                    {"skill": adapters.skill_label(f.field), "before": f.before, "after": f.after}
                    for f in c.levels_changed
                ],
            }
            for c in diff.changed
        ],
        "skills_gained": [{"id": s, "label": adapters.skill_label(s)} for s in diff.skills_gained],
        "skills_lost": [{"id": s, "label": adapters.skill_label(s)} for s in diff.skills_lost],
        "certificates_added": list(diff.certificates_added),
        "certificates_removed": list(diff.certificates_removed),
        "plan_fields": [
            {"field": f.field, "before": f.before, "after": f.after} for f in diff.plan_fields
        ],
    }


def previous_version(version: Any) -> Any:
    return version.plan.versions.filter(number__lt=version.number).order_by("-number").first()


class VersionDiffApi(APIView):
    @extend_schema(
        parameters=[OpenApiParameter("against", OpenApiTypes.UUID)], responses=OpenApiTypes.OBJECT
    )
    def get(self, request: Request, pk: uuid.UUID) -> Response:
        version = selectors.version_get(actor=request.user, pk=pk)
        against = request.query_params.get("against", "")
        if against:
            try:
                other = get_object_or_404(version.plan.versions, pk=uuid.UUID(against))
            except ValueError as exc:
                raise invalid("against", message("required")) from exc
        else:
            other = previous_version(version)
        if other is None:
            return Response(
                {"against": None, **diff_payload(selectors.version_diff(version, version))}
            )
        return Response(
            {"against": other.number, **diff_payload(selectors.version_diff(other, version))}
        )


class VersionTransitionApi(APIView):
    class InputSerializer(serializers.Serializer):
        action = serializers.ChoiceField(
            choices=[(a, a) for a in ("submit", "advance", "return", "publish")]
        )
        note = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")

    @extend_schema(request=InputSerializer, responses=VersionSummary)
    def post(self, request: Request, pk: uuid.UUID) -> Response:
        version = selectors.version_get(actor=request.user, pk=pk)
        access_version(request.user, version, Action.SUBMIT)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        service = {
            "submit": services.version_submit,
            "advance": services.version_advance,
            "return": services.version_return,
            "publish": services.version_publish,
        }[data.validated_data["action"]]
        version = service(actor=request.user, version=version, note=data.validated_data["note"])
        return Response(VersionSummary(version).data)


class CommentOutput(serializers.Serializer):
    id = serializers.UUIDField()
    author = serializers.CharField(source="author.display_name")
    organization = serializers.CharField(source="organization.name")
    course_code = serializers.CharField()
    body = serializers.CharField()
    created_at = serializers.DateTimeField()


class VersionCommentsApi(APIView):
    class InputSerializer(serializers.Serializer):
        body = serializers.CharField(max_length=5000)
        course_code = serializers.CharField(
            max_length=32, required=False, allow_blank=True, default=""
        )

    @extend_schema(responses=CommentOutput(many=True))
    def get(self, request: Request, pk: uuid.UUID) -> Response:
        version = selectors.version_get(actor=request.user, pk=pk)
        return paginated(
            request, self, version.comments.select_related("author", "organization"), CommentOutput
        )

    @extend_schema(request=InputSerializer, responses={201: CommentOutput})
    def post(self, request: Request, pk: uuid.UUID) -> Response:
        version = selectors.version_get(actor=request.user, pk=pk)
        access_version(request.user, version, Action.COMMENT)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        comment = services.comment_add(actor=request.user, version=version, **data.validated_data)
        return Response(CommentOutput(comment).data, status=status.HTTP_201_CREATED)


class ProposalOutput(serializers.Serializer):
    id = serializers.UUIDField()
    organization = serializers.CharField(source="organization.name")
    skill_id = serializers.CharField()
    skill = serializers.SerializerMethodField()
    weight = serializers.DecimalField(max_digits=4, decimal_places=3)
    rationale = serializers.CharField()
    status = serializers.CharField()
    decision_note = serializers.CharField()

    def get_skill(self, obj: Any) -> str:
        return adapters.skill_label(obj.skill_id)


class VersionProposalsApi(APIView):
    class InputSerializer(serializers.Serializer):
        skill_id = serializers.CharField(max_length=200)
        weight = serializers.DecimalField(max_digits=4, decimal_places=3)
        rationale = serializers.CharField(
            max_length=1000, required=False, allow_blank=True, default=""
        )

    @extend_schema(responses=ProposalOutput(many=True))
    def get(self, request: Request, pk: uuid.UUID) -> Response:
        version = selectors.version_get(actor=request.user, pk=pk)
        return paginated(
            request, self, version.proposals.select_related("organization"), ProposalOutput
        )

    @extend_schema(request=InputSerializer, responses={201: ProposalOutput})
    def post(self, request: Request, pk: uuid.UUID) -> Response:
        version = selectors.version_get(actor=request.user, pk=pk)
        access_version(request.user, version, Action.CO_AUTHOR)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        proposal = services.proposal_create(
            actor=request.user, version=version, **data.validated_data
        )
        return Response(ProposalOutput(proposal).data, status=status.HTTP_201_CREATED)


class ProposalDecideApi(APIView):
    class InputSerializer(serializers.Serializer):
        accept = serializers.BooleanField()
        note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")

    @extend_schema(request=InputSerializer, responses=ProposalOutput)
    def post(self, request: Request, pk: uuid.UUID) -> Response:
        proposal = selectors.proposal_get(actor=request.user, pk=pk)
        access_version(request.user, proposal.version, Action.DECIDE)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        proposal = services.proposal_decide(
            actor=request.user, proposal=proposal, **data.validated_data
        )
        return Response(ProposalOutput(proposal).data)


class SignoffOutput(serializers.Serializer):
    id = serializers.UUIDField()
    organization = serializers.CharField(source="organization.name")
    decision = serializers.CharField()
    note = serializers.CharField()
    created_at = serializers.DateTimeField()


class VersionSignoffsApi(APIView):
    class InputSerializer(serializers.Serializer):
        decision = serializers.ChoiceField(choices=SignoffDecision.choices)
        note = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")

    @extend_schema(responses=SignoffOutput(many=True))
    def get(self, request: Request, pk: uuid.UUID) -> Response:
        version = selectors.version_get(actor=request.user, pk=pk)
        return Response(
            SignoffOutput(version.signoffs.select_related("organization"), many=True).data
        )

    @extend_schema(request=InputSerializer, responses={201: SignoffOutput})
    def post(self, request: Request, pk: uuid.UUID) -> Response:
        version = selectors.version_get(actor=request.user, pk=pk)
        access_version(request.user, version, Action.CO_AUTHOR)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        signoff = services.signoff_create(
            actor=request.user, version=version, **data.validated_data
        )
        return Response(SignoffOutput(signoff).data, status=status.HTTP_201_CREATED)


class VersionAlignmentApi(APIView):
    @extend_schema(parameters=QUERY_PARAMETERS, responses=OpenApiTypes.OBJECT)
    def get(self, request: Request, pk: uuid.UUID) -> Response:
        """Coverage of demanded skills weighted by demand, gaps, weak, strengths, obsolete,
        by occupation, trend over versions, recommendations and chart data."""
        version = selectors.version_get(actor=request.user, pk=pk)
        result = analysis.version_alignment(
            actor=request.user, version=version, query=_query(request), params=_params(request)
        )
        return Response(reports.alignment_payload(result, actor=request.user))


class AlignmentSkillApi(APIView):
    @extend_schema(
        parameters=[*QUERY_PARAMETERS, OpenApiParameter("skill", str, required=True)],
        responses=OpenApiTypes.OBJECT,
    )
    def get(self, request: Request, pk: uuid.UUID) -> Response:
        """Drill-down of one skill: monthly postings, the halves compared, the courses."""
        version = selectors.version_get(actor=request.user, pk=pk)
        skill = request.query_params.get("skill", "")[:200]
        if adapters.skill_get(skill) is None:
            raise invalid("skill", message("unknown_skill", {"skill": skill}))
        result = analysis.version_alignment(
            actor=request.user, version=version, query=_query(request), params=_params(request)
        )
        detail = analysis.skill_drilldown(result, skill)
        row = detail.pop("row")
        detail["figures"] = reports.skill_row(row) if row else None
        detail["courses"] = [reports._teaching(t) for t in detail["courses"]]
        return Response(detail)


class CatalogueApi(APIView):
    """Look-ups for forms: majors, 1+X certificates, skills matching a query."""

    @extend_schema(parameters=[OpenApiParameter("q", str)], responses=OpenApiTypes.OBJECT)
    def get(self, request: Request) -> Response:
        q = request.query_params.get("q", "").strip().lower()[:50]
        skills = [
            {"id": i, "label": label}
            for i, label in adapters.skill_choices()
            if q and q in label.lower()
        ][:50]
        return Response(
            {
                "majors": [{"code": c, "label": label} for c, label in adapters.major_choices()],
                "certificates": [
                    {"id": c.id, "name": c.name, "verified": c.verified}
                    for c in adapters.certificates()
                ],
                "skills": skills,
            }
        )
