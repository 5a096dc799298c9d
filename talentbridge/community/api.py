"""REST API for organizations, memberships, invitations, communities and applications.

Views are thin: parse input → call a service or selector → serialize output. The gatekeepers
in ``permissions.py`` decide; ``core.exceptions.api_exception_handler`` maps domain errors.
"""

from __future__ import annotations

import uuid

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from talentbridge.community import selectors, services
from talentbridge.community.models import (
    ApplicationStatus,
    CollegeLevel,
    Community,
    CommunityKind,
    CommunityMembership,
    Invitation,
    MembershipApplication,
    OrganizationKind,
    OrganizationMembership,
    OrgRole,
    Tier,
    VerificationStatus,
)
from talentbridge.community.permissions import (
    Action,
    access_application,
    access_membership,
    access_organization,
    access_seat,
    can_create_organization,
)
from talentbridge.core.api import paginated
from talentbridge.core.errors import invalid


class OrganizationOutput(serializers.Serializer):
    id = serializers.UUIDField()
    name_zh = serializers.CharField()
    name_en = serializers.CharField()
    name = serializers.CharField()
    kind = serializers.CharField()
    college_level = serializers.CharField()
    credit_code = serializers.CharField()
    school_code = serializers.CharField()
    region_code = serializers.CharField()
    website = serializers.CharField()
    description_zh = serializers.CharField()
    description_en = serializers.CharField()
    is_active = serializers.BooleanField()
    verification_status = serializers.ChoiceField(choices=VerificationStatus.choices)
    is_verified = serializers.BooleanField()


class OrganizationInput(serializers.Serializer):
    name_zh = serializers.CharField(max_length=200)
    name_en = serializers.CharField(max_length=200, required=False, allow_blank=True)
    kind = serializers.ChoiceField(choices=OrganizationKind.choices)
    college_level = serializers.ChoiceField(
        choices=CollegeLevel.choices, required=False, allow_blank=True
    )
    credit_code = serializers.CharField(max_length=18, required=False, allow_blank=True)
    school_code = serializers.CharField(max_length=10, required=False, allow_blank=True)
    region_code = serializers.CharField(max_length=6, required=False, allow_blank=True)
    website = serializers.URLField(max_length=200, required=False, allow_blank=True)
    description_zh = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    description_en = serializers.CharField(max_length=5000, required=False, allow_blank=True)


class OrganizationListApi(APIView):
    @extend_schema(
        parameters=[
            OpenApiParameter("q", str),
            OpenApiParameter("kind", str, enum=OrganizationKind.values),
            OpenApiParameter("region", str),
            OpenApiParameter("ordering", str, enum=list(selectors.ORG_ORDERINGS)),
        ],
        responses=OrganizationOutput(many=True),
    )
    def get(self, request: Request) -> Response:
        qs = selectors.organization_list(
            actor=request.user,
            q=request.query_params.get("q", "")[:100],
            kind=request.query_params.get("kind", ""),
            region=request.query_params.get("region", "")[:6],
            ordering=request.query_params.get("ordering", ""),
        )
        return paginated(request, self, qs, OrganizationOutput)

    @extend_schema(request=OrganizationInput, responses={201: OrganizationOutput})
    def post(self, request: Request) -> Response:
        can_create_organization(request.user)
        data = OrganizationInput(data=request.data)
        data.is_valid(raise_exception=True)
        org = services.organization_create(actor=request.user, data=dict(data.validated_data))
        return Response(OrganizationOutput(org).data, status=status.HTTP_201_CREATED)


class OrganizationDetailApi(APIView):
    @extend_schema(responses=OrganizationOutput)
    def get(self, request: Request, pk: uuid.UUID) -> Response:
        org = selectors.organization_get(actor=request.user, pk=pk)
        return Response(OrganizationOutput(org).data)

    @extend_schema(request=OrganizationInput(partial=True), responses=OrganizationOutput)
    def patch(self, request: Request, pk: uuid.UUID) -> Response:
        org = selectors.organization_get(actor=request.user, pk=pk)
        access_organization(request.user, org, Action.EDIT)
        data = OrganizationInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        values.pop("kind", None)
        org = services.organization_update(actor=request.user, organization=org, data=values)
        return Response(OrganizationOutput(org).data)


class VerificationOutput(serializers.Serializer):
    organization_id = serializers.UUIDField(source="pk")
    verification_status = serializers.ChoiceField(choices=VerificationStatus.choices)
    is_verified = serializers.BooleanField()
    verified_at = serializers.DateTimeField(allow_null=True)
    verification_note = serializers.CharField()
    evidence_submitted_at = serializers.DateTimeField(allow_null=True)
    evidence_content_type = serializers.CharField()
    evidence_sha256 = serializers.CharField()


class OrganizationVerificationApi(APIView):
    """The organization's verification: its admins see it and upload the business licence or
    institution certificate (multipart, field ``evidence``); a platform operator decides in the
    admin pages (ADR 0009)."""

    permission_classes = (IsAuthenticated,)
    parser_classes = (MultiPartParser, FormParser)

    @extend_schema(responses=VerificationOutput)
    def get(self, request: Request, pk: uuid.UUID) -> Response:
        org = selectors.organization_get(actor=request.user, pk=pk)
        access_organization(request.user, org, Action.VIEW_EVIDENCE)
        return Response(VerificationOutput(org).data)

    @extend_schema(
        request={
            "multipart/form-data": inline_serializer(
                "EvidenceUpload", {"evidence": serializers.FileField()}
            )
        },
        responses=VerificationOutput,
    )
    def post(self, request: Request, pk: uuid.UUID) -> Response:
        org = selectors.organization_get(actor=request.user, pk=pk)
        access_organization(request.user, org, Action.SUBMIT_EVIDENCE)
        upload = request.FILES.get("evidence")
        if upload is None:
            raise invalid("evidence", _("Choose a file to upload."))
        org = services.organization_submit_evidence(
            actor=request.user, organization=org, upload=upload
        )
        return Response(VerificationOutput(org).data)


class MembershipOutput(serializers.Serializer):
    id = serializers.UUIDField()
    user_id = serializers.UUIDField()
    email = serializers.EmailField(source="user.email")
    display_name = serializers.CharField(source="user.display_name")
    organization_id = serializers.UUIDField()
    role = serializers.CharField()
    title = serializers.CharField()


class OrganizationMembersApi(APIView):
    permission_classes = (IsAuthenticated,)

    @extend_schema(
        parameters=[OpenApiParameter("role", str, enum=OrgRole.values), OpenApiParameter("q", str)],
        responses=MembershipOutput(many=True),
    )
    def get(self, request: Request, pk: uuid.UUID) -> Response:
        org = selectors.organization_get(actor=request.user, pk=pk)
        qs = selectors.organization_members(
            actor=request.user,
            organization=org,
            role=request.query_params.get("role", ""),
            q=request.query_params.get("q", "")[:100],
        )
        return paginated(request, self, qs, MembershipOutput)


class MembershipDetailApi(APIView):
    permission_classes = (IsAuthenticated,)

    class InputSerializer(serializers.Serializer):
        role = serializers.ChoiceField(choices=OrgRole.choices)

    def _get(self, request: Request, pk: uuid.UUID) -> OrganizationMembership:
        membership = get_object_or_404(
            OrganizationMembership.objects.select_related("organization", "user"), pk=pk
        )
        return access_membership(request.user, membership, Action.VIEW)

    @extend_schema(request=InputSerializer, responses=MembershipOutput)
    def patch(self, request: Request, pk: uuid.UUID) -> Response:
        membership = self._get(request, pk)
        access_membership(request.user, membership, Action.MANAGE_MEMBERS)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        membership = services.membership_change_role(
            actor=request.user, membership=membership, role=data.validated_data["role"]
        )
        return Response(MembershipOutput(membership).data)

    @extend_schema(responses={204: None})
    def delete(self, request: Request, pk: uuid.UUID) -> Response:
        membership = self._get(request, pk)
        services.membership_remove(actor=request.user, membership=membership)
        return Response(status=status.HTTP_204_NO_CONTENT)


class InvitationOutput(serializers.Serializer):
    id = serializers.UUIDField()
    organization_id = serializers.UUIDField()
    email = serializers.EmailField()
    role = serializers.CharField()
    expires_at = serializers.DateTimeField()
    accepted_at = serializers.DateTimeField(allow_null=True)
    revoked_at = serializers.DateTimeField(allow_null=True)
    url = serializers.SerializerMethodField()

    def get_url(self, obj: Invitation) -> str:
        return services.invitation_url(obj)


class OrganizationInvitationsApi(APIView):
    permission_classes = (IsAuthenticated,)

    class InputSerializer(serializers.Serializer):
        email = serializers.EmailField(max_length=254)
        role = serializers.ChoiceField(choices=OrgRole.choices)

    @extend_schema(responses=InvitationOutput(many=True))
    def get(self, request: Request, pk: uuid.UUID) -> Response:
        org = selectors.organization_get(actor=request.user, pk=pk)
        return paginated(
            request,
            self,
            selectors.invitation_list(actor=request.user, organization=org),
            InvitationOutput,
        )

    @extend_schema(request=InputSerializer, responses={201: InvitationOutput})
    def post(self, request: Request, pk: uuid.UUID) -> Response:
        org = selectors.organization_get(actor=request.user, pk=pk)
        access_organization(request.user, org, Action.MANAGE_MEMBERS)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        invitation = services.invitation_create(
            actor=request.user, organization=org, **data.validated_data
        )
        return Response(InvitationOutput(invitation).data, status=status.HTTP_201_CREATED)


class InvitationRevokeApi(APIView):
    permission_classes = (IsAuthenticated,)

    @extend_schema(request=None, responses=InvitationOutput)
    def post(self, request: Request, pk: uuid.UUID) -> Response:
        invitation = get_object_or_404(Invitation, pk=pk)
        invitation = services.invitation_revoke(actor=request.user, invitation=invitation)
        return Response(InvitationOutput(invitation).data)


class InvitationAcceptApi(APIView):
    permission_classes = (IsAuthenticated,)

    class InputSerializer(serializers.Serializer):
        token = serializers.CharField(max_length=64)

    @extend_schema(request=InputSerializer, responses={201: MembershipOutput})
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        invitation = get_object_or_404(Invitation, token=data.validated_data["token"])
        membership = services.invitation_accept(actor=request.user, invitation=invitation)
        return Response(MembershipOutput(membership).data, status=status.HTTP_201_CREATED)


class CommunityOutput(serializers.Serializer):
    id = serializers.UUIDField()
    slug = serializers.SlugField()
    name_zh = serializers.CharField()
    name_en = serializers.CharField()
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=CommunityKind.choices)
    secretariat = OrganizationOutput()
    guiding_unit = OrganizationOutput(allow_null=True)
    region_code = serializers.CharField()
    founded_on = serializers.DateField(allow_null=True)
    description_zh = serializers.CharField()
    description_en = serializers.CharField()


class CommunityListApi(APIView):
    @extend_schema(
        parameters=[
            OpenApiParameter("q", str),
            OpenApiParameter("kind", str, enum=CommunityKind.values),
            OpenApiParameter("ordering", str, enum=list(selectors.COMMUNITY_ORDERINGS)),
        ],
        responses=CommunityOutput(many=True),
    )
    def get(self, request: Request) -> Response:
        qs = selectors.community_list(
            actor=request.user,
            q=request.query_params.get("q", "")[:100],
            kind=request.query_params.get("kind", ""),
            ordering=request.query_params.get("ordering", ""),
        )
        return paginated(request, self, qs, CommunityOutput)


class CommunityDetailApi(APIView):
    @extend_schema(responses=CommunityOutput)
    def get(self, request: Request, slug: str) -> Response:
        return Response(
            CommunityOutput(selectors.community_get(actor=request.user, slug=slug)).data
        )


class SeatOutput(serializers.Serializer):
    id = serializers.UUIDField()
    organization = OrganizationOutput()
    tier = serializers.ChoiceField(choices=Tier.choices)
    status = serializers.CharField()
    joined_on = serializers.DateField()
    left_on = serializers.DateField(allow_null=True)
    trusted = serializers.BooleanField(source="is_trusted")
    trusted_by_secretariat = serializers.SerializerMethodField()

    def get_trusted_by_secretariat(self, obj: CommunityMembership) -> bool:
        return obj.trusted_at is not None


class CommunityMembersApi(APIView):
    @extend_schema(
        parameters=[
            OpenApiParameter("tier", str, enum=Tier.values),
            OpenApiParameter("kind", str, enum=OrganizationKind.values),
            OpenApiParameter("region", str),
        ],
        responses=SeatOutput(many=True),
    )
    def get(self, request: Request, slug: str) -> Response:
        community = selectors.community_get(actor=request.user, slug=slug)
        seats = selectors.community_seats(
            actor=request.user,
            community=community,
            tier=request.query_params.get("tier", ""),
            kind=request.query_params.get("kind", ""),
            region=request.query_params.get("region", "")[:6],
        )
        return paginated(request, self, seats, SeatOutput)


class ApplicationOutput(serializers.Serializer):
    id = serializers.UUIDField()
    community = serializers.SlugField(source="community.slug")
    organization = OrganizationOutput()
    requested_tier = serializers.CharField()
    statement = serializers.CharField()
    status = serializers.ChoiceField(choices=ApplicationStatus.choices)
    decided_at = serializers.DateTimeField(allow_null=True)
    decision_reason = serializers.CharField()
    created_at = serializers.DateTimeField()


class CommunityApplicationsApi(APIView):
    permission_classes = (IsAuthenticated,)

    class InputSerializer(serializers.Serializer):
        organization = serializers.UUIDField()
        requested_tier = serializers.ChoiceField(choices=Tier.choices, default=Tier.MEMBER)
        statement = serializers.CharField(max_length=5000, required=False, allow_blank=True)

    @extend_schema(
        parameters=[OpenApiParameter("status", str, enum=ApplicationStatus.values)],
        responses=ApplicationOutput(many=True),
    )
    def get(self, request: Request, slug: str) -> Response:
        community = selectors.community_get(actor=request.user, slug=slug)
        qs = selectors.application_list(
            actor=request.user, community=community, status=request.query_params.get("status", "")
        )
        return paginated(request, self, qs, ApplicationOutput)

    @extend_schema(request=InputSerializer, responses={201: ApplicationOutput})
    def post(self, request: Request, slug: str) -> Response:
        community = selectors.community_get(actor=request.user, slug=slug)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        org = selectors.organization_get(actor=request.user, pk=data.validated_data["organization"])
        application = services.application_submit(
            actor=request.user,
            community=community,
            organization=org,
            requested_tier=data.validated_data["requested_tier"],
            statement=data.validated_data.get("statement", ""),
        )
        return Response(ApplicationOutput(application).data, status=status.HTTP_201_CREATED)


def _application(request: Request, pk: uuid.UUID, action: Action) -> MembershipApplication:
    application = get_object_or_404(
        MembershipApplication.objects.select_related("community", "organization"), pk=pk
    )
    return access_application(request.user, application, action)


class ApplicationDetailApi(APIView):
    permission_classes = (IsAuthenticated,)

    @extend_schema(responses=ApplicationOutput)
    def get(self, request: Request, pk: uuid.UUID) -> Response:
        return Response(ApplicationOutput(_application(request, pk, Action.VIEW)).data)


class ApplicationDecideApi(APIView):
    permission_classes = (IsAuthenticated,)

    class InputSerializer(serializers.Serializer):
        approve = serializers.BooleanField()
        reason = serializers.CharField(max_length=2000, required=False, allow_blank=True)
        tier = serializers.ChoiceField(choices=Tier.choices, required=False)

    @extend_schema(request=InputSerializer, responses=ApplicationOutput)
    def post(self, request: Request, pk: uuid.UUID) -> Response:
        application = _application(request, pk, Action.DECIDE)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        application = services.application_decide(
            actor=request.user,
            application=application,
            approve=data.validated_data["approve"],
            reason=data.validated_data.get("reason", ""),
            tier=data.validated_data.get("tier"),
        )
        return Response(ApplicationOutput(application).data)


class ApplicationWithdrawApi(APIView):
    permission_classes = (IsAuthenticated,)

    @extend_schema(request=None, responses=ApplicationOutput)
    def post(self, request: Request, pk: uuid.UUID) -> Response:
        application = _application(request, pk, Action.WITHDRAW)
        application = services.application_withdraw(actor=request.user, application=application)
        return Response(ApplicationOutput(application).data)


class SeatDetailApi(APIView):
    permission_classes = (IsAuthenticated,)

    class InputSerializer(serializers.Serializer):
        tier = serializers.ChoiceField(choices=Tier.choices)
        reason = serializers.CharField(max_length=2000, required=False, allow_blank=True)

    @extend_schema(request=InputSerializer, responses=SeatOutput)
    def patch(self, request: Request, pk: uuid.UUID) -> Response:
        seat = get_object_or_404(CommunityMembership.objects.select_related("community"), pk=pk)
        access_seat(request.user, seat, Action.MANAGE)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        seat = services.seat_change_tier(actor=request.user, seat=seat, **data.validated_data)
        return Response(SeatOutput(seat).data)


class SeatLeaveApi(APIView):
    permission_classes = (IsAuthenticated,)

    @extend_schema(
        request=inline_serializer("SeatLeave", {"reason": serializers.CharField(required=False)}),
        responses=SeatOutput,
    )
    def post(self, request: Request, pk: uuid.UUID) -> Response:
        seat = get_object_or_404(
            CommunityMembership.objects.select_related("community", "organization"), pk=pk
        )
        access_seat(request.user, seat, Action.WITHDRAW)
        reason = str(request.data.get("reason", ""))[:2000] if hasattr(request.data, "get") else ""
        seat = services.seat_leave(actor=request.user, seat=seat, reason=reason)
        return Response(SeatOutput(seat).data)


class SeatTrustApi(APIView):
    """The secretariat grants or withdraws community-level trust for a member unit."""

    permission_classes = (IsAuthenticated,)

    class InputSerializer(serializers.Serializer):
        trusted = serializers.BooleanField()

    @extend_schema(request=InputSerializer, responses=SeatOutput)
    def post(self, request: Request, pk: uuid.UUID) -> Response:
        seat = get_object_or_404(
            CommunityMembership.objects.select_related("community", "organization"), pk=pk
        )
        access_seat(request.user, seat, Action.TRUST)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        seat = services.seat_set_trust(
            actor=request.user, seat=seat, trusted=data.validated_data["trusted"]
        )
        return Response(SeatOutput(seat).data)


class AuditOutput(serializers.Serializer):
    id = serializers.IntegerField()
    occurred_at = serializers.DateTimeField()
    actor = serializers.CharField(source="actor.email", allow_null=True, default=None)
    action = serializers.CharField()
    object_type = serializers.CharField()
    object_id = serializers.CharField()
    object_repr = serializers.CharField()
    before = serializers.JSONField(allow_null=True)
    after = serializers.JSONField(allow_null=True)
    ip_address = serializers.IPAddressField(allow_null=True)


class OrganizationAuditApi(APIView):
    permission_classes = (IsAuthenticated,)

    @extend_schema(parameters=[OpenApiParameter("action", str)], responses=AuditOutput(many=True))
    def get(self, request: Request, pk: uuid.UUID) -> Response:
        org = selectors.organization_get(actor=request.user, pk=pk)
        qs = selectors.audit_for_organization(
            actor=request.user, organization=org, action=request.query_params.get("action", "")
        )
        return paginated(request, self, qs, AuditOutput)


class CommunityAuditApi(APIView):
    permission_classes = (IsAuthenticated,)

    @extend_schema(parameters=[OpenApiParameter("action", str)], responses=AuditOutput(many=True))
    def get(self, request: Request, slug: str) -> Response:
        community: Community = selectors.community_get(actor=request.user, slug=slug)
        qs = selectors.audit_for_community(
            actor=request.user, community=community, action=request.query_params.get("action", "")
        )
        return paginated(request, self, qs, AuditOutput)
