"""REST API under /api/v1/credentials/. Thin: gatekeeper → input serializer → service or
selector → output serializer."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    inline_serializer,
)
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from talentbridge.accounts.models import User
from talentbridge.community.models import Organization
from talentbridge.core.api import paginated
from talentbridge.core.errors import NotFoundError, invalid
from talentbridge.core.jsoninput import BoundedJSONParser
from talentbridge.credentials import selectors, skills
from talentbridge.credentials.models import (
    Candidate,
    CreditApplication,
    EvidenceRecord,
    RecognitionRule,
)
from talentbridge.credentials.permissions import (
    Action,
    access_college,
    access_evidence,
    access_issuer_organization,
)
from talentbridge.credentials.services import (
    credit,
    exams,
    issuing,
    ledger,
    portfolio,
    verification,
)
from talentbridge.credentials.vc.verify import UnreadableInput


def _user(pk: Any) -> User:
    found = User.objects.filter(pk=pk).first() if pk else None
    if found is None:
        raise NotFoundError()
    return found


class CredentialOutput(serializers.Serializer):
    id = serializers.UUIDField()
    credential_id = serializers.CharField()
    name = serializers.CharField(source="template.name_zh")
    name_en = serializers.CharField(source="template.name_en")
    issuer = serializers.CharField(source="issuer.name")
    issuer_did = serializers.CharField(source="issuer.did")
    valid_from = serializers.DateTimeField()
    valid_until = serializers.DateTimeField(allow_null=True)
    revoked = serializers.SerializerMethodField()
    suspended = serializers.BooleanField()

    def get_revoked(self, obj: Any) -> bool:
        return obj.revoked_at is not None


class CredentialListApi(APIView):
    """The holder's credentials (each with the ``id`` used by ``{id}/file/``)."""

    permission_classes = (IsAuthenticated,)

    @extend_schema(responses=CredentialOutput(many=True))
    def get(self, request: Request) -> Response:
        items = selectors.credentials_of(actor=request.user, holder=request.user)
        return paginated(request, self, items, CredentialOutput)


class CredentialDetailApi(APIView):
    permission_classes = (IsAuthenticated,)

    class OutputSerializer(CredentialOutput):
        document = serializers.JSONField()
        status_reason = serializers.CharField()

    @extend_schema(responses=OutputSerializer)
    def get(self, request: Request, pk: Any) -> Response:
        credential = selectors.credential_get(actor=request.user, pk=pk)
        return Response(self.OutputSerializer(credential).data)


class CredentialFileApi(APIView):
    """The credential exactly as issued: the VC-JWT (compact JWS), ``text/plain``."""

    permission_classes = (IsAuthenticated,)

    @extend_schema(responses={(200, "text/plain"): OpenApiResponse(description="VC-JWT")})
    def get(self, request: Request, pk: Any) -> HttpResponse:
        credential = selectors.credential_get(actor=request.user, pk=pk, action=Action.DOWNLOAD)
        response = HttpResponse(credential.token, content_type="text/plain; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="credential-{credential.pk}.jwt"'
        return response


class CredentialStatusApi(APIView):
    """Issuer admins revoke, suspend or reinstate (lift a suspension)."""

    permission_classes = (IsAuthenticated,)

    class InputSerializer(serializers.Serializer):
        action = serializers.ChoiceField(["revoke", "suspend", "reinstate"])
        reason = serializers.CharField(max_length=500)

    @extend_schema(request=InputSerializer, responses=CredentialOutput)
    def post(self, request: Request, pk: Any) -> Response:
        credential = selectors.credential_get(actor=request.user, pk=pk, action=Action.REVOKE)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        credential = issuing.credential_set_status(
            actor=request.user,
            credential=credential,
            action=data.validated_data["action"],
            reason=data.validated_data["reason"],
        )
        return Response(CredentialOutput(credential).data)


class CredentialShareApi(APIView):
    permission_classes = (IsAuthenticated,)

    class InputSerializer(serializers.Serializer):
        days = serializers.IntegerField(min_value=1, max_value=365)

    class OutputSerializer(serializers.Serializer):
        url = serializers.CharField()
        expires_at = serializers.DateTimeField()

    @extend_schema(request=InputSerializer, responses={201: OutputSerializer})
    def post(self, request: Request, pk: Any) -> Response:
        credential = selectors.credential_get(actor=request.user, pk=pk, action=Action.SHARE)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        link = portfolio.share_create(
            actor=request.user, credential=credential, days=data.validated_data["days"]
        )
        from django.urls import reverse

        url = issuing.site_url(reverse("credentials:share", kwargs={"token": link.token}))
        return Response({"url": url, "expires_at": link.expires_at}, status=status.HTTP_201_CREATED)


class VerifyOutput(serializers.Serializer):
    valid = serializers.BooleanField()
    revoked = serializers.BooleanField()
    expired = serializers.BooleanField()
    issuer = serializers.CharField()
    checks = inline_serializer(
        "VerifyCheck",
        {
            "name": serializers.CharField(),
            "ok": serializers.BooleanField(),
            "message": serializers.CharField(),
        },
        many=True,
    )


class VerifyApi(APIView):
    """Verify a credential: paste it (``credential``: the VC-JWT or the JSON wallet file) or
    upload it (``file``: .jwt, .json, baked PNG or SVG). Anyone may verify."""

    permission_classes = (AllowAny,)
    authentication_classes: list[Any] = []
    parser_classes = (BoundedJSONParser, MultiPartParser, FormParser)

    class InputSerializer(serializers.Serializer):
        credential = serializers.CharField(required=False, allow_blank=True, max_length=600_000)
        file = serializers.FileField(required=False)

    @extend_schema(request=InputSerializer, responses=VerifyOutput)
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        upload = data.validated_data.get("file")
        text = data.validated_data.get("credential", "")
        try:
            if upload is not None:
                if upload.size > verification.MAX_UPLOAD_BYTES:
                    raise UnreadableInput("too_large")
                outcome = verification.verify_bytes(upload.read())
            elif text.strip():
                outcome = verification.verify_text(text)
            else:
                raise invalid("credential", verification.unreadable_message("empty"))
        except UnreadableInput as exc:
            message = verification.unreadable_message(str(exc))
            raise invalid("file" if upload is not None else "credential", message) from exc
        return Response(verification.outcome_payload(outcome))


class EvidenceOutput(serializers.Serializer):
    id = serializers.UUIDField()
    skill_id = serializers.CharField()
    skill = serializers.SerializerMethodField()
    level = serializers.IntegerField()
    assessor_name = serializers.CharField()
    assessor_role = serializers.CharField()
    organization_name = serializers.CharField()
    source = serializers.CharField()  # type: ignore[assignment]
    context_title = serializers.CharField()
    artefact_url = serializers.CharField()
    occurred_on = serializers.DateField()
    weight = serializers.FloatField()
    supersedes = serializers.UUIDField(source="supersedes_id", allow_null=True)
    note = serializers.CharField()
    digest = serializers.CharField()

    def get_skill(self, obj: EvidenceRecord) -> str:
        return skills.label(obj.skill_id)


class EvidenceListApi(APIView):
    """A student's evidence ledger (``student``: their id; default yourself). College staff
    record a judgement by hand (POST)."""

    permission_classes = (IsAuthenticated,)

    class InputSerializer(serializers.Serializer):
        student = serializers.UUIDField()
        skill = serializers.CharField(max_length=255)
        level = serializers.IntegerField(min_value=1, max_value=4)
        assessor_role = serializers.ChoiceField(["teacher", "mentor", "judge", "peer"])
        organization = serializers.UUIDField(required=False, allow_null=True)
        context_title = serializers.CharField(max_length=300)
        artefact_url = serializers.CharField(max_length=500, required=False, allow_blank=True)
        occurred_on = serializers.DateField()
        weight = serializers.FloatField(required=False, min_value=0.1, max_value=10)

    @extend_schema(
        parameters=[OpenApiParameter("student", str)], responses=EvidenceOutput(many=True)
    )
    def get(self, request: Request) -> Response:
        student = (
            _user(request.query_params.get("student"))
            if request.query_params.get("student")
            else request.user
        )
        items = selectors.evidence_of(actor=request.user, student=student)
        return paginated(request, self, items, EvidenceOutput)

    @extend_schema(request=InputSerializer, responses={201: EvidenceOutput})
    def post(self, request: Request) -> Response:
        raw = request.data.get("student") if isinstance(request.data, dict) else None
        if not raw:
            raise invalid("student", _("Choose a student from the list."))
        student = _user(raw)
        access_evidence(request.user, student, Action.RECORD)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        record = ledger.evidence_record(
            actor=request.user,
            student=student,
            data={
                "skill": values["skill"],
                "level": values["level"],
                "assessor_role": values["assessor_role"],
                "organization_id": str(values["organization"])
                if values.get("organization")
                else None,
                "context_title": values["context_title"],
                "artefact_url": values.get("artefact_url", ""),
                "occurred_on": values["occurred_on"].isoformat(),
                "weight": values.get("weight", 1),
            },
        )
        return Response(EvidenceOutput(record).data, status=status.HTTP_201_CREATED)


class EvidenceCorrectApi(APIView):
    """A correction is a new record that supersedes this one (level 0 withdraws it)."""

    permission_classes = (IsAuthenticated,)

    class InputSerializer(serializers.Serializer):
        level = serializers.IntegerField(min_value=0, max_value=4)
        note = serializers.CharField(max_length=500)

    @extend_schema(request=InputSerializer, responses={201: EvidenceOutput})
    def post(self, request: Request, pk: Any) -> Response:
        record = EvidenceRecord.objects.select_related("student").filter(pk=pk).first()
        if record is None:
            raise NotFoundError()
        if record.assessor_id != request.user.pk:
            access_evidence(request.user, record.student, Action.RECORD)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        correction = ledger.evidence_correct(
            actor=request.user,
            record=record,
            level=data.validated_data["level"],
            note=data.validated_data["note"],
        )
        return Response(EvidenceOutput(correction).data, status=status.HTTP_201_CREATED)


class ProfileApi(APIView):
    """The competency profile: per skill the level, confidence, whether it is confirmed, and
    the records that count (and those that do not, with why)."""

    permission_classes = (IsAuthenticated,)

    @extend_schema(
        parameters=[OpenApiParameter("student", str)],
        responses=inline_serializer(
            "CompetencyProfile",
            {
                "skills": serializers.ListField(),
                "radar": serializers.DictField(),
                "rules": serializers.DictField(),
            },
        ),
    )
    def get(self, request: Request) -> Response:
        student = (
            _user(request.query_params.get("student"))
            if request.query_params.get("student")
            else request.user
        )
        profile = selectors.profile_of(actor=request.user, student=student)
        policy = profile.policy
        return Response(
            {
                "skills": [
                    {
                        "skill_id": line.skill_id,
                        "label": line.label,
                        "esco_uri": line.esco_uri,
                        "level": line.result.level,
                        "confidence": line.result.confidence,
                        "confirmed": line.result.confirmed,
                        "assessors": line.result.assessors,
                        "enterprise_assessors": line.result.enterprise_assessors,
                        "target": line.target,
                        "demand": line.demand,
                        "records": [
                            {
                                "id": c.judgement.id,
                                "level": c.judgement.level,
                                "role": c.judgement.assessor_role,
                                "decayed_weight": round(c.decayed_weight, 3),
                                "counted": c.counted,
                                "reason": c.reason,
                            }
                            for c in line.result.records
                        ],
                    }
                    for line in profile.lines
                ],
                "radar": profile.radar,
                "rules": {
                    "half_life_days": policy.half_life_days,
                    "min_assessors": policy.min_assessors,
                    "require_enterprise": policy.require_enterprise,
                    "peer_factor": policy.peer_factor,
                },
            }
        )


class TemplateOutput(serializers.Serializer):
    id = serializers.UUIDField()
    name_zh = serializers.CharField()
    name_en = serializers.CharField()
    issuer_organization = serializers.UUIDField(source="issuer_organization_id")
    achievement_type = serializers.CharField()
    rules = serializers.JSONField()
    skill_ids = serializers.JSONField()
    certificate_codes = serializers.JSONField()
    valid_days = serializers.IntegerField(allow_null=True)
    auto_issue = serializers.BooleanField()
    review_required = serializers.BooleanField()
    status = serializers.CharField()


class TemplateListApi(APIView):
    permission_classes = (IsAuthenticated,)

    class InputSerializer(serializers.Serializer):
        organization = serializers.UUIDField()
        name_zh = serializers.CharField(max_length=200)
        name_en = serializers.CharField(max_length=200, required=False, allow_blank=True)
        description_zh = serializers.CharField(max_length=2000, required=False, allow_blank=True)
        description_en = serializers.CharField(max_length=2000, required=False, allow_blank=True)
        criteria_zh = serializers.CharField(max_length=2000, required=False, allow_blank=True)
        criteria_en = serializers.CharField(max_length=2000, required=False, allow_blank=True)
        achievement_type = serializers.ChoiceField(
            ["Badge", "Certificate", "Competency", "Award"], required=False
        )
        rules = serializers.ListField(child=serializers.DictField(), max_length=20)
        certificate_codes = serializers.ListField(
            child=serializers.CharField(max_length=64), required=False
        )
        valid_days = serializers.IntegerField(
            min_value=1, max_value=36500, required=False, allow_null=True
        )
        auto_issue = serializers.BooleanField(required=False)
        review_required = serializers.BooleanField(required=False)

    @extend_schema(responses=TemplateOutput(many=True))
    def get(self, request: Request) -> Response:
        return paginated(request, self, selectors.template_list(actor=request.user), TemplateOutput)

    @extend_schema(request=InputSerializer, responses={201: TemplateOutput})
    def post(self, request: Request) -> Response:
        org_id = request.data.get("organization") if isinstance(request.data, dict) else None
        organization = Organization.objects.filter(pk=org_id).first() if org_id else None
        if organization is None:
            from talentbridge.credentials.adapters import organizations_acted_for

            mine = organizations_acted_for(request.user, roles=("admin",))
            if not mine and request.user.is_superuser:
                raise invalid("organization", _("Choose an organization from the list."))
            if not mine:
                raise NotFoundError()
            if len(mine) > 1:
                raise invalid("organization", _("You act for several organizations: choose one."))
            organization = mine[0]
        access_issuer_organization(request.user, organization, Action.MANAGE)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        template = issuing.template_create(
            actor=request.user, organization=organization, data=dict(data.validated_data)
        )
        return Response(TemplateOutput(template).data, status=status.HTTP_201_CREATED)


class TemplateIssueApi(APIView):
    permission_classes = (IsAuthenticated,)

    class InputSerializer(serializers.Serializer):
        holder = serializers.UUIDField()
        reason = serializers.CharField(max_length=500, required=False, allow_blank=True)

    @extend_schema(request=InputSerializer, responses={201: CredentialOutput})
    def post(self, request: Request, pk: Any) -> Response:
        from talentbridge.credentials.permissions import access_template

        template = access_template(
            request.user, selectors.template_get(actor=request.user, pk=pk), Action.ISSUE
        )
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        holder = _user(data.validated_data["holder"])
        reason = data.validated_data.get("reason", "")
        issued = issuing.credential_issue(
            actor=request.user,
            template=template,
            holder=holder,
            override_rules=bool(reason),
            reason=reason,
        )
        return Response(CredentialOutput(issued).data, status=status.HTTP_201_CREATED)


class CandidateDecideApi(APIView):
    permission_classes = (IsAuthenticated,)

    class InputSerializer(serializers.Serializer):
        approve = serializers.BooleanField()
        reason = serializers.CharField(max_length=500, required=False, allow_blank=True)

    @extend_schema(
        request=InputSerializer,
        responses=inline_serializer("CandidateOut", {"status": serializers.CharField()}),
    )
    def post(self, request: Request, pk: Any) -> Response:
        candidate = selectors.candidates_for(actor=request.user).filter(pk=pk).first()
        if candidate is None:
            raise NotFoundError()
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        done = issuing.candidate_decide(
            actor=request.user,
            candidate=candidate,
            approve=data.validated_data["approve"],
            reason=data.validated_data.get("reason", ""),
        )
        return Response({"status": done.status})


class RuleOutput(serializers.Serializer):
    id = serializers.UUIDField()
    name_zh = serializers.CharField()
    name_en = serializers.CharField()
    template = serializers.UUIDField(source="template_id", allow_null=True)
    certificate_code = serializers.CharField()
    outcome = serializers.CharField()
    credits = serializers.DecimalField(max_digits=4, decimal_places=1)
    course_name = serializers.CharField()


def _college(pk: Any) -> Organization:
    found = Organization.objects.filter(pk=pk, kind="college").first()
    if found is None:
        raise NotFoundError()
    return found


class RuleListApi(APIView):
    permission_classes = (IsAuthenticated,)

    class InputSerializer(serializers.Serializer):
        name_zh = serializers.CharField(max_length=200)
        name_en = serializers.CharField(max_length=200, required=False, allow_blank=True)
        template = serializers.UUIDField(required=False, allow_null=True)
        certificate_code = serializers.CharField(max_length=64, required=False, allow_blank=True)
        outcome = serializers.ChoiceField(RecognitionRule.Outcome.values)
        credits = serializers.DecimalField(max_digits=4, decimal_places=1, required=False)
        course_name = serializers.CharField(max_length=200, required=False, allow_blank=True)

    @extend_schema(responses=RuleOutput(many=True))
    def get(self, request: Request, pk: Any) -> Response:
        return paginated(
            request, self, selectors.rules_of(actor=request.user, college=_college(pk)), RuleOutput
        )

    @extend_schema(request=InputSerializer, responses={201: RuleOutput})
    def post(self, request: Request, pk: Any) -> Response:
        college = access_college(request.user, _college(pk), Action.MANAGE)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        rule = credit.rule_create(
            actor=request.user, college=college, data=dict(data.validated_data)
        )
        return Response(RuleOutput(rule).data, status=status.HTTP_201_CREATED)


class ApplicationOutput(serializers.Serializer):
    id = serializers.UUIDField()
    rule = serializers.CharField(source="rule.name_zh")
    credential = serializers.UUIDField(source="credential_id")
    status = serializers.CharField()
    reason = serializers.CharField()
    credits = serializers.DecimalField(source="rule.credits", max_digits=4, decimal_places=1)
    course_name = serializers.CharField(source="rule.course_name")


class ApplicationListApi(APIView):
    """Your credit-bank applications (students), or those you decide (``?to_decide=1``)."""

    permission_classes = (IsAuthenticated,)

    class InputSerializer(serializers.Serializer):
        rule = serializers.UUIDField()
        credential = serializers.UUIDField()

    @extend_schema(
        parameters=[OpenApiParameter("to_decide", bool)], responses=ApplicationOutput(many=True)
    )
    def get(self, request: Request) -> Response:
        if request.query_params.get("to_decide"):
            items = selectors.applications_to_decide(actor=request.user)
        else:
            items = selectors.applications_of(actor=request.user)
        return paginated(request, self, items, ApplicationOutput)

    @extend_schema(request=InputSerializer, responses={201: ApplicationOutput})
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        rule = (
            RecognitionRule.objects.select_related("college")
            .filter(pk=data.validated_data["rule"])
            .first()
        )
        if rule is None:
            raise invalid("rule", _("Choose a rule from the list."))
        credential = selectors.credential_get(
            actor=request.user, pk=data.validated_data["credential"], action=Action.APPLY
        )
        application = credit.application_submit(
            actor=request.user, rule=rule, credential=credential
        )
        return Response(ApplicationOutput(application).data, status=status.HTTP_201_CREATED)


class ApplicationDecideApi(APIView):
    permission_classes = (IsAuthenticated,)

    class InputSerializer(serializers.Serializer):
        approve = serializers.BooleanField()
        reason = serializers.CharField(max_length=500, required=False, allow_blank=True)

    @extend_schema(request=InputSerializer, responses=ApplicationOutput)
    def post(self, request: Request, pk: Any) -> Response:
        from talentbridge.credentials.permissions import access_credit_application

        application = CreditApplication.objects.select_related("rule").filter(pk=pk).first()
        if application is None:
            raise NotFoundError()
        access_credit_application(request.user, application, Action.DECIDE)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        done = credit.application_decide(
            actor=request.user,
            application=application,
            approve=data.validated_data["approve"],
            reason=data.validated_data.get("reason", ""),
        )
        return Response(ApplicationOutput(done).data)


class ExamImportApi(APIView):
    """Import a 1+X results sheet (XLSX) for a college: all rows or nothing."""

    permission_classes = (IsAuthenticated,)
    parser_classes = (MultiPartParser,)

    class InputSerializer(serializers.Serializer):
        file = serializers.FileField()

    @extend_schema(
        request={"multipart/form-data": InputSerializer},
        responses={
            201: inline_serializer(
                "ExamImportOut",
                {"rows": serializers.IntegerField(), "records": serializers.IntegerField()},
            )
        },
    )
    def post(self, request: Request, pk: Any) -> Response:
        college = access_college(request.user, _college(pk), Action.RECORD)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        upload = data.validated_data["file"]
        if upload.size > exams.MAX_BYTES:
            raise invalid("file", _("The file is larger than 5 MB."))
        run = exams.exam_import(
            actor=request.user, college=college, data=upload.read(), file_name=upload.name
        )
        return Response({"rows": run.rows, "records": run.records}, status=status.HTTP_201_CREATED)


__all__ = ["Candidate"]
