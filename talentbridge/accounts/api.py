"""API for the signed-in user and for API tokens."""

from __future__ import annotations

from django.contrib.auth import authenticate
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from talentbridge.accounts import services
from talentbridge.accounts.security import token_expires_at
from talentbridge.core.errors import ApplicationError


class UserOutput(serializers.Serializer):
    id = serializers.UUIDField()
    email = serializers.EmailField()
    display_name = serializers.CharField()
    mobile = serializers.CharField()
    preferred_language = serializers.CharField()
    is_superuser = serializers.BooleanField()


class MeApi(APIView):
    permission_classes = (IsAuthenticated,)

    class InputSerializer(serializers.Serializer):
        display_name = serializers.CharField(max_length=100, required=False, allow_blank=True)
        mobile = serializers.CharField(max_length=20, required=False, allow_blank=True)
        preferred_language = serializers.ChoiceField(
            choices=[("zh-hans", "简体中文"), ("en", "English")], required=False
        )

    @extend_schema(responses=UserOutput)
    def get(self, request: Request) -> Response:
        return Response(UserOutput(request.user).data)

    @extend_schema(request=InputSerializer, responses=UserOutput)
    def patch(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = services.user_update_profile(
            actor=request.user,
            user=request.user,
            data=dict(data.validated_data),
        )
        return Response(UserOutput(user).data)


class LoginThrottle(AnonRateThrottle):
    scope = "login"


class TokenApi(APIView):
    """Exchange e-mail and password for an API token (send it as ``Authorization: Token …``).
    The token expires after ``API_TOKEN_TTL_DAYS`` (then ask again) and can be revoked from the
    account page. Failed attempts count towards the lock-out of the normalized account."""

    authentication_classes = ()
    throttle_classes = (LoginThrottle,)

    class InputSerializer(serializers.Serializer):
        email = serializers.EmailField(max_length=254)
        password = serializers.CharField(max_length=128, trim_whitespace=False)

    class OutputSerializer(serializers.Serializer):
        token = serializers.CharField()
        expires_at = serializers.DateTimeField()

    @extend_schema(request=InputSerializer, responses=OutputSerializer, auth=[])
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = authenticate(
            request._request,
            username=data.validated_data["email"],
            password=data.validated_data["password"],
        )
        if user is None:
            if getattr(request._request, "axes_locked_out", False):
                raise ApplicationError(
                    "locked", _("Too many failed sign-in attempts. Try again later.")
                )
            raise ApplicationError(
                "invalid",
                _("E-mail or password is wrong."),
                fields={"password": [_("E-mail or password is wrong.")]},
            )
        token = services.token_issue(user=user)
        return Response(
            self.OutputSerializer({"token": token.key, "expires_at": token_expires_at(token)}).data
        )
