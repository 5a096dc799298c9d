"""REST API for briefs, applications, teams, allocation runs, milestones, submissions and
reviews. Thin: gatekeeper → input serializer → service/selector → output serializer."""

from __future__ import annotations

import uuid
from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from talentbridge.accounts.models import User
from talentbridge.community.models import Community, Organization
from talentbridge.core.api import paginated
from talentbridge.core.errors import ApplicationError, NotFoundError, invalid
from talentbridge.core.jsoninput import BoundedJSONParser
from talentbridge.projects import selectors, services
from talentbridge.projects.forms import small_int
from talentbridge.projects.matching import explain
from talentbridge.projects.models import (
    BriefStatus,
    Deliverable,
    IpTerms,
    Milestone,
)
from talentbridge.projects.permissions import (
    Action,
    access_application,
    access_brief,
    access_offering,
    access_run,
    access_team,
    can_create_brief,
)


class SkillIO(serializers.Serializer):
    concept_id = serializers.CharField(max_length=255)
    level = serializers.IntegerField(min_value=1, max_value=4)


class MilestoneIO(serializers.Serializer):
    id = serializers.UUIDField(read_only=True)
    title_zh = serializers.CharField(max_length=200)
    title_en = serializers.CharField(max_length=200, required=False, allow_blank=True)
    due_on = serializers.DateField()


class BriefOutput(serializers.Serializer):
    id = serializers.UUIDField()
    enterprise_id = serializers.UUIDField()
    title = serializers.CharField()
    title_zh = serializers.CharField()
    title_en = serializers.CharField()
    background_zh = serializers.CharField()
    background_en = serializers.CharField()
    deliverables = serializers.ListField(child=serializers.CharField())
    skills = SkillIO(many=True, source="skills.all")
    milestones = MilestoneIO(many=True, source="milestones.all")
    region_code = serializers.CharField()
    team_size_min = serializers.IntegerField()
    team_size_max = serializers.IntegerField()
    max_teams = serializers.IntegerField()
    places = serializers.IntegerField()
    hours_per_week = serializers.IntegerField()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    apply_by = serializers.DateField()
    duration_weeks = serializers.IntegerField()
    honorarium_cny = serializers.DecimalField(max_digits=10, decimal_places=2, allow_null=True)
    ip_terms = serializers.CharField()
    license_note = serializers.CharField()
    nda_required = serializers.BooleanField()
    contact_mentor_id = serializers.UUIDField()
    status = serializers.CharField()
    commercial_use = serializers.BooleanField()


class BriefInput(serializers.Serializer):
    enterprise = serializers.UUIDField(required=False)
    title_zh = serializers.CharField(max_length=200)
    title_en = serializers.CharField(max_length=200, required=False, allow_blank=True)
    background_zh = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    background_en = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    deliverables = serializers.ListField(child=serializers.ChoiceField(Deliverable.choices))
    skills = SkillIO(many=True)
    milestones = MilestoneIO(many=True, required=False)
    team_size_min = serializers.IntegerField(min_value=0, max_value=50)
    team_size_max = serializers.IntegerField(min_value=0, max_value=50)
    max_teams = serializers.IntegerField(min_value=0, max_value=100)
    places = serializers.IntegerField(min_value=0, max_value=1000, required=False)
    hours_per_week = serializers.IntegerField(min_value=0, max_value=60, required=False)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    apply_by = serializers.DateField()
    honorarium_cny = serializers.DecimalField(
        max_digits=10, decimal_places=2, required=False, allow_null=True
    )
    ip_terms = serializers.ChoiceField(IpTerms.choices)
    license_note = serializers.CharField(max_length=500, required=False, allow_blank=True)
    nda_required = serializers.BooleanField(required=False)


def _split_brief_input(
    data: dict[str, Any],
) -> tuple[dict[str, Any], list[tuple[str, int]], list[dict[str, Any]]]:
    required = [(s["concept_id"], s["level"]) for s in data.pop("skills", [])]
    milestones = [dict(m) for m in data.pop("milestones", [])]
    data.pop("enterprise", None)
    return data, required, milestones


class BriefListApi(APIView):
    @extend_schema(
        parameters=[
            OpenApiParameter("q", str),
            OpenApiParameter("skill", str),
            OpenApiParameter("region", str),
            OpenApiParameter("enterprise", str),
            OpenApiParameter("max_weeks", int),
            OpenApiParameter("paid", str, enum=["yes", "no"]),
            OpenApiParameter("status", str, enum=BriefStatus.values),
        ],
        responses=BriefOutput(many=True),
    )
    def get(self, request: Request) -> Response:
        params = request.query_params
        max_weeks = params.get("max_weeks", "")
        if max_weeks and small_int(max_weeks) is None:
            raise invalid("max_weeks", _whole_weeks())
        qs = selectors.brief_list(
            actor=request.user,
            q=params.get("q", "")[:100],
            skill=params.get("skill", "")[:255],
            region=params.get("region", "")[:6],
            enterprise=params.get("enterprise", "")[:36],
            max_weeks=small_int(max_weeks),
            paid=params.get("paid", ""),
            status=params.get("status", ""),
        )
        return paginated(request, self, qs, BriefOutput)

    @extend_schema(request=BriefInput, responses={201: BriefOutput})
    def post(self, request: Request) -> Response:
        can_create_brief(request.user)
        data = BriefInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        enterprise = _enterprise_for(request.user, values.get("enterprise"))
        fields, required, milestones = _split_brief_input(values)
        brief = services.brief_create(
            actor=request.user,
            enterprise=enterprise,
            data=fields,
            required_skills=required,
            milestones=milestones,
        )
        return Response(BriefOutput(brief).data, status=status.HTTP_201_CREATED)


def _enterprise_for(user: Any, pk: uuid.UUID | None) -> Organization:
    from talentbridge.community.selectors import memberships_of

    mine = [m.organization for m in memberships_of(user) if m.organization.kind == "enterprise"]
    if pk is not None:
        org = Organization.objects.filter(pk=pk, kind="enterprise").first()
        if org is None:
            raise invalid("enterprise", _not_found_text())
        return org
    if not mine:
        raise invalid("enterprise", _not_found_text())
    return mine[0]


def _not_found_text() -> Any:
    from django.utils.translation import gettext_lazy as _

    return _("Choose an enterprise you belong to.")


class BriefDetailApi(APIView):
    @extend_schema(responses=BriefOutput)
    def get(self, request: Request, pk: uuid.UUID) -> Response:
        return Response(BriefOutput(selectors.brief_get(actor=request.user, pk=pk)).data)

    @extend_schema(request=BriefInput(partial=True), responses=BriefOutput)
    def patch(self, request: Request, pk: uuid.UUID) -> Response:
        brief = selectors.brief_get(actor=request.user, pk=pk)
        access_brief(request.user, brief, Action.EDIT)
        data = BriefInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        has_skills = "skills" in values
        fields, required, _milestones = _split_brief_input(values)
        brief = services.brief_update(
            actor=request.user,
            brief=brief,
            data=fields,
            required_skills=required if has_skills else None,
        )
        return Response(BriefOutput(brief).data)


class BriefSubmitApi(APIView):
    permission_classes = (IsAuthenticated,)

    class InputSerializer(serializers.Serializer):
        college = serializers.UUIDField(required=False)
        community = serializers.UUIDField(required=False)

    @extend_schema(request=InputSerializer, responses=BriefOutput)
    def post(self, request: Request, pk: uuid.UUID) -> Response:
        brief = selectors.brief_get(actor=request.user, pk=pk)
        access_brief(request.user, brief, Action.EDIT)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        college = Organization.objects.filter(pk=data.validated_data.get("college")).first()
        community = Community.objects.filter(pk=data.validated_data.get("community")).first()
        brief = services.brief_submit(
            actor=request.user, brief=brief, college=college, community=community
        )
        return Response(BriefOutput(brief).data)


class BriefDecideApi(APIView):
    permission_classes = (IsAuthenticated,)

    class InputSerializer(serializers.Serializer):
        approve = serializers.BooleanField()
        note = serializers.CharField(max_length=1000, required=False, allow_blank=True)

    @extend_schema(request=InputSerializer, responses=BriefOutput)
    def post(self, request: Request, pk: uuid.UUID) -> Response:
        brief = selectors.brief_get(actor=request.user, pk=pk)
        access_brief(request.user, brief, Action.DECIDE)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        brief = services.brief_decide(
            actor=request.user,
            brief=brief,
            approve=data.validated_data["approve"],
            note=data.validated_data.get("note", ""),
        )
        return Response(BriefOutput(brief).data)


class BriefAdvanceApi(APIView):
    permission_classes = (IsAuthenticated,)

    class InputSerializer(serializers.Serializer):
        step = serializers.ChoiceField(["open", "start", "deliver", "close", "commercial_use"])
        note = serializers.CharField(max_length=1000, required=False, allow_blank=True)

    @extend_schema(request=InputSerializer, responses=BriefOutput)
    def post(self, request: Request, pk: uuid.UUID) -> Response:
        brief = selectors.brief_get(actor=request.user, pk=pk)
        access_brief(request.user, brief, Action.EDIT)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        step = data.validated_data["step"]
        if step == "commercial_use":
            brief = services.brief_mark_commercial_use(
                actor=request.user, brief=brief, note=data.validated_data.get("note", "")
            )
        else:
            brief = services.brief_advance(actor=request.user, brief=brief, step=step)
        return Response(BriefOutput(brief).data)


class OfferingOutput(serializers.Serializer):
    id = serializers.UUIDField()
    college_id = serializers.UUIDField()
    course_code = serializers.CharField()
    course_name_zh = serializers.CharField()
    course_name_en = serializers.CharField()
    class_name = serializers.CharField()
    semester = serializers.CharField()
    major_code = serializers.CharField()
    teacher_id = serializers.UUIDField()


class BriefAdoptApi(APIView):
    permission_classes = (IsAuthenticated,)

    class InputSerializer(serializers.Serializer):
        offering = serializers.UUIDField()
        assessment_weight = serializers.IntegerField()
        assessment_note = serializers.CharField(max_length=500, required=False, allow_blank=True)

    class OutputSerializer(serializers.Serializer):
        id = serializers.UUIDField()
        brief_id = serializers.UUIDField()
        offering = OfferingOutput()
        assessment_weight = serializers.IntegerField()
        assessment_note = serializers.CharField()

    @extend_schema(request=InputSerializer, responses={201: OutputSerializer})
    def post(self, request: Request, pk: uuid.UUID) -> Response:
        brief = selectors.brief_get(actor=request.user, pk=pk)
        access_brief(request.user, brief, Action.ADOPT)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        offering = selectors.offering_get(actor=request.user, pk=data.validated_data["offering"])
        adoption = services.brief_adopt(
            actor=request.user,
            brief=brief,
            offering=offering,
            weight=data.validated_data["assessment_weight"],
            note=data.validated_data.get("assessment_note", ""),
        )
        return Response(self.OutputSerializer(adoption).data, status=status.HTTP_201_CREATED)


class FitOutput(serializers.Serializer):
    score = serializers.FloatField()
    components = serializers.DictField(child=serializers.FloatField())
    reasons = serializers.ListField(child=serializers.CharField())


def _fit_data(fit: Any) -> dict[str, Any]:
    return {
        "score": fit.score,
        "components": {k: round(v, 3) for k, v in fit.components.items()},
        "reasons": [explain(c, p) for c, p in fit.reasons],
    }


class BriefMatchesApi(APIView):
    """Students for a brief, best fit first, each score explained."""

    permission_classes = (IsAuthenticated,)

    class OutputSerializer(serializers.Serializer):
        student_id = serializers.UUIDField()
        name = serializers.CharField()
        fit = FitOutput()

    @extend_schema(responses=OutputSerializer(many=True))
    def get(self, request: Request, pk: uuid.UUID) -> Response:
        brief = selectors.brief_get(actor=request.user, pk=pk)
        ranked = selectors.students_for_brief(actor=request.user, brief=brief)
        rows = [
            {"student_id": r.item.pk, "name": str(r.item), "fit": _fit_data(r.fit)} for r in ranked
        ]
        return paginated(request, self, rows, self.OutputSerializer)


class MyMatchesApi(APIView):
    """Open briefs for me, best fit first, each score explained."""

    permission_classes = (IsAuthenticated,)

    class OutputSerializer(serializers.Serializer):
        brief_id = serializers.UUIDField()
        title = serializers.CharField()
        fit = FitOutput()

    @extend_schema(responses=OutputSerializer(many=True), operation_id="briefs_my_matches")
    def get(self, request: Request) -> Response:
        ranked = selectors.briefs_for_student(actor=request.user, student=request.user)
        rows = [
            {"brief_id": r.item.pk, "title": r.item.title, "fit": _fit_data(r.fit)} for r in ranked
        ]
        return paginated(request, self, rows, self.OutputSerializer)


class ApplicationOutput(serializers.Serializer):
    id = serializers.UUIDField()
    brief_id = serializers.UUIDField()
    applicant_id = serializers.UUIDField()
    member_ids = serializers.SerializerMethodField()
    team_name = serializers.CharField()
    statement = serializers.CharField()
    portfolio_links = serializers.ListField(child=serializers.URLField())
    size = serializers.IntegerField()
    status = serializers.CharField()

    def get_member_ids(self, obj: Any) -> list[str]:
        return [str(m.pk) for m in obj.members.all()]


class BriefApplicationsApi(APIView):
    permission_classes = (IsAuthenticated,)

    class InputSerializer(serializers.Serializer):
        statement = serializers.CharField(max_length=2000)
        portfolio_links = serializers.ListField(
            child=serializers.URLField(), required=False, max_length=10
        )
        team_name = serializers.CharField(max_length=100, required=False, allow_blank=True)
        member_emails = serializers.ListField(
            child=serializers.EmailField(), required=False, max_length=20
        )

    @extend_schema(responses=ApplicationOutput(many=True))
    def get(self, request: Request, pk: uuid.UUID) -> Response:
        brief = selectors.brief_get(actor=request.user, pk=pk)
        applications = selectors.applications_for_brief(actor=request.user, brief=brief)
        return paginated(request, self, applications, ApplicationOutput)

    @extend_schema(request=InputSerializer, responses={201: ApplicationOutput})
    def post(self, request: Request, pk: uuid.UUID) -> Response:
        brief = selectors.brief_get(actor=request.user, pk=pk)
        access_brief(request.user, brief, Action.APPLY)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        emails = [e.lower() for e in data.validated_data.get("member_emails", [])]
        members = list(User.objects.filter(email__in=emails))
        if len(members) != len(set(emails)):
            raise invalid("member_emails", _unknown_email())
        application = services.application_submit(
            actor=request.user,
            brief=brief,
            statement=data.validated_data["statement"],
            portfolio_links=data.validated_data.get("portfolio_links", []),
            members=members,
            team_name=data.validated_data.get("team_name", ""),
        )
        return Response(ApplicationOutput(application).data, status=status.HTTP_201_CREATED)


def _whole_weeks() -> Any:
    from django.utils.translation import gettext_lazy as _

    return _("Enter the number of weeks as a whole number.")


def _unknown_email() -> Any:
    from django.utils.translation import gettext_lazy as _

    return _("Every member needs an account.")


class ApplicationDecideApi(APIView):
    permission_classes = (IsAuthenticated,)

    class InputSerializer(serializers.Serializer):
        accept = serializers.BooleanField()

    @extend_schema(request=InputSerializer, responses=ApplicationOutput)
    def post(self, request: Request, pk: uuid.UUID) -> Response:
        application = selectors.application_get(actor=request.user, pk=pk)
        access_application(request.user, application, Action.MANAGE_APPLICANTS)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        application = services.application_decide(
            actor=request.user, application=application, accept=data.validated_data["accept"]
        )
        return Response(ApplicationOutput(application).data)


class TeamOutput(serializers.Serializer):
    id = serializers.UUIDField()
    brief_id = serializers.UUIDField()
    offering_id = serializers.UUIDField(allow_null=True)
    name = serializers.CharField()
    member_ids = serializers.SerializerMethodField()

    def get_member_ids(self, obj: Any) -> list[str]:
        return [str(m.user_id) for m in obj.members.all()]


class BriefTeamsApi(APIView):
    permission_classes = (IsAuthenticated,)

    class InputSerializer(serializers.Serializer):
        name = serializers.CharField(max_length=100)
        member_ids = serializers.ListField(child=serializers.UUIDField(), max_length=50)
        offering = serializers.UUIDField(required=False)

    @extend_schema(responses=TeamOutput(many=True))
    def get(self, request: Request, pk: uuid.UUID) -> Response:
        brief = selectors.brief_get(actor=request.user, pk=pk)
        teams = selectors.teams_for_brief(actor=request.user, brief=brief)
        return paginated(request, self, teams, TeamOutput)

    @extend_schema(request=InputSerializer, responses={201: TeamOutput})
    def post(self, request: Request, pk: uuid.UUID) -> Response:
        brief = selectors.brief_get(actor=request.user, pk=pk)
        access_brief(request.user, brief, Action.MANAGE_APPLICANTS)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        ids = data.validated_data["member_ids"]
        members = list(User.objects.filter(pk__in=ids))
        if len(members) != len(set(ids)):
            raise invalid("member_ids", _unknown_email())
        offering_pk = data.validated_data.get("offering")
        offering = (
            selectors.offering_get(actor=request.user, pk=offering_pk) if offering_pk else None
        )
        team = services.team_form(
            actor=request.user,
            brief=brief,
            name=data.validated_data["name"],
            members=members,
            offering=offering,
        )
        return Response(TeamOutput(team).data, status=status.HTTP_201_CREATED)


class BriefMilestonesApi(APIView):
    @extend_schema(responses=MilestoneIO(many=True))
    def get(self, request: Request, pk: uuid.UUID) -> Response:
        brief = selectors.brief_get(actor=request.user, pk=pk)
        return paginated(request, self, brief.milestones.all(), MilestoneIO)


class RunOutput(serializers.Serializer):
    id = serializers.UUIDField()
    offering_id = serializers.UUIDField()
    status = serializers.CharField()
    optimal = serializers.BooleanField()
    objective = serializers.FloatField(allow_null=True)
    duration_ms = serializers.IntegerField()
    locks = serializers.ListField(child=serializers.DictField())
    assignments = serializers.ListField(child=serializers.DictField())
    unmet = serializers.ListField(child=serializers.DictField())
    applied_at = serializers.DateTimeField(allow_null=True)
    base_id = serializers.UUIDField(allow_null=True)
    moved = serializers.IntegerField(allow_null=True)


class OfferingRunsApi(APIView):
    permission_classes = (IsAuthenticated,)

    class InputSerializer(serializers.Serializer):
        locks = serializers.DictField(child=serializers.UUIDField(), required=False)
        base = serializers.UUIDField(
            required=False,
            help_text="An earlier run of this class to start from: only what changed is re-solved.",
        )

    @extend_schema(responses=RunOutput(many=True))
    def get(self, request: Request, pk: uuid.UUID) -> Response:
        offering = selectors.offering_get(actor=request.user, pk=pk)
        access_offering(request.user, offering, Action.MANAGE)
        return paginated(request, self, offering.allocation_runs.all(), RunOutput)

    @extend_schema(request=InputSerializer, responses={201: RunOutput})
    def post(self, request: Request, pk: uuid.UUID) -> Response:
        offering = selectors.offering_get(actor=request.user, pk=pk)
        access_offering(request.user, offering, Action.MANAGE)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        locks = {str(k): str(v) for k, v in data.validated_data.get("locks", {}).items()}
        base_id = data.validated_data.get("base")
        base = selectors.run_get(actor=request.user, pk=base_id) if base_id else None
        run = services.allocation_run(actor=request.user, offering=offering, locks=locks, base=base)
        return Response(RunOutput(run).data, status=status.HTTP_201_CREATED)


class RunApplyApi(APIView):
    permission_classes = (IsAuthenticated,)

    @extend_schema(request=None, responses=TeamOutput(many=True))
    def post(self, request: Request, pk: uuid.UUID) -> Response:
        run = selectors.run_get(actor=request.user, pk=pk)
        access_run(request.user, run, Action.MANAGE)
        teams = services.allocation_apply(actor=request.user, run=run)
        return Response(TeamOutput(teams, many=True).data)


class SubmissionOutput(serializers.Serializer):
    id = serializers.UUIDField()
    team_id = serializers.UUIDField()
    milestone_id = serializers.UUIDField()
    version = serializers.IntegerField()
    note = serializers.CharField()
    link = serializers.CharField()
    file_id = serializers.UUIDField(source="stored_id", allow_null=True)
    content_type = serializers.CharField(
        source="stored.content_type", allow_null=True, default=None
    )
    size = serializers.IntegerField(source="stored.size", allow_null=True, default=None)
    created_at = serializers.DateTimeField()


class TeamSubmissionsApi(APIView):
    permission_classes = (IsAuthenticated,)
    parser_classes = (MultiPartParser, FormParser, BoundedJSONParser)

    class InputSerializer(serializers.Serializer):
        milestone = serializers.UUIDField()
        note = serializers.CharField(max_length=2000, required=False, allow_blank=True)
        link = serializers.URLField(required=False, allow_blank=True)
        file = serializers.FileField(required=False)

    @extend_schema(responses=SubmissionOutput(many=True))
    def get(self, request: Request, pk: uuid.UUID) -> Response:
        team = selectors.team_get(actor=request.user, pk=pk)
        return paginated(request, self, team.submissions.select_related("stored"), SubmissionOutput)

    @extend_schema(
        request={"multipart/form-data": InputSerializer}, responses={201: SubmissionOutput}
    )
    def post(self, request: Request, pk: uuid.UUID) -> Response:
        team = selectors.team_get(actor=request.user, pk=pk)
        access_team(request.user, team, Action.SUBMIT_WORK)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        milestone = Milestone.objects.filter(pk=data.validated_data["milestone"]).first()
        if milestone is None:
            raise NotFoundError()
        submission = services.submission_create(
            actor=request.user,
            team=team,
            milestone=milestone,
            note=data.validated_data.get("note", ""),
            link=data.validated_data.get("link", ""),
            upload=data.validated_data.get("file"),
        )
        return Response(SubmissionOutput(submission).data, status=status.HTTP_201_CREATED)


class ReviewOutput(serializers.Serializer):
    id = serializers.UUIDField()
    team_id = serializers.UUIDField()
    reviewer_id = serializers.UUIDField()
    role = serializers.CharField()
    scores = serializers.DictField(child=serializers.IntegerField())
    overall = serializers.IntegerField()
    feedback = serializers.CharField()


class TeamReviewsApi(APIView):
    permission_classes = (IsAuthenticated,)

    class InputSerializer(serializers.Serializer):
        scores = serializers.DictField(child=serializers.IntegerField())
        overall = serializers.IntegerField()
        feedback = serializers.CharField(max_length=5000)

    @extend_schema(responses=ReviewOutput(many=True))
    def get(self, request: Request, pk: uuid.UUID) -> Response:
        team = selectors.team_get(actor=request.user, pk=pk)
        return paginated(request, self, team.reviews.all(), ReviewOutput)

    @extend_schema(request=InputSerializer, responses={201: ReviewOutput})
    def post(self, request: Request, pk: uuid.UUID) -> Response:
        team = selectors.team_get(actor=request.user, pk=pk)
        access_team(request.user, team, Action.REVIEW)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        review = services.review_submit(actor=request.user, team=team, **data.validated_data)
        return Response(ReviewOutput(review).data, status=status.HTTP_201_CREATED)


class TeamPeerReviewApi(APIView):
    permission_classes = (IsAuthenticated,)

    class InputSerializer(serializers.Serializer):
        shares = serializers.DictField(child=serializers.IntegerField())
        comment = serializers.CharField(max_length=2000, required=False, allow_blank=True)

    class OutputSerializer(serializers.Serializer):
        id = serializers.UUIDField()
        shares = serializers.DictField(child=serializers.IntegerField())

    @extend_schema(request=InputSerializer, responses={201: OutputSerializer})
    def post(self, request: Request, pk: uuid.UUID) -> Response:
        team = selectors.team_get(actor=request.user, pk=pk)
        access_team(request.user, team, Action.PEER_REVIEW)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        peer = services.peer_review_submit(
            actor=request.user,
            team=team,
            shares=data.validated_data["shares"],
            comment=data.validated_data.get("comment", ""),
        )
        return Response(self.OutputSerializer(peer).data, status=status.HTTP_201_CREATED)


class MyEvidenceApi(APIView):
    permission_classes = (IsAuthenticated,)

    class OutputSerializer(serializers.Serializer):
        id = serializers.UUIDField()
        concept_id = serializers.CharField()
        level = serializers.IntegerField()
        assessed_by_id = serializers.UUIDField()
        assessor_role = serializers.CharField()
        brief_id = serializers.UUIDField()
        team_id = serializers.UUIDField()
        artefact_id = serializers.UUIDField(allow_null=True)
        contribution_share = serializers.IntegerField(allow_null=True)
        created_at = serializers.DateTimeField()

    @extend_schema(responses=OutputSerializer(many=True))
    def get(self, request: Request) -> Response:
        items = selectors.evidence_of(actor=request.user, student=request.user)
        return paginated(request, self, items, self.OutputSerializer)


__all__ = ["ApplicationError"]
